"""AveragePooling1D/2D/3D (aliases AvgPool1D/2D/3D): the mean of each window."""

from keras import ops
from keras.layers.pooling.base_pooling import BasePooling


class _AveragePooling(BasePooling):
    def call(self, inputs):
        return ops.average_pool(
            inputs, self.pool_size, self.strides, self.padding, self.data_format
        )


class AveragePooling1D(_AveragePooling):
    """Average pooling over the steps of `(batch, steps, features)` inputs (or
    `(batch, features, steps)` for "channels_first").

    Args:
        pool_size: an int, the window size.
        strides: an int or None (then `pool_size`).
        padding: "valid" or "same" (padded positions are left out of each mean).
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> x = keras.ops.array([[[1.0], [3.0], [2.0], [0.0], [5.0]]])
    >>> keras.layers.AveragePooling1D(2)(x)
    array([[[2.],
            [1.]]], dtype=float32)
    """

    _rank = 1

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class AveragePooling2D(_AveragePooling):
    """Average pooling over the rows and columns of images `(batch, rows, cols,
    channels)` (or channels first).

    Args:
        pool_size: an int or a tuple of 2 ints, the window size.
        strides: an int, a tuple of 2 ints or None (then `pool_size`).
        padding: "valid" or "same" (padded positions are left out of each mean).
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> keras.layers.AveragePooling2D(2)(keras.ops.zeros((1, 5, 4, 3))).shape
    (1, 2, 2, 3)
    """

    _rank = 2

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class AveragePooling3D(_AveragePooling):
    """Average pooling over the three spatial axes of volumes `(batch, dim1, dim2, dim3,
    channels)` (or channels first).

    Args:
        pool_size: an int or a tuple of 3 ints, the window size.
        strides: an int, a tuple of 3 ints or None (then `pool_size`).
        padding: "valid" or "same" (padded positions are left out of each mean).
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> x = keras.ops.zeros((1, 3, 4, 5, 2))
    >>> keras.layers.AveragePooling3D(2, padding="same")(x).shape
    (1, 2, 2, 3, 2)
    """

    _rank = 3

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


# The short names Keras also exports: the same classes.
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
