"""ZeroPadding1D/2D/3D: add zeros at the edges of the spatial axes."""

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


class _ZeroPadding(Layer):
    """Pads spatial axis `i` with `self.padding[i] = (before, after)` zeros."""

    _rank = None

    def __init__(self, padding, data_format, **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.data_format = argument_validation.standardize_data_format(
            data_format, name
        )
        self.padding = argument_validation.standardize_edge_pairs(
            padding, self._rank, "padding", name
        )
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _pad_width(self):
        pad_width = [(0, 0)] * (self._rank + 2)
        axes = operation_utils.spatial_axes(self._rank, self.data_format)
        for axis, pair in zip(axes, self.padding):
            pad_width[axis] = pair
        return pad_width

    def call(self, inputs):
        return ops.pad(inputs, self._pad_width())

    def compute_output_shape(self, input_shape):
        return tuple(
            None if size is None else size + before + after
            for size, (before, after) in zip(input_shape, self._pad_width())
        )

    def get_config(self):
        config = super().get_config()
        config.update({"padding": self.padding, "data_format": self.data_format})
        return config


class ZeroPadding1D(_ZeroPadding):
    """Pads the steps axis of inputs `(batch, steps, features)` with zeros.

    Args:
        padding: an int (the same at both ends) or a tuple of 2 ints: how many zeros
            to add at the start and at the end of the steps axis.
        data_format: "channels_last" (inputs `(batch, steps, features)`) or
            "channels_first" (`(batch, features, steps)`); defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.ZeroPadding1D(2)(keras.ops.ones((1, 3, 2))).shape
    (1, 7, 2)
    """

    _rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        padding = argument_validation.standardize_tuple(
            padding, 2, "padding", minimum=0, layer="ZeroPadding1D"
        )
        super().__init__((padding,), data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["padding"] = self.padding[0]
        return config


class ZeroPadding2D(_ZeroPadding):
    """Pads images `(batch, rows, cols, channels)` (or channels first) with zeros.

    Args:
        padding: an int (the same on all four edges), a tuple of 2 ints
            `(symmetric_height_pad, symmetric_width_pad)`, or a tuple of 2 tuples of
            2 ints `((top_pad, bottom_pad), (left_pad, right_pad))`.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.ZeroPadding2D(1)(keras.ops.ones((1, 2, 2, 1))).shape
    (1, 4, 4, 1)
    """

    _rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Pads volumes `(batch, dim1, dim2, dim3, channels)` (or channels first) with
    zeros.

    Args:
        padding: an int (the same on every edge), a tuple of 3 ints (symmetric per
            axis), or a tuple of 3 tuples of 2 ints `((left_dim1, right_dim1),
            (left_dim2, right_dim2), (left_dim3, right_dim3))`.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.ZeroPadding3D(1)(keras.ops.ones((1, 2, 2, 2, 1))).shape
    (1, 4, 4, 4, 1)
    """

    _rank = 3

    def __init__(
        self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs
    ):
        super().__init__(padding, data_format, **kwargs)
