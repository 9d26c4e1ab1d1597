"""Cropping1D/2D/3D: remove rows, columns, ... from the edges of the spatial axes."""

from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


class _Cropping(Layer):
    """Crops `self.cropping[i] = (before, after)` from spatial axis `i`."""

    _rank = None

    def __init__(self, cropping, data_format, **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.data_format = argument_validation.standardize_data_format(
            data_format, name
        )
        self.cropping = argument_validation.standardize_edge_pairs(
            cropping, self._rank, "cropping", name
        )
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape)
        axes = operation_utils.spatial_axes(self._rank, self.data_format)
        for axis, (before, after) in zip(axes, self.cropping):
            size = input_shape[axis]
            if size is None:
                continue
            if before + after >= size:
                raise ValueError(
                    f"{type(self).__name__}: `cropping` must remove fewer elements "
                    "than each spatial dimension holds; got cropping="
                    f"{self._public_cropping()} for inputs of shape "
                    f"{tuple(input_shape)}."
                )
            output_shape[axis] = size - before - after
        return tuple(output_shape)

    def _public_cropping(self):
        return self.cropping

    def call(self, inputs):
        shape = tuple(inputs.shape)
        self.compute_output_shape(shape)
        key = [slice(None)] * len(shape)
        axes = operation_utils.spatial_axes(self._rank, self.data_format)
        for axis, (before, after) in zip(axes, self.cropping):
            # A negative stop needs no static size (tf graphs may not have one).
            key[axis] = slice(before, -after if after else None)
        return inputs[tuple(key)]

    def get_config(self):
        config = super().get_config()
        config.update({"cropping": self.cropping, "data_format": self.data_format})
        return config


class Cropping1D(_Cropping):
    """Crops along the steps axis of inputs `(batch, steps, features)`.

    Args:
        cropping: an int (the same at both ends) or a tuple of 2 ints: how many steps
            to remove at the start and at the end.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.Cropping1D((1, 2))(keras.ops.zeros((2, 6, 3))).shape
    (2, 3, 3)
    """

    _rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        cropping = argument_validation.standardize_tuple(
            cropping, 2, "cropping", minimum=0, layer="Cropping1D"
        )
        super().__init__((cropping,), "channels_last", **kwargs)

    def _public_cropping(self):
        return self.cropping[0]

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        config["cropping"] = self.cropping[0]
        return config


class Cropping2D(_Cropping):
    """Crops the edges of images `(batch, rows, cols, channels)` (or channels first).

    Args:
        cropping: an int (the same on all four edges), a tuple of 2 ints
            `(symmetric_height_crop, symmetric_width_crop)`, or a tuple of 2 tuples of
            2 ints `((top_crop, bottom_crop), (left_crop, right_crop))`.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.Cropping2D(((2, 2), (4, 4)))
    >>> layer(keras.ops.zeros((2, 28, 28, 3))).shape
    (2, 24, 20, 3)
    """

    _rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Crops the edges of volumes `(batch, dim1, dim2, dim3, channels)` (or channels
    first).

    Args:
        cropping: an int (the same on every edge), a tuple of 3 ints (symmetric per
            axis), or a tuple of 3 tuples of 2 ints `((left_dim1, right_dim1),
            (left_dim2, right_dim2), (left_dim3, right_dim3))`.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.Cropping3D(((1, 1), (2, 2), (0, 1)))
    >>> layer(keras.ops.zeros((2, 8, 8, 8, 3))).shape
    (2, 6, 4, 7, 3)
    """

    _rank = 3

    def __init__(
        self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs
    ):
        super().__init__(cropping, data_format, **kwargs)
