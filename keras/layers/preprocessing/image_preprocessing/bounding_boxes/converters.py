"""Bounding-box formats and the maps that move boxes along with their image.

Boxes are tensors whose last axis holds 4 numbers. Absolute formats are in pixels;
`rel_*` formats are fractions of the image height and width.
"""

import math

from keras import ops

FORMATS = (
    "xyxy",
    "yxyx",
    "xywh",
    "center_xywh",
    "center_yxhw",
    "rel_xyxy",
    "rel_yxyx",
    "rel_xywh",
    "rel_center_xywh",
)


def _check_format(name, value):
    if value not in FORMATS:
        raise ValueError(
            f"`{name}` must be one of {list(FORMATS)}; received {name}={value!r}."
        )


def _split(boxes):
    return [boxes[..., i] for i in range(4)]


def _to_xyxy(boxes, source, height, width):
    a, b, c, d = _split(boxes)
    relative = source.startswith("rel_")
    kind = source[4:] if relative else source
    if kind == "xyxy":
        x1, y1, x2, y2 = a, b, c, d
    elif kind == "yxyx":
        y1, x1, y2, x2 = a, b, c, d
    elif kind == "xywh":
        x1, y1, x2, y2 = a, b, a + c, b + d
    elif kind == "center_xywh":
        x1, y1, x2, y2 = a - c / 2, b - d / 2, a + c / 2, b + d / 2
    else:  # center_yxhw
        x1, y1, x2, y2 = b - d / 2, a - c / 2, b + d / 2, a + c / 2
    if relative:
        x1, x2 = x1 * width, x2 * width
        y1, y2 = y1 * height, y2 * height
    return x1, y1, x2, y2


