"""RandomFlip: flips each image horizontally and/or vertically at random."""

from keras import ops
from keras import random
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image with probability 1/2 per flipped axis, during training
    (identity otherwise); boxes and segmentation masks follow their image.

    Args:
        mode: "horizontal" (left-right), "vertical" (up-down) or
            "horizontal_and_vertical" (each axis drawn independently).
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> layer = keras.layers.RandomFlip("horizontal", seed=1)
    >>> layer(np.zeros((2, 4, 4, 3)), training=True).shape
    (2, 4, 4, 3)
    """

    def __init__(
        self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.mode = _geometry.check_choice(
            "RandomFlip", "mode", mode, (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)
        )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)


    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        images = data["images"]
        batch = _geometry.batch_size(images)
        height, width = _geometry.height_width(images, self.data_format)
        # One random call per layer call (see RandomAffineLayer.uniform).
        flips = random.uniform((2, batch), seed=self.generator) < 0.5
        return {
            "horizontal": flips[0] if self.mode != VERTICAL else None,
            "vertical": flips[1] if self.mode != HORIZONTAL else None,
            "height": height,
            "width": width,
        }

    def _flip(self, images, transformation):
        if transformation is None:
            return images
        images = ops.convert_to_tensor(images)
        h_axis, w_axis = (1, 2) if self.data_format == "channels_last" else (2, 3)
        for key, axis in (("horizontal", w_axis), ("vertical", h_axis)):
            flips = transformation[key]
            if flips is not None:
                flips = ops.reshape(flips, (-1,) + (1,) * (len(images.shape) - 1))
                images = ops.where(flips, ops.flip(images, axis=axis), images)
        return images

    def transform_images(self, images, transformation, training=True):
        return self._flip(images, transformation)

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return self._flip(segmentation_masks, transformation)

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        if transformation is None:
            return bounding_boxes
        height, width = transformation["height"], transformation["width"]
        boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
        xyxy = _geometry.boxes_to_xyxy(self, boxes, height, width)
        x1, y1, x2, y2 = ops.unstack(xyxy, axis=-1)
        if transformation["horizontal"] is not None:
            flips = ops.expand_dims(transformation["horizontal"], -1)
            x1, x2 = (
                ops.where(flips, width - x2, x1),
                ops.where(flips, width - x1, x2),
            )
        if transformation["vertical"] is not None:
            flips = ops.expand_dims(transformation["vertical"], -1)
            y1, y2 = (
                ops.where(flips, height - y2, y1),
                ops.where(flips, height - y1, y2),
            )
        out = dict(bounding_boxes)
        out["boxes"] = _geometry.boxes_from_xyxy(
            self, ops.stack([x1, y1, x2, y2], axis=-1), height, width, ops.dtype(boxes)
        )
        return out

    def get_config(self):
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
