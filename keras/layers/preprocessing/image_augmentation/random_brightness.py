"""RandomBrightness: add a random offset to every pixel of an image."""

from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomBrightness(AugmentationLayer):
    """Shifts each image's brightness by a random fraction of its value range.

    Per image, a delta `d` is drawn uniformly in `factor` and `d * (high - low)` is
    added to every pixel; the result is clipped to `value_range`. Identity when not
    training.

    Args:
        factor: a number `f` (the range `[-f, f]`) or a tuple `(lower, upper)`, in
            `[-1, 1]`.
        value_range: the `(low, high)` range of the input pixels.
        seed: an integer seed for reproducible draws.
    """

    _VALUE_RANGE_AS_LIST = True

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.factor = check_range(factor, "factor", -1, 1, symmetric=True)

    def draw(self, images):
        return {"factor": self.uniform(images, *self.factor)}

    def apply(self, images, transformation):
        low, high = self.value_range
        delta = per_image(transformation["factor"]) * (high - low)
        return self.clip(images + delta)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
