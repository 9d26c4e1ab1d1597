"""Focal cross-entropies against NumPy references."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing

EPSILON = 1e-7


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def ref_binary_focal(
    t, p, balancing=False, alpha=0.25, gamma=2.0, smoothing=0.0, axis=-1
):
    t = t * (1 - smoothing) + 0.5 * smoothing
    clipped = np.clip(p, EPSILON, 1 - EPSILON)
    bce = -(t * np.log(clipped) + (1 - t) * np.log(1 - clipped))
    p_t = t * p + (1 - t) * (1 - p)
    focal = (1 - p_t) ** gamma * bce
    if balancing:
        focal = (t * alpha + (1 - t) * (1 - alpha)) * focal
    return np.mean(focal, axis=axis)


def ref_categorical_focal(t, p, alpha=0.25, gamma=2.0, smoothing=0.0, axis=-1):
    t = t * (1 - smoothing) + smoothing / t.shape[axis]
    p = np.clip(p / p.sum(axis=axis, keepdims=True), EPSILON, 1 - EPSILON)
    return np.sum(-alpha * (1 - p) ** gamma * t * np.log(p), axis=axis)


def binary_labels(shape, seed):
    draws = testing.random_array(shape, seed=seed, low=0, high=1)
    return (draws > 0.5).astype("float32")


@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"gamma": 0.0},
        {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
        {"label_smoothing": 0.2},
    ],
)
def test_binary_focal_crossentropy(shape, options):
    y_true = binary_labels(shape, seed=1)
    y_pred = testing.random_array(shape, seed=2, low=0.01, high=0.99)
    reference_options = dict(options)
    if "apply_class_balancing" in reference_options:
        reference_options["balancing"] = reference_options.pop("apply_class_balancing")
    if "label_smoothing" in reference_options:
        reference_options["smoothing"] = reference_options.pop("label_smoothing")
    expected = ref_binary_focal(y_true, y_pred.astype("float64"), **reference_options)
    testing.assert_close(
        losses.binary_focal_crossentropy(y_true, y_pred, **options),
        expected.astype("float32"),
        rtol=1e-5,
        atol=1e-6,
    )
    loss = losses.BinaryFocalCrossentropy(**options)
    testing.assert_close(
        loss(y_true, y_pred), np.float32(np.mean(expected)), rtol=1e-5, atol=1e-6
    )


def test_binary_focal_documented_example():
    result = losses.binary_focal_crossentropy(
        np.array([[0, 1], [0, 0]], "float32"),
        np.array([[0.6, 0.4], [0.4, 0.6]], "float32"),
        gamma=2,
    )
    testing.assert_close(result, np.array([0.330, 0.206], "float32"), rtol=2e-3)


def test_binary_focal_from_logits_equals_sigmoid_first():
    y_true = binary_labels((5, 4), seed=3)
    logits = testing.random_array((5, 4), seed=4)
    testing.assert_close(
        losses.binary_focal_crossentropy(y_true, logits, from_logits=True),
        losses.binary_focal_crossentropy(y_true, sigmoid(logits).astype("float32")),
        rtol=1e-5,
    )


@pytest.mark.parametrize("shape", [(6, 4), (6, 3, 4)])
@pytest.mark.parametrize(
    "options",
    [{}, {"alpha": 0.5, "gamma": 0.0}, {"label_smoothing": 0.1, "gamma": 3.0}],
)
def test_categorical_focal_crossentropy(shape, options):
    labels = testing.random_array(shape[:-1], "int32", seed=5, low=0, high=shape[-1])
    y_true = np.eye(shape[-1], dtype="float32")[labels]
    y_pred = testing.random_array(shape, seed=6, low=0.01, high=1.0)
    reference_options = dict(options)
    if "label_smoothing" in reference_options:
        reference_options["smoothing"] = reference_options.pop("label_smoothing")
    expected = ref_categorical_focal(
        y_true, y_pred.astype("float64"), **reference_options
    )
    testing.assert_close(
        losses.categorical_focal_crossentropy(y_true, y_pred, **options),
        expected.astype("float32"),
        rtol=1e-5,
        atol=1e-6,
    )
    loss = losses.CategoricalFocalCrossentropy(**options)
    testing.assert_close(loss(y_true, y_pred), np.float32(expected.mean()), rtol=1e-5)


def test_categorical_focal_from_logits_and_per_class_alpha():
    y_true = np.eye(3, dtype="float32")[[0, 2, 1, 1]]
    logits = testing.random_array((4, 3), seed=7)
    alpha = [0.2, 0.3, 0.5]
    result = losses.CategoricalFocalCrossentropy(
        alpha=alpha, from_logits=True, reduction=None
    )(y_true, logits)
    expected = ref_categorical_focal(
        y_true, softmax(logits.astype("float64")), alpha=np.array(alpha)
    )
    testing.assert_close(result, expected.astype("float32"), rtol=1e-5)


@pytest.mark.parametrize(
    "cls, arguments",
    [
        (
            losses.BinaryFocalCrossentropy,
            {
                "apply_class_balancing": True,
                "alpha": 0.3,
                "gamma": 1.0,
                "from_logits": True,
                "label_smoothing": 0.1,
                "axis": 0,
            },
        ),
        (
            losses.CategoricalFocalCrossentropy,
            {
                "alpha": 0.5,
                "gamma": 3.0,
                "from_logits": True,
                "label_smoothing": 0.2,
                "axis": 1,
            },
        ),
    ],
)
def test_config_round_trip(cls, arguments):
    loss = cls(name="custom", **arguments)
    config = loss.get_config()
    assert {key: config[key] for key in arguments} == arguments
    assert cls.from_config(config).get_config() == config


def test_defaults_and_errors():
    config = losses.BinaryFocalCrossentropy().get_config()
    assert (config["alpha"], config["gamma"], config["apply_class_balancing"]) == (
        0.25,
        2.0,
        False,
    )
    name = losses.CategoricalFocalCrossentropy().name
    assert name == "categorical_focal_crossentropy"
    with pytest.raises(ValueError, match="`gamma` must be a non-negative"):
        losses.BinaryFocalCrossentropy(gamma=-1.0)
    with pytest.raises(ValueError, match=r"`alpha` must be a float in \[0, 1\]"):
        losses.CategoricalFocalCrossentropy(alpha=2.0)
    with pytest.raises(TypeError, match="`apply_class_balancing` must be a bool"):
        losses.BinaryFocalCrossentropy(apply_class_balancing=1)
