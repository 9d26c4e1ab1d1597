"""Quantization configs: how `model.quantize(config=...)` quantizes weights and inputs.

A config names its mode ("int8", "int4", "float8") and optionally the quantizers used
for the weights and the activations, overriding a layer's defaults.
"""

from keras.quantizers.quantizer import AbsMaxQuantizer
from keras.quantizers.quantizer import Quantizer
from keras.saving import serialization_lib


def _check_quantizer(value, name):
    if value is not None and not isinstance(value, Quantizer):
        raise TypeError(
            f"`{name}` must be a keras.quantizers.Quantizer (e.g. AbsMaxQuantizer) or "
            f"None; got {value!r} of type {type(value).__name__}."
        )


class QuantizationConfig:
    """Base class of the quantization configs; subclasses name their `mode`.

    Args:
        weight_quantizer: the quantizer for the layer weights (None: the layer's
            default).
        activation_quantizer: the quantizer for the layer inputs (None: none).
    """

    def __init__(self, weight_quantizer=None, activation_quantizer=None):
        self.weight_quantizer = weight_quantizer
        self.activation_quantizer = activation_quantizer

    @property
    def mode(self):
        raise NotImplementedError(
            "Subclasses must implement this property. Do not instantiate "
            "QuantizationConfig directly."
        )

    def get_config(self):
        return {
            "weight_quantizer": serialization_lib.serialize_keras_object(self.weight_quantizer),
            "activation_quantizer": serialization_lib.serialize_keras_object(
                self.activation_quantizer
            ),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("weight_quantizer", "activation_quantizer"):
            if isinstance(config.get(key), dict):
                config[key] = serialization_lib.deserialize_keras_object(config[key])
        return cls(**config)

    @staticmethod
    def weight_quantizer_or_default(config, default):
        """The config's weight quantizer if it sets one, else `default`."""
        if config is not None and config.weight_quantizer is not None:
            return config.weight_quantizer
        return default

    @staticmethod
    def activation_quantizer_or_default(config, default):
        """The config's activation quantizer (None included) if there is a config."""
        if config is None:
            return default
        return config.activation_quantizer


class Int8QuantizationConfig(QuantizationConfig):
    """int8 weights (per output channel, abs-max) and int8 activations.

    Args:
        weight_quantizer: a Quantizer with `output_dtype="int8"`, or None for the
            layer's default.
        activation_quantizer: "default" (an `AbsMaxQuantizer()`), a Quantizer, or
            None to leave the inputs in float.
    """

    def __init__(self, weight_quantizer=None, activation_quantizer="default"):
        if activation_quantizer == "default":
            activation_quantizer = AbsMaxQuantizer()
        _check_quantizer(weight_quantizer, "weight_quantizer")
        _check_quantizer(activation_quantizer, "activation_quantizer")
        super().__init__(weight_quantizer, activation_quantizer)
        if weight_quantizer is not None and weight_quantizer.output_dtype != "int8":
            raise ValueError(
                "Int8QuantizationConfig requires a weight_quantizer with "
                f"output_dtype='int8'. Received: output_dtype={weight_quantizer.output_dtype}"
            )

    @property
    def mode(self):
        return "int8"


class Int4QuantizationConfig(QuantizationConfig):
    """int4 weights, per output channel or in blocks of `block_size` input rows.

    Args:
        weight_quantizer: a Quantizer with `value_range=(-8, 7)` (only with per-channel
            quantization), or None for the layer's default.
        activation_quantizer: "default" (none), a Quantizer, or None.
        block_size: rows per quantization group (sub-channel, with a zero point), or
            None / -1 for one scale per output channel.
    """

    def __init__(self, weight_quantizer=None, activation_quantizer="default", block_size=128):
        if activation_quantizer == "default":
            activation_quantizer = None
        _check_quantizer(weight_quantizer, "weight_quantizer")
        _check_quantizer(activation_quantizer, "activation_quantizer")
        super().__init__(weight_quantizer, activation_quantizer)
        if block_size is not None and block_size != -1 and not block_size > 0:
            raise ValueError(
                "block_size must be None, -1, or a positive integer. "
                f"Received: block_size={block_size}"
            )
        sub_channel = block_size is not None and block_size > 0
        if sub_channel and (weight_quantizer is not None or activation_quantizer is not None):
            raise ValueError(
                "Int4 sub-channel quantization (block_size > 0) does not support custom "
                "quantizers. Either set block_size to None or -1 for per-channel "
                "quantization, or remove the custom quantizer arguments. "
                f"Received: block_size={block_size}"
            )
        if weight_quantizer is not None:
            value_range = tuple(getattr(weight_quantizer, "value_range", (-8, 7)))
            if value_range != (-8, 7):
                raise ValueError(
                    "Int4QuantizationConfig requires a weight_quantizer with "
                    f"value_range=(-8, 7). Received: value_range={value_range}"
                )
        self.block_size = block_size

    @property
    def mode(self):
        return "int4"

    def get_config(self):
        config = super().get_config()
        config["block_size"] = self.block_size
        return config


class Float8QuantizationConfig(QuantizationConfig):
    """float8 training: e4m3 inputs and kernel, e5m2 gradients, delayed scaling."""

    def __init__(self):
        super().__init__(None, None)

    @property
    def mode(self):
        return "float8"

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls()
