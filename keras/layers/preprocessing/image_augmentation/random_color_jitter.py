"""RandomColorJitter: random brightness, contrast, saturation and hue, in turn."""

from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation.random_brightness import (
    RandomBrightness,
)
from keras.layers.preprocessing.image_augmentation.random_contrast import (
    RandomContrast,
)
from keras.layers.preprocessing.image_augmentation.random_hue import RandomHue
from keras.layers.preprocessing.image_augmentation.random_saturation import (
    RandomSaturation,
)


class RandomColorJitter(AugmentationLayer):
    """Applies RandomBrightness, RandomContrast, RandomSaturation and RandomHue in
    that order, each only when its factor is given. Identity when not training.

    Args:
        value_range: the `(low, high)` range of the input pixels.
        brightness_factor: the `factor` of RandomBrightness, or None.
        contrast_factor: the `factor` of RandomContrast, or None.
        saturation_factor: the `factor` of RandomSaturation, or None.
        hue_factor: the `factor` of RandomHue, or None.
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(
        self,
        value_range=(0, 255),
        brightness_factor=None,
        contrast_factor=None,
        saturation_factor=None,
        hue_factor=None,
        seed=None,
        data_format=None,
        **kwargs,
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        # The steps work on channels-last batches handed over by this layer.
        common = dict(value_range=value_range, seed=seed, data_format="channels_last")
        steps = []
        for key, factor, cls in (
            ("brightness", brightness_factor, RandomBrightness),
            ("contrast", contrast_factor, RandomContrast),
            ("saturation", saturation_factor, RandomSaturation),
            ("hue", hue_factor, RandomHue),
        ):
            if factor is not None:
                step = cls(factor=factor, **common)
                # One generator for all steps: same seed, different draws.
                step.generator = self.generator
                steps.append((key, step))
        self._steps = steps

    def draw(self, images):
        return {key: step.draw(images) for key, step in self._steps}

    def apply(self, images, transformation):
        for key, step in self._steps:
            images = step.apply(images, transformation[key])
        return images

    def get_config(self):
        config = super().get_config()
        config.update(
            value_range=self.value_range,
            brightness_factor=self.brightness_factor,
            contrast_factor=self.contrast_factor,
            saturation_factor=self.saturation_factor,
            hue_factor=self.hue_factor,
            seed=self.seed,
        )
        return config
