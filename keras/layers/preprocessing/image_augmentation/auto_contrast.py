"""AutoContrast: stretch each channel of each image to the full value range."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer


class AutoContrast(AugmentationLayer):
    """Rescales each channel of each image so its minimum maps to `low` and its
    maximum to `high`; a constant channel is left as it is. Deterministic, and
    applied in training and inference alike.

    Args:
        value_range: the `(low, high)` range of the input (and output) pixels.
    """

    _APPLIES_AT_INFERENCE = True
    _VALUE_RANGE_AS_LIST = True
    _RANDOM = False

    def __init__(self, value_range=(0, 255), **kwargs):
        super().__init__(value_range=value_range, **kwargs)

    def apply(self, images, transformation):
        low, high = self.value_range
        lowest = ops.min(images, axis=(1, 2), keepdims=True)
        highest = ops.max(images, axis=(1, 2), keepdims=True)
        spread = highest - lowest
        flat = spread <= 0
        scale = (high - low) / ops.where(flat, 1.0, spread)
        stretched = (images - lowest) * scale + low
        return ops.where(flat, images, stretched)

    def get_config(self):
        config = super().get_config()
        config.update(value_range=self.value_range)
        return config
