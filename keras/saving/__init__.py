"""Public namespace `keras.saving`: the serialization registry and object configs.

Lazy: each name loads its module on first access.
"""

import importlib

# Public name -> the module defining it.
_EXPORTS = {
    "CustomObjectScope": "keras.saving.object_registration",
    "custom_object_scope": "keras.saving.object_registration",
    "get_custom_objects": "keras.saving.object_registration",
    "get_registered_name": "keras.saving.object_registration",
    "get_registered_object": "keras.saving.object_registration",
    "register_keras_serializable": "keras.saving.object_registration",
    "deserialize_keras_object": "keras.saving.serialization_lib",
    "serialize_keras_object": "keras.saving.serialization_lib",
    "load_model": "keras.saving.saving_api",
    "save_model": "keras.saving.saving_api",
    "load_weights": "keras.saving.weights_file",
    "save_weights": "keras.saving.weights_file",
    "KerasFileEditor": "keras.saving.file_editor",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'keras.saving' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
