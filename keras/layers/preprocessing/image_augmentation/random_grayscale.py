"""RandomGrayscale: turn images to grayscale (kept with 3 channels) at random."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import grayscale
from keras.layers.preprocessing.image_augmentation._base import per_image


class RandomGrayscale(AugmentationLayer):
    """Converts each RGB image to grayscale with probability `factor`.

    The gray value (luma 0.2989 R + 0.5870 G + 0.1140 B) is repeated over the three
    channels, so the shape does not change. Identity when not training.

    Args:
        factor: the probability, in `[0, 1]`, that an image becomes gray.
        data_format: "channels_last" or "channels_first".
        seed: an integer seed for reproducible draws.
    """

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if (
            not isinstance(factor, (int, float))
            or isinstance(factor, bool)
            or not 0 <= factor <= 1
        ):
            raise ValueError(
                "`factor` must be a probability, a number in [0, 1]; received "
                f"factor={factor!r}."
            )
        self.factor = factor

    def draw(self, images):
        return {"apply": self.coin(images, self.factor)}

    def apply(self, images, transformation):
        # Broadcast by addition: the batch size may be unknown inside tf.data.
        gray = grayscale(images) + ops.zeros_like(images)
        return ops.where(per_image(transformation["apply"]), gray, images)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor)
        return config
