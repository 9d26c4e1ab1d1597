"""Public namespace `keras.legacy.saving`: (de)serialization in the Keras 2 config
format (`{"class_name", "config"}`, no "module" or "registered_name").

The same functions as `keras.utils.legacy`, which defines them; lazy: they load on
first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> (module, attribute).
_EXPORTS = {
    "serialize_keras_object": ("keras.utils.legacy", "serialize_keras_object"),
    "deserialize_keras_object": ("keras.utils.legacy", "deserialize_keras_object"),
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
