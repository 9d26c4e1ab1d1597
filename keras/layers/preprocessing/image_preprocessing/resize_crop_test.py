"""Rescaling, Resizing, CenterCrop, RandomCrop and MaxNumBoundingBoxes against NumPy
slices and block means, with boxes and masks moved by hand."""

import numpy as np
import pytest

import keras
from keras import ops

L = keras.layers


def _np(x):
    return ops.convert_to_numpy(x)


def _images(n=2, h=4, w=4, c=2, seed=0):
    return np.random.default_rng(seed).uniform(0, 255, (n, h, w, c)).astype("float32")


def _boxes(box, n=2):
    return {
        "boxes": np.tile(np.array([[box]], "float32"), (n, 1, 1)),
        "labels": np.ones((n, 1), "float32"),
    }


def test_rescaling_scalar_and_per_channel():
    x = _images(c=3)
    np.testing.assert_allclose(_np(L.Rescaling(1 / 255)(x)), x / 255, rtol=1e-6)
    out = _np(L.Rescaling([1.0, 2.0, 3.0], offset=-1.0)(x))
    np.testing.assert_allclose(out, x * np.array([1, 2, 3]) - 1, rtol=1e-6)
    out = L.Rescaling(0.5)(x.astype("uint8"))
    assert ops.dtype(out) == "float32"
    config = L.Rescaling(1 / 255, offset=0.5).get_config()
    assert (config["scale"], config["offset"]) == (1 / 255, 0.5)
    assert L.Rescaling.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="scale"):
        L.Rescaling("big")


def test_resizing_halving_is_block_mean_and_moves_boxes():
    x = _images(h=4, w=6)
    layer = L.Resizing(2, 3, bounding_box_format="xyxy")
    out = layer({"images": x, "bounding_boxes": _boxes([2.0, 1.0, 4.0, 3.0])})
    expected = x.reshape(2, 2, 2, 3, 2, 2).mean(axis=(2, 4))
    np.testing.assert_allclose(_np(out["images"]), expected, rtol=1e-5)
    np.testing.assert_allclose(
        _np(out["bounding_boxes"]["boxes"])[:, 0], [[1, 0.5, 2, 1.5]] * 2
    )


def test_resizing_crop_and_pad_to_aspect_ratio_move_boxes():
    x = _images(h=4, w=8)
    crop = L.Resizing(2, 2, crop_to_aspect_ratio=True, bounding_box_format="xyxy")
    out = crop({"images": x, "bounding_boxes": _boxes([3.0, 0.0, 7.0, 4.0])})
    np.testing.assert_allclose(
        _np(out["images"]), x[:, :, 2:6].reshape(2, 2, 2, 2, 2, 2).mean(axis=(2, 4)),
        rtol=1e-5,
    )
    # The centred 4x4 crop starts at x = 2; the box is cut at its right edge 6.
    boxes = _np(out["bounding_boxes"]["boxes"])
    np.testing.assert_allclose(boxes[:, 0], [[0.5, 0, 2, 2]] * 2)
    pad = L.Resizing(2, 2, pad_to_aspect_ratio=True, bounding_box_format="xyxy")
    out = pad({"images": x, "bounding_boxes": _boxes([4.0, 0.0, 8.0, 4.0])})
    # Padded to 8x8 (2 rows above), then a quarter of the size.
    boxes = _np(out["bounding_boxes"]["boxes"])
    np.testing.assert_allclose(boxes[:, 0], [[1, 0.5, 2, 1.5]] * 2)


def test_resizing_masks_nearest_channels_first_config_and_errors():
    masks = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    masks = np.repeat(np.repeat(masks, 2, 1), 2, 2)
    out = L.Resizing(2, 2)({"images": masks, "segmentation_masks": masks})
    np.testing.assert_array_equal(_np(out["segmentation_masks"]), masks[:, ::2, ::2])
    x = _images(h=4, w=6)
    first = L.Resizing(2, 3, data_format="channels_first")(
        np.transpose(x, (0, 3, 1, 2))
    )
    np.testing.assert_allclose(
        np.transpose(_np(first), (0, 2, 3, 1)), _np(L.Resizing(2, 3)(x)), rtol=1e-5
    )
    assert L.Resizing(2, 3)(x[0]).shape == (2, 3, 2)
    config = L.Resizing(3, 4, interpolation="nearest").get_config()
    assert L.Resizing.from_config(config).get_config() == config
    assert config["fill_mode"] == "constant" and config["antialias"] is False
    with pytest.raises(ValueError, match="height"):
        L.Resizing(0, 3)
    with pytest.raises(ValueError, match="interpolation"):
        L.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(ValueError, match="pad_to_aspect_ratio"):
        L.Resizing(2, 2, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)


