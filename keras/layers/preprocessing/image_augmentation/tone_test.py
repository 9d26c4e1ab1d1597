"""Tone and neighbourhood layers: equalization, auto contrast, sharpness, Gaussian
blur and erasing, against NumPy references."""

import numpy as np
import pytest

from keras import ops
from keras.layers.preprocessing.image_augmentation.auto_contrast import AutoContrast
from keras.layers.preprocessing.image_augmentation import (
    contrast_limited_adaptive_histogram_equalization as clahe_module,
)
from keras.layers.preprocessing.image_augmentation.equalization import Equalization
from keras.layers.preprocessing.image_augmentation.random_erasing import (
    RandomErasing,
)
from keras.layers.preprocessing.image_augmentation.random_gaussian_blur import (
    RandomGaussianBlur,
)
from keras.layers.preprocessing.image_augmentation.random_sharpness import (
    RandomSharpness,
)

CLAHE = clahe_module.ContrastLimitedAdaptiveHistogramEqualization


def _images(shape=(2, 5, 6, 3), low=0.0, high=255.0, seed=0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _filter_same(channel, kernel):
    """Zero-padded "same" correlation of one 2-D channel with a 2-D kernel."""
    kh, kw = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    out = np.zeros(channel.shape, "float64")
    for i, j in np.ndindex(channel.shape):
        for a, b in np.ndindex(kernel.shape):
            y, x = i + a - top, j + b - left
            if 0 <= y < channel.shape[0] and 0 <= x < channel.shape[1]:
                out[i, j] += kernel[a, b] * channel[y, x]
    return out


def _equalize_reference(x, bins):
    """One histogram per channel over the batch, on integer-valued [0, 255] data."""
    out = np.empty_like(x)
    for c in range(x.shape[-1]):
        index = np.floor(x[..., c] * (bins - 1) / 255).astype(int)
        counts = np.zeros(bins)
        for i in index.ravel():
            counts[i] += 1
        cdf = np.cumsum(counts)
        first = cdf[counts > 0][0]
        if first == cdf[-1]:
            out[..., c] = x[..., c]
            continue
        table = np.round((cdf - first) / (cdf[-1] - first) * 255)
        out[..., c] = table[index]
    return out


def test_equalization_maps_bins_to_their_cumulative_share():
    x = np.floor(_images(high=256.0))
    # A constant channel (over the whole batch) stays as it is.
    x[..., 2] = 7.0
    out = _np(Equalization(bins=32)(x))
    np.testing.assert_allclose(out, _equalize_reference(x, 32), atol=1e-3)
    np.testing.assert_allclose(out[..., 2], x[..., 2], rtol=1e-6)
    out = _np(Equalization(value_range=(0, 1))(x / 255))
    np.testing.assert_allclose(out, _equalize_reference(x, 256) / 255, atol=1e-5)
    # Equalization only runs when training.
    np.testing.assert_array_equal(_np(Equalization()(x, training=False)), x)


def test_auto_contrast_stretches_each_channel_also_at_inference():
    x = _images(low=50, high=120)
    x[1, ..., 2] = 9.0
    out = _np(AutoContrast()(x, training=False))
    for b, c in np.ndindex(2, 3):
        channel = x[b, ..., c]
        if channel.max() == channel.min():
            expected = channel
        else:
            expected = (channel - channel.min()) / (channel.max() - channel.min()) * 255
        np.testing.assert_allclose(out[b, ..., c], expected, rtol=1e-5, atol=1e-3)
    out = _np(AutoContrast(value_range=(0, 1))(x[:1, ..., :2] / 255))
    assert out.min() == pytest.approx(0.0) and out.max() == pytest.approx(1.0)


def _clahe_reference(image, clip_limit, grid):
    """CLAHE of one 2-D channel of integer levels, pixel by pixel."""
    height, width = image.shape
    (grid_y, grid_x) = grid
    tile_y, tile_x = -(-height // grid_y), -(-width // grid_x)
    padded = np.pad(
        image,
        ((0, tile_y * grid_y - height), (0, tile_x * grid_x - width)),
        mode="symmetric",
    )
    tables = np.zeros((grid_y, grid_x, 256))
    for i, j in np.ndindex(grid_y, grid_x):
        tile = padded[i * tile_y : (i + 1) * tile_y, j * tile_x : (j + 1) * tile_x]
        counts = np.zeros(256)
        for level in tile.ravel().astype(int):
            counts[level] += 1
        limit = clip_limit * tile.size / 256
        excess = np.maximum(counts - limit, 0).sum()
        counts = np.minimum(counts, limit) + excess / 256
        cdf = np.cumsum(counts)
        tables[i, j] = (cdf - cdf[0]) / (cdf[-1] - cdf[0]) * 255
    out = np.zeros((height, width))
    for y, x in np.ndindex(height, width):
        fy, fx = y / tile_y - 0.5, x / tile_x - 0.5
        y0, x0 = int(np.floor(fy)), int(np.floor(fx))
        total = 0.0
        for dy, wy in ((0, 1 - (fy - y0)), (1, fy - y0)):
            for dx, wx in ((0, 1 - (fx - x0)), (1, fx - x0)):
                row = min(max(y0 + dy, 0), grid_y - 1)
                col = min(max(x0 + dx, 0), grid_x - 1)
                total += wy * wx * tables[row, col, int(image[y, x])]
        out[y, x] = total
    return out


def test_clahe_blends_clipped_tile_equalizations():
    x = np.floor(_images((1, 7, 9, 2), high=256.0))
    # Deterministic: applied at inference too.
    out = _np(CLAHE(clip_limit=2.0, tile_grid_size=(2, 3))(x, training=False))
    for c in range(2):
        expected = _clahe_reference(x[0, ..., c], 2.0, (2, 3))
        np.testing.assert_allclose(out[0, ..., c], expected, atol=1e-3)
    # A high clip limit (no clipping), padded tiles, and the [0, 1] range.
    layer = CLAHE(value_range=(0, 1), tile_grid_size=(3, 2), clip_limit=50.0)
    out = _np(layer(x / 255))
    expected = _clahe_reference(x[0, ..., 1], 50.0, (3, 2)) / 255
    np.testing.assert_allclose(out[0, ..., 1], expected, atol=1e-5)


def test_sharpness_blends_with_the_zero_padded_smoothing():
    x = _images()
    smooth_kernel = np.array([[1, 1, 1], [1, 5, 1], [1, 1, 1]]) / 13.0
    layer = RandomSharpness(factor=0.5)
    factors = np.array([0.8, 0.1], "float32")
    out = _np(layer.transform_images(x, {"factor": factors}))
    for b, c in np.ndindex(2, 3):
        blurred = _filter_same(x[b, ..., c], smooth_kernel)
        expected = np.clip(blurred + 2 * factors[b] * (x[b, ..., c] - blurred), 0, 255)
        np.testing.assert_allclose(out[b, ..., c], expected, rtol=1e-4, atol=1e-3)


def _taps(size, sigma):
    offsets = np.arange(size) - (size - 1) / 2
    taps = np.exp(-(offsets**2) / (2 * sigma**2))
    return taps / taps.sum()


def test_gaussian_blur_is_separable_with_width_then_height_kernel_size():
    x = _images()
    layer = RandomGaussianBlur(kernel_size=(3, 5))
    transformation = {
        "apply": np.array([True, False]),
        "sigma_y": np.array([0.9, 0.5], "float32"),
        "sigma_x": np.array([0.4, 0.5], "float32"),
    }
    out = _np(layer.transform_images(x, transformation))
    # kernel_size=(3, 5): 3 taps across, 5 taps down.
    kernel = np.outer(_taps(5, 0.9), _taps(3, 0.4))
    for c in range(3):
        expected = np.clip(_filter_same(x[0, ..., c], kernel), 0, 255)
        np.testing.assert_allclose(out[0, ..., c], expected, rtol=1e-4, atol=1e-3)
    np.testing.assert_array_equal(out[1], x[1])
    same = _np(RandomGaussianBlur(factor=(1.0, 1.0), sigma=(0.6, 0.6))(x))
    kernel = np.outer(_taps(3, 0.6), _taps(3, 0.6))
    expected = np.clip(_filter_same(x[1, ..., 0], kernel), 0, 255)
    np.testing.assert_allclose(same[1, ..., 0], expected, rtol=1e-4, atol=1e-3)


def test_erasing_fills_one_rectangle():
    x = _images()
    layer = RandomErasing(fill_value=3.0)
    transformation = {
        "apply": np.array([True, False]),
        "top": np.array([1.0, 0.0], "float32"),
        "left": np.array([2.0, 0.0], "float32"),
        "rows": np.array([3.0, 5.0], "float32"),
        "cols": np.array([4.0, 6.0], "float32"),
    }
    out = _np(layer.transform_images(x, transformation))
    expected = x.copy()
    expected[0, 1:4, 2:6, :] = 3.0
    np.testing.assert_array_equal(out, expected)
    # Drawn rectangles cover about `scale` (here 8 of 30 pixels), filled with noise.
    layer = RandomErasing(factor=(1.0, 1.0), scale=(0.25, 0.25), seed=2)
    for _ in range(3):
        erased = (_np(layer(x)) != x).any(-1).reshape(2, -1).sum(1)
        assert np.all((erased >= 4) & (erased <= 12)), erased


def test_inference_identity_and_seeds():
    x = _images()
    for cls, kwargs in (
        (RandomSharpness, {"factor": (0.9, 0.9)}),
        (RandomGaussianBlur, {"factor": (1.0, 1.0)}),
        (RandomErasing, {"factor": (1.0, 1.0), "scale": (0.3, 0.3)}),
    ):
        np.testing.assert_array_equal(_np(cls(**kwargs)(x, training=False)), x)
        first = _np(cls(seed=5, **kwargs)(x))
        np.testing.assert_allclose(_np(cls(seed=5, **kwargs)(x)), first, atol=1e-5)
        assert not np.allclose(first, x)


def test_channels_first_and_single_image():
    x = _images()
    layer = RandomSharpness(factor=(0.9, 0.9))
    expected = _np(layer(x))
    first = RandomSharpness(factor=(0.9, 0.9), data_format="channels_first")
    out = _np(first(np.transpose(x, (0, 3, 1, 2))))
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), expected, rtol=1e-5)
    np.testing.assert_allclose(_np(layer(x[0])), expected[0], rtol=1e-5)
    out = _np(Equalization(data_format="channels_first")(np.transpose(x, (0, 3, 1, 2))))
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), _np(Equalization()(x)))


