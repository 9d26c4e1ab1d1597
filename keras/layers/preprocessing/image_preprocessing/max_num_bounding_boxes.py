"""MaxNumBoundingBoxes: pads or truncates the boxes of each image to a fixed count,
so that batches of images with different numbers of boxes stack."""

from keras import ops
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Gives every image exactly `max_number` boxes: extra boxes are dropped, missing
    ones are filled with `fill_value` (boxes and labels). Images and masks pass
    through.

    Args:
        max_number: the number of boxes per image, a positive int.
        fill_value: the value of padding boxes and their labels.
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> layer = keras.layers.MaxNumBoundingBoxes(3, bounding_box_format="xyxy")
    >>> out = layer({"images": np.zeros((1, 4, 4, 3)),
    ...              "bounding_boxes": {"boxes": np.zeros((1, 1, 4)),
    ...                                 "labels": np.zeros((1, 1))}})
    >>> out["bounding_boxes"]["boxes"].shape
    (1, 3, 4)
    """

    # Boxes are only padded or cut, whatever their format.
    _NEEDS_BOUNDING_BOX_FORMAT = False

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(max_number, bool) or not isinstance(max_number, int) or (
            max_number <= 0
        ):
            raise ValueError(
                "MaxNumBoundingBoxes: `max_number` must be a positive integer; "
                f"received max_number={max_number!r}."
            )
        self.max_number = max_number
        self.fill_value = fill_value

    def transform_images(self, images, transformation, training=True):
        return images

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return segmentation_masks

    def _fit(self, value, axis_size):
        # value: (batch, n, ...) -> (batch, max_number, ...).
        if axis_size >= self.max_number:
            return value[:, : self.max_number]
        padding = [[0, 0], [0, self.max_number - axis_size]] + [[0, 0]] * (
            len(value.shape) - 2
        )
        return ops.pad(value, padding, constant_values=self.fill_value)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
        count = boxes.shape[1]
        if count is None:
            raise ValueError(
                "MaxNumBoundingBoxes needs the number of boxes known; received boxes "
                f"of shape {tuple(boxes.shape)}."
            )
        out = dict(bounding_boxes)
        out["boxes"] = self._fit(boxes, count)
        if "labels" in bounding_boxes:
            labels = ops.convert_to_tensor(bounding_boxes["labels"])
            out["labels"] = self._fit(labels, count)
        return out

    def get_config(self):
        config = super().get_config()
        config["max_number"] = self.max_number
        return config
