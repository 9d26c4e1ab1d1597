"""MixUp: blend each image (and its label) with another image of the batch."""

from keras import random
from keras.layers.preprocessing.image_augmentation._base import per_image
from keras.layers.preprocessing.image_augmentation._mixing import MixingLayer


class MixUp(MixingLayer):
    """Blends each sample with another sample of the batch.

    Per image, a weight `w` is drawn from Beta(alpha, alpha) and a partner from a
    random permutation of the batch; images (and segmentation masks) become
    `w * x + (1 - w) * x[partner]`, and labels likewise. Identity when not
    training. Bounding boxes are not supported.

    Args:
        alpha: the concentration of the Beta distribution, a positive number (small
            values keep most samples nearly unmixed).
        data_format: "channels_last" or "channels_first".
        seed: an integer seed for reproducible draws.
    """

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if (
            not isinstance(alpha, (int, float))
            or isinstance(alpha, bool)
            or alpha <= 0
        ):
            raise ValueError(
                f"`alpha` must be a positive number; received alpha={alpha!r}."
            )
        self.alpha = alpha

    def draw(self, images):
        weight = random.beta(
            (self.batch_size(images),),
            self.alpha,
            self.alpha,
            dtype=self.compute_dtype,
            seed=self.generator,
        )
        return {"mix_weight": weight, "permutation_order": self.permutation(images)}

    def apply(self, images, transformation):
        weight = per_image(transformation["mix_weight"])
        return weight * images + (1.0 - weight) * self.partners(images, transformation)

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return self.transform_images(segmentation_masks, transformation, training)

    def get_config(self):
        config = super().get_config()
        config.update(alpha=self.alpha, seed=self.seed)
        return config
