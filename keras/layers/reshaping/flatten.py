"""Flatten: collapses every axis but the batch axis into one."""

import math

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.utils import argument_validation


class Flatten(Layer):
    """Flattens each sample: `(batch, d1, ..., dn)` becomes `(batch, d1 * ... * dn)`.

    Inputs of shape `(batch,)` become `(batch, 1)`. With "channels_first" inputs of
    rank >= 3 the channels axis is moved last before flattening, so the order of the
    features matches the same model run on "channels_last" data.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.Flatten()(keras.ops.zeros((2, 3, 4))).shape
    (2, 12)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = argument_validation.standardize_data_format(
            data_format, "Flatten"
        )
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        rank = len(inputs.shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, (0,) + tuple(range(2, rank)) + (1,))
        shape = ops.shape(inputs)
        return ops.reshape(inputs, (shape[0], math.prod(shape[1:])))

    def compute_output_shape(self, input_shape):
        features = input_shape[1:]
        if any(d is None for d in features):
            return (input_shape[0], None)
        return (input_shape[0], math.prod(features))

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
