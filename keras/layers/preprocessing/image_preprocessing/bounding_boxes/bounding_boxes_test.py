"""keras.utils.bounding_boxes: formats, clipping, affine/crop/pad moves, IoU, CIoU and
anchor deltas against NumPy computations written out here."""

import math

import numpy as np
import pytest

import keras
from keras import ops

bb = keras.utils.bounding_boxes

XYXY = np.array([[10.0, 20.0, 30.0, 60.0], [0.0, 5.0, 50.0, 7.0]], "float32")
HEIGHT, WIDTH = 100, 200


def _expected(fmt):
    x1, y1, x2, y2 = XYXY.T
    w, h = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    table = {
        "xyxy": [x1, y1, x2, y2],
        "yxyx": [y1, x1, y2, x2],
        "xywh": [x1, y1, w, h],
        "center_xywh": [cx, cy, w, h],
        "center_yxhw": [cy, cx, h, w],
        "rel_xyxy": [x1 / WIDTH, y1 / HEIGHT, x2 / WIDTH, y2 / HEIGHT],
        "rel_yxyx": [y1 / HEIGHT, x1 / WIDTH, y2 / HEIGHT, x2 / WIDTH],
        "rel_xywh": [x1 / WIDTH, y1 / HEIGHT, w / WIDTH, h / HEIGHT],
        "rel_center_xywh": [cx / WIDTH, cy / HEIGHT, w / WIDTH, h / HEIGHT],
    }
    return np.stack(table[fmt], axis=-1)


FORMATS = ["xyxy", "yxyx", "xywh", "center_xywh", "center_yxhw", "rel_xyxy",
           "rel_yxyx", "rel_xywh", "rel_center_xywh"]


def _np(x):
    return ops.convert_to_numpy(x)


def test_convert_format_to_and_from_every_format():
    for fmt in FORMATS:
        out = bb.convert_format(XYXY, "xyxy", fmt, height=HEIGHT, width=WIDTH)
        np.testing.assert_allclose(_np(out), _expected(fmt), rtol=1e-6, err_msg=fmt)
        back = bb.convert_format(
            _expected(fmt), fmt, "xyxy", height=HEIGHT, width=WIDTH
        )
        np.testing.assert_allclose(_np(back), XYXY, rtol=1e-5, atol=1e-4, err_msg=fmt)


