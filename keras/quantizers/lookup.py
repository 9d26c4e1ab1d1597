"""keras.quantizers.get, serialize and deserialize, and the names they know."""

import inspect

from keras.quantizers import awq_config
from keras.quantizers import gptq_config
from keras.quantizers import quantization_config as configs
from keras.quantizers.quantizer import AbsMaxQuantizer
from keras.quantizers.quantizer import Quantizer
from keras.saving import object_registration
from keras.saving import serialization_lib

# Names a string identifier may use -> class.
ALL_OBJECTS = {
    "Quantizer": Quantizer,
    "AbsMaxQuantizer": AbsMaxQuantizer,
    "abs_max_quantizer": AbsMaxQuantizer,
    "QuantizationConfig": configs.QuantizationConfig,
    "Int8QuantizationConfig": configs.Int8QuantizationConfig,
    "Int4QuantizationConfig": configs.Int4QuantizationConfig,
    "Float8QuantizationConfig": configs.Float8QuantizationConfig,
    "GPTQConfig": gptq_config.GPTQConfig,
    "AWQConfig": awq_config.AWQConfig,
}


def serialize(initializer):
    """The config dict of a quantizer or quantization config.

    >>> keras.quantizers.serialize(keras.quantizers.AbsMaxQuantizer(axis=-1))
    {'module': 'keras.quantizers', 'class_name': 'AbsMaxQuantizer', 'config': {...},
     'registered_name': None}
    """
    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The quantizer (or quantization config) that `serialize`'s dict describes."""
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS
    )


def get(identifier, **kwargs):
    """The quantizer an identifier describes.

    Args:
        identifier: None (gives None), a Quantizer (returned as is), a config dict
            from `serialize`, or a class name such as "AbsMaxQuantizer" (a new
            instance, built with `**kwargs`).
        **kwargs: constructor arguments when `identifier` is a name.

    Returns:
        A quantizer, or None.

    >>> keras.quantizers.get("abs_max_quantizer", axis=-1)
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        found = object_registration.get_registered_object(
            identifier, module_objects=ALL_OBJECTS
        )
        if inspect.isclass(found):
            found = found(**kwargs)
    else:
        found = identifier
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret quantizer identifier: {identifier!r}. Expected None, a "
        "Quantizer, a dict from keras.quantizers.serialize, or a name such as "
        "'AbsMaxQuantizer'."
    )
