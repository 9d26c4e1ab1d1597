"""`keras.visualization.draw_bounding_boxes`: boxes (and class names) drawn on images.

Drawn with NumPy (the box outlines) and Pillow (the class names): Keras 3 draws with
OpenCV, which this project does not depend on. Box outlines of thickness 1 and 2 match
Keras's pixel for pixel; the class names use Pillow's font, not OpenCV's Hershey font,
and sit near the box's top-left corner, so their pixels differ.
"""

import numpy as np

from keras.visualization import image_arrays


def _xyxy_boxes(boxes, bounding_box_format, height, width):
    from keras import ops
    from keras.layers.preprocessing.image_preprocessing.bounding_boxes import (
        converters,
    )

    converted = converters.convert_format(
        boxes.astype("float32"),
        source=bounding_box_format,
        target="xyxy",
        height=height,
        width=width,
    )
    return np.asarray(ops.convert_to_numpy(converted))


def _paint(image, top, bottom, left, right, color):
    height, width = image.shape[:2]
    top, left = max(top, 0), max(left, 0)
    bottom, right = min(bottom, height - 1), min(right, width - 1)
    if top <= bottom and left <= right:
        image[top : bottom + 1, left : right + 1] = color


def draw_box(image, box, color, thickness):
    """Draws the outline of `box` (x1, y1, x2, y2 in pixels) on `image` in place:
    bands of `thickness` pixels (an odd width around each edge for even ones) joined
    by round corners, as OpenCV draws them."""
    x1, y1, x2, y2 = (int(value) for value in box)
    half = thickness // 2
    _paint(image, y1 - half, y1 + half, x1, x2, color)
    _paint(image, y2 - half, y2 + half, x1, x2, color)
    _paint(image, y1, y2, x1 - half, x1 + half, color)
    _paint(image, y1, y2, x2 - half, x2 + half, color)
    height, width = image.shape[:2]
    offsets = range(-half, half + 1)
    disc = [
        (dy, dx) for dy in offsets for dx in offsets if dy * dy + dx * dx <= half * half
    ]
    for corner_x in (x1, x2):
        for corner_y in (y1, y2):
            for dy, dx in disc:
                y, x = corner_y + dy, corner_x + dx
                if 0 <= y < height and 0 <= x < width:
                    image[y, x] = color


def draw_text(image, text, x, y, color, font_scale, text_thickness):
    """Draws `text` on `image` in place, its top-left corner at (x, y) if it fits
    above that point, else just below it."""
    from PIL import Image
    from PIL import ImageDraw
    from PIL import ImageFont

    canvas = Image.fromarray(image)
    draw = ImageDraw.Draw(canvas)
    size = max(1, int(round(22 * font_scale)))
    try:
        font = ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap font size.
        font = ImageFont.load_default()
    stroke = max(0, int(text_thickness) - 1)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, stroke_width=stroke)
    text_height = bottom - top
    origin_y = y - text_height - top if y - text_height >= 0 else y - top
    draw.text(
        (x - left, origin_y),
        text,
        fill=tuple(int(c) for c in color),
        font=font,
        stroke_width=stroke,
        stroke_fill=tuple(int(c) for c in color),
    )
    image[...] = np.asarray(canvas)


def draw_bounding_boxes(
    images,
    bounding_boxes,
    bounding_box_format,
    class_mapping=None,
    color=(128, 128, 128),
    line_thickness=2,
    text_thickness=1,
    font_scale=1.0,
    data_format=None,
):
    """Draws bounding boxes, and their class names, on a batch of images.

    Args:
        images: a batch of images, shape `(batch, height, width, 3)` (or channels
            first), values in 0-255.
        bounding_boxes: a dict with `"boxes"`, shape `(batch, num_boxes, 4)`, and
            `"labels"`, shape `(batch, num_boxes)`; boxes labelled -1 are padding
            and are not drawn. An optional `"confidences"` entry (same shape as the
            labels) is shown after the class name.
        bounding_box_format: the format of the boxes (`"xyxy"`, `"xywh"`,
            `"center_xywh"`, `"yxyx"`, `"rel_xyxy"`...).
        class_mapping: optional dict `label -> class name`; when given, each box is
            captioned with its class name.
        color: the RGB color of boxes and captions.
        line_thickness: the width of box outlines, in pixels.
        text_thickness: the stroke width of captions.
        font_scale: the size of captions (1.0: about 22 pixels high).
        data_format: `"channels_last"` or `"channels_first"` for `images`; defaults
            to `keras.config.image_data_format()`.

    Returns:
        A uint8 NumPy array of shape `(batch, height, width, 3)`, channels last.
    """
    caller = "draw_bounding_boxes"
    images = image_arrays.batched_images(images, data_format, caller)
    if not isinstance(bounding_boxes, dict) or not {"boxes", "labels"} <= set(
        bounding_boxes
    ):
        raise ValueError(
            f"{caller}: `bounding_boxes` must be a dict with the keys 'boxes' and "
            f"'labels'; received bounding_boxes={bounding_boxes!r}."
        )
    height, width = images.shape[1:3]
    boxes = image_arrays.to_numpy(bounding_boxes["boxes"])
    labels = image_arrays.to_numpy(bounding_boxes["labels"]).astype("int64")
    confidences = image_arrays.to_numpy(bounding_boxes.get("confidences"))
    if boxes.ndim != 3 or boxes.shape[-1] != 4 or labels.shape != boxes.shape[:2]:
        raise ValueError(
            f"{caller}: `bounding_boxes['boxes']` must have shape (batch, num_boxes, 4) "
            "and `bounding_boxes['labels']` shape (batch, num_boxes); received "
            f"{boxes.shape} and {labels.shape}."
        )
    boxes = _xyxy_boxes(boxes, bounding_box_format, height, width)
    color = np.asarray(color, dtype="uint8")
    result = np.ascontiguousarray(np.clip(images, 0, 255).astype("uint8"))
    for index in range(result.shape[0]):
        image = result[index]
        for box_index, (box, label) in enumerate(zip(boxes[index], labels[index])):
            if label == -1:
                continue
            draw_box(image, box, color, int(line_thickness))
            if class_mapping is None:
                continue
            text = str(class_mapping.get(int(label), label))
            if confidences is not None:
                text += f" | {float(confidences[index][box_index]):.2f}"
            x1, y1 = int(box[0]), int(box[1])
            draw_text(image, text, x1, y1, color, font_scale, text_thickness)
    return result
