"""Gradients of losses with respect to the predictions: finite, and equal to finite
differences of a NumPy reference."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the backend has no gradients"
)

EPSILON = 1e-7


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


Y_TRUE = testing.random_array((4, 3), seed=1)
BINARY = (testing.random_array((4, 3), seed=2, low=0, high=1) > 0.5).astype("float32")
LABELS = np.array([0, 2, -1, 1], "int32")


def ref_mse(p):
    return np.mean((Y_TRUE - p) ** 2)


def ref_bce_logits(p):
    q = 1 / (1 + np.exp(-p))
    return np.mean(-(BINARY * np.log(q) + (1 - BINARY) * np.log(1 - q)))


def ref_scce_ignore(p):
    keep = LABELS != -1
    log_probs = np.log(softmax(p))
    picked = log_probs[np.arange(4), np.where(keep, LABELS, 0)]
    return -np.sum(np.where(keep, picked, 0)) / keep.sum()


def ref_huber(p):
    e = np.abs(p - Y_TRUE)
    return np.mean(np.where(e <= 1.0, 0.5 * e**2, e - 0.5))


CASES = [
    ("mse", lambda p: losses.MeanSquaredError()(Y_TRUE, p), ref_mse),
    (
        "bce_logits",
        lambda p: losses.BinaryCrossentropy(from_logits=True)(BINARY, p),
        ref_bce_logits,
    ),
    (
        "scce_ignore_class",
        lambda p: losses.SparseCategoricalCrossentropy(
            from_logits=True, ignore_class=-1
        )(LABELS, p),
        ref_scce_ignore,
    ),
    ("huber", lambda p: losses.Huber()(Y_TRUE, p), ref_huber),
]


@pytest.mark.parametrize("name, loss, reference", CASES, ids=[c[0] for c in CASES])
def test_gradient_matches_finite_differences(name, loss, reference):
    y_pred = testing.random_array((4, 3), seed=3)
    gradient = testing.gradient(loss, y_pred)
    assert np.all(np.isfinite(gradient))
    expected = testing.numeric_gradient(reference, y_pred)
    np.testing.assert_allclose(gradient, expected, rtol=1e-3, atol=1e-4)


def test_circle_gradient_is_finite_with_lonely_anchors():
    x = testing.random_array((6, 4), seed=4)
    y_pred = x / np.linalg.norm(x, axis=-1, keepdims=True)
    labels = np.array([0, 0, 1, 1, 2, 3], "int32")  # labels 2 and 3 have no positive
    gradient = testing.gradient(lambda p: losses.Circle(gamma=16.0)(labels, p), y_pred)
    assert np.all(np.isfinite(gradient))
    assert np.any(gradient != 0)


def test_focal_and_dice_gradients_are_finite_at_extremes():
    y_pred = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.25]], "float32")
    y_true = np.array([[0.0, 1.0, 1.0], [0.0, 1.0, 0.0]], "float32")
    for loss in (losses.BinaryFocalCrossentropy(), losses.Dice(), losses.Tversky()):
        gradient = testing.gradient(lambda p, loss=loss: loss(y_true, p), y_pred)
        assert np.all(np.isfinite(gradient)), type(loss).__name__
