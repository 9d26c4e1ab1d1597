"""The piecewise activations against NumPy formulas on random inputs."""

import numpy as np
import pytest

import keras
from keras import activations
from keras.ops import testing

X = testing.random_array((4, 5), seed=0, low=-8.0, high=8.0)

# name -> (NumPy reference in float64, keyword arguments).
CASES = {
    "relu": (lambda x: np.maximum(x, 0), {}),
    "leaky_relu": (lambda x: np.where(x > 0, x, 0.2 * x), {}),
    "relu6": (lambda x: np.clip(x, 0, 6), {}),
    "hard_sigmoid": (lambda x: np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_silu": (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_swish": (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), {}),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), {}),
    "hard_shrink": (lambda x: np.where(np.abs(x) > 0.5, x, 0), {}),
    "soft_shrink": (lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0), {}),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        {},
    ),
    "sparse_sigmoid": (lambda x: np.clip((x + 1) / 2, 0, 1), {}),
    "linear": (lambda x: x, {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_numpy(name):
    reference, kwargs = CASES[name]
    x = X * 0.5 if name in ("sparse_plus", "sparse_sigmoid") else X
    result = getattr(activations, name)(keras.ops.convert_to_tensor(x), **kwargs)
    testing.assert_close(result, reference(x.astype("float64")).astype("float32"))


def relu_reference(x, negative_slope=0.0, max_value=None, threshold=0.0):
    positive = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        positive = np.minimum(positive, max_value)
    return positive + negative_slope * np.minimum(x - threshold, 0.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"negative_slope": 0.1},
        {"max_value": 6.0},
        {"max_value": 2.5},
        {"threshold": 1.5},
        {"negative_slope": 0.3, "max_value": 4.0, "threshold": -1.0},
        {"negative_slope": 0.2, "threshold": 2.0},
    ],
)
def test_relu_arguments(kwargs):
    result = activations.relu(keras.ops.convert_to_tensor(X), **kwargs)
    expected = relu_reference(X.astype("float64"), **kwargs).astype("float32")
    testing.assert_close(result, expected)


def test_relu_keeps_integer_dtypes():
    x = np.array([-3, 0, 2, 9], "int32")
    testing.assert_close(activations.relu(x), np.array([0, 0, 2, 9], "int32"))
    testing.assert_close(
        activations.relu(x, max_value=6), np.array([0, 0, 2, 6], "int32")
    )


def test_arguments():
    x = keras.ops.convert_to_tensor(X)
    testing.assert_close(
        activations.leaky_relu(x, negative_slope=0.5), np.where(X > 0, X, 0.5 * X)
    )
    testing.assert_close(
        activations.hard_shrink(x, threshold=2.0), np.where(np.abs(X) > 2, X, 0)
    )
    testing.assert_close(
        activations.soft_shrink(x, threshold=2.0),
        np.sign(X) * np.maximum(np.abs(X) - 2, 0),
    )
    testing.assert_close(activations.threshold(x, 1.0, -3.0), np.where(X > 1, X, -3.0))


def test_symbolic():
    x = testing.symbolic((None, 5))
    testing.assert_spec(activations.relu(x, negative_slope=0.1, max_value=3.0),
                        (None, 5), "float32")
    testing.assert_spec(activations.hard_silu(x), (None, 5), "float32")
