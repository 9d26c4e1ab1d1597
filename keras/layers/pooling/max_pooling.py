"""MaxPooling1D/2D/3D (aliases MaxPool1D/2D/3D): the maximum of each window."""

from keras import ops
from keras.layers.pooling.base_pooling import BasePooling


class _MaxPooling(BasePooling):
    def call(self, inputs):
        return ops.max_pool(
            inputs, self.pool_size, self.strides, self.padding, self.data_format
        )


class MaxPooling1D(_MaxPooling):
    """Max pooling over the steps of `(batch, steps, features)` inputs (or
    `(batch, features, steps)` for "channels_first").

    Args:
        pool_size: an int, the window size.
        strides: an int or None (then `pool_size`).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> x = keras.ops.array([[[1.0], [3.0], [2.0], [0.0], [5.0]]])
    >>> keras.layers.MaxPooling1D(2)(x)
    array([[[3.],
            [2.]]], dtype=float32)
    """

    _rank = 1

    def __init__(
        self,
        pool_size=2,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class MaxPooling2D(_MaxPooling):
    """Max pooling over the rows and columns of images `(batch, rows, cols,
    channels)` (or channels first).

    Args:
        pool_size: an int or a tuple of 2 ints, the window size.
        strides: an int, a tuple of 2 ints or None (then `pool_size`).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> keras.layers.MaxPooling2D()(keras.ops.zeros((1, 5, 4, 3))).shape
    (1, 2, 2, 3)
    """

    _rank = 2

    def __init__(
        self,
        pool_size=(2, 2),
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class MaxPooling3D(_MaxPooling):
    """Max pooling over the three spatial axes of volumes `(batch, dim1, dim2, dim3,
    channels)` (or channels first).

    Args:
        pool_size: an int or a tuple of 3 ints, the window size.
        strides: an int, a tuple of 3 ints or None (then `pool_size`).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        name: the layer name.
        **kwargs: base Layer arguments (`dtype`, ...).

    >>> x = keras.ops.zeros((1, 3, 4, 5, 2))
    >>> keras.layers.MaxPooling3D(padding="same")(x).shape
    (1, 2, 2, 3, 2)
    """

    _rank = 3

    def __init__(
        self,
        pool_size=(2, 2, 2),
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


# The short names Keras also exports: the same classes.
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
