"""Public namespace `keras.models`: Model, Sequential, cloning, saving and loading."""

import importlib

_NAMES = {
    "Model": "keras.models.model",
    "Sequential": "keras.models.sequential",
    "clone_model": "keras.models.cloning",
    "load_model": "keras.saving.saving_api",
    "model_from_json": "keras.saving.saving_api",
    "save_model": "keras.saving.saving_api",
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'keras.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
