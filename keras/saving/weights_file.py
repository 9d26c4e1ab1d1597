"""Weights files (`model.save_weights("x.weights.h5")`), in the Keras 3 layout.

The file is HDF5. Every saveable object of the model (see `saveable_paths`) has a
group `<path>/vars` whose attribute `name` is the object's name and whose datasets
"0", "1", ... hold its own variables in order (trainable first, then non-trainable):

    vars                          attrs: name="my_model"  (the model's own variables)
    layers/input_layer/vars       attrs: name="input_layer"  (empty: no state)
    layers/dense/vars/0           the kernel, shape (4, 8)
    layers/dense/vars/1           the bias, shape (8,)
    layers/sequential/vars        a nested model ...
    layers/sequential/layers/dense/vars/0   ... and its layers
    encoder/vars/0                a layer held in attribute `encoder` (subclassed model)
    optimizer/vars/0, 1, ...      the optimizer's variables, when the model has one

bfloat16 values are stored as 2-byte opaque data with a `dtype="bfloat16"` attribute.
The file has no other metadata. Loading reads arrays only: nothing in a file is
executed.
"""

import io
import os
import uuid
import warnings
import zipfile

import h5py
import numpy as np

from keras.backends import active
from keras.backends.common import stateless_scope
from keras.backends.common import variables as variables_lib
from keras.saving import saveable_paths

_SUFFIX = ".weights.h5"
_ARCHIVE_MEMBER = "model.weights.h5"


def save_weights(model, filepath, overwrite=True, max_shard_size=None, **kwargs):
    """Saves all the model's state to an HDF5 file ending in ".weights.h5".

    The file is written next to its destination under a temporary name and then moved
    into place, so an interrupted save never damages an existing file.

    Args:
        model: a built model (or layer).
        filepath: str or path-like ending in ".weights.h5".
        overwrite: whether to replace an existing file (if False, an existing file is
            an error).
        max_shard_size: not supported (sharded files are not written).
        objects_to_skip: optional keyword: objects whose state is left out.

    Example:

    >>> model.save_weights("model.weights.h5")
    """
    objects_to_skip = _pop_objects_to_skip(kwargs)
    filepath = os.fspath(filepath)
    if not str(filepath).endswith(_SUFFIX):
        raise ValueError(
            f"The filename must end in `{_SUFFIX}`. Received: filepath={filepath}"
        )
    if max_shard_size is not None:
        raise NotImplementedError(
            "save_weights: sharded weights (`max_shard_size`) are not supported; "
            f"received max_shard_size={max_shard_size!r}."
        )
    _check_built(model, "saving")
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(
            f"save_weights: '{filepath}' already exists and overwrite=False."
        )

    def write(temporary):
        with h5py.File(temporary, "w-") as f:
            write_state(f, model, objects_to_skip=objects_to_skip)

    atomic_write(filepath, write)


