"""SpatialDropout1D/2D/3D: dropout of whole channels (feature maps)."""

from keras.backends.common import config
from keras.layers.input_spec import InputSpec
from keras.layers.regularization.dropout import Dropout


class _SpatialDropout(Dropout):
    """Dropout with one keep/drop draw per (sample, channel), shared by all positions.

    Neighbouring positions of a feature map are strongly correlated, so dropping
    single entries barely regularizes; dropping whole channels does.
    """

    _spatial_rank = None

    def __init__(self, rate, data_format=None, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        if data_format is None:
            data_format = config.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                f"{type(self).__name__}: `data_format` must be 'channels_last' or "
                f"'channels_first'; got data_format={data_format!r}."
            )
        self.data_format = data_format
        self.input_spec = InputSpec(ndim=self._spatial_rank + 2)

    def _mask_shape(self):
        # One mask entry per (sample, channel); None takes the dim of the inputs.
        ones = (1,) * self._spatial_rank
        if self.data_format == "channels_first":
            return (None, None) + ones
        return (None,) + ones + (None,)

    def get_config(self):
        config = super().get_config()
        del config["noise_shape"]
        config["data_format"] = self.data_format
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops entire 1D feature maps of inputs `(batch, steps, channels)`.

    During training each channel of each sample is zeroed with probability `rate` at
    every step, and the kept channels are scaled by `1 / (1 - rate)`. Identity outside
    training.

    Args:
        rate: the fraction of the channels to drop, a float in [0, 1].
        seed: an int for a repeatable sequence of masks, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> keras.layers.SpatialDropout1D(0.5)(keras.ops.ones((2, 3, 4)), training=True)
    """

    _spatial_rank = 1

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, data_format="channels_last", seed=seed, **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return config


class SpatialDropout2D(_SpatialDropout):
    """Drops entire 2D feature maps of inputs `(batch, rows, cols, channels)`
    (`(batch, channels, rows, cols)` with "channels_first").

    Args:
        rate: the fraction of the channels to drop, a float in [0, 1].
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        seed: an int for a repeatable sequence of masks, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.SpatialDropout2D(0.5)
    >>> layer(keras.ops.ones((2, 5, 5, 3)), training=True).shape
    (2, 5, 5, 3)
    """

    _spatial_rank = 2


class SpatialDropout3D(_SpatialDropout):
    """Drops entire 3D feature maps of inputs `(batch, dim1, dim2, dim3, channels)`
    (`(batch, channels, dim1, dim2, dim3)` with "channels_first").

    Args:
        rate: the fraction of the channels to drop, a float in [0, 1].
        data_format: "channels_last" or "channels_first"; defaults to
            `keras.config.image_data_format()`.
        seed: an int for a repeatable sequence of masks, or None.
        **kwargs: base Layer arguments (`name`, `dtype`, ...).

    >>> layer = keras.layers.SpatialDropout3D(0.5)
    >>> layer(keras.ops.ones((2, 4, 4, 4, 3)), training=True).shape
    (2, 4, 4, 4, 3)
    """

    _spatial_rank = 3
