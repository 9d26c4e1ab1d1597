"""CutMix: paste a box of another image of the batch into each image."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation._base import check_range
from keras.layers.preprocessing.image_augmentation._base import per_image
from keras.layers.preprocessing.image_augmentation._mixing import MixingLayer


class CutMix(MixingLayer):
    """Replaces a random box of each image by the same box of another image.

    Per call, `a` is drawn uniformly in `factor`; per image, a weight `w` from
    Beta(a, a) and a partner from a random permutation of the batch. A box of
    sides `sqrt(1 - w)` times the image's, centred at a random pixel and clipped to
    the image, is copied from the partner; labels become
    `w * y + (1 - w) * y[partner]`. Identity when not training. Bounding boxes are
    not supported.

    Args:
        factor: a number `f` (the tuple `(0, f)`) or a tuple `(lower, upper)`, in
            `[0, 1]`: the range of the Beta concentration.
        seed: an integer seed for reproducible draws.
        data_format: "channels_last" or "channels_first".
    """

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = check_range(factor, "factor", 0, 1)

    def draw(self, images):
        batch = self.batch_size(images)
        # A zero concentration has no Beta distribution: keep it just above 0.
        alpha = ops.maximum(self.uniform(images, *self.factor)[0], 1e-3)
        weight = random.beta(
            (batch,), alpha, alpha, dtype=self.compute_dtype, seed=self.generator
        )
        height = ops.cast(ops.shape(images)[1], self.compute_dtype)
        width = ops.cast(ops.shape(images)[2], self.compute_dtype)
        side = ops.sqrt(1.0 - weight)
        centre_y = ops.floor(self.uniform(images, 0.0, 1.0) * height)
        centre_x = ops.floor(self.uniform(images, 0.0, 1.0) * width)
        half_h = ops.floor(side * height / 2.0)
        half_w = ops.floor(side * width / 2.0)
        return {
            "mix_weight": weight,
            "permutation_order": self.permutation(images),
            "top": ops.clip(centre_y - half_h, 0.0, height),
            "bottom": ops.clip(centre_y + half_h, 0.0, height),
            "left": ops.clip(centre_x - half_w, 0.0, width),
            "right": ops.clip(centre_x + half_w, 0.0, width),
        }

    def _box(self, images, transformation):
        shape = ops.shape(images)
        y = ops.reshape(ops.arange(shape[1], dtype=images.dtype), (1, -1, 1, 1))
        x = ops.reshape(ops.arange(shape[2], dtype=images.dtype), (1, 1, -1, 1))
        return (
            (y >= per_image(transformation["top"]))
            & (y < per_image(transformation["bottom"]))
            & (x >= per_image(transformation["left"]))
            & (x < per_image(transformation["right"]))
        )

    def apply(self, images, transformation):
        partners = self.partners(images, transformation)
        return ops.where(self._box(images, transformation), partners, images)

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return self.transform_images(segmentation_masks, transformation, training)

    def get_config(self):
        config = super().get_config()
        config.update(factor=self.factor, seed=self.seed)
        return config
