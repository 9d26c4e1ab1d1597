"""RandomHue: rotate the HSV hue of each image by a random amount."""

from keras import ops
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image


def adjust_hue(layer, images, shift):
    """Hue plus `shift` (in turns), modulo one turn, per image."""
    hsv = ops.image.rgb_to_hsv(layer.to_unit(images), data_format="channels_last")
    hue, saturation, value = ops.split(hsv, 3, axis=-1)
    hue = ops.mod(hue + per_image(shift), 1.0)
    rgb = ops.image.hsv_to_rgb(
        ops.concatenate([hue, saturation, value], axis=-1),
        data_format="channels_last",
    )
    return layer.clip(layer.from_unit(rgb))


def draw_hue_shift(layer, images, factor):
    """Half of a uniform draw in `factor`, with a random sign, per image."""
    amount = layer.uniform(images, *factor) * 0.5
    sign = ops.where(layer.coin(images, 0.5), 1.0, -1.0)
    return amount * ops.cast(sign, amount.dtype)


class RandomHue(AugmentationLayer):
    """Shifts each RGB image's hue by a random amount.

    Per image, `f` is drawn uniformly in `factor` and the hue (in turns, [0, 1))
    moves by `f / 2` in a random direction: `factor=1` can reach the opposite hue.
    Identity when not training.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`.
        value_range: the `(low, high)` range of the input pixels.
        data_format: "channels_last" or "channels_first".
        seed: an integer seed for reproducible draws.
    """

    def __init__(
        self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs
    ):
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_range(factor, "factor", 0, 1)

    def draw(self, images):
        return {"factor": draw_hue_shift(self, images, self.factor)}

    def apply(self, images, transformation):
        return adjust_hue(self, images, transformation["factor"])

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, value_range=self.value_range, seed=self.seed)
        return config
