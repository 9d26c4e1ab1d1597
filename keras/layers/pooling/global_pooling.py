"""GlobalMaxPooling1D/2D/3D and GlobalAveragePooling1D/2D/3D (aliases GlobalMaxPool*
and GlobalAvgPool*): one max or mean per channel over all the spatial axes."""

from keras import ops
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


class BaseGlobalPooling(Layer):
    """Reduces the `rank` spatial axes of the inputs to one value per channel.

    Subclasses set `_rank` and define `call`.

    Args:
        data_format: "channels_last" or "channels_first"; None means
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).
    """

    _rank = None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        layer = type(self).__name__
        self.data_format = argument_validation.standardize_data_format(
            data_format, layer
        )
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _axes(self):
        return operation_utils.spatial_axes(self._rank, self.data_format)

    def compute_output_shape(self, input_shape):
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class _GlobalMaxPooling(BaseGlobalPooling):
    def call(self, inputs):
        return ops.max(inputs, axis=self._axes(), keepdims=self.keepdims)


class _GlobalAveragePooling(BaseGlobalPooling):
    def call(self, inputs):
        return ops.mean(inputs, axis=self._axes(), keepdims=self.keepdims)


class GlobalMaxPooling1D(_GlobalMaxPooling):
    """The maximum over the steps of `(batch, steps, features)` inputs (or
    `(batch, features, steps)` for "channels_first"), per feature.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the steps axis, with size 1: outputs `(batch, 1, features)`
            rather than `(batch, features)`.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.GlobalMaxPooling1D()(keras.ops.zeros((2, 5, 3))).shape
    (2, 3)
    """

    _rank = 1


class GlobalMaxPooling2D(_GlobalMaxPooling):
    """The maximum over the rows and columns of images, per channel.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.GlobalMaxPooling2D()(keras.ops.zeros((2, 5, 4, 3))).shape
    (2, 3)
    """

    _rank = 2


class GlobalMaxPooling3D(_GlobalMaxPooling):
    """The maximum over the three spatial axes of volumes, per channel.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((2, 5, 4, 3, 6))
    >>> keras.layers.GlobalMaxPooling3D(keepdims=True)(x).shape
    (2, 1, 1, 1, 6)
    """

    _rank = 3


class GlobalAveragePooling1D(_GlobalAveragePooling):
    """The mean over the steps of `(batch, steps, features)` inputs (or
    `(batch, features, steps)` for "channels_first"), per feature.

    With a mask `(batch, steps)` (from an `Embedding(mask_zero=True)` or a `Masking`
    layer before, or passed as `mask=`), the mean is taken over the unmasked steps
    only; a sequence with every step masked gives NaN, as 0 / 0. The output carries no
    mask.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the steps axis, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.array([[[1.0], [3.0], [8.0]]])
    >>> keras.layers.GlobalAveragePooling1D()(x, mask=keras.ops.array([[1, 1, 0]]))
    array([[2.]], dtype=float32)
    """

    _rank = 1

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format, keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        # A mask marks steps as kept or not: any non-zero entry counts as kept.
        weights = ops.cast(ops.cast(mask, "bool"), inputs.dtype)
        axis = self._axes()[0]
        # (batch, steps) -> (batch, 1, steps) or (batch, steps, 1), as the inputs.
        weights = ops.expand_dims(weights, 3 - axis)
        total = ops.sum(inputs * weights, axis=axis, keepdims=self.keepdims)
        return total / ops.sum(weights, axis=axis, keepdims=self.keepdims)

    def compute_mask(self, inputs, previous_mask):
        return None


class GlobalAveragePooling2D(_GlobalAveragePooling):
    """The mean over the rows and columns of images, per channel.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.GlobalAveragePooling2D()(keras.ops.zeros((2, 5, 4, 3))).shape
    (2, 3)
    """

    _rank = 2


class GlobalAveragePooling3D(_GlobalAveragePooling):
    """The mean over the three spatial axes of volumes, per channel.

    Args:
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        keepdims: keep the spatial axes, with size 1.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> x = keras.ops.zeros((2, 6, 5, 4, 3))
    >>> keras.layers.GlobalAveragePooling3D(data_format="channels_first")(x).shape
    (2, 6)
    """

    _rank = 3


# The short names Keras also exports: the same classes.
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