def test_center_crop_slices_the_centre_and_moves_boxes():
    x = _images(h=8, w=6)
    layer = L.CenterCrop(4, 4, bounding_box_format="xyxy")
    out = layer({"images": x, "bounding_boxes": _boxes([0.0, 3.0, 2.0, 7.0]),
                 "segmentation_masks": x[..., :1]})
    np.testing.assert_array_equal(_np(out["images"]), x[:, 2:6, 1:5])
    np.testing.assert_array_equal(_np(out["segmentation_masks"]), x[:, 2:6, 1:5, :1])
    boxes = _np(out["bounding_boxes"]["boxes"])
    np.testing.assert_allclose(boxes[:, 0], [[0, 1, 1, 4]] * 2)
    small = layer(_images(h=2, w=3))
    assert small.shape == (2, 4, 4, 2)
    first = L.CenterCrop(4, 4, data_format="channels_first")
    out = _np(first(np.transpose(x, (0, 3, 1, 2))))
    np.testing.assert_array_equal(out, np.transpose(x[:, 2:6, 1:5], (0, 3, 1, 2)))
    config = layer.get_config()
    assert L.CenterCrop.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="width"):
        L.CenterCrop(4, -1)


def test_random_crop_is_a_window_matching_its_boxes():
    x = _images(h=8, w=8)
    layer = L.RandomCrop(4, 5, seed=7, bounding_box_format="xyxy")
    data = {"images": x, "bounding_boxes": _boxes([2.0, 2.0, 6.0, 6.0])}
    out = layer(data, training=True)
    images = _np(out["images"])
    windows = [(t, l) for t in range(5) for l in range(4)
               if np.array_equal(images, x[:, t:t + 4, l:l + 5])]
    assert len(windows) == 1
    top, left = windows[0]
    expected = np.clip([2 - left, 2 - top, 6 - left, 6 - top], 0, [5, 4, 5, 4])
    np.testing.assert_allclose(_np(out["bounding_boxes"]["boxes"])[0, 0], expected)
    again = L.RandomCrop(4, 5, seed=7)(x, training=True)
    np.testing.assert_array_equal(_np(again), images)
    np.testing.assert_array_equal(_np(layer(x, training=False)), x[:, 2:6, 1:6])
    config = layer.get_config()
    assert config["seed"] == 7
    assert isinstance(L.RandomCrop(2, 2).get_config()["seed"], int)


def test_max_num_bounding_boxes_pads_and_truncates():
    boxes = {"boxes": np.arange(8, dtype="float32").reshape(1, 2, 4),
             "labels": np.array([[3.0, 4.0]], "float32")}
    x = _images(n=1)
    out = L.MaxNumBoundingBoxes(3)({"images": x, "bounding_boxes": boxes})
    np.testing.assert_array_equal(_np(out["images"]), x)
    np.testing.assert_array_equal(
        _np(out["bounding_boxes"]["boxes"])[0], [[0, 1, 2, 3], [4, 5, 6, 7], [-1] * 4]
    )
    np.testing.assert_array_equal(_np(out["bounding_boxes"]["labels"]), [[3, 4, -1]])
    out = L.MaxNumBoundingBoxes(1, fill_value=0)({"images": x, "bounding_boxes": boxes})
    np.testing.assert_array_equal(_np(out["bounding_boxes"]["labels"]), [[3]])
    config = L.MaxNumBoundingBoxes(3).get_config()
    assert config["max_number"] == 3 and "fill_value" not in config
    with pytest.raises(ValueError, match="max_number"):
        L.MaxNumBoundingBoxes(0)
