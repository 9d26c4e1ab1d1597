"""A model's state as an Orbax checkpoint, in the layout Keras 3.15.1 writes.

A checkpoint root holds one folder per step ("0", "1", ...), each an Orbax checkpoint
with two checkpointables: "pytree", the state as nested dicts of arrays

    {"trainable_variables": {<variable path, one key per "/" part>: array},
     "non_trainable_variables": {... likewise, when there are any},
     "optimizer_variables": {<optimizer name>: {<variable name>: array}},
     "metrics_variables": {<metric name>: {<variable name>: array}}}

and "model_config", `{"config": model.to_json()}` (left out with weights only). The
arrays are written and read through orbax-checkpoint's v1 API, as NumPy arrays.
"""

import json
import os
import shutil

import numpy as np

from keras.backends import active


def _orbax():
    import orbax.checkpoint.experimental.v1 as ocp

    return ocp


def _numpy(variable):
    return np.asarray(active.convert_to_numpy(variable))


def _nest(tree, path, value):
    *parents, leaf = path.split("/")
    for part in parents:
        tree = tree.setdefault(part, {})
    tree[leaf] = value


def _leaf(tree, path):
    for part in path.split("/"):
        if not isinstance(tree, dict) or part not in tree:
            return None
        tree = tree[part]
    return tree


def _groups(model):
    """(group name, [(path in the group, variable)]) of the state that is saved."""
    groups = [
        ("trainable_variables", [(v.path, v) for v in model.trainable_variables]),
        ("non_trainable_variables", [(v.path, v) for v in model.non_trainable_variables]),
    ]
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        groups.append(
            ("optimizer_variables", [(f"{optimizer.name}/{v.name}", v) for v in optimizer.variables])
        )
    metrics = [
        (f"{metric.name}/{v.name}", v)
        for metric in getattr(model, "metrics", [])
        for v in metric.variables
    ]
    groups.append(("metrics_variables", metrics))
    return [(name, entries) for name, entries in groups if entries]


def state_tree(model):
    """The "pytree" checkpointable of `model`."""
    tree = {}
    for group, entries in _groups(model):
        nested = tree.setdefault(group, {})
        for path, variable in entries:
            _nest(nested, path, _numpy(variable))
    return tree


def save(directory, step, model, weights_only=False):
    """Writes `model`'s state as step `step` of the checkpoint root `directory`."""
    checkpointables = {"pytree": state_tree(model)}
    if not weights_only:
        checkpointables["model_config"] = {"config": model.to_json()}
    _orbax().save_checkpointables(
        os.path.join(os.fspath(directory), str(int(step))), checkpointables, overwrite=True
    )


def steps(directory):
    """The steps saved in the checkpoint root `directory`, in increasing order."""
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        return []
    found = []
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if name.isdigit() and os.path.exists(os.path.join(path, "_CHECKPOINT_METADATA")):
            found.append(int(name))
    return sorted(found)


def is_root(path):
    """Whether `path` is a folder holding Orbax checkpoint steps."""
    return bool(steps(path))


def keep_latest(directory, count):
    """Deletes all but the `count` latest steps (None: keeps all)."""
    if count is None:
        return
    for step in steps(directory)[: -count or None]:
        shutil.rmtree(os.path.join(os.fspath(directory), str(step)))


def _latest(directory):
    found = steps(directory)
    if not found:
        raise ValueError(f"'{os.fspath(directory)}' holds no Orbax checkpoint step.")
    return os.path.join(os.fspath(directory), str(found[-1]))


def read(directory):
    """(model config dict or None, state tree) of the latest step of `directory`."""
    loaded = _orbax().load_checkpointables(_latest(directory))
    config = loaded.get("model_config")
    text = config.get("config") if isinstance(config, dict) else None
    return (json.loads(text) if text else None), loaded["pytree"]


def restore(model, tree, where):
    """Assigns `tree`'s arrays to `model`'s variables (built optimizer included).

    Every trainable and non-trainable variable must be found with its shape; the
    optimizer and metric state is restored where present. Nothing is assigned when a
    variable is missing or mismatched (a ValueError names it).
    """
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and not optimizer.built and "optimizer_variables" in tree:
        optimizer.build(model.trainable_variables)
    assignments = []
    for group, entries in _groups(model):
        source = tree.get(group, {})
        if group == "optimizer_variables" and optimizer.name not in source and len(source) == 1:
            # One optimizer, saved under another name (names are made unique per
            # process: "adam", "adam_1"...).
            source = {optimizer.name: next(iter(source.values()))}
        for path, variable in entries:
            value = _leaf(source, path)
            if value is None:
                if group.endswith("trainable_variables"):
                    raise ValueError(
                        f"{where}: no value for the variable '{path}' in "
                        f"'{group}' of the checkpoint."
                    )
                continue
            value = np.asarray(value)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"{where}: the variable '{path}' has shape {tuple(variable.shape)} "
                    f"but the checkpoint holds shape {tuple(value.shape)}."
                )
            assignments.append((variable, value))
    for variable, value in assignments:
        variable.assign(value)
