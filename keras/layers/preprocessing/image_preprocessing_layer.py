"""The base of the image preprocessing and augmentation layers.

A layer takes either a batch of images (rank 4, or rank 3 for one image) or a dict with
`"images"` and any of `"labels"`, `"bounding_boxes"` (a dict with `"boxes"` and
`"labels"`) and `"segmentation_masks"`. It draws one random transformation per call
(`get_random_transformation`) and applies that same transformation to every part
(`transform_images`, `transform_labels`, `transform_bounding_boxes`,
`transform_segmentation_masks`), so a flipped image keeps matching its boxes and mask.
Subclasses write these hooks against `keras.ops`; through TFDataLayer they also run in a
`tf.data` pipeline whatever the backend.
"""

from keras import ops
from keras.backends.common import config
from keras.layers.preprocessing.tf_data_layer import TFDataLayer

_PARTS = ("images", "labels", "bounding_boxes", "segmentation_masks")


def standardize_data_format(data_format):
    """`data_format` or, when None, the global image data format; checked."""
    value = config.image_data_format() if data_format is None else data_format
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'; received "
            f"data_format={data_format!r}."
        )
    return value


class BaseImagePreprocessingLayer(TFDataLayer):
    """A layer that transforms images, and the labels, boxes and masks that go with
    them, by one (random) transformation per call.

    Args:
        factor: the strength of the augmentation, a number `f` (the range
            `[-f, f]`, or `[0, f]` where the class sets `_FACTOR_BOUNDS` from 0) or a
            tuple `(lower, upper)`; checked against `_FACTOR_BOUNDS`. Layers without a
            factor leave it None.
        bounding_box_format: the format of `data["bounding_boxes"]["boxes"]` (see
            `keras.utils.bounding_boxes`), needed only by layers that move boxes.
        data_format: "channels_last" or "channels_first"; defaults to the global
            image data format.
    """

    # (min, max) a factor may take; subclasses with a factor override it.
    _FACTOR_BOUNDS = (-1, 1)
    # Whether a single number f means [-f, f] (True) or [0, f] (False).
    _SYMMETRIC_FACTOR = True
    # Whether inputs with bounding boxes need `bounding_box_format` (False for layers
    # that never read box coordinates).
    _NEEDS_BOUNDING_BOX_FORMAT = True

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = standardize_data_format(data_format)
        if factor is not None:
            self._set_factor(factor)

    def _set_factor(self, factor):
        low_bound, high_bound = self._FACTOR_BOUNDS
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(
                    f"{type(self).__name__}: `factor` must be a number or a tuple of "
                    f"two numbers; received factor={factor!r}."
                )
            lower, upper = float(factor[0]), float(factor[1])
        elif isinstance(factor, (int, float)):
            upper = float(factor)
            lower = -upper if self._SYMMETRIC_FACTOR else 0.0
            if self._SYMMETRIC_FACTOR:
                lower, upper = min(lower, upper), max(lower, upper)
        else:
            raise ValueError(
                f"{type(self).__name__}: `factor` must be a number or a tuple of two "
                f"numbers; received factor={factor!r}."
            )
        if lower > upper or lower < low_bound or upper > high_bound:
            raise ValueError(
                f"{type(self).__name__}: `factor` must lie in [{low_bound}, "
                f"{high_bound}] with lower <= upper; received factor={factor!r}."
            )
        self.factor = (lower, upper)

    # The hooks a subclass writes.
    def get_random_transformation(self, data, training=True, seed=None):
        """The transformation for this call (None: the identity)."""
        return None

    def transform_images(self, images, transformation, training=True):
        raise NotImplementedError(
            f"{type(self).__name__} does not implement `transform_images`."
        )

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        raise NotImplementedError(
            f"{type(self).__name__} does not transform bounding boxes."
        )

    def transform_segmentation_masks(self, segmentation_masks, transformation, training=True):
        raise NotImplementedError(
            f"{type(self).__name__} does not transform segmentation masks."
        )

    # Shapes.
    def _is_batched(self, images):
        rank = len(images.shape)
        if rank not in (3, 4):
            raise ValueError(
                f"{type(self).__name__}: images must have rank 3 (one image) or 4 (a "
                f"batch); received shape {tuple(images.shape)}."
            )
        return rank == 4

    def call(self, data, training=True):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(_PARTS))
            if "images" not in data or unknown:
                raise ValueError(
                    f"{type(self).__name__}: a dict input needs 'images' and may hold "
                    f"{list(_PARTS[1:])}; received keys {sorted(data)}."
                )
            images = data["images"]
            batched = self._is_batched(images)
            parts = dict(data)
            if not batched:
                parts = _expand(parts)
            transformation = self.get_random_transformation(parts, training=training)
            out = {"images": self.transform_images(parts["images"], transformation, training=training)}
            if "labels" in parts:
                out["labels"] = self.transform_labels(parts["labels"], transformation, training=training)
            if "bounding_boxes" in parts:
                if self.bounding_box_format is None and self._NEEDS_BOUNDING_BOX_FORMAT:
                    raise ValueError(
                        f"{type(self).__name__}: inputs with 'bounding_boxes' need the "
                        "`bounding_box_format` argument (e.g. 'xyxy')."
                    )
                out["bounding_boxes"] = self.transform_bounding_boxes(
                    parts["bounding_boxes"], transformation, training=training
                )
            if "segmentation_masks" in parts:
                out["segmentation_masks"] = self.transform_segmentation_masks(
                    parts["segmentation_masks"], transformation, training=training
                )
            return out if batched else _squeeze(out)
        batched = self._is_batched(data)
        images = data if batched else ops.expand_dims(data, 0)
        transformation = self.get_random_transformation({"images": images}, training=training)
        out = self.transform_images(images, transformation, training=training)
        return out if batched else ops.squeeze(out, 0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config


def _expand(parts):
    out = {}
    for key, value in parts.items():
        if key == "bounding_boxes":
            out[key] = {k: ops.expand_dims(v, 0) for k, v in value.items()}
        elif key == "labels" and len(value.shape) == 0:
            out[key] = value
        else:
            out[key] = ops.expand_dims(value, 0)
    return out


def _squeeze(parts):
    out = {}
    for key, value in parts.items():
        if key == "bounding_boxes":
            out[key] = {k: ops.squeeze(v, 0) for k, v in value.items()}
        elif key == "labels" and len(value.shape) == 0:
            out[key] = value
        else:
            out[key] = ops.squeeze(value, 0)
    return out
