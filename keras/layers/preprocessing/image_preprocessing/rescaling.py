"""Rescaling: `inputs * scale + offset`, e.g. pixels from [0, 255] to [0, 1]."""

from keras import ops
from keras.layers.preprocessing.tf_data_layer import TFDataLayer


class Rescaling(TFDataLayer):
    """Multiplies the inputs by `scale` and adds `offset`, in the compute dtype.

    Args:
        scale: a number, or one number per channel (a list, broadcast over the last
            axis).
        offset: a number, or one per channel.
        **kwargs: base layer arguments (`name`, `dtype`...).

    >>> keras.layers.Rescaling(1 / 255)(np.full((1, 2, 2, 3), 255.0))[0, 0, 0]
    [1.0, 1.0, 1.0]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        for name, value in (("scale", scale), ("offset", offset)):
            if isinstance(value, bool) or not isinstance(
                value, (int, float, list, tuple)
            ) and not hasattr(value, "shape"):
                raise ValueError(
                    f"Rescaling: `{name}` must be a number or a list of numbers; "
                    f"received {name}={value!r}."
                )
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        inputs = ops.cast(inputs, dtype)
        scale = ops.convert_to_tensor(self.scale, dtype)
        offset = ops.convert_to_tensor(self.offset, dtype)
        return inputs * scale + offset

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config
