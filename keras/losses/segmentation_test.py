"""Dice and Tversky losses against NumPy references."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing

EPSILON = 1e-7


def ref_dice(t, p, axis=None):
    intersection = np.sum(t * p, axis=axis)
    total = np.sum(t, axis=axis) + np.sum(p, axis=axis)
    return 1 - 2 * intersection / (total + EPSILON)


def ref_tversky(t, p, alpha=0.5, beta=0.5, axis=None):
    tp = np.sum(t * p, axis=axis)
    missed = np.sum(t * (1 - p), axis=axis)
    spurious = np.sum((1 - t) * p, axis=axis)
    return 1 - tp / (tp + alpha * missed + beta * spurious + EPSILON)


def masks(shape, seed):
    draws = testing.random_array(shape, seed=seed, low=0, high=1)
    y_true = (draws > 0.6).astype("float32")
    y_pred = testing.random_array(shape, seed=seed + 1, low=0, high=1)
    return y_true, y_pred


@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
@pytest.mark.parametrize("axis", [None, -1, "all_but_batch"])
def test_dice(shape, axis):
    if axis == "all_but_batch":
        axis = tuple(range(1, len(shape))) or None
    y_true, y_pred = masks(shape, seed=1)
    expected = np.asarray(ref_dice(y_true.astype("float64"), y_pred, axis), "float32")
    testing.assert_close(losses.dice(y_true, y_pred, axis=axis), expected, rtol=1e-5)
    loss = losses.Dice(axis=axis)
    testing.assert_close(loss(y_true, y_pred), np.float32(np.mean(expected)), rtol=1e-5)


@pytest.mark.parametrize("shape", [(6, 4), (6, 3, 4)])
@pytest.mark.parametrize("alpha, beta", [(0.5, 0.5), (0.7, 0.3), (0.1, 0.9)])
@pytest.mark.parametrize("axis", [None, -1])
def test_tversky(shape, alpha, beta, axis):
    y_true, y_pred = masks(shape, seed=3)
    expected = np.asarray(
        ref_tversky(y_true.astype("float64"), y_pred, alpha, beta, axis), "float32"
    )
    testing.assert_close(
        losses.tversky(y_true, y_pred, alpha=alpha, beta=beta, axis=axis),
        expected,
        rtol=1e-5,
    )
    loss = losses.Tversky(alpha=alpha, beta=beta, axis=axis)
    testing.assert_close(loss(y_true, y_pred), np.float32(np.mean(expected)), rtol=1e-5)


def test_tversky_with_equal_weights_is_dice():
    y_true, y_pred = masks((5, 7), seed=5)
    testing.assert_close(
        losses.tversky(y_true, y_pred), losses.dice(y_true, y_pred), rtol=1e-6
    )


def test_tversky_weighs_missed_targets_by_alpha():
    # One target pixel predicted at 0.25: tp = 0.25, missed = 0.75, spurious = 0.
    y_true = np.array([[1.0, 0.0]], "float32")
    y_pred = np.array([[0.25, 0.0]], "float32")
    testing.assert_close(
        losses.tversky(y_true, y_pred, alpha=1.0, beta=0.0), np.float32(0.75), rtol=1e-5
    )
    testing.assert_close(
        losses.tversky(y_true, y_pred, alpha=0.0, beta=1.0), np.float32(0.0), atol=1e-6
    )


def test_configs_and_errors():
    config = losses.Tversky(alpha=0.3, beta=0.7, axis=(1, 2)).get_config()
    assert (config["alpha"], config["beta"], config["axis"]) == (0.3, 0.7, (1, 2))
    config["axis"] = [1, 2]  # as a JSON round trip gives it back
    assert losses.Tversky.from_config(config).axis == (1, 2)
    assert losses.Dice().get_config() == {
        "name": "dice",
        "reduction": "sum_over_batch_size",
        "dtype": "float32",
        "axis": None,
    }
    with pytest.raises(ValueError, match="`axis` must be None, an int or a tuple"):
        losses.Dice(axis="rows")
    with pytest.raises(ValueError, match="`alpha` must be a non-negative number"):
        losses.Tversky(alpha=-0.1)
