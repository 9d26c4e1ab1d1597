"""Whole models in the legacy HDF5 format (`model.save("m.h5")`, `load_model("m.h5")`),
as Keras 3's legacy writer lays them out, and legacy `.h5` weight files.

The file's root attributes hold `backend`, `keras_version`, `model_config` (the
model's config as JSON, its layer entries without "module" keys) and, for a compiled
model, `training_config` (compile arguments with the optimizer as
`optimizer_config`). The group `model_weights` lists `layer_names` (every layer, in
order); each layer's group lists `weight_names` (the variables' paths) and holds each
variable at `<layer>/<weight name>`. `optimizer_weights` holds the optimizer's
variables the same way. A weights-only file (Keras 2's `save_weights("w.h5")`) has the
layer groups at its root.
"""

import json
import os
import warnings

import numpy as np

from keras.backends import active
from keras.saving import serialization_lib
from keras.version import __version__

_STRIPPED = ("module", "registered_name")


def _h5py():
    import h5py

    return h5py


def _legacy_config(config):
    """The model config without the "module"/"registered_name" keys of the model and
    of its layer entries (nested models included), as Keras 3 writes legacy files."""
    if not isinstance(config, dict):
        return config
    config = {k: v for k, v in config.items() if k not in _STRIPPED}
    inner = config.get("config")
    if isinstance(inner, dict) and isinstance(inner.get("layers"), list):
        inner = dict(inner)
        inner["layers"] = [_legacy_config(layer) for layer in inner["layers"]]
        config["config"] = inner
    return config


# Where the classes a legacy config names without "module" live.
_MODEL_MODULES = {"Functional": "keras.src.models.functional", "Sequential": "keras", "Model": "keras"}


def _with_modules(config, layer=False):
    """The inverse of `_legacy_config`: "module" keys put back on the model and its
    layer entries (built-in classes; others resolve through custom objects)."""
    if not isinstance(config, dict) or "module" in config:
        return config
    config = dict(config)
    name = config.get("class_name")
    module = _MODEL_MODULES.get(name) or ("keras.layers" if layer else None)
    if module is not None:
        config["module"] = module
    inner = config.get("config")
    if isinstance(inner, dict) and isinstance(inner.get("layers"), list):
        inner = dict(inner)
        inner["layers"] = [_with_modules(entry, layer=True) for entry in inner["layers"]]
        config["config"] = inner
    return config


def _numpy(variable):
    return np.asarray(active.convert_to_numpy(variable))


def _strings(values):
    return np.array([v.encode("utf8") for v in values], dtype=object) if values else np.array([])


def _decoded(values):
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in np.asarray(values).tolist()]


def _write_group(group, owner, variables):
    names = [v.path for v in variables]
    group.attrs["weight_names"] = _strings(names)
    for name, variable in zip(names, variables):
        group.create_dataset(name, data=_numpy(variable))


def save_model(model, filepath, overwrite=True):
    """Writes `model` to the legacy HDF5 file `filepath`."""
    filepath = os.fspath(filepath)
    if os.path.exists(filepath) and not overwrite:
        raise FileExistsError(f"save_model: '{filepath}' exists and overwrite=False.")
    warnings.warn(
        "You are saving your model as an HDF5 file via `model.save()`. This file "
        "format is considered legacy. We recommend using instead the native Keras "
        "format, e.g. `model.save('my_model.keras')`.",
        stacklevel=3,
    )
    config = _legacy_config(serialization_lib.serialize_keras_object(model))
    config.pop("compile_config", None)
    config.pop("build_config", None)
    h5py = _h5py()
    with h5py.File(filepath, "w") as f:
        f.attrs["backend"] = active.name
        f.attrs["keras_version"] = __version__
        f.attrs["model_config"] = json.dumps(config)
        compile_config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
        if compile_config:
            training = {k: v for k, v in compile_config.items() if k != "optimizer"}
            # The optimizer object, even when compile() was given its name.
            optimizer = serialization_lib.serialize_keras_object(model.optimizer)
            training["optimizer_config"] = {
                k: v for k, v in optimizer.items() if k not in _STRIPPED
            }
            f.attrs["training_config"] = json.dumps(training)
        weights = f.create_group("model_weights")
        weights.attrs["backend"] = active.name
        weights.attrs["keras_version"] = __version__
        layers = ordered_layers(model)
        weights.attrs["layer_names"] = _strings([layer.name for layer in layers])
        for layer in layers:
            _write_group(weights.create_group(layer.name), layer, layer.weights)
        seen = {id(v) for layer in layers for v in layer.weights}
        own = [v for v in model.weights if id(v) not in seen]
        _write_group(weights.create_group("top_level_model_weights"), model, own)
        optimizer = getattr(model, "optimizer", None)
        if compile_config and optimizer is not None and getattr(optimizer, "built", False):
            _write_group(f.create_group("optimizer_weights"), optimizer, optimizer.variables)


