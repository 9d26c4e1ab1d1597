"""softmax, log_softmax, sparsemax and glu against NumPy, along several axes."""

import warnings

import numpy as np
import pytest

import keras
from keras import activations
from keras.ops import testing

X = testing.random_array((3, 4, 6), seed=2, low=-4.0, high=4.0)


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def sparsemax(x, axis):
    """Projection onto the simplex (Martins & Astudillo, 2016), one vector at a time."""
    x = np.moveaxis(x, axis, -1)
    out = np.empty_like(x)
    for index in np.ndindex(x.shape[:-1]):
        z = x[index]
        s = np.sort(z)[::-1]
        k = np.arange(1, z.size + 1)
        support = 1 + k * s > np.cumsum(s)
        k_max = k[support][-1]
        tau = (np.cumsum(s)[k_max - 1] - 1) / k_max
        out[index] = np.maximum(z - tau, 0)
    return np.moveaxis(out, -1, axis)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax(axis):
    result = activations.softmax(keras.ops.convert_to_tensor(X), axis=axis)
    testing.assert_close(result, softmax(X.astype("float64"), axis).astype("float32"))


@pytest.mark.parametrize("axis", [-1, 1])
def test_log_softmax(axis):
    result = activations.log_softmax(keras.ops.convert_to_tensor(X), axis=axis)
    expected = np.log(softmax(X.astype("float64"), axis)).astype("float32")
    testing.assert_close(result, expected, atol=1e-5)


@pytest.mark.parametrize("axis", [-1, 0])
def test_sparsemax(axis):
    result = activations.sparsemax(keras.ops.convert_to_tensor(X), axis=axis)
    expected = sparsemax(X.astype("float64"), axis).astype("float32")
    testing.assert_close(result, expected, atol=1e-5)
    np.testing.assert_allclose(testing.to_numpy(result).sum(axis=axis), 1.0, rtol=1e-5)


@pytest.mark.parametrize("axis", [-1, 1])
def test_glu(axis):
    result = activations.glu(keras.ops.convert_to_tensor(X), axis=axis)
    a, b = np.split(X.astype("float64"), 2, axis=axis)
    expected = (a / (1 + np.exp(-b))).astype("float32")
    testing.assert_close(result, expected)


def test_softmax_over_a_size_one_axis_warns():
    x = keras.ops.convert_to_tensor(X[..., :1])
    with pytest.warns(UserWarning, match=r"axis -1 .* has size 1"):
        result = activations.softmax(x)
    testing.assert_close(result, np.ones((3, 4, 1), "float32"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        activations.softmax(keras.ops.convert_to_tensor(X))


def test_symbolic():
    x = testing.symbolic((None, 8))
    testing.assert_spec(activations.softmax(x), (None, 8), "float32")
    testing.assert_spec(activations.glu(x), (None, 4), "float32")
