"""keras.layers.serialize / deserialize: a layer to and from its config dict."""

from keras.layers.layer import Layer
from keras.saving import object_registration
from keras.saving import serialization_lib


def serialize(layer):
    """The config dict of `layer` (module, class_name, config, registered_name), as
    written in `.keras` files.

    Args:
        layer: a `keras.layers.Layer`.

    Returns:
        A JSON-friendly dict.

    >>> keras.layers.serialize(keras.layers.Dense(2))["class_name"]
    'Dense'
    """
    if not isinstance(layer, Layer):
        raise TypeError(
            f"keras.layers.serialize: `layer` must be a keras Layer; got "
            f"{type(layer).__name__}."
        )
    return serialization_lib.serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """The layer a config dict describes (as given by `serialize`).

    Args:
        config: a dict with `class_name` and `config` (and usually `module`; a config
            without one names a class of `keras.layers` or a registered/custom one).
        custom_objects: a dict of name -> class for custom layers.

    Returns:
        A new, unbuilt layer.

    >>> keras.layers.deserialize({"class_name": "Dense", "config": {"units": 3}}).units
    3
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "keras.layers.deserialize: `config` must be a dict with 'class_name' and "
            f"'config' keys (as given by keras.layers.serialize); got {config!r:.200}."
        )
    if "module" not in config:
        name = config["class_name"]
        custom = custom_objects or {}
        if name not in custom and not _registered(name):
            config = {**config, "module": "keras.layers"}
    layer = serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects
    )
    if not isinstance(layer, Layer):
        raise ValueError(
            f"keras.layers.deserialize: the config describes a {type(layer).__name__}, "
            "not a layer."
        )
    return layer


def _registered(name):
    """Whether `name` is a registered custom object (it then needs no module)."""
    return object_registration.get_registered_object(name) is not None