def _from_xyxy(x1, y1, x2, y2, target, height, width):
    relative = target.startswith("rel_")
    kind = target[4:] if relative else target
    if relative:
        x1, x2 = x1 / width, x2 / width
        y1, y2 = y1 / height, y2 / height
    if kind == "xyxy":
        parts = (x1, y1, x2, y2)
    elif kind == "yxyx":
        parts = (y1, x1, y2, x2)
    elif kind == "xywh":
        parts = (x1, y1, x2 - x1, y2 - y1)
    elif kind == "center_xywh":
        parts = ((x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1)
    else:  # center_yxhw
        parts = ((y1 + y2) / 2, (x1 + x2) / 2, y2 - y1, x2 - x1)
    return ops.stack(parts, axis=-1)


def convert_format(boxes, source, target, height=None, width=None, dtype="float32"):
    """Converts boxes from the `source` format to the `target` format.

    Args:
        boxes: a tensor whose last axis has size 4.
        source: the format of `boxes` (e.g. "xyxy", "center_yxhw", "rel_xyxy").
        target: the format to return.
        height: the image height, needed when one format is relative.
        width: the image width, needed when one format is relative.
        dtype: the dtype of the result.

    Returns:
        The boxes in the `target` format, as `dtype`.
    """
    _check_format("source", source)
    _check_format("target", target)
    if boxes.shape[-1] is not None and boxes.shape[-1] != 4:
        raise ValueError(
            "`boxes` must have a last axis of size 4; received shape "
            f"{tuple(boxes.shape)}."
        )
    if (source.startswith("rel_") or target.startswith("rel_")) and (
        height is None or width is None
    ):
        raise ValueError(
            "`height` and `width` are needed to convert between relative and "
            f"absolute formats; received height={height!r}, width={width!r} for "
            f"source={source!r}, target={target!r}."
        )
    boxes = ops.cast(ops.convert_to_tensor(boxes), dtype)
    if source == target:
        return boxes
    x1, y1, x2, y2 = _to_xyxy(boxes, source, height, width)
    return ops.cast(_from_xyxy(x1, y1, x2, y2, target, height, width), dtype)


def clip_to_image_size(
    bounding_boxes, height=None, width=None, bounding_box_format="xyxy"
):
    """Clips boxes to the image; boxes left with no area get label -1.

    Args:
        bounding_boxes: a dict with "boxes" (`(..., 4)`) and "labels" (`(...)`).
        height: the image height (ignored for relative formats, clipped to [0, 1]).
        width: the image width.
        bounding_box_format: "xyxy" or "rel_xyxy".

    Returns:
        A dict with the clipped "boxes" and the updated "labels".
    """
    if bounding_box_format not in ("xyxy", "rel_xyxy"):
        raise NotImplementedError(
            "clip_to_image_size supports `bounding_box_format` 'xyxy' or "
            f"'rel_xyxy'; received bounding_box_format={bounding_box_format!r}."
        )
    boxes = ops.convert_to_tensor(bounding_boxes["boxes"])
    if bounding_box_format == "rel_xyxy":
        max_x, max_y = 1.0, 1.0
    else:
        if height is None or width is None:
            raise ValueError(
                "clip_to_image_size needs `height` and `width` for 'xyxy' boxes; "
                f"received height={height!r}, width={width!r}."
            )
        max_x, max_y = width, height
    x1, y1, x2, y2 = _split(boxes)
    x1, x2 = ops.clip(x1, 0, max_x), ops.clip(x2, 0, max_x)
    y1, y2 = ops.clip(y1, 0, max_y), ops.clip(y2, 0, max_y)
    clipped = ops.stack([x1, y1, x2, y2], axis=-1)
    out = dict(bounding_boxes)
    out["boxes"] = clipped
    if "labels" in bounding_boxes:
        labels = ops.convert_to_tensor(bounding_boxes["labels"])
        area = (x2 - x1) * (y2 - y1)
        out["labels"] = ops.where(area > 0, labels, ops.cast(-1, ops.dtype(labels)))
    return out


def _per_box(value, boxes):
    # A per-image value (shape (batch,)) broadcast over the boxes of that image.
    value = ops.cast(ops.convert_to_tensor(value), ops.dtype(boxes))
    while len(value.shape) < len(boxes.shape) - 1:
        value = ops.expand_dims(value, -1)
    return value


def affine_transform(
    boxes,
    angle,
    translate_x,
    translate_y,
    scale,
    shear_x,
    shear_y,
    height,
    width,
    center_x=None,
    center_y=None,
    bounding_box_format="xyxy",
):
    """Moves boxes by the affine map that moves their image; returns the boxes that
    enclose the moved corners.

    About the centre `(center_x, center_y)` (default `((width - 1) / 2,
    (height - 1) / 2)`) a point is sheared (`x += tan(shear_x) * dy`, then
    `y += tan(shear_y) * dx`, angles in degrees), rotated counter-clockwise on screen
    by `angle` degrees, scaled by `scale`, then translated by
    `(translate_x * (width - 1), translate_y * (height - 1))` pixels.

    Args:
        boxes: `(batch, num_boxes, 4)` boxes.
        angle, translate_x, translate_y, scale, shear_x, shear_y: `(batch,)`
            values, one per image.
        height, width: the image size.
        center_x, center_y: the centre of the rotation, scale and shear.
        bounding_box_format: "xyxy" or "rel_xyxy".

    Returns:
        The moved boxes, same format.
    """
    if bounding_box_format not in ("xyxy", "rel_xyxy"):
        raise NotImplementedError(
            "affine_transform supports `bounding_box_format` 'xyxy' or 'rel_xyxy'; "
            f"received bounding_box_format={bounding_box_format!r}."
        )
    boxes = ops.convert_to_tensor(boxes)
    if not ops.dtype(boxes).startswith("float"):
        boxes = ops.cast(boxes, "float32")
    if bounding_box_format == "rel_xyxy":
        boxes = convert_format(
            boxes, "rel_xyxy", "xyxy", height, width, ops.dtype(boxes)
        )
    cx = (width - 1) / 2 if center_x is None else center_x
    cy = (height - 1) / 2 if center_y is None else center_y
    rad = _per_box(angle, boxes) * (math.pi / 180)
    cos, sin = ops.cos(rad), ops.sin(rad)
    sx = ops.tan(_per_box(shear_x, boxes) * (math.pi / 180))
    sy = ops.tan(_per_box(shear_y, boxes) * (math.pi / 180))
    s = _per_box(scale, boxes)
    tx = _per_box(translate_x, boxes) * (width - 1)
    ty = _per_box(translate_y, boxes) * (height - 1)
    x1, y1, x2, y2 = _split(boxes)
    xs = ops.stack([x1, x2, x2, x1], axis=-1)
    ys = ops.stack([y1, y1, y2, y2], axis=-1)

    def expand(value):
        return ops.expand_dims(value, -1)

    dx, dy = xs - cx, ys - cy
    dx = dx + expand(sx) * dy
    dy = dy + expand(sy) * dx
    rx = expand(cos) * dx + expand(sin) * dy
    ry = -expand(sin) * dx + expand(cos) * dy
    nx = cx + expand(s) * rx + expand(tx)
    ny = cy + expand(s) * ry + expand(ty)
    out = ops.stack(
        [ops.min(nx, -1), ops.min(ny, -1), ops.max(nx, -1), ops.max(ny, -1)], axis=-1
    )
    if bounding_box_format == "rel_xyxy":
        out = convert_format(out, "xyxy", "rel_xyxy", height, width, ops.dtype(out))
    return out


def crop(boxes, top, left, height, width, bounding_box_format="xyxy"):
    """Moves "xyxy" boxes into the frame of a crop at (`top`, `left`) of size
    (`height`, `width`), clipped to that crop.
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError(
            "crop supports `bounding_box_format` 'xyxy'; received "
            f"bounding_box_format={bounding_box_format!r}."
        )
    boxes = ops.convert_to_tensor(boxes)
    x1, y1, x2, y2 = _split(boxes)
    x1, x2 = x1 - left, x2 - left
    y1, y2 = y1 - top, y2 - top
    if width is not None:
        x1, x2 = ops.clip(x1, 0, width), ops.clip(x2, 0, width)
    if height is not None:
        y1, y2 = ops.clip(y1, 0, height), ops.clip(y2, 0, height)
    return ops.stack([x1, y1, x2, y2], axis=-1)


def pad(boxes, top, left, height=None, width=None, bounding_box_format="xyxy"):
    """Moves "xyxy" boxes by the padding `top` and `left` added before the image
    (`height` and `width`, the padded size, are accepted for symmetry with `crop`).
    """
    if bounding_box_format != "xyxy":
        raise NotImplementedError(
            "pad supports `bounding_box_format` 'xyxy'; received "
            f"bounding_box_format={bounding_box_format!r}."
        )
    boxes = ops.convert_to_tensor(boxes)
    x1, y1, x2, y2 = _split(boxes)
    return ops.stack([x1 + left, y1 + top, x2 + left, y2 + top], axis=-1)


_ENCODINGS = ("center_yxhw", "center_xywh")


def _centers(boxes, box_format, image_shape):
    height, width = (None, None) if image_shape is None else image_shape[:2]
    yxhw = convert_format(boxes, box_format, "center_yxhw", height, width)
    return _split(yxhw)


def encode_box_to_deltas(
    anchors,
    boxes,
    anchor_format,
    box_format,
    encoding_format="center_yxhw",
    variance=None,
    image_shape=None,
):
    """The deltas of `boxes` from their `anchors`: the centre offsets over the anchor
    size and the log of the size ratios, divided by `variance`.

    Returns:
        `(..., 4)` deltas ordered as `encoding_format` ("center_yxhw" or
        "center_xywh").
    """
    if encoding_format not in _ENCODINGS:
        raise ValueError(
            f"`encoding_format` must be one of {list(_ENCODINGS)}; received "
            f"encoding_format={encoding_format!r}."
        )
    if variance is not None and len(variance) != 4:
        raise ValueError(
            f"`variance` must hold 4 numbers; received variance={variance!r}."
        )
    ay, ax, ah, aw = _centers(anchors, anchor_format, image_shape)
    by, bx, bh, bw = _centers(boxes, box_format, image_shape)
    parts = [(by - ay) / ah, (bx - ax) / aw, ops.log(bh / ah), ops.log(bw / aw)]
    if encoding_format == "center_xywh":
        parts = [parts[1], parts[0], parts[3], parts[2]]
    deltas = ops.stack(parts, axis=-1)
    if variance is not None:
        deltas = deltas / ops.convert_to_tensor(variance, ops.dtype(deltas))
    return deltas


def decode_deltas_to_boxes(
    anchors,
    boxes_delta,
    anchor_format,
    box_format,
    encoded_format="center_yxhw",
    variance=None,
    image_shape=None,
):
    """The inverse of `encode_box_to_deltas`: boxes in `box_format` from `anchors`
    and their deltas.
    """
    if encoded_format not in _ENCODINGS:
        raise ValueError(
            f"`encoded_format` must be one of {list(_ENCODINGS)}; received "
            f"encoded_format={encoded_format!r}."
        )
    if variance is not None and len(variance) != 4:
        raise ValueError(
            f"`variance` must hold 4 numbers; received variance={variance!r}."
        )
    deltas = ops.convert_to_tensor(boxes_delta, "float32")
    if variance is not None:
        deltas = deltas * ops.convert_to_tensor(variance, ops.dtype(deltas))
    d = _split(deltas)
    if encoded_format == "center_xywh":
        d = [d[1], d[0], d[3], d[2]]
    ay, ax, ah, aw = _centers(anchors, anchor_format, image_shape)
    cy, cx = d[0] * ah + ay, d[1] * aw + ax
    h, w = ops.exp(d[2]) * ah, ops.exp(d[3]) * aw
    height, width = (None, None) if image_shape is None else image_shape[:2]
    return convert_format(
        ops.stack([cy, cx, h, w], axis=-1), "center_yxhw", box_format, height, width
    )