def atomic_write(filepath, write):
    """Calls `write(temporary_path)` for a file beside `filepath`, syncs it to disk and
    renames it to `filepath`; on any failure (even KeyboardInterrupt) the temporary file
    is removed and an existing `filepath` is left as it was."""
    folder, base = os.path.split(os.path.abspath(filepath))
    temporary = os.path.join(folder, f".{base}.{uuid.uuid4().hex}.tmp")
    try:
        write(temporary)
        with open(temporary, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temporary, filepath)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads the state saved by `save_weights` (or a `.keras` archive's weights).

    Loading is by object path, so the model must have the architecture of the saved
    one. The file is checked before anything is assigned: with a shape mismatch, a
    missing group or a wrong variable count the model is left unchanged and a
    ValueError names the object's path (and both shapes).

    Args:
        model: a built model (or layer).
        filepath: a ".weights.h5" file, or a ".keras" archive.
        skip_mismatch: warn and skip the objects that do not match instead of raising.
        objects_to_skip: optional keyword: objects left unchanged.
    """
    objects_to_skip = _pop_objects_to_skip(kwargs)
    filepath = os.fspath(filepath)
    text = str(filepath)
    _check_built(model, "loading weights into")
    if text.endswith(".keras"):
        with zipfile.ZipFile(filepath) as archive:
            if _ARCHIVE_MEMBER not in archive.namelist():
                raise ValueError(f"'{text}' holds no {_ARCHIVE_MEMBER}.")
            data = io.BytesIO(archive.read(_ARCHIVE_MEMBER))
        source = data
    elif text.endswith(_SUFFIX):
        if not os.path.isfile(filepath):
            raise FileNotFoundError(f"load_weights: no such file: '{text}'.")
        source = filepath
    elif text.endswith((".h5", ".hdf5")):
        raise ValueError(
            f"load_weights: '{text}' names a legacy Keras 2 HDF5 weights file, which "
            f"this keras does not read; use a '{_SUFFIX}' file."
        )
    else:
        raise ValueError(
            f"File format not supported: filepath={text}. Expected a "
            f"'{_SUFFIX}' file or a '.keras' archive."
        )
    try:
        f = h5py.File(source, "r")
    except OSError as error:
        raise ValueError(
            f"load_weights: '{text}' is not a readable HDF5 weights file (not HDF5, "
            f"truncated or corrupted): {error}"
        ) from error
    with f:
        if "vars" not in f and ("layer_names" in f.attrs or "model_weights" in f):
            raise ValueError(
                f"load_weights: '{text}' is in the legacy Keras 2 HDF5 layout, which "
                "this keras does not read."
            )
        read_state(
            f, model, skip_mismatch=skip_mismatch, objects_to_skip=objects_to_skip
        )


def write_state(h5_group, model, objects_to_skip=()):
    """Writes the state of `model` into an open HDF5 file or group (Keras 3 layout).

    Used by `save_weights` and by the `.keras` archive writer (`model.weights.h5`).
    """
    for path, obj in saveable_paths.saveables(model, objects_to_skip):
        group = _make_group(h5_group, path, obj)
        own = saveable_paths.own_variables(obj)
        hook = None
        if not saveable_paths.is_optimizer(obj):
            hook = getattr(obj, "save_own_variables", None)
        # An unbuilt layer has nothing to save (and its hook may not expect a call).
        if hook is not None and (own or getattr(obj, "built", True)):
            hook(_WriteStore(group))
        else:
            for index, variable in enumerate(own):
                _write_array(group, str(index), variable)


def read_state(h5_group, model, skip_mismatch=False, objects_to_skip=()):
    """Assigns the state stored in an open HDF5 file or group to `model`.

    Every object's arrays are read and checked first; only then is anything assigned.
    """
    plans, failures = [], []
    for path, obj in saveable_paths.saveables(model, objects_to_skip):
        try:
            plan = _plan_load(h5_group, path, obj)
        except Exception as error:  # noqa: BLE001 - reported with the object's path
            failures.append((path, obj, error))
            continue
        if plan is not None:
            plans.append(plan)
    if failures and not skip_mismatch:
        raise ValueError(_failure_message(failures))
    for path, obj, error in failures:
        warnings.warn(
            f"load_weights: skipping {_describe(path, obj)}: {_reason(error)}",
            stacklevel=3,
        )
    for plan in plans:
        plan()


def save_optimizer_variables(h5_group, optimizer, path="optimizer"):
    """Writes `optimizer.variables` to `<path>/vars/<i>` of an open HDF5 group."""
    group = _make_group(h5_group, path, optimizer)
    for index, variable in enumerate(optimizer.variables):
        _write_array(group, str(index), variable)


def load_optimizer_variables(h5_group, optimizer, path="optimizer"):
    """Assigns `<path>/vars/<i>` of an open HDF5 group to `optimizer.variables`.

    As in Keras 3, a different variable count (e.g. an optimizer not built yet) is a
    warning and nothing is loaded. Returns whether the variables were assigned.
    """
    plan = _plan_load(h5_group, path, optimizer)
    if plan is None:
        return False
    plan()
    return True


class _WriteStore:
    """The `store` given to a layer's `save_own_variables` hook: key -> array."""

    def __init__(self, group):
        self._group = group

    def __setitem__(self, key, value):
        _write_array(self._group, str(key), value)

    def __getitem__(self, key):
        return _read_array(self._group[key], f"{self._group.name}/{key}")

    def __contains__(self, key):
        return key in self._group

    def __len__(self):
        return len(self._group)

    def keys(self):
        return list(self._group.keys())


def _make_group(h5_group, path, obj):
    group = h5_group.create_group(saveable_paths.vars_path(path))
    name = getattr(obj, "name", None)
    if isinstance(name, str):
        group.attrs["name"] = name
    return group


def _to_numpy(value):
    if isinstance(value, variables_lib.Variable):
        return np.asarray(value.numpy())
    if active.is_tensor(value):
        return np.asarray(active.convert_to_numpy(value))
    return np.asarray(value)


def _write_array(group, key, value):
    array = _to_numpy(value)
    dataset = group.create_dataset(key, data=array)
    if array.dtype.name == "bfloat16":
        dataset.attrs["dtype"] = "bfloat16"


def _read_array(dataset, where):
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"'{where}' holds a group where an array was expected.")
    array = np.asarray(dataset[()])
    if dataset.attrs.get("dtype") == "bfloat16":
        import ml_dtypes

        return array.view(ml_dtypes.bfloat16)
    if array.dtype.kind not in "biuf":
        raise ValueError(
            f"'{dataset.name}' holds {array.dtype} data; weights must be numeric."
        )
    return array


