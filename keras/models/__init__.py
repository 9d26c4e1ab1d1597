"""Public namespace `keras.models` (load_model, save_model and model_from_json arrive with
the saving issue)."""

import importlib

_NAMES = {
    "Model": "keras.models.model",
    "Sequential": "keras.models.sequential",
    "clone_model": "keras.models.cloning",
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
