"""Hinge losses against NumPy references."""

import numpy as np
import pytest

from keras import losses
from keras.ops import testing


def signed(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def ref_hinge(t, p):
    return np.mean(np.maximum(1 - signed(t) * p, 0), axis=-1)


def ref_squared_hinge(t, p):
    return np.mean(np.maximum(1 - signed(t) * p, 0) ** 2, axis=-1)


def ref_categorical_hinge(t, p):
    pos = np.sum(t * p, axis=-1)
    neg = np.max((1 - t) * p, axis=-1)
    return np.maximum(neg - pos + 1, 0)


CASES = [
    (losses.hinge, losses.Hinge, ref_hinge, "hinge"),
    (losses.squared_hinge, losses.SquaredHinge, ref_squared_hinge, "squared_hinge"),
    (
        losses.categorical_hinge,
        losses.CategoricalHinge,
        ref_categorical_hinge,
        "categorical_hinge",
    ),
]


@pytest.mark.parametrize("function, cls, reference, name", CASES)
@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4)])
@pytest.mark.parametrize("labels", ["binary", "signed"])
def test_matches_numpy(function, cls, reference, name, shape, labels):
    draws = testing.random_array(shape, seed=1, low=0, high=1)
    y_true = (draws > 0.5).astype("float32")
    if labels == "signed":
        y_true = 2 * y_true - 1
    y_pred = testing.random_array(shape, seed=2, low=-2.0, high=2.0)
    expected = reference(y_true.astype("float64"), y_pred.astype("float64"))
    testing.assert_close(
        function(y_true, y_pred), expected.astype("float32"), rtol=1e-5, atol=1e-6
    )
    testing.assert_close(
        cls()(y_true, y_pred), np.float32(np.mean(expected)), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("function, cls, reference, name", CASES)
def test_config_round_trip(function, cls, reference, name):
    loss = cls(reduction="sum")
    assert loss.name == name
    config = loss.get_config()
    assert cls.from_config(config).get_config() == config


def test_binary_labels_are_mapped_to_signs():
    y_pred = np.array([[-0.5, 0.25]], "float32")
    testing.assert_close(
        losses.hinge(np.array([[0.0, 1.0]], "float32"), y_pred),
        losses.hinge(np.array([[-1.0, 1.0]], "float32"), y_pred),
    )
    result = losses.hinge(np.array([[0.0, 1.0]], "float32"), y_pred)
    testing.assert_close(result, np.array([0.625], "float32"))
