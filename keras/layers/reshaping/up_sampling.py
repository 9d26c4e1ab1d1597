"""UpSampling1D/2D/3D: enlarge the spatial axes by integer factors."""

import numpy as np

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation

_UNSUPPORTED_INTERPOLATIONS = ("bicubic", "lanczos3", "lanczos5")


def _bilinear_along(x, axis, factor):
    """Linear interpolation of `x` to `factor` times its size along `axis`.

    Output position `o` samples the input at `(o + 0.5) / factor - 0.5` (pixel
    centres aligned), clamped to the edges, as image resizing does.
    """
    size = x.shape[axis]
    positions = (np.arange(size * factor) + 0.5) / factor - 0.5
    positions = np.clip(positions, 0, size - 1)
    low = np.floor(positions).astype("int32")
    high = np.minimum(low + 1, size - 1)
    weight_shape = [1] * len(x.shape)
    weight_shape[axis] = -1
    weight = ops.convert_to_tensor(
        (positions - low).reshape(weight_shape), dtype=ops.dtype(x)
    )
    below = ops.take(x, low, axis=axis)
    above = ops.take(x, high, axis=axis)
    return below + (above - below) * weight


class _UpSampling(Layer):
    """Repeats each element `self.size[i]` times along spatial axis `i`."""

    _rank = None

    def __init__(self, size, data_format, **kwargs):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.data_format = argument_validation.standardize_data_format(
            data_format, name
        )
        self.size = argument_validation.standardize_tuple(
            size, self._rank, "size", minimum=1, layer=name
        )
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _axes(self):
        return operation_utils.spatial_axes(self._rank, self.data_format)

    def call(self, inputs):
        for axis, factor in zip(self._axes(), self.size):
            inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape)
        for axis, factor in zip(self._axes(), self.size):
            if output_shape[axis] is not None:
                output_shape[axis] *= factor
        return tuple(output_shape)


class UpSampling1D(_UpSampling):
    """Repeats each step of inputs `(batch, steps, features)` `size` times.

    Args:
        size: the up-sampling factor, an int >= 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.UpSampling1D(2)(keras.ops.zeros((2, 3, 4))).shape
    (2, 6, 4)
    """

    _rank = 1

    def __init__(self, size=2, **kwargs):
        super().__init__(size, "channels_last", **kwargs)

    def get_config(self):
        config = super().get_config()
        config["size"] = self.size[0]
        return config


class UpSampling2D(_UpSampling):
    """Up-samples images `(batch, rows, cols, channels)` (or channels first).

    Rows are enlarged `size[0]` times and columns `size[1]` times, either by repeating
    each pixel ("nearest") or by linear interpolation between pixel centres
    ("bilinear").

    Args:
        size: an int or a tuple of 2 ints, the factors for rows and columns.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        interpolation: "nearest" or "bilinear". ("bicubic", "lanczos3" and
            "lanczos5", also accepted by Keras, raise NotImplementedError.)
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.UpSampling2D((2, 3))(keras.ops.zeros((1, 2, 2, 1))).shape
    (1, 4, 6, 1)
    """

    _rank = 2

    def __init__(
        self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs
    ):
        super().__init__(size, data_format, **kwargs)
        name = interpolation.lower() if isinstance(interpolation, str) else None
        if name in _UNSUPPORTED_INTERPOLATIONS:
            raise NotImplementedError(
                f"UpSampling2D: interpolation={interpolation!r} is not implemented "
                "yet; use 'nearest' or 'bilinear'."
            )
        if name not in ("nearest", "bilinear"):
            raise ValueError(
                "UpSampling2D: `interpolation` must be 'nearest' or 'bilinear'; got "
                f"interpolation={interpolation!r}."
            )
        self.interpolation = name

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        for axis, factor in zip(self._axes(), self.size):
            inputs = _bilinear_along(inputs, axis, factor)
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "size": self.size,
                "data_format": self.data_format,
                "interpolation": self.interpolation,
            }
        )
        return config


class UpSampling3D(_UpSampling):
    """Up-samples volumes `(batch, dim1, dim2, dim3, channels)` (or channels first)
    by repeating each element `size[i]` times along spatial axis `i`.

    Args:
        size: an int or a tuple of 3 ints, the factors for the three spatial axes.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.UpSampling3D(2)(keras.ops.zeros((1, 2, 2, 2, 1))).shape
    (1, 4, 4, 4, 1)
    """

    _rank = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config
