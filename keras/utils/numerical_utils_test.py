"""to_categorical and normalize against NumPy loops."""

import numpy as np
import pytest

from keras import utils


def test_to_categorical_matches_a_loop():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 4, size=(3, 5))
    got = utils.to_categorical(labels, num_classes=6)
    assert got.shape == (3, 5, 6) and got.dtype == np.float64
    for i in range(3):
        for j in range(5):
            want = np.zeros(6, "float32")
            want[labels[i, j]] = 1.0
            np.testing.assert_array_equal(got[i, j], want)


def test_to_categorical_infers_classes_and_drops_a_unit_axis():
    got = utils.to_categorical(np.array([[2], [0], [1]]))
    np.testing.assert_array_equal(got, np.eye(3)[[2, 0, 1]])


@pytest.mark.parametrize(
    "x, num_classes, match",
    [([0, 3], 3, "x"), ([0, 1], 0, "num_classes"), ([0.5], None, "x"), ([-1], 2, "x")],
)
def test_to_categorical_errors(x, num_classes, match):
    with pytest.raises(ValueError, match=match):
        utils.to_categorical(x, num_classes=num_classes)


@pytest.mark.parametrize("axis, order", [(-1, 2), (0, 1), (1, np.inf)])
def test_normalize_matches_a_loop(axis, order):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 3)).astype("float32")
    x[2] = 0.0  # a zero row stays zero rather than NaN
    got = utils.normalize(x, axis=axis, order=order)
    want = np.array(x)
    moved = np.moveaxis(want, axis, -1)
    for index in np.ndindex(moved.shape[:-1]):
        vector = moved[index]
        if order == np.inf:
            norm = max(abs(v) for v in vector)
        else:
            norm = sum(abs(v) ** order for v in vector) ** (1 / order)
        if norm:
            moved[index] = vector / norm
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
    assert not np.isnan(got).any()


def test_normalize_integers_become_float():
    got = utils.normalize([[3, 4]])
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, [[0.6, 0.8]], rtol=1e-12)
    with pytest.raises(ValueError, match="axis"):
        utils.normalize([[1.0]], axis=3)
