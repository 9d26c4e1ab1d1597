"""RandomInvert: invert the pixel values of images at random."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomInvert(AugmentationLayer):
    """Inverts images (`high - x`) at random.

    Per call, a probability `p` is drawn uniformly in `factor`, and each image is
    inverted with probability `p`. Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        value_range: the `(low, high)` range of the input pixels.
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(
        self, factor=1.0, value_range=(0, 255), seed=None, data_format=None, **kwargs
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_range(factor, "factor", 0, 1)

    def draw(self, images):
        probability = self.uniform(images, *self.factor)
        return {"apply": self.coin(images, probability)}

    def apply(self, images, transformation):
        inverted = self.value_range[1] - images
        return ops.where(per_image(transformation["apply"]), inverted, images)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