def _read_group(h5_group, path):
    """The arrays of `<path>/vars` as {"0": array, ...}, or None when it is absent."""
    group = h5_group.get(saveable_paths.vars_path(path))
    if group is None:
        return None
    if not isinstance(group, h5py.Group):
        raise ValueError(f"'{saveable_paths.vars_path(path)}' is not a group.")
    return {key: _read_array(group[key], f"{group.name}/{key}") for key in group}


def _plan_load(h5_group, path, obj):
    """Reads and checks one object's arrays; returns a callable that assigns them (or
    None when there is nothing to assign)."""
    stored = _read_group(h5_group, path)
    own = saveable_paths.own_variables(obj)
    where = saveable_paths.vars_path(path)
    if saveable_paths.is_optimizer(obj):
        count = len(stored or {})
        if count != len(own):
            warnings.warn(
                f"Skipping variable loading for optimizer '{obj.name}', because it has "
                f"{len(own)} variables whereas the saved optimizer has {count} "
                "variables.",
                stacklevel=3,
            )
            return None
        if not own:
            return None
        _check_arrays(own, stored, where)
        return lambda: _assign([(v, stored[str(i)]) for i, v in enumerate(own)])
    if not own:
        if stored:
            unbuilt = "" if getattr(obj, "built", True) else " (it was never built)"
            raise ValueError(
                f"it has no variables{unbuilt}, but '{where}' holds {len(stored)} "
                "arrays. Build the model (all its layers) before loading."
            )
        return None
    if stored is None:
        raise ValueError(
            f"the file has no group '{where}' for its {len(own)} variables."
        )
    hook = getattr(obj, "load_own_variables", None)
    if hook is None:
        _check_arrays(own, stored, where)
        return lambda: _assign([(v, stored[str(i)]) for i, v in enumerate(own)])
    # A layer's own loading hook runs now inside a StatelessScope, which records its
    # assignments instead of making them: errors surface before anything changes.
    with stateless_scope.StatelessScope() as scope:
        hook(dict(stored))
    candidates = own + [v for v in obj.variables if all(v is not o for o in own)]
    updates = [(v, scope.get_current_value(v)) for v in candidates]
    return lambda: _assign([(v, value) for v, value in updates if value is not None])


def _assign(pairs):
    for variable, value in pairs:
        variable.assign(value)


def _check_arrays(own, stored, where):
    keys = sorted(stored, key=_numeric_key)
    if keys != [str(i) for i in range(len(own))]:
        raise ValueError(
            f"it has {len(own)} variables ({[v.path for v in own]}), but '{where}' "
            f"holds {len(keys)} arrays ({keys})."
        )
    for index, variable in enumerate(own):
        shape = tuple(stored[str(index)].shape)
        if shape != tuple(variable.shape):
            raise ValueError(
                f"variable '{variable.path}' has shape {tuple(variable.shape)}, but "
                f"'{where}/{index}' in the file has shape {shape}."
            )


def _numeric_key(key):
    return (0, int(key)) if key.isdigit() else (1, key)


def _describe(path, obj):
    kind = type(obj).__name__
    name = getattr(obj, "name", "?")
    return f"{kind} '{name}' at '{saveable_paths.vars_path(path)}'"


def _failure_message(failures):
    lines = [f"{_describe(p, o)}: {_reason(e)}" for p, o, e in failures]
    return (
        f"load_weights: {len(failures)} object(s) could not be loaded (pass "
        "skip_mismatch=True to skip them):\n  " + "\n  ".join(lines)
    )


def _reason(error):
    if isinstance(error, ValueError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _check_built(model, action):
    if not getattr(model, "built", True):
        raise ValueError(
            f"You are {action} a model that has not yet been built ('{model.name}'). "
            "Build it first by calling it on some data or with `build(input_shape)`."
        )


def _pop_objects_to_skip(kwargs):
    objects_to_skip = kwargs.pop("objects_to_skip", None) or ()
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {sorted(kwargs)}.")
    return objects_to_skip
