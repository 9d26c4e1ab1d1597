"""Image helpers: smart_resize against a NumPy loop (every backend), and the Pillow
round trips save_img -> load_img -> img_to_array (where Pillow is installed)."""

import importlib.util

import numpy as np
import pytest

from keras import utils
from keras.preprocessing import image

needs_pillow = pytest.mark.skipif(
    importlib.util.find_spec("PIL") is None,
    reason="Pillow is not installed in the project environment (requirements_lock)",
)


def reference_bilinear(x, height, width):
    """Half-pixel-centre bilinear resize of (H, W, C), one output pixel at a time."""
    in_h, in_w = x.shape[:2]
    out = np.zeros((height, width, x.shape[2]))
    for i in range(height):
        for j in range(width):
            y = min(max((i + 0.5) * in_h / height - 0.5, 0), in_h - 1)
            z = min(max((j + 0.5) * in_w / width - 0.5, 0), in_w - 1)
            y0, z0 = int(np.floor(y)), int(np.floor(z))
            y1, z1 = min(y0 + 1, in_h - 1), min(z0 + 1, in_w - 1)
            dy, dz = y - y0, z - z0
            out[i, j] = (
                x[y0, z0] * (1 - dy) * (1 - dz)
                + x[y0, z1] * (1 - dy) * dz
                + x[y1, z0] * dy * (1 - dz)
                + x[y1, z1] * dy * dz
            )
    return out


def test_smart_resize_crops_the_centre_then_resizes():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 255, size=(12, 20, 3)).astype("float32")
    got = image.smart_resize(x, (5, 5))
    # The largest centred square of a 12x20 image is columns 4..16.
    want = reference_bilinear(x[:, 4:16], 5, 5)
    assert got.shape == (5, 5, 3)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-3)


def test_smart_resize_batches_and_channels_first():
    rng = np.random.default_rng(1)
    batch = rng.uniform(size=(2, 3, 8, 6)).astype("float32")
    got = image.smart_resize(batch, (4, 6), data_format="channels_first")
    assert got.shape == (2, 3, 4, 6)
    # Aspect 4:6 from 8x6 keeps rows 2..6 (4 rows), all 6 columns.
    for n in range(2):
        want = reference_bilinear(batch[n].transpose(1, 2, 0)[2:6], 4, 6)
        np.testing.assert_allclose(got[n].transpose(1, 2, 0), want, rtol=1e-5)


def test_smart_resize_errors():
    with pytest.raises(ValueError, match="interpolation"):
        image.smart_resize(np.ones((4, 4, 1)), (2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match="`x`"):
        image.smart_resize(np.ones((4, 4)), (2, 2))


def test_img_to_array_accepts_arrays():
    rng = np.random.default_rng(2)
    gray = rng.integers(0, 255, size=(4, 5)).astype("uint8")
    got = utils.img_to_array(gray, data_format="channels_first")
    assert got.shape == (1, 4, 5) and got.dtype == np.float32
    np.testing.assert_array_equal(got[0], gray)
    with pytest.raises(ValueError, match="data_format"):
        utils.img_to_array(gray, data_format="channels_middle")


@needs_pillow
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_png_round_trip(tmp_path, channels):
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(6, 7, channels)).astype("float32")
    path = tmp_path / "x.png"
    utils.save_img(path, pixels, scale=False)
    mode = {1: "grayscale", 3: "rgb", 4: "rgba"}[channels]
    loaded = utils.img_to_array(utils.load_img(path, color_mode=mode))
    np.testing.assert_array_equal(loaded, pixels)


@needs_pillow
def test_array_to_img_scales_to_bytes():
    x = np.linspace(-1.0, 1.0, 12, dtype="float32").reshape(2, 2, 3)
    got = np.asarray(utils.array_to_img(x))
    want = np.floor((x - x.min()) / (x.max() - x.min()) * 255)
    np.testing.assert_array_equal(got, want.astype("uint8"))
    with pytest.raises(ValueError, match="channels"):
        utils.array_to_img(np.ones((2, 2, 2)))


@needs_pillow
def test_load_img_resizes_and_rejects_bad_arguments(tmp_path):
    rng = np.random.default_rng(4)
    path = tmp_path / "y.png"
    utils.save_img(path, rng.integers(0, 256, size=(8, 12, 3)), scale=False)
    assert utils.load_img(path, target_size=(4, 6)).size == (6, 4)
    assert utils.load_img(path, target_size=(4, 4), keep_aspect_ratio=True).size == (
        4,
        4,
    )
    with pytest.raises(ValueError, match="color_mode"):
        utils.load_img(path, color_mode="cmyk")
    with pytest.raises(ValueError, match="interpolation"):
        utils.load_img(path, interpolation="magic")
