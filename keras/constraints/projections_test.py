"""MaxNorm, MinMaxNorm, NonNeg and UnitNorm against NumPy; configs."""

import numpy as np
import pytest

import keras
from keras import constraints
from keras.ops import testing

EPSILON = 1e-7
W = testing.random_array((4, 3, 5), seed=0)


def apply(constraint, w=W):
    return constraint(keras.ops.convert_to_tensor(w))


def norms(w, axis):
    return np.sqrt(np.sum(w.astype("float64") ** 2, axis=axis, keepdims=True))


@pytest.mark.parametrize("axis", [0, 1, -1, (0, 1)])
@pytest.mark.parametrize("max_value", [2, 4.5])
def test_max_norm(axis, max_value):
    n = norms(W, axis)
    expected = W * (np.clip(n, 0, max_value) / (EPSILON + n))
    testing.assert_close(
        apply(constraints.MaxNorm(max_value, axis)), expected.astype("float32")
    )
    result = testing.to_numpy(apply(constraints.MaxNorm(max_value, axis)))
    assert norms(result, axis).max() <= max_value + 1e-5


@pytest.mark.parametrize("axis", [0, -1])
@pytest.mark.parametrize("rate", [1.0, 0.3])
def test_min_max_norm(axis, rate):
    n = norms(W, axis)
    desired = rate * np.clip(n, 3.0, 4.0) + (1 - rate) * n
    expected = W * (desired / (EPSILON + n))
    result = apply(constraints.MinMaxNorm(3.0, 4.0, rate, axis))
    testing.assert_close(result, expected.astype("float32"), rtol=1e-5, atol=1e-5)


def test_min_max_norm_with_rate_one_lands_in_bounds():
    result = testing.to_numpy(apply(constraints.MinMaxNorm(3.0, 4.0)))
    n = norms(result, 0)
    assert n.min() >= 3.0 - 1e-5 and n.max() <= 4.0 + 1e-5


def test_non_neg():
    testing.assert_close(apply(constraints.NonNeg()), np.maximum(W, 0))


@pytest.mark.parametrize("axis", [0, 2, (1, 2)])
def test_unit_norm(axis):
    expected = W / (EPSILON + norms(W, axis))
    testing.assert_close(apply(constraints.UnitNorm(axis)), expected.astype("float32"))
    np.testing.assert_allclose(
        norms(testing.to_numpy(apply(constraints.UnitNorm(axis))), axis), 1.0, 1e-5
    )


def test_base_class_is_the_identity():
    testing.assert_close(apply(constraints.Constraint()), W)
    assert constraints.Constraint().get_config() == {}


@pytest.mark.parametrize(
    "constraint, config",
    [
        (constraints.MaxNorm(), {"max_value": 2, "axis": 0}),
        (
            constraints.MinMaxNorm(),
            {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0},
        ),
        (constraints.NonNeg(), {}),
        (constraints.UnitNorm(), {"axis": 0}),
        (constraints.UnitNorm(axis=[0, 1]), {"axis": [0, 1]}),
    ],
)
def test_config_round_trip(constraint, config):
    assert constraint.get_config() == config
    restored = type(constraint).from_config(config)
    assert restored.get_config() == config
    testing.assert_close(apply(restored), testing.to_numpy(apply(constraint)))


def test_aliases():
    assert constraints.max_norm is constraints.MaxNorm
    assert constraints.min_max_norm is constraints.MinMaxNorm
    assert constraints.non_neg is constraints.NonNeg
    assert constraints.unit_norm is constraints.UnitNorm
