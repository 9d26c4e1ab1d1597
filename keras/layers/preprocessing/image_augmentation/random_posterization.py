"""RandomPosterization: keep only the top bits of each 8-bit pixel value."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomPosterization(AugmentationLayer):
    """Reduces each image to `b` bits per channel, `b` drawn at random.

    Pixels are mapped to [0, 255], truncated to integers, and their low `8 - b`
    bits cleared, then mapped back to `value_range`. Identity when not training.

    Args:
        factor: an integer `f` (the tuple `(1, f)`) or a tuple `(lower, upper)` of
            integers in `[1, 8]`: the number of bits kept.
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
        if isinstance(factor, int) and not isinstance(factor, bool):
            factor = (1, factor)
        if (
            not isinstance(factor, (tuple, list))
            or len(factor) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in factor)
            or not 1 <= factor[0] <= factor[1] <= 8
        ):
            raise ValueError(
                "`factor` must be an integer or a tuple of two integers in [1, 8] "
                f"with lower <= upper; received factor={factor!r}."
            )
        self.factor = tuple(factor)

    def draw(self, images):
        bits = random.randint(
            (self.batch_size(images),),
            self.factor[0],
            self.factor[1] + 1,
            seed=self.generator,
        )
        return {"factor": bits}

    def apply(self, images, transformation):
        levels = ops.floor(self.to_unit(images) * 255.0)
        shift = 8 - ops.cast(per_image(transformation["factor"]), images.dtype)
        step = ops.power(2.0, shift)
        levels = ops.floor(levels / step) * step
        return self.from_unit(levels / 255.0)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
