"""RandAugment: a random sequence of image operations at a set strength."""

from keras.layers.preprocessing.image_augmentation import _op_pool

# The operations RandAugment draws from, in Keras' order.
_OPS = (
    "random_shear",
    "random_translation",
    "random_rotation",
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
    "solarization",
    "random_posterization",
    "auto_contrast",
    "equalization",
)


class RandAugment(_op_pool.PoolLayer):
    """Applies `num_ops` randomly chosen image operations in sequence.

    Per image and per step, one operation is drawn uniformly from shear,
    translation, rotation, brightness, color degeneration, contrast, sharpness,
    solarization, posterization, auto contrast and equalization; each operation
    draws its own random strength within `factor`. Identity when not training.
    Outputs are floats in `value_range`.

    Args:
        value_range: the `(low, high)` range of the input pixels.
        num_ops: how many operations to apply in sequence, an integer >= 0.
        factor: the strength range of the operations, a number `f` (the tuple
            `(0, f)`) or a tuple `(lower, upper)` in `[0, 1]`.
        interpolation: the resampling of the geometric operations, "nearest" or
            "bilinear".
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(
        self,
        value_range=(0, 255),
        num_ops=2,
        factor=0.5,
        interpolation="bilinear",
        seed=None,
        data_format=None,
        **kwargs,
    ):
        # 0 is allowed, as in Keras: the layer is then the identity.
        _op_pool.check_count(num_ops, "num_ops", minimum=0)
        super().__init__(
            _OPS,
            value_range=value_range,
            factor=factor,
            interpolation=interpolation,
            seed=seed,
            data_format=data_format,
            **kwargs,
        )
        self.num_ops = num_ops

    def draw(self, images):
        return {"choices": self.draw_choices(images, (self.num_ops,))}

    def apply(self, images, transformation):
        choices = transformation["choices"]
        for step in range(self.num_ops):
            images = self.choose(images, choices[:, step])
        return images

    def get_config(self):
        config = super().get_config()
        # In Keras' key order.
        config.update(
            value_range=self.value_range,
            num_ops=self.num_ops,
            factor=self.factor,
            interpolation=self.interpolation,
            seed=self.seed,
        )
        return config
