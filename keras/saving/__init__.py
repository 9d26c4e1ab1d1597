"""Public namespace `keras.saving`: the serialization registry and object configs.

Lazy: each name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "CustomObjectScope": ".object_registration",
    "custom_object_scope": ".object_registration",
    "get_custom_objects": ".object_registration",
    "get_registered_name": ".object_registration",
    "get_registered_object": ".object_registration",
    "register_keras_serializable": ".object_registration",
    "deserialize_keras_object": ".serialization_lib",
    "serialize_keras_object": ".serialization_lib",
    "load_model": ".saving_api",
    "save_model": ".saving_api",
    "load_weights": ".weights_file",
    "save_weights": ".weights_file",
    "KerasFileEditor": ".file_editor",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