def _values(group, where):
    names = _decoded(group.attrs.get("weight_names", []))
    values = []
    for name in names:
        if name not in group:
            raise ValueError(f"{where}: weight '{name}' is listed but missing from the file.")
        values.append(np.asarray(group[name]))
    return values


def _assign(variables, values, where):
    if len(variables) != len(values):
        raise ValueError(
            f"{where}: the file holds {len(values)} weights but the model has "
            f"{len(variables)}."
        )
    for variable, value in zip(variables, values):
        if tuple(value.shape) != tuple(variable.shape):
            raise ValueError(
                f"{where}: weight '{variable.path}' has shape {tuple(variable.shape)}, "
                f"the file holds shape {tuple(value.shape)}."
            )
    for variable, value in zip(variables, values):
        variable.assign(value)


def ordered_layers(model):
    """The model's layers in Keras 3's order (a functional graph's by depth from the
    outputs), the order legacy files list them in."""
    from keras.saving.saveable_paths import graph_layers

    if getattr(model, "inputs", None) and getattr(model, "outputs", None):
        try:
            return list(graph_layers(model))
        except (AttributeError, TypeError):
            pass
    return list(model.layers)


def _load_layers(model, group, where):
    """Assigns the weights of the file's layers that hold some to the model's layers
    that have some, by position (as Keras does: layer names may differ). Every count
    and shape is checked before anything is assigned."""
    saved = []
    for name in _decoded(group.attrs.get("layer_names", [])):
        values = _values(group[name], f"{where}, layer '{name}'")
        if values:
            saved.append((name, values))
    targets = [layer for layer in ordered_layers(model) if layer.weights]
    if len(saved) != len(targets):
        raise ValueError(
            f"The weights file {where} holds weights for {len(saved)} layers, but "
            f"the model '{model.name}' has {len(targets)} layers with weights: the "
            "file was saved from another architecture (or with another "
            "`include_top`)."
        )
    plan = []
    for (saved_name, values), layer in zip(saved, targets):
        shapes = [tuple(v.shape) for v in values]
        expected = [tuple(v.shape) for v in layer.weights]
        if shapes != expected:
            raise ValueError(
                f"Layer '{layer.name}' of the model expects weights of shapes "
                f"{expected}, but the file {where} holds {shapes} for its layer "
                f"'{saved_name}'."
            )
        plan.extend(zip(layer.weights, values))
    own = []
    if "top_level_model_weights" in group:
        seen = {id(v) for layer in model.layers for v in layer.weights}
        variables = [v for v in model.weights if id(v) not in seen]
        own = _values(group["top_level_model_weights"], where)
        if len(own) != len(variables):
            raise ValueError(
                f"{where}: the file holds {len(own)} weights of the model itself but "
                f"the model has {len(variables)}."
            )
        plan.extend(zip(variables, own))
    for variable, value in plan:
        variable.assign(value)


def is_legacy_h5(path):
    """Whether `path` is an HDF5 file in the legacy (Keras 2) model or weights layout."""
    h5py = _h5py()
    if not h5py.is_hdf5(path):
        return False
    with h5py.File(path, "r") as f:
        return "layer_names" in f.attrs or "model_weights" in f


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model of the legacy HDF5 file `filepath`, with its weights (and, compiled,
    its optimizer state)."""
    filepath = os.fspath(filepath)
    where = f"'{filepath}'"
    h5py = _h5py()
    with h5py.File(filepath, "r") as f:
        if "model_config" not in f.attrs:
            raise ValueError(
                f"load_model: {where} holds no model config (a weights-only HDF5 file?); "
                "build the model and call `model.load_weights(filepath)`."
            )
        config = _with_modules(json.loads(f.attrs["model_config"]))
        from keras.saving import keras_archive  # (keras_archive reads weights files too)

        model = keras_archive.rebuild(config, f"{where}: model_config", custom_objects, safe_mode)
        group = f["model_weights"] if "model_weights" in f else f
        _load_layers(model, group, where)
        if compile and "training_config" in f.attrs:
            training = json.loads(f.attrs["training_config"])
            compile_config = {k: v for k, v in training.items() if k != "optimizer_config"}
            optimizer = training.get("optimizer_config")
            if isinstance(optimizer, dict) and "module" not in optimizer:
                optimizer = dict(optimizer, module="keras.optimizers")
            compile_config["optimizer"] = optimizer
            model.compile_from_config(compile_config)
            if "optimizer_weights" in f:
                values = _values(f["optimizer_weights"], f"{where}, optimizer_weights")
                _assign(model.optimizer.variables, values, f"{where}, optimizer_weights")
    return model


def load_weights(model, filepath):
    """Loads the layer weights of a legacy HDF5 model or weights file into `model`."""
    filepath = os.fspath(filepath)
    h5py = _h5py()
    with h5py.File(filepath, "r") as f:
        group = f["model_weights"] if "model_weights" in f else f
        if "layer_names" not in group.attrs:
            raise ValueError(
                f"load_weights: '{filepath}' is not a legacy Keras HDF5 weights file (no "
                "`layer_names` attribute)."
            )
        _load_layers(model, group, f"'{filepath}'")
