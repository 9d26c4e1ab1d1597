"""RandomSharpness: blend each image with a smoothed copy by a random amount."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image

# The 3x3 smoothing taps (centre 5, neighbours 1, over 13).
_SMOOTH = ((1.0, 1.0, 1.0), (1.0, 5.0, 1.0), (1.0, 1.0, 1.0))


def smooth(images):
    """The 3x3 smoothing of a channels-last batch, zero padded to the same size (so
    the border darkens, as in Keras)."""
    channels = images.shape[-1]
    taps = ops.convert_to_tensor(_SMOOTH, dtype=images.dtype) / 13.0
    kernel = ops.tile(ops.reshape(taps, (3, 3, 1, 1)), (1, 1, channels, 1))
    return ops.depthwise_conv(images, kernel, strides=1, padding="same")


class RandomSharpness(AugmentationLayer):
    """Sharpens or blurs each image by a random amount.

    Per image, `f` is drawn uniformly in `factor` and the image becomes
    `blurred + 2 * f * (x - blurred)`, where `blurred` is a zero-padded 3x3
    smoothing: 0 gives
    the smoothed image, 0.5 the original, 1 a sharpened one; clipped to
    `value_range`. Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        value_range: the `(low, high)` range of the input pixels.
        data_format: "channels_last" or "channels_first".
        seed: an integer seed for reproducible draws.
    """

    _VALUE_RANGE_AS_LIST = True

    def __init__(
        self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_range(factor, "factor", 0, 1)

    def draw(self, images):
        return {"factor": self.uniform(images, *self.factor)}

    def apply(self, images, transformation):
        blurred = smooth(images)
        amount = 2.0 * per_image(transformation["factor"])
        return self.clip(blurred + amount * (images - blurred))

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