def test_convert_format_errors():
    with pytest.raises(ValueError, match="target"):
        bb.convert_format(XYXY, "xyxy", "xyz")
    with pytest.raises(ValueError, match="height"):
        bb.convert_format(XYXY, "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match="last axis"):
        bb.convert_format(np.zeros((2, 3), "float32"), "xyxy", "yxyx")


def test_clip_to_image_size_marks_empty_boxes():
    boxes = np.array([[-5.0, 10, 120, 50], [110, 110, 120, 120]], "float32")
    out = bb.clip_to_image_size(
        {"boxes": boxes, "labels": np.array([1, 2], "int32")}, height=100, width=100
    )
    np.testing.assert_allclose(
        _np(out["boxes"]), [[0, 10, 100, 50], [100, 100, 100, 100]]
    )
    np.testing.assert_array_equal(_np(out["labels"]), [1, -1])


def _np_affine(box, angle, tx, ty, scale, sx, sy, h, w):
    cx, cy = (w - 1) / 2, (h - 1) / 2
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    tsx, tsy = math.tan(math.radians(sx)), math.tan(math.radians(sy))
    xs, ys = [], []
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    for x, y in corners:
        dx, dy = x - cx, y - cy
        dx = dx + tsx * dy
        dy = dy + tsy * dx
        rx, ry = c * dx + s * dy, -s * dx + c * dy
        xs.append(cx + scale * rx + tx * (w - 1))
        ys.append(cy + scale * ry + ty * (h - 1))
    return [min(xs), min(ys), max(xs), max(ys)]


@pytest.mark.parametrize(
    "params",
    [
        (90, 0, 0, 1, 0, 0),
        (0, 0.1, -0.2, 1, 0, 0),
        (0, 0, 0, 2, 0, 0),
        (0, 0, 0, 1, 5, 0),
        (30, 0.1, 0.05, 0.8, 0, 3),
    ],
)
def test_affine_transform_against_corner_map(params):
    boxes = np.array([[[10.0, 20.0, 30.0, 60.0]], [[40.0, 5.0, 45.0, 9.0]]], "float32")
    values = [np.full((2,), v, "float32") for v in params]
    out = bb.affine_transform(boxes, *values, height=100, width=100)
    expected = [[_np_affine(b[0], *params, 100, 100)] for b in boxes]
    np.testing.assert_allclose(_np(out), expected, rtol=1e-5, atol=1e-3)


def test_affine_transform_rot90_by_hand():
    # About the centre (49.5, 49.5), a quarter turn sends (x, y) to (y, 99 - x).
    out = bb.affine_transform(
        np.array([[[10.0, 20.0, 30.0, 60.0]]], "float32"),
        *[np.array([v], "float32") for v in (90, 0, 0, 1, 0, 0)], height=100, width=100,
    )
    np.testing.assert_allclose(_np(out), [[[20, 69, 60, 89]]], atol=1e-3)


def test_crop_and_pad():
    boxes = np.array([[10.0, 20.0, 30.0, 60.0]], "float32")
    np.testing.assert_allclose(_np(bb.crop(boxes, 5, 7, 40, 40)), [[3, 15, 23, 40]])
    np.testing.assert_allclose(_np(bb.pad(boxes, 5, 7)), [[17, 25, 37, 65]])


def _np_iou(a, b):
    out = np.zeros((len(a), len(b)))
    for i, p in enumerate(a):
        for j, q in enumerate(b):
            iw = max(min(p[2], q[2]) - max(p[0], q[0]), 0)
            ih = max(min(p[3], q[3]) - max(p[1], q[1]), 0)
            inter = iw * ih
            area_p = (p[2] - p[0]) * (p[3] - p[1])
            area_q = (q[2] - q[0]) * (q[3] - q[1])
            union = area_p + area_q - inter
            out[i, j] = inter / union
    return out


def test_compute_iou_against_loops_and_masking():
    rng = np.random.default_rng(0)
    a = np.sort(rng.uniform(0, 20, (5, 2, 2)), axis=1).transpose(0, 2, 1).reshape(5, 4)
    a = a[:, [0, 2, 1, 3]].astype("float32")
    b = a[::-1] + 1.5
    out = _np(bb.compute_iou(a, b, "xyxy"))
    np.testing.assert_allclose(out, _np_iou(a, b), rtol=1e-5)
    yxyx = a[:, [1, 0, 3, 2]]
    np.testing.assert_allclose(
        _np(bb.compute_iou(yxyx, b[:, [1, 0, 3, 2]], "yxyx")), _np_iou(a, b), rtol=1e-5
    )
    masked = a.copy()
    masked[1] = -1
    out = _np(bb.compute_iou(masked, b, "xyxy", use_masking=True, mask_val=-1))
    np.testing.assert_array_equal(out[1], -1)
    np.testing.assert_allclose(out[0], _np_iou(a, b)[0], rtol=1e-5)


def test_compute_ciou_against_formula():
    a = np.array([[0, 0, 10, 10], [5, 5, 15, 15], [0, 0, 4, 8]], "float32")
    b = np.array([[0, 0, 10, 10], [0, 0, 5, 5], [1, 1, 9, 5]], "float32")
    expected = []
    for p, q in zip(a, b):
        iou = _np_iou([p], [q])[0, 0]
        cw = max(p[2], q[2]) - min(p[0], q[0])
        ch = max(p[3], q[3]) - min(p[1], q[1])
        rho = ((p[0] + p[2] - q[0] - q[2]) / 2) ** 2
        rho += ((p[1] + p[3] - q[1] - q[3]) / 2) ** 2
        v = 4 / math.pi**2 * (math.atan((q[2] - q[0]) / (q[3] - q[1]))
                              - math.atan((p[2] - p[0]) / (p[3] - p[1]))) ** 2
        # Identical boxes: v = 0 and 1 - iou = 0, the aspect term is 0.
        alpha = v / (1 - iou + v) if v > 0 else 0.0
        expected.append(iou - rho / (cw**2 + ch**2) - alpha * v)
    np.testing.assert_allclose(_np(bb.compute_ciou(a, b, "xyxy")), expected, atol=1e-5)


def test_encode_decode_deltas():
    anchors = np.array([[0, 0, 10, 10], [5, 5, 25, 15]], "float32")
    boxes = np.array([[1, 2, 11, 14], [5, 5, 20, 20]], "float32")
    variance = [0.1, 0.1, 0.2, 0.2]
    deltas = _np(
        bb.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", variance=variance)
    )
    expected = []
    for a, t in zip(anchors, boxes):
        ah, aw = a[3] - a[1], a[2] - a[0]
        th, tw = t[3] - t[1], t[2] - t[0]
        expected.append([((t[1] + t[3]) - (a[1] + a[3])) / 2 / ah,
                         ((t[0] + t[2]) - (a[0] + a[2])) / 2 / aw,
                         math.log(th / ah), math.log(tw / aw)])
    expected = np.array(expected) / variance
    np.testing.assert_allclose(deltas, expected, rtol=1e-5, atol=1e-6)
    decoded = bb.decode_deltas_to_boxes(
        anchors, deltas, "xyxy", "xyxy", variance=variance
    )
    np.testing.assert_allclose(_np(decoded), boxes, atol=1e-4)
    with pytest.raises(ValueError, match="encoding_format"):
        bb.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", encoding_format="xyxy")
    with pytest.raises(ValueError, match="variance"):
        bb.encode_box_to_deltas(anchors, boxes, "xyxy", "xyxy", variance=[1.0])


def test_every_public_name_is_listed():
    names = {"convert_format", "clip_to_image_size", "affine_transform", "crop", "pad",
             "compute_iou", "compute_ciou", "encode_box_to_deltas",
             "decode_deltas_to_boxes"}
    assert names <= set(dir(bb))
    assert all(callable(getattr(bb, name)) for name in names)
