"""Equalization: histogram equalization of each channel of each image."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer


def equalize(images, bins):
    """Equalizes a channels-last batch on the [0, 255] scale, channel by channel,
    with one histogram per channel over the whole batch (as Keras 3 does).

    A value `v` falls in bin `floor(v * (bins - 1) / 255)`; each bin maps to its
    cumulative count past the first occupied bin, over the count of the rest, times
    255, rounded (half to even). A channel with one occupied bin is left unchanged.
    """
    index = ops.floor(images * ((bins - 1) / 255.0))
    index = ops.cast(ops.clip(index, 0, bins - 1), "int32")
    # Keras 3 counts each channel over the whole batch: (channels, bins).
    one_hot = ops.one_hot(index, bins, dtype=images.dtype)
    hist = ops.sum(one_hot, axis=(0, 1, 2))
    cdf = ops.cumsum(hist, axis=-1)
    total = cdf[..., -1:]
    # The cumulative count at the first occupied bin is the smallest nonzero one.
    first = ops.min(ops.where(cdf > 0, cdf, total), axis=-1, keepdims=True)
    denominator = total - first
    flat = denominator <= 0
    table = (cdf - first) / ops.where(flat, 1.0, denominator) * 255.0
    table = ops.clip(ops.round(table), 0.0, 255.0)
    # Look each pixel's bin up in its channel's table, through its one-hot row (no
    # reshape, so the batch size may be unknown, as inside tf.data).
    mapped = ops.sum(one_hot * table, axis=-1)
    return ops.where(ops.reshape(flat, (-1,)), images, mapped)


class Equalization(AugmentationLayer):
    """Equalizes the histogram of each channel.

    Pixels are mapped to [0, 255], binned in `bins` bins (one histogram per channel
    over the whole batch, as in Keras 3), and each bin is sent to its
    cumulative share of the pixels (past the first occupied bin) on [0, 255], then
    mapped back to `value_range`. Identity when not training.

    Args:
        value_range: the `(low, high)` range of the input pixels.
        bins: the number of histogram bins, a positive integer (256 for 8-bit).
        data_format: "channels_last" or "channels_first".
    """

    _VALUE_RANGE_AS_LIST = True
    _RANDOM = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None, **kwargs):
        super().__init__(value_range=value_range, data_format=data_format, **kwargs)
        if not isinstance(bins, int) or isinstance(bins, bool) or bins < 1:
            raise ValueError(
                f"`bins` must be a positive integer; received bins={bins!r}."
            )
        self.bins = bins

    def apply(self, images, transformation):
        scaled = self.to_unit(images) * 255.0
        return self.from_unit(equalize(scaled, self.bins) / 255.0)

    def get_config(self):
        config = super().get_config()
        config.update(bins=self.bins, value_range=self.value_range)
        return config
