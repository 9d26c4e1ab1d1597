"""Arithmetic on keras.Variable gives the active backend's tensors, equal to NumPy's."""

import operator

import numpy as np
import pytest

import keras
from keras.backends import active


@pytest.mark.parametrize(
    "op",
    [
        operator.add,
        operator.sub,
        operator.mul,
        operator.truediv,
        operator.pow,
        operator.lt,
        operator.ge,
    ],
)
def test_binary_operators_both_sides(op):
    rng = np.random.default_rng(3)
    a = rng.uniform(0.5, 2.0, (3, 4)).astype("float32")
    b = rng.uniform(0.5, 2.0, (3, 4)).astype("float32")
    v, w = keras.Variable(a), keras.Variable(b)
    expected = op(a, b)
    for out in (op(v, b), op(v, w), op(v, active.convert_to_tensor(b))):
        assert active.is_tensor(out)
        np.testing.assert_allclose(active.convert_to_numpy(out), expected, rtol=1e-6)
    reflected = op(2.0, v)
    np.testing.assert_allclose(active.convert_to_numpy(reflected), op(2.0, a), rtol=1e-6)


def test_matmul_and_unary():
    rng = np.random.default_rng(4)
    a = rng.standard_normal((2, 3)).astype("float32")
    b = rng.standard_normal((3, 2)).astype("float32")
    v, w = keras.Variable(a), keras.Variable(b)
    np.testing.assert_allclose(active.convert_to_numpy(v @ w), a @ b, rtol=1e-5)
    np.testing.assert_allclose(active.convert_to_numpy(-v), -a)
    np.testing.assert_allclose(active.convert_to_numpy(abs(v)), np.abs(a))
    np.testing.assert_allclose(active.convert_to_numpy(v[1]), a[1])
