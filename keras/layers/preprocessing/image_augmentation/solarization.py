"""Solarization: invert the pixels above a threshold, after an optional offset."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


class Solarization(AugmentationLayer):
    """Solarizes images: pixels at or above a threshold are inverted.

    On the [0, 255] scale: per image, an offset `a * 255` (`a` drawn in
    `addition_factor`) is added and clipped, then every pixel `y` at or above
    `t * 255` (`t` drawn in `threshold_factor`) becomes `255 - y`; the result is
    mapped back to `value_range`. Identity when not training.

    Args:
        addition_factor: a number `f` (the tuple `(0, f)`) or a tuple, in [0, 1].
        threshold_factor: a number `f` (the tuple `(0, f)`) or a tuple, in [0, 1].
        value_range: the `(low, high)` range of the input pixels.
        seed: an integer seed for reproducible draws.
    """

    _VALUE_RANGE_AS_LIST = True

    def __init__(
        self,
        addition_factor=0.0,
        threshold_factor=0.0,
        value_range=(0, 255),
        seed=None,
        **kwargs,
    ):
        super().__init__(value_range=value_range, seed=seed, **kwargs)
        self.addition_factor = check_range(addition_factor, "addition_factor", 0, 1)
        self.threshold_factor = check_range(
            threshold_factor, "threshold_factor", 0, 1
        )

    def draw(self, images):
        return {
            "additions": self.uniform(images, *self.addition_factor),
            "thresholds": self.uniform(images, *self.threshold_factor),
        }

    def apply(self, images, transformation):
        scaled = self.to_unit(images) * 255.0
        addition = per_image(transformation["additions"]) * 255.0
        scaled = ops.clip(scaled + addition, 0.0, 255.0)
        threshold = per_image(transformation["thresholds"]) * 255.0
        scaled = ops.where(scaled < threshold, scaled, 255.0 - scaled)
        return self.from_unit(scaled / 255.0)

    def get_config(self):
        config = super().get_config()
        config.update(
            value_range=self.value_range,
            addition_factor=self.addition_factor,
            threshold_factor=self.threshold_factor,
            seed=self.seed,
        )
        return config
