"""Masking: marks timesteps whose features all equal `mask_value` as padding."""

from keras import ops
from keras.layers.layer import Layer


class Masking(Layer):
    """Masks the timesteps whose features all equal `mask_value`.

    For inputs of shape `(batch, timesteps, features)`, a timestep is kept when any
    of its features differs from `mask_value`. The outputs are the inputs with the
    masked timesteps set to zero, and carry the mask `(batch, timesteps)` on to the
    layers that support masking.

    Args:
        mask_value: the padding value.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> x = np.array([[[1.0], [0.0], [2.0]]])
    >>> keras.layers.Masking()(x)._keras_mask
    array([[ True, False,  True]])
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config") is not None:
            from keras.saving import serialization_lib

            mask_value = serialization_lib.deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, previous_mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return ops.multiply(inputs, ops.cast(keep, inputs.dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