@pytest.mark.parametrize(
    "cls, kwargs, keys",
    [
        (Equalization, {"bins": 64}, {"bins": 64, "value_range": [0, 255]}),
        (AutoContrast, {}, {"value_range": [0, 255]}),
        (
            CLAHE,
            {"clip_limit": 2.0, "tile_grid_size": (4, 4)},
            {"clip_limit": 2.0, "tile_grid_size": (4, 4), "value_range": (0, 255)},
        ),
        (RandomSharpness, {"factor": 0.5}, {"factor": (0, 0.5)}),
        (
            RandomGaussianBlur,
            {"factor": 0.5, "kernel_size": 5, "sigma": (0.5, 1.0)},
            {"factor": (0, 0.5), "kernel_size": (5, 5), "sigma": (0.5, 1.0)},
        ),
        (
            RandomErasing,
            {"factor": 0.5, "scale": 0.3},
            {"factor": (0, 0.5), "scale": (0, 0.3), "fill_value": None},
        ),
    ],
)
def test_config_round_trip(cls, kwargs, keys):
    layer = cls(**kwargs)
    config = layer.get_config()
    for key, value in keys.items():
        assert config[key] == value
    assert ("seed" in config) == (cls not in (Equalization, AutoContrast, CLAHE))
    assert cls.from_config(config).get_config() == config


def test_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match="bins.*received bins=0"):
        Equalization(bins=0)
    with pytest.raises(ValueError, match="value_range"):
        AutoContrast(value_range=(0,))
    with pytest.raises(ValueError, match="clip_limit.*received clip_limit=0"):
        CLAHE(clip_limit=0)
    with pytest.raises(ValueError, match="tile_grid_size"):
        CLAHE(tile_grid_size=(8, 0))
    with pytest.raises(ValueError, match="sigma.*received sigma=2.0"):
        RandomGaussianBlur(sigma=2.0)
    with pytest.raises(ValueError, match="kernel_size"):
        RandomGaussianBlur(kernel_size=0)
    with pytest.raises(ValueError, match="scale"):
        RandomErasing(scale=(0.5, 0.1))
    with pytest.raises(ValueError, match="fill_value"):
        RandomErasing(fill_value="black")
    with pytest.raises(ValueError, match="factor"):
        RandomSharpness(factor=1.5)
