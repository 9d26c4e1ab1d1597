"""CenterCrop: crops the centre of each image (resizing images smaller than the
target), with boxes and segmentation masks."""

from keras import ops
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing.bounding_boxes import converters
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)


def crop_window(images, top, left, height, width, data_format):
    """The `height` x `width` window at (`top`, `left`); offsets may be tensors."""
    h_axis, w_axis = (1, 2) if data_format == "channels_last" else (2, 3)
    rows = ops.arange(height, dtype="int32") + ops.cast(top, "int32")
    columns = ops.arange(width, dtype="int32") + ops.cast(left, "int32")
    return ops.take(ops.take(images, rows, axis=h_axis), columns, axis=w_axis)


def fits(in_height, in_width, height, width):
    """Whether a window of the target size fits in the image (else it is resized)."""
    return in_height >= height and in_width >= width


def resize_to(images, height, width, interpolation, data_format):
    """Images smaller than the target: the largest centred region of the target
    aspect ratio, resized to it."""
    images = ops.convert_to_tensor(images)
    dtype = ops.dtype(images)
    if not dtype.startswith("float"):
        images = ops.cast(images, "float32")
    out = ops.image.resize(
        images,
        (height, width),
        interpolation=interpolation,
        crop_to_aspect_ratio=True,
        data_format=data_format,
    )
    return ops.cast(out, dtype) if ops.dtype(out) != dtype else out


def crop_boxes(layer, bounding_boxes, top, left, in_height, in_width):
    """Boxes of an image cropped at (`top`, `left`) to the layer's size, or resized
    to it when the image is smaller."""
    height, width = layer.height, layer.width
    boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
    xyxy = _geometry.boxes_to_xyxy(layer, boxes, in_height, in_width)
    x1, y1, x2, y2 = ops.unstack(xyxy, axis=-1)
    if fits(in_height, in_width, height, width):
        top = ops.cast(top, ops.dtype(xyxy))
        left = ops.cast(left, ops.dtype(xyxy))
        sx = sy = 1.0
    else:
        region_h = max(min(in_height, int(in_width * height / width)), 1)
        region_w = max(min(in_width, int(in_height * width / height)), 1)
        top = int((in_height - region_h) / 2)
        left = int((in_width - region_w) / 2)
        sx, sy = width / region_w, height / region_h
    moved = ops.stack(
        [(x1 - left) * sx, (y1 - top) * sy, (x2 - left) * sx, (y2 - top) * sy], axis=-1
    )
    out = dict(bounding_boxes)
    out["boxes"] = moved
    out = converters.clip_to_image_size(out, height, width, "xyxy")
    out["boxes"] = _geometry.boxes_from_xyxy(
        layer, out["boxes"], height, width, ops.dtype(boxes)
    )
    return out


def static_height_width(layer, images):
    height, width = _geometry.height_width(images, layer.data_format)
    if not isinstance(height, int) or not isinstance(width, int):
        raise ValueError(
            f"{type(layer).__name__} needs the image height and width known; "
            f"received shape {tuple(images.shape)}."
        )
    return height, width


def output_shape(layer, input_shape):
    shape = list(input_shape)
    axes = (-3, -2) if layer.data_format == "channels_last" else (-2, -1)
    shape[axes[0]], shape[axes[1]] = layer.height, layer.width
    return tuple(shape)


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the central `height` x `width` window of each image.

    An image smaller than the target along either axis is instead resized to it,
    after cropping the largest centred region of the target aspect ratio.

    Args:
        height, width: the output size.
        data_format: "channels_last" or "channels_first".
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> keras.layers.CenterCrop(2, 2)(np.zeros((1, 4, 6, 3))).shape
    (1, 2, 2, 3)
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = _geometry.check_size("CenterCrop", "height", height)
        self.width = _geometry.check_size("CenterCrop", "width", width)

    def get_random_transformation(self, data, training=True, seed=None):
        in_h, in_w = static_height_width(self, data["images"])
        return {
            "top": (in_h - self.height) // 2,
            "left": (in_w - self.width) // 2,
            "height": in_h,
            "width": in_w,
        }

    def _apply(self, images, transformation, interpolation):
        in_h, in_w = transformation["height"], transformation["width"]
        if fits(in_h, in_w, self.height, self.width):
            return crop_window(
                ops.convert_to_tensor(images),
                transformation["top"],
                transformation["left"],
                self.height,
                self.width,
                self.data_format,
            )
        return resize_to(
            images, self.height, self.width, interpolation, self.data_format
        )

    def transform_images(self, images, transformation, training=True):
        return self._apply(images, transformation, "bilinear")

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return self._apply(segmentation_masks, transformation, "nearest")

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        return crop_boxes(
            self,
            bounding_boxes,
            transformation["top"],
            transformation["left"],
            transformation["height"],
            transformation["width"],
        )

    def compute_output_shape(self, input_shape):
        return output_shape(self, input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
