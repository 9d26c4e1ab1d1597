"""Overlap of boxes: IoU between every pair, and Complete IoU between matched pairs."""

import math

from keras import ops
from keras.layers.preprocessing.image_preprocessing.bounding_boxes import converters


def _xyxy(boxes, bounding_box_format, image_shape):
    height, width = (None, None) if image_shape is None else image_shape[:2]
    boxes = converters.convert_format(
        boxes, bounding_box_format, "xyxy", height, width
    )
    return [boxes[..., i] for i in range(4)]


def compute_iou(
    boxes1,
    boxes2,
    bounding_box_format,
    use_masking=False,
    mask_val=-1,
    image_shape=None,
):
    """Intersection over union of every box of `boxes1` (`(..., N, 4)`) with every
    box of `boxes2` (`(..., M, 4)`): a `(..., N, M)` tensor.

    With `use_masking`, pairs involving a box whose 4 numbers are all `mask_val` get
    `mask_val`.
    """
    # (N, 1) against (1, M): every pair.
    first = _xyxy(boxes1, bounding_box_format, image_shape)
    second = _xyxy(boxes2, bounding_box_format, image_shape)
    ax1, ay1, ax2, ay2 = [ops.expand_dims(v, -1) for v in first]
    bx1, by1, bx2, by2 = [ops.expand_dims(v, -2) for v in second]
    inter_w = ops.maximum(ops.minimum(ax2, bx2) - ops.maximum(ax1, bx1), 0.0)
    inter_h = ops.maximum(ops.minimum(ay2, by2) - ops.maximum(ay1, by1), 0.0)
    inter = inter_w * inter_h
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    # Two empty boxes have no overlap, not 0 / 0.
    iou = ops.where(union > 0, inter / ops.maximum(union, 1e-12), 0.0)
    if use_masking:
        mask1 = ops.all(ops.equal(ops.convert_to_tensor(boxes1), mask_val), axis=-1)
        mask2 = ops.all(ops.equal(ops.convert_to_tensor(boxes2), mask_val), axis=-1)
        masked = ops.logical_or(ops.expand_dims(mask1, -1), ops.expand_dims(mask2, -2))
        iou = ops.where(masked, ops.cast(mask_val, ops.dtype(iou)), iou)
    return iou


def compute_ciou(boxes1, boxes2, bounding_box_format, image_shape=None):
    """Complete IoU of matched boxes (same shape `(..., 4)`): IoU minus the squared
    centre distance over the squared diagonal of the enclosing box, minus the aspect
    ratio term `alpha * v`.
    """
    eps = 1e-7
    ax1, ay1, ax2, ay2 = _xyxy(boxes1, bounding_box_format, image_shape)
    bx1, by1, bx2, by2 = _xyxy(boxes2, bounding_box_format, image_shape)
    aw, ah = ax2 - ax1, ay2 - ay1
    bw, bh = bx2 - bx1, by2 - by1
    inter_w = ops.maximum(ops.minimum(ax2, bx2) - ops.maximum(ax1, bx1), 0.0)
    inter_h = ops.maximum(ops.minimum(ay2, by2) - ops.maximum(ay1, by1), 0.0)
    inter = inter_w * inter_h
    union = aw * ah + bw * bh - inter + eps
    iou = inter / union
    cw = ops.maximum(ax2, bx2) - ops.minimum(ax1, bx1)
    ch = ops.maximum(ay2, by2) - ops.minimum(ay1, by1)
    diagonal = cw**2 + ch**2 + eps
    rho = ((ax1 + ax2 - bx1 - bx2) / 2) ** 2 + ((ay1 + ay2 - by1 - by2) / 2) ** 2
    angle_gap = ops.arctan(bw / (bh + eps)) - ops.arctan(aw / (ah + eps))
    v = (4 / math.pi**2) * angle_gap**2
    alpha = v / (v - iou + (1 + eps))
    return iou - (rho / diagonal + v * alpha)
