"""RandomFlip, RandomRotation, RandomTranslation, RandomZoom, RandomShear,
RandomPerspective and RandomElasticTransform: exact index maps for known amounts
(interpolation "nearest"), boxes by hand, seeds, training flag, configs, errors."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.preprocessing.image_preprocessing.random_perspective import homography

L = keras.layers


def _np(x):
    return ops.convert_to_numpy(x)


def _images(n=2, h=6, w=6, c=2, seed=0):
    return np.random.default_rng(seed).uniform(0, 255, (n, h, w, c)).astype("float32")


def _boxes(n=2):
    return {
        "boxes": np.tile(np.array([[[1.0, 2.0, 3.0, 5.0]]], "float32"), (n, 1, 1)),
        "labels": np.ones((n, 1), "float32"),
    }


def test_random_flip_each_image_matches_its_boxes():
    x = _images(n=8)
    layer = L.RandomFlip("horizontal", seed=3, bounding_box_format="xyxy")
    out = layer({"images": x, "bounding_boxes": _boxes(8)}, training=True)
    images, boxes = _np(out["images"]), _np(out["bounding_boxes"]["boxes"])
    flipped = [np.array_equal(images[i], x[i, :, ::-1]) for i in range(8)]
    kept = [np.array_equal(images[i], x[i]) for i in range(8)]
    assert all(f or k for f, k in zip(flipped, kept))
    assert any(flipped) and any(kept)
    for i in range(8):
        # x' = width - x, so [1, 3] becomes [3, 5] on a width-6 image.
        expected = [3, 2, 5, 5] if flipped[i] else [1, 2, 3, 5]
        np.testing.assert_allclose(boxes[i, 0], expected)


def test_random_flip_vertical_and_both_modes():
    x = _images(n=8)
    out = _np(L.RandomFlip("vertical", seed=1)(x, training=True))
    for i in range(8):
        assert np.array_equal(out[i], x[i]) or np.array_equal(out[i], x[i, ::-1])
    out = _np(L.RandomFlip(seed=1)(x, training=True))
    options = [x[:, ::-1, ::-1], x[:, ::-1], x[:, :, ::-1], x]
    for i in range(8):
        assert any(np.array_equal(out[i], o[i]) for o in options)


def test_random_flip_single_image():
    x = _images(n=1)[0]
    out = _np(L.RandomFlip("vertical", seed=1)(x, training=True))
    assert out.shape == x.shape
    assert np.array_equal(out, x) or np.array_equal(out, x[::-1])


def test_random_flip_segmentation_masks_follow_images():
    x = _images(n=8, c=1)
    out = L.RandomFlip(seed=2)({"images": x, "segmentation_masks": x}, training=True)
    np.testing.assert_array_equal(_np(out["images"]), _np(out["segmentation_masks"]))


def test_rotation_quarter_turn_is_rot90():
    x = _images()
    layer = L.RandomRotation((0.25, 0.25), interpolation="nearest", seed=1)
    out = _np(layer(x, training=True))
    np.testing.assert_array_equal(out, np.rot90(x, axes=(1, 2)))


def test_rotation_quarter_turn_moves_boxes_by_hand():
    layer = L.RandomRotation(
        (0.25, 0.25), interpolation="nearest", bounding_box_format="xyxy", seed=1
    )
    out = layer({"images": _images(), "bounding_boxes": _boxes()}, training=True)
    # Counter-clockwise about (2.5, 2.5) on a 6x6 image: (x, y) -> (y, 5 - x).
    np.testing.assert_allclose(
        _np(out["bounding_boxes"]["boxes"])[:, 0], [[2, 2, 5, 4]] * 2, atol=1e-5
    )


def test_rotation_channels_first():
    x = _images()
    first = L.RandomRotation(
        (0.25, 0.25), interpolation="nearest", data_format="channels_first"
    )
    out = _np(first(np.transpose(x, (0, 3, 1, 2)), training=True))
    np.testing.assert_array_equal(
        np.transpose(out, (0, 2, 3, 1)), np.rot90(x, axes=(1, 2))
    )


def test_translation_known_shift_against_index_map():
    x = _images(h=6, w=8)
    layer = L.RandomTranslation(
        (-1 / 6, -1 / 6), (0.25, 0.25), fill_mode="constant", interpolation="nearest",
        bounding_box_format="xyxy",
    )
    out = layer({"images": x, "bounding_boxes": _boxes()}, training=True)
    expected = np.zeros_like(x)
    for y in range(6):
        for col in range(8):
            sy, sx = y + 1, col - 2  # up by 1, right by 2
            if 0 <= sy < 6 and 0 <= sx < 8:
                expected[:, y, col] = x[:, sy, sx]
    np.testing.assert_allclose(_np(out["images"]), expected, atol=1e-3)
    np.testing.assert_allclose(
        _np(out["bounding_boxes"]["boxes"])[:, 0], [[3, 1, 5, 4]] * 2, atol=1e-5
    )


def test_zoom_out_by_two_against_index_map():
    x = _images(h=7, w=7)
    layer = L.RandomZoom((1.0, 1.0), fill_mode="constant", interpolation="nearest")
    out = _np(layer(x, training=True))
    expected = np.zeros_like(x)
    for y in range(7):
        for col in range(7):
            # The source is twice as far from the centre (3, 3).
            sy, sx = 2 * y - 3, 2 * col - 3
            if 0 <= sy < 7 and 0 <= sx < 7:
                expected[:, y, col] = x[:, sy, sx]
    np.testing.assert_allclose(out, expected, atol=1e-3)


def test_zoom_moves_boxes_towards_the_centre():
    layer = L.RandomZoom((1.0, 1.0), bounding_box_format="xyxy")
    boxes = {"boxes": np.array([[[1.0, 1.0, 3.0, 5.0]]], "float32"),
             "labels": np.ones((1, 1), "float32")}
    out = layer({"images": _images(n=1), "bounding_boxes": boxes}, training=True)
    # Halved distances to the centre 2.5 of the 6x6 image.
    np.testing.assert_allclose(
        _np(out["bounding_boxes"]["boxes"])[0, 0], [1.75, 1.75, 2.75, 3.75], atol=1e-5
    )


def test_shear_about_the_corner_against_index_map():
    x = _images()
    layer = L.RandomShear(x_factor=(1.0, 1.0), fill_mode="constant")
    out = _np(layer(x, training=True))
    checked = 0
    for y in range(6):
        for col in range(6):
            # About the top-left corner, x' = x + y: row y moves right by y.
            if col - y >= 0:
                np.testing.assert_allclose(out[:, y, col], x[:, y, col - y], rtol=1e-4)
                checked += 1
            else:
                np.testing.assert_array_equal(out[:, y, col], 0)
    assert checked == 21


@pytest.mark.parametrize(
    "make",
    [
        lambda: L.RandomFlip(seed=5),
        lambda: L.RandomRotation(0.2, seed=5),
        lambda: L.RandomTranslation(0.2, 0.3, seed=5),
        lambda: L.RandomZoom(0.3, 0.2, seed=5),
        lambda: L.RandomShear(0.3, 0.3, seed=5),
        lambda: L.RandomPerspective(factor=(1.0, 1.0), seed=5),
        lambda: L.RandomElasticTransform(factor=(1.0, 1.0), seed=5),
    ],
)
def test_seeds_training_flag_and_config(make):
    x = _images()
    a, b = make(), make()
    out_a = _np(a(x, training=True))
    np.testing.assert_allclose(out_a, _np(b(x, training=True)), atol=1e-4)
    assert not np.allclose(out_a, x)
    np.testing.assert_array_equal(_np(a(x, training=False)), x)
    config = a.get_config()
    clone = type(a).from_config(config)
    assert clone.get_config() == config


def test_configs_match_keras_defaults():
    assert L.RandomRotation(0.1).get_config()["factor"] == (-0.1, 0.1)
    config = L.RandomZoom((-0.2, 0.3), 0.1).get_config()
    assert (config["height_factor"], config["width_factor"]) == ((-0.2, 0.3), 0.1)
    config = L.RandomShear(0.1, (0.1, 0.2)).get_config()
    assert (config["x_factor"], config["y_factor"]) == ((-0.1, 0.1), (0.1, 0.2))
    config = L.RandomPerspective().get_config()
    assert (config["factor"], config["scale"]) == ((0, 1.0), 1.0)
    config = L.RandomElasticTransform().get_config()
    assert (config["factor"], config["scale"], config["value_range"]) == (
        (0, 1.0), (0, 1.0), (0, 255)
    )
    config = L.RandomFlip(bounding_box_format="xyxy").get_config()
    assert config["mode"] == "horizontal_and_vertical"
    assert config["bounding_box_format"] == "xyxy"


def test_perspective_boxes_follow_the_homography():
    layer = L.RandomPerspective(factor=(1.0, 1.0), scale=0.5, seed=4,
                                bounding_box_format="xyxy")
    x = _images()
    t = layer.get_random_transformation({"images": x})
    start, end = _np(t["start"]), _np(t["end"])
    boxes = layer.transform_bounding_boxes(_boxes(), t)["boxes"]
    for i in range(2):
        a, b = [], []
        for (px, py), (u, v) in zip(start[i], end[i]):
            a.append([px, py, 1, 0, 0, 0, -u * px, -u * py])
            a.append([0, 0, 0, px, py, 1, -v * px, -v * py])
            b += [u, v]
        h = np.append(np.linalg.solve(np.array(a, "float64"), b), 1).reshape(3, 3)
        np.testing.assert_allclose(_np(homography(t["start"], t["end"]))[i], h,
                                   rtol=1e-3, atol=1e-3)
        corners = np.array([[1, 2], [3, 2], [3, 5], [1, 5]], "float64")
        moved = np.c_[corners, np.ones(4)] @ h.T
        moved = moved[:, :2] / moved[:, 2:]
        expected = np.clip([*moved.min(0), *moved.max(0)], 0, 6)
        np.testing.assert_allclose(_np(boxes)[i, 0], expected, atol=1e-3)


def test_perspective_and_elastic_identity_when_off():
    x = _images()
    out = L.RandomPerspective(scale=0.0, seed=1)(x, training=True)
    np.testing.assert_allclose(_np(out), x, atol=1e-3)
    out = L.RandomElasticTransform(factor=0.0, seed=1)(x, training=True)
    np.testing.assert_allclose(_np(out), x, atol=1e-3)
    out = _np(L.RandomElasticTransform(seed=1, value_range=(0, 100))(x, training=True))
    assert out.min() >= 0 and out.max() <= 100


def test_argument_errors():
    with pytest.raises(ValueError, match="mode"):
        L.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="fill_mode"):
        L.RandomRotation(0.1, fill_mode="edge")
    with pytest.raises(ValueError, match="interpolation"):
        L.RandomTranslation(0.1, 0.1, interpolation="cubic")
    with pytest.raises(ValueError, match="factor"):
        L.RandomZoom((-2.0, 0.1))
    with pytest.raises(ValueError, match="factor"):
        L.RandomZoom(1.5)
    with pytest.raises(ValueError, match="factor"):
        L.RandomShear((0.5, 0.1))
    with pytest.raises(ValueError, match="scale"):
        L.RandomPerspective(scale=2.0)
    with pytest.raises(ValueError, match="value_range"):
        L.RandomElasticTransform(value_range=(1, 0))
    with pytest.raises(ValueError, match="bounding_box_format"):
        L.RandomRotation(0.1)({"images": _images(), "bounding_boxes": _boxes()})
