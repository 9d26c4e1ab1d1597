"""The shared part of MixUp and CutMix: a batch permutation and label mixing."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_augmentation._base import AugmentationLayer


def _broadcast_over(values, tensor):
    """(batch,) -> (batch, 1, ..., 1), of the rank of `tensor`."""
    return ops.reshape(values, (-1,) + (1,) * (len(tensor.shape) - 1))


class MixingLayer(AugmentationLayer):
    """Mixes each sample with another sample of the same batch (a random
    permutation); labels become `w * y + (1 - w) * y[permutation]`, `w` the
    per-sample `mix_weight` of the transformation."""

    def permutation(self, images):
        return random.shuffle(
            ops.arange(self.batch_size(images), dtype="int32"), seed=self.generator
        )

    def partners(self, tensor, transformation):
        return ops.take(tensor, transformation["permutation_order"], axis=0)

    def transform_labels(self, labels, transformation, training=True):
        if transformation is None:
            return labels
        labels = ops.cast(labels, self.compute_dtype)
        weight = _broadcast_over(transformation["mix_weight"], labels)
        return weight * labels + (1.0 - weight) * self.partners(labels, transformation)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        raise NotImplementedError(
            f"{type(self).__name__} does not mix bounding boxes yet."
        )
