"""RandomColorDegeneration: blend each image toward its grayscale version."""

from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import grayscale
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomColorDegeneration(AugmentationLayer):
    """Moves each RGB image a random fraction of the way to its grayscale.

    Per image, `f` is drawn uniformly in `factor` and the image becomes
    `x + f * (gray - x)` (f = 0 keeps the image, f = 1 gives gray, a negative f
    saturates), clipped to `value_range`. Identity when not training.

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
        amount = per_image(transformation["factor"])
        return self.clip(images + amount * (grayscale(images) - images))

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
