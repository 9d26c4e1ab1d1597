"""`ops.image.resize` against Pillow's and SciPy's resampling (independent references;
image_test.py checks the same op against this repository's own NumPy reference).

Pillow resamples each float32 ("F" mode) channel with half-pixel centres and, when it
downscales, a filter widened by the scale (what `antialias=True` means); its weights
are renormalised at the borders. SciPy's `ndimage.zoom(order=1, grid_mode=True,
mode="nearest")` is half-pixel bilinear with the edge pixel repeated.
"""

import numpy as np
import pytest
import scipy.ndimage
from PIL import Image

from keras.ops import image
from keras.ops import testing

FILTERS = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}


def pillow_resize(x, size, interpolation):
    """(H, W, C) float32 -> (size[0], size[1], C), one Pillow "F" image per channel."""
    channels = [
        np.asarray(
            Image.fromarray(x[..., c], mode="F").resize(
                (size[1], size[0]), FILTERS[interpolation]
            )
        )
        for c in range(x.shape[-1])
    ]
    return np.stack(channels, axis=-1)


def to_numpy(x):
    from keras import ops

    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_upscale_matches_pillow(interpolation, data_format):
    x = testing.random_array((6, 5, 3), "float32", seed=1)
    expected = pillow_resize(x, (12, 15), interpolation)
    if data_format == "channels_first":
        x, expected = np.moveaxis(x, -1, 0), np.moveaxis(expected, -1, 0)
    result = image.resize(
        x, (12, 15), interpolation=interpolation, antialias=False, data_format=data_format
    )
    np.testing.assert_allclose(to_numpy(result), expected, rtol=1e-5, atol=1e-5)


def test_bicubic_upscale_matches_pillow_away_from_the_borders():
    # At the borders Pillow renormalises the cubic weights over the pixels inside;
    # Keras (like TensorFlow and JAX) extends the edge instead. Inside, both are Keys's
    # cubic with a = -0.5.
    x = testing.random_array((8, 9, 2), "float32", seed=2)
    expected = pillow_resize(x, (16, 18), "bicubic")
    result = to_numpy(
        image.resize(x, (16, 18), interpolation="bicubic", antialias=False,
                     data_format="channels_last")
    )
    np.testing.assert_allclose(result[3:-3, 3:-3], expected[3:-3, 3:-3], atol=1e-4)
    assert np.abs(result - expected).max() < 0.5


@pytest.mark.parametrize("size", [(4, 5), (3, 3)])
def test_antialiased_bilinear_downscale_matches_pillow(size):
    x = testing.random_array((8, 10, 3), "float32", seed=3)
    expected = pillow_resize(x, size, "bilinear")
    result = image.resize(
        x, size, interpolation="bilinear", antialias=True, data_format="channels_last"
    )
    np.testing.assert_allclose(to_numpy(result), expected, rtol=1e-5, atol=1e-5)


def test_bilinear_upscale_matches_scipy_zoom():
    x = testing.random_array((5, 7, 2), "float32", seed=4)
    expected = scipy.ndimage.zoom(
        x.astype("float64"), (3, 2, 1), order=1, grid_mode=True, mode="nearest"
    )
    result = image.resize(
        x, (15, 14), interpolation="bilinear", antialias=False,
        data_format="channels_last",
    )
    np.testing.assert_allclose(to_numpy(result), expected, rtol=1e-5, atol=1e-5)
