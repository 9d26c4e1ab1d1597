"""The shared base of the color and intensity augmentation layers."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

# The luma weights of `keras.ops.image.rgb_to_grayscale`.
GRAY_WEIGHTS = (0.2989, 0.5870, 0.1140)


def check_value_range(value_range, name="value_range"):
    """`value_range` as a `(low, high)` pair of numbers with low < high."""
    if (
        not isinstance(value_range, (tuple, list))
        or len(value_range) != 2
        or not all(isinstance(v, (int, float)) for v in value_range)
        or value_range[0] >= value_range[1]
    ):
        raise ValueError(
            f"`{name}` must be a tuple or list of two numbers (low, high) with "
            f"low < high; received {name}={value_range!r}."
        )
    return value_range


def check_range(value, name, low_bound, high_bound, symmetric=False):
    """A number `v` (-> `(-v, v)` when symmetric, else `(0, v)`) or a pair, checked
    to lie in `[low_bound, high_bound]` with lower <= upper."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        lower, upper = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        lower, upper = (-value, value) if symmetric else (0, value)
        lower, upper = min(lower, upper), max(lower, upper)
    else:
        raise ValueError(
            f"`{name}` must be a number or a tuple of two numbers; received "
            f"{name}={value!r}."
        )
    if not all(isinstance(v, (int, float)) for v in (lower, upper)) or not (
        low_bound <= lower <= upper <= high_bound
    ):
        raise ValueError(
            f"`{name}` must lie in [{low_bound}, {high_bound}] with lower <= upper; "
            f"received {name}={value!r}."
        )
    return (lower, upper)


class AugmentationLayer(BaseImagePreprocessingLayer):
    """An image layer that changes pixel values only.

    Subclasses set `draw(images)` (the random parameters of one call, a dict of
    per-image tensors) and `apply(images, transformation)` (on a channels-last float
    batch). Labels, bounding boxes and segmentation masks pass through unchanged.
    """

    # Whether the layer also transforms at inference (training=False).
    _APPLIES_AT_INFERENCE = False
    # Keras 3 reports some layers' value_range as a list in get_config.
    _VALUE_RANGE_AS_LIST = False
    # Whether the layer draws random numbers (and so owns a seed generator).
    _RANDOM = True

    def __init__(self, value_range=None, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if value_range is not None:
            check_value_range(value_range)
            if self._VALUE_RANGE_AS_LIST:
                value_range = list(value_range)
        self.value_range = value_range
        self.seed = seed
        if self._RANDOM:
            self.generator = random.SeedGenerator(seed)

    def batch_size(self, images):
        return ops.shape(images)[0]

    def uniform(self, images, lower, upper):
        """One uniform draw in [lower, upper] per image, shape (batch,)."""
        return random.uniform(
            (self.batch_size(images),),
            minval=lower,
            maxval=upper,
            dtype=self.compute_dtype,
            seed=self.generator,
        )

    def coin(self, images, probability):
        """A boolean per image, True with `probability` (a number or (batch,))."""
        return self.uniform(images, 0.0, 1.0) < probability

    def draw(self, images):
        return {}

    def apply(self, images, transformation):
        raise NotImplementedError

    def get_random_transformation(self, data, training=True, seed=None):
        if not training and not self._APPLIES_AT_INFERENCE:
            return None
        return self.draw(data["images"])

    def transform_images(self, images, transformation, training=True):
        if transformation is None:
            return images
        input_dtype = images.dtype
        images = ops.cast(images, self.compute_dtype)
        channels_first = self.data_format == "channels_first"
        if channels_first:
            images = ops.transpose(images, (0, 2, 3, 1))
        out = self.apply(images, transformation)
        if channels_first:
            out = ops.transpose(out, (0, 3, 1, 2))
        if "int" in str(input_dtype):
            # Integer images (e.g. uint8) come back in their own dtype.
            out = ops.cast(ops.round(out), input_dtype)
        return out

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return bounding_boxes

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return segmentation_masks

    # Helpers on channels-last batches.
    def clip(self, images):
        low, high = self.value_range
        return ops.clip(images, low, high)

    def to_unit(self, images):
        """Images rescaled from value_range to [0, 1]."""
        low, high = self.value_range
        return (images - low) / (high - low)

    def from_unit(self, images):
        low, high = self.value_range
        return images * (high - low) + low

    def get_config(self):
        config = super().get_config()
        config.pop("bounding_box_format", None)
        return config


def per_image(values):
    """(batch,) -> (batch, 1, 1, 1), to broadcast over a channels-last batch."""
    return ops.reshape(values, (-1, 1, 1, 1))


def grayscale(images):
    """The luma of a channels-last RGB batch, shape (..., 1)."""
    weights = ops.convert_to_tensor(GRAY_WEIGHTS, dtype=images.dtype)
    return ops.sum(images * weights, axis=-1, keepdims=True)
