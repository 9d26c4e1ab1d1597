"""The smooth activations against NumPy formulas on random inputs."""

import math

import numpy as np
import pytest

import keras
from keras import activations
from keras.ops import testing

X = testing.random_array((4, 5), seed=1, low=-5.0, high=5.0)
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softplus(x):
    return np.log1p(np.exp(x))


def erf(x):
    return np.vectorize(math.erf)(x)


# case -> (NumPy reference in float64, keyword arguments); a case is the name of the
# activation, or the name and the argument it checks ("elu-alpha").
CASES = {
    "sigmoid": (sigmoid, {}),
    "log_sigmoid": (lambda x: np.log(sigmoid(x)), {}),
    "tanh": (np.tanh, {}),
    "tanh_shrink": (lambda x: x - np.tanh(x), {}),
    "exponential": (np.exp, {}),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(x)), {}),
    "elu-alpha": (lambda x: np.where(x > 0, x, 0.4 * np.expm1(x)), {"alpha": 0.4}),
    "selu": (lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), {}),
    "celu": (lambda x: np.maximum(x, 0) + np.minimum(np.expm1(x), 0), {}),
    "celu-alpha": (
        lambda x: np.maximum(x, 0) + np.minimum(2.0 * np.expm1(x / 2.0), 0),
        {"alpha": 2.0},
    ),
    "gelu": (lambda x: 0.5 * x * (1 + erf(x / np.sqrt(2))), {}),
    "gelu-approximate": (
        lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
        {"approximate": True},
    ),
    "softplus": (softplus, {}),
    "softsign": (lambda x: x / (1 + np.abs(x)), {}),
    "squareplus": (lambda x: (x + np.sqrt(x**2 + 4)) / 2, {}),
    "squareplus-b": (lambda x: (x + np.sqrt(x**2 + 1)) / 2, {"b": 1}),
    "silu": (lambda x: x * sigmoid(x), {}),
    "swish": (lambda x: x * sigmoid(x), {}),
    "mish": (lambda x: x * np.tanh(softplus(x)), {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_numpy(case):
    reference, kwargs = CASES[case]
    name = case.split("-")[0]
    result = getattr(activations, name)(keras.ops.convert_to_tensor(X), **kwargs)
    testing.assert_close(
        result, reference(X.astype("float64")).astype("float32"), rtol=1e-5, atol=1e-5
    )


def test_gelu_defaults_to_the_exact_form():
    # The exact and tanh forms differ by ~1e-4 around |x| = 2.
    x = np.array([-2.0, 2.0], "float32")
    exact = 0.5 * x * (1 + erf(x / np.sqrt(2)))
    testing.assert_close(activations.gelu(x), exact.astype("float32"), atol=1e-6)
    approximate = testing.to_numpy(activations.gelu(x, approximate=True))
    assert np.abs(approximate - exact).max() > 1e-5


def test_aliases():
    assert activations.swish is activations.silu
    assert activations.hard_swish is activations.hard_silu


def test_symbolic():
    x = testing.symbolic((2, None))
    testing.assert_spec(activations.mish(x), (2, None), "float32")
    testing.assert_spec(activations.gelu(x), (2, None), "float32")
