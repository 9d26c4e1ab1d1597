"""RandomContrast: scale each image's deviation from its mean by a random factor."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomContrast(AugmentationLayer):
    """Adjusts each image's contrast by a random factor.

    Per image, `c` is drawn uniformly in `[1 - lower, 1 + upper]` and every pixel
    becomes `(x - mean) * c + mean`, where `mean` is the channel's mean over the
    image; the result is clipped to `value_range`. Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        value_range: the `(low, high)` range of the input pixels.
        seed: an integer seed for reproducible draws.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.factor = check_range(factor, "factor", 0, 1)

    def draw(self, images):
        lower, upper = self.factor
        return {"factor": self.uniform(images, 1.0 - lower, 1.0 + upper)}

    def apply(self, images, transformation):
        mean = ops.mean(images, axis=(1, 2), keepdims=True)
        scale = per_image(transformation["factor"])
        return self.clip((images - mean) * scale + mean)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
