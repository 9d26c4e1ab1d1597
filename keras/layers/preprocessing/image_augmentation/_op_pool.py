"""The pool of image operations that AugMix and RandAugment draw from.

Each operation is one of our own preprocessing layers, built at a strength set by a
single `factor` range; the composite layers call the layer's own
`get_random_transformation` and `transform_images`, so no transform is written twice.
"""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import check_value_range
from keras.layers.preprocessing.image_augmentation.auto_contrast import AutoContrast
from keras.layers.preprocessing.image_augmentation.equalization import Equalization
from keras.layers.preprocessing.image_augmentation.random_brightness import (
    RandomBrightness,
)
from keras.layers.preprocessing.image_augmentation.random_color_degeneration import (
    RandomColorDegeneration,
)
from keras.layers.preprocessing.image_augmentation.random_contrast import (
    RandomContrast,
)
from keras.layers.preprocessing.image_augmentation.random_posterization import (
    RandomPosterization,
)
from keras.layers.preprocessing.image_augmentation.random_sharpness import (
    RandomSharpness,
)
from keras.layers.preprocessing.image_augmentation.solarization import Solarization
from keras.layers.preprocessing.image_preprocessing.random_rotation import (
    RandomRotation,
)
from keras.layers.preprocessing.image_preprocessing.random_shear import RandomShear
from keras.layers.preprocessing.image_preprocessing.random_translation import (
    RandomTranslation,
)

# The operations that change colours only (AugMix leaves them out when
# `all_ops=False`, as they overlap the usual test-set corruptions).
COLOR_OPS = (
    "random_brightness",
    "random_color_degeneration",
    "random_contrast",
    "random_sharpness",
)


def check_factor(factor):
    """`factor` as a `(lower, upper)` pair in [0, 1]; a number `f` means `(0, f)`."""
    return check_range(factor, "factor", 0, 1)


def check_count(value, name, minimum=1):
    """`value` as an integer of at least `minimum`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(
            f"`{name}` must be an integer >= {minimum}; received {name}={value!r}."
        )
    return value


def build_op(name, factor, value_range, interpolation, seed):
    """One pool operation by name, at strength `factor`, on channels-last images."""
    common = {"data_format": "channels_last"}
    if name == "random_shear":
        return RandomShear(
            x_factor=factor,
            y_factor=factor,
            interpolation=interpolation,
            seed=seed,
            **common,
        )
    if name == "random_translation":
        return RandomTranslation(
            height_factor=factor,
            width_factor=factor,
            interpolation=interpolation,
            seed=seed,
            **common,
        )
    if name == "random_rotation":
        return RandomRotation(
            factor=factor, interpolation=interpolation, seed=seed, **common
        )
    if name == "solarization":
        return Solarization(
            addition_factor=factor,
            threshold_factor=factor,
            value_range=value_range,
            seed=seed,
        )
    if name == "random_posterization":
        # The bit depth grows with the strength: 8 bits at factor 1, at least 1.
        bits = max(1, int(factor[1] * 8))
        return RandomPosterization(
            factor=(1, bits), value_range=value_range, seed=seed, **common
        )
    if name == "auto_contrast":
        return AutoContrast(value_range=value_range)
    if name == "equalization":
        return Equalization(value_range=value_range, **common)
    if name == "random_brightness":
        return RandomBrightness(factor=factor, value_range=value_range, seed=seed)
    if name == "random_color_degeneration":
        return RandomColorDegeneration(
            factor=factor, value_range=value_range, seed=seed, **common
        )
    if name == "random_contrast":
        return RandomContrast(factor=factor, value_range=value_range, seed=seed)
    if name == "random_sharpness":
        return RandomSharpness(
            factor=factor, value_range=value_range, seed=seed, **common
        )
    raise ValueError(f"Unknown pool operation {name!r}.")


def run_op(layer, images):
    """`layer`'s random transform of a channels-last float batch (always applied)."""
    transformation = layer.get_random_transformation(
        {"images": images}, training=True
    )
    return layer.transform_images(images, transformation, training=True)


class PoolLayer(AugmentationLayer):
    """The shared part of AugMix and RandAugment: owns the pool layers (one
    attribute each, named as in Keras) and applies a per-image random choice of
    them."""

    def __init__(
        self,
        op_names,
        value_range,
        factor,
        interpolation,
        seed=None,
        data_format=None,
        **kwargs,
    ):
        check_value_range(value_range)
        super().__init__(
            value_range=value_range, seed=seed, data_format=data_format, **kwargs
        )
        self.factor = check_factor(factor)
        self.interpolation = interpolation
        self._op_names = tuple(op_names)
        for i, name in enumerate(self._op_names):
            # Distinct seeds, so that the operations' draws are not all alike.
            op_seed = seed + i + 1 if isinstance(seed, int) else seed
            layer = build_op(name, self.factor, value_range, interpolation, op_seed)
            setattr(self, name, layer)

    def draw_choices(self, images, shape):
        """Integer indices in [0, number of ops), shape `(batch,) + shape`."""
        return random.randint(
            (self.batch_size(images),) + tuple(shape),
            0,
            len(self._op_names),
            seed=self.generator,
        )

    def choose(self, images, choice):
        """Per image, the operation `choice[b]` applied to image `b`.

        Every operation runs on the whole batch and a one-hot mask keeps the chosen
        result: the choice is a tensor, so this works the same in eager code, under
        jit and in a tf.data graph.
        """
        outputs = ops.stack(
            [run_op(getattr(self, name), images) for name in self._op_names], axis=0
        )
        mask = ops.one_hot(choice, len(self._op_names), dtype=images.dtype)
        mask = ops.reshape(ops.transpose(mask), (len(self._op_names), -1, 1, 1, 1))
        return ops.sum(outputs * mask, axis=0)

    def transform_images(self, images, transformation, training=True):
        if transformation is None:
            return images
        # Outputs are floats of the compute dtype, also for integer inputs (as in
        # Keras).
        images = ops.cast(images, self.compute_dtype)
        channels_first = self.data_format == "channels_first"
        if channels_first:
            images = ops.transpose(images, (0, 2, 3, 1))
        out = self.apply(images, transformation)
        if channels_first:
            out = ops.transpose(out, (0, 3, 1, 2))
        return out

