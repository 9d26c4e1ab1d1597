"""The sliding-window pooling base shared by MaxPooling and AveragePooling."""

from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


class BasePooling(Layer):
    """Pools windows of `pool_size` moved by `strides` over `rank` spatial axes.

    Subclasses set `_rank` and define `call` with the op that pools
    (`keras.ops.max_pool` or `keras.ops.average_pool`).

    Args:
        pool_size: an int or a tuple of `rank` ints, the window size.
        strides: an int, a tuple of `rank` ints or None (then `pool_size`).
        padding: "valid" (windows that fit) or "same" (output size
            `ceil(size / stride)`; padded positions take no part in a window).
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, `trainable`...).
    """

    _rank = None

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        layer = type(self).__name__
        self.pool_size = argument_validation.standardize_tuple(
            pool_size, self._rank, "pool_size", layer=layer
        )
        if strides is None:
            self.strides = self.pool_size
        else:
            self.strides = argument_validation.standardize_tuple(
                strides, self._rank, "strides", layer=layer
            )
        self.padding = argument_validation.standardize_padding(padding, layer)
        self.data_format = argument_validation.standardize_data_format(
            data_format, layer
        )
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def compute_output_shape(self, input_shape):
        output_shape = operation_utils.compute_pooling_output_shape(
            input_shape, self.pool_size, self.strides, self.padding, self.data_format
        )
        spatial = operation_utils.spatial_shape(output_shape, self.data_format)
        if any(size is not None and size <= 0 for size in spatial):
            # A window larger than the input ("valid") leaves nothing to pool.
            raise ValueError(
                f"{type(self).__name__}: the output would be empty: inputs of shape "
                f"{tuple(input_shape)} are smaller than `pool_size`={self.pool_size} "
                f"with padding='valid' (strides={self.strides}); use larger inputs, "
                "a smaller `pool_size` or padding='same'."
            )
        return output_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return config
