"""RandomSaturation: scale the HSV saturation of each image by a random factor."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


def adjust_saturation(layer, images, factor):
    """Saturation times `f / (1 - f)` (f = 0.5 keeps it), per image."""
    factor = per_image(factor)
    scale = factor / ops.maximum(1.0 - factor, 1e-7)
    hsv = ops.image.rgb_to_hsv(layer.to_unit(images), data_format="channels_last")
    hue, saturation, value = ops.split(hsv, 3, axis=-1)
    saturation = ops.clip(saturation * scale, 0.0, 1.0)
    rgb = ops.image.hsv_to_rgb(
        ops.concatenate([hue, saturation, value], axis=-1),
        data_format="channels_last",
    )
    return layer.clip(layer.from_unit(rgb))


class RandomSaturation(AugmentationLayer):
    """Changes each RGB image's saturation by a random factor.

    Per image, `f` is drawn uniformly in `factor`; the HSV saturation is multiplied
    by `f / (1 - f)` (0.5 keeps the image, 0 makes it gray, 1 saturates fully) and
    clipped to [0, 1]. Identity when not training.

    Args:
        factor: a number `f` (the range `[-f, f]`) or a tuple `(lower, upper)`, in
            `[-1, 1]`.
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
        self.factor = check_range(factor, "factor", -1, 1, symmetric=True)

    def draw(self, images):
        return {"factor": self.uniform(images, *self.factor)}

    def apply(self, images, transformation):
        return adjust_saturation(self, images, transformation["factor"])

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
