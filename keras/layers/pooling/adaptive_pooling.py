"""AdaptiveAveragePooling1D/2D/3D and AdaptiveMaxPooling1D/2D/3D: pooling to a fixed
output size, whatever the input size.

Output position `i` along a spatial axis of size `n` pooled to `out` covers the inputs
`[floor(i * n / out), ceil((i + 1) * n / out))`, so the windows cover the whole axis and
overlap by at most one entry (see `keras.ops.adaptive_average_pool`).
"""

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


def _output_size(value, rank, layer):
    """`value` as a tuple of `rank` positive ints; TypeError for another kind of value
    (as Keras), ValueError for a size below 1."""
    values = (value,) * rank if argument_validation.is_int(value) else value
    if (
        not isinstance(values, (tuple, list))
        or len(values) != rank
        or not all(argument_validation.is_int(v) for v in values)
    ):
        raise TypeError(
            f"{layer}: `output_size` must be an int or a tuple of {rank} ints; got "
            f"output_size={value!r}."
        )
    if not all(v >= 1 for v in values):
        raise ValueError(
            f"{layer}: `output_size` must be an int or a tuple of {rank} ints, each "
            f">= 1; got output_size={value!r}."
        )
    return tuple(int(v) for v in values)


class BaseAdaptivePooling(Layer):
    """Pools the `rank` spatial axes of the inputs to `output_size`.

    Subclasses set `_rank` and define `call`.

    Args:
        output_size: an int or a tuple of `rank` ints, the output spatial size.
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).
    """

    _rank = None

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        layer = type(self).__name__
        self.output_size = _output_size(output_size, self._rank, layer)
        self.data_format = argument_validation.standardize_data_format(
            data_format, layer
        )
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def compute_output_shape(self, input_shape):
        channels = operation_utils.channels_of(input_shape, self.data_format)
        return operation_utils.image_shape(
            input_shape[0], self.output_size, channels, self.data_format
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {"output_size": self.output_size, "data_format": self.data_format}
        )
        return config


class _AdaptiveAveragePooling(BaseAdaptivePooling):
    def call(self, inputs):
        return ops.adaptive_average_pool(inputs, self.output_size, self.data_format)


class _AdaptiveMaxPooling(BaseAdaptivePooling):
    def call(self, inputs):
        return ops.adaptive_max_pool(inputs, self.output_size, self.data_format)


class AdaptiveAveragePooling1D(_AdaptiveAveragePooling):
    """Average pooling of `(batch, steps, features)` inputs (or channels first) to
    `output_size` steps.

    Args:
        output_size: an int, the number of output steps.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.array([[[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0]]])
    >>> keras.ops.reshape(keras.layers.AdaptiveAveragePooling1D(3)(x), (3,))
    array([1., 3., 5.], dtype=float32)
    """

    _rank = 1


class AdaptiveAveragePooling2D(_AdaptiveAveragePooling):
    """Average pooling of images to `output_size` rows and columns.

    Args:
        output_size: an int or a tuple of 2 ints, the output (rows, cols).
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((1, 7, 9, 4))
    >>> keras.layers.AdaptiveAveragePooling2D((2, 3))(x).shape
    (1, 2, 3, 4)
    """

    _rank = 2


class AdaptiveAveragePooling3D(_AdaptiveAveragePooling):
    """Average pooling of volumes to `output_size` along the three spatial axes.

    Args:
        output_size: an int or a tuple of 3 ints, the output spatial size.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((1, 5, 6, 7, 2))
    >>> keras.layers.AdaptiveAveragePooling3D(2)(x).shape
    (1, 2, 2, 2, 2)
    """

    _rank = 3


class AdaptiveMaxPooling1D(_AdaptiveMaxPooling):
    """Max pooling of `(batch, steps, features)` inputs (or channels first) to
    `output_size` steps.

    Args:
        output_size: an int, the number of output steps.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.array([[[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0]]])
    >>> keras.ops.reshape(keras.layers.AdaptiveMaxPooling1D(3)(x), (3,))
    array([2., 4., 6.], dtype=float32)
    """

    _rank = 1


class AdaptiveMaxPooling2D(_AdaptiveMaxPooling):
    """Max pooling of images to `output_size` rows and columns.

    Args:
        output_size: an int or a tuple of 2 ints, the output (rows, cols).
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((1, 7, 9, 4))
    >>> keras.layers.AdaptiveMaxPooling2D((2, 3))(x).shape
    (1, 2, 3, 4)
    """

    _rank = 2


class AdaptiveMaxPooling3D(_AdaptiveMaxPooling):
    """Max pooling of volumes to `output_size` along the three spatial axes.

    Args:
        output_size: an int or a tuple of 3 ints, the output spatial size.
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((1, 5, 6, 7, 2))
    >>> keras.layers.AdaptiveMaxPooling3D(2)(x).shape
    (1, 2, 2, 2, 2)
    """

    _rank = 3
