"""Gradients of the keras.ops.image ops against finite differences of NumPy.

The loss weighs every output pixel differently (a fixed random pattern), so that a
wrong entry of the Jacobian shows. The references resample pixel by pixel with
Keras 3's half-pixel centres.
"""

import math

import numpy as np
import pytest

from keras import ops
from keras.ops import image
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def weights(shape, seed=100):
    return testing.random_array(shape, "float64", seed=seed, low=-1.0, high=1.0)


def weighted(y, w):
    """`y * w` for a float64 NumPy `w`, as float32."""
    return ops.multiply(y, ops.convert_to_tensor(w.astype("float32")))


def assert_gradient(function, reference, x, rtol=1e-2, atol=1e-3):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=rtol,
        atol=atol,
    )


def bilinear_matrix(in_size, out_size, antialias):
    """(out, in) weights of bilinear resampling along one axis."""
    matrix = np.zeros((out_size, in_size))
    width = max(in_size / out_size, 1.0) if antialias else 1.0
    for i in range(out_size):
        centre = (i + 0.5) * in_size / out_size - 0.5
        for j in range(in_size):
            matrix[i, j] = max(0.0, 1 - abs(centre - j) / width)
        matrix[i] /= matrix[i].sum()
    return matrix


@pytest.mark.parametrize("size", [(3, 4), (7, 9)])
@pytest.mark.parametrize("antialias", [False, True])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_resize_bilinear(size, antialias, data_format):
    shape = (2, 5, 6, 2) if data_format == "channels_last" else (2, 2, 5, 6)
    x = testing.random_array(shape, seed=1)
    rows = bilinear_matrix(5, size[0], antialias)
    columns = bilinear_matrix(6, size[1], antialias)
    out_shape = (2,) + size + (2,) if data_format == "channels_last" else (2, 2) + size
    w = weights(out_shape)

    def reference(v):
        if data_format == "channels_last":
            out = np.einsum("nhwc,oh,pw->nopc", v, rows, columns)
        else:
            out = np.einsum("nchw,oh,pw->ncop", v, rows, columns)
        return out * w

    assert_gradient(
        lambda v: weighted(
            image.resize(v, size, antialias=antialias, data_format=data_format), w
        ),
        reference,
        x,
    )


def bilinear_sample(v, y, x):
    """`v` (H, W) at the point (y, x), zeros outside."""
    total = 0.0
    y0, x0 = math.floor(y), math.floor(x)
    for yi, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xi, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yi < v.shape[0] and 0 <= xi < v.shape[1]:
                total += wy * wx * v[yi, xi]
    return total


@pytest.mark.parametrize("batched", [True, False])
def test_affine_transform_bilinear(batched):
    transform = np.asarray([1.1, 0.23, 0.37, -0.12, 0.9, 0.41, 0, 0], "float32")
    shape = (2, 4, 5, 2) if batched else (4, 5, 2)
    x = testing.random_array(shape, seed=2)
    w = weights(shape)
    t = np.stack([transform] * 2) if batched else transform
    a0, a1, a2, b0, b1, b2 = transform[:6].astype("float64")

    def one(v):
        out = np.zeros(v.shape)
        for row in range(v.shape[0]):
            for column in range(v.shape[1]):
                y = b0 * column + b1 * row + b2
                x_ = a0 * column + a1 * row + a2
                for c in range(v.shape[2]):
                    out[row, column, c] = bilinear_sample(v[..., c], y, x_)
        return out

    def reference(v):
        out = np.stack([one(i) for i in v]) if batched else one(v)
        return out * w

    assert_gradient(
        lambda v: weighted(
            image.affine_transform(v, t, data_format="channels_last"), w
        ),
        reference,
        x,
    )


def gaussian_matrix(size, taps):
    """(size, size) weights of a centred correlation with zero padding."""
    matrix = np.zeros((size, size))
    half = (len(taps) - 1) // 2
    for i in range(size):
        for k, tap in enumerate(taps):
            if 0 <= i + k - half < size:
                matrix[i, i + k - half] = tap
    return matrix


def test_gaussian_blur():
    x = testing.random_array((2, 5, 6, 2), seed=3)
    t = np.arange(3) - 1.0
    taps = np.exp(-(t**2) / 2)
    taps /= taps.sum()
    rows, columns = gaussian_matrix(5, taps), gaussian_matrix(6, taps)
    w = weights((2, 5, 6, 2))
    assert_gradient(
        lambda v: weighted(image.gaussian_blur(v, data_format="channels_last"), w),
        lambda v: np.einsum("nhwc,oh,pw->nopc", v, rows, columns) * w,
        x,
    )


def test_map_coordinates_linear():
    x = testing.random_array((4, 5), seed=4)
    coordinates = testing.random_array((2, 7), seed=5, low=-0.5, high=4.5)
    w = weights((7,))

    def reference(v):
        return np.asarray(
            [bilinear_sample(v, *coordinates[:, i].astype("float64")) for i in range(7)]
        ) * w

    assert_gradient(
        lambda v: weighted(image.map_coordinates(v, coordinates, 1), w), reference, x
    )
