"""Resizing: resizes images (optionally cropping or padding to the target aspect
ratio), with their boxes and segmentation masks."""

from keras import ops
from keras.layers.preprocessing.image_preprocessing import _geometry
from keras.layers.preprocessing.image_preprocessing.bounding_boxes import converters
from keras.layers.preprocessing.image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")


def resize_plan(in_height, in_width, height, width, crop, pad):
    """(top, left, region_height, region_width) of the input region that fills the
    output: a centred crop, a centred pad (negative top/left) or the whole image.
    Mirrors `keras.ops.image.resize`, so boxes land where their pixels do."""
    if crop:
        region_h = max(min(in_height, int(in_width * height / width)), 1)
        region_w = max(min(in_width, int(in_height * width / height)), 1)
        return (
            int((in_height - region_h) / 2),
            int((in_width - region_w) / 2),
            region_h,
            region_w,
        )
    if pad:
        region_h = max(in_height, int(in_width * height / width))
        region_w = max(in_width, int(in_height * width / height))
        return (
            -int((region_h - in_height) / 2),
            -int((region_w - in_width) / 2),
            region_h,
            region_w,
        )
    return 0, 0, in_height, in_width


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`.

    Args:
        height, width: the output size.
        interpolation: "bilinear", "nearest", "bicubic", "lanczos3", "lanczos5" or
            "area".
        crop_to_aspect_ratio: crop the largest centred region of the target aspect
            ratio before resizing (no distortion).
        pad_to_aspect_ratio: pad the image, centred, to the target aspect ratio
            before resizing (no distortion); pads with `fill_value`.
        fill_mode: how padding is filled; only "constant".
        fill_value: the padding value.
        antialias: low-pass filter when down-sampling.
        data_format: "channels_last" or "channels_first".
        **kwargs: base layer arguments (`bounding_box_format`, `name`...).

    >>> keras.layers.Resizing(2, 3)(np.zeros((1, 4, 6, 3))).shape
    (1, 2, 3, 3)
    """

    def __init__(
        self,
        height,
        width,
        interpolation="bilinear",
        crop_to_aspect_ratio=False,
        pad_to_aspect_ratio=False,
        fill_mode="constant",
        fill_value=0.0,
        antialias=False,
        data_format=None,
        **kwargs,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.height = _geometry.check_size("Resizing", "height", height)
        self.width = _geometry.check_size("Resizing", "width", width)
        self.interpolation = _geometry.check_choice(
            "Resizing", "interpolation", interpolation, INTERPOLATIONS
        )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Resizing: only one of `crop_to_aspect_ratio` and "
                "`pad_to_aspect_ratio` may be True; received both True."
            )
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = _geometry.check_choice(
            "Resizing", "fill_mode", fill_mode, ("constant",)
        )
        self.fill_value = fill_value
        self.antialias = antialias

    def get_random_transformation(self, data, training=True, seed=None):
        height, width = _geometry.height_width(data["images"], self.data_format)
        return {"height": height, "width": width}

    def _resize(self, images, interpolation):
        images = ops.convert_to_tensor(images)
        dtype = ops.dtype(images)
        if not dtype.startswith("float"):
            images = ops.cast(images, self.compute_dtype)
        out = ops.image.resize(
            images,
            (self.height, self.width),
            interpolation=interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        # Integer inputs come back integer only for nearest, which copies values.
        if not dtype.startswith("float") and interpolation == "nearest":
            out = ops.cast(out, dtype)
        return out

    def transform_images(self, images, transformation, training=True):
        return self._resize(images, self.interpolation)

    def transform_segmentation_masks(
        self, segmentation_masks, transformation, training=True
    ):
        return self._resize(segmentation_masks, "nearest")

    def transform_bounding_boxes(self, bounding_boxes, transformation, training=True):
        in_h, in_w = transformation["height"], transformation["width"]
        top, left, region_h, region_w = resize_plan(
            in_h, in_w, self.height, self.width,
            self.crop_to_aspect_ratio, self.pad_to_aspect_ratio,
        )
        boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
        x1, y1, x2, y2 = ops.unstack(
            _geometry.boxes_to_xyxy(self, boxes, in_h, in_w), axis=-1
        )
        sx, sy = self.width / region_w, self.height / region_h
        moved = ops.stack(
            [(x1 - left) * sx, (y1 - top) * sy, (x2 - left) * sx, (y2 - top) * sy],
            axis=-1,
        )
        out = dict(bounding_boxes)
        out["boxes"] = moved
        if self.crop_to_aspect_ratio:
            # Boxes partly outside the crop are cut at its edge.
            out = converters.clip_to_image_size(out, self.height, self.width, "xyxy")
        out["boxes"] = _geometry.boxes_from_xyxy(
            self, out["boxes"], self.height, self.width, ops.dtype(boxes)
        )
        return out

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        axes = (-3, -2) if self.data_format == "channels_last" else (-2, -1)
        shape[axes[0]], shape[axes[1]] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "height": self.height,
                "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "antialias": self.antialias,
            }
        )
        return config
