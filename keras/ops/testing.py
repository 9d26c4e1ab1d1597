"""Helpers shared by the op tests: NumPy comparison and symbolic checks."""

import numpy as np

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.models import Model

# Shapes that every element-wise op is checked on: scalars, empty, broadcasting.
BROADCAST_PAIRS = [
    ((), ()),
    ((3,), ()),
    ((2, 3), (3,)),
    ((2, 1, 4), (3, 1)),
    ((0, 3), (1, 3)),
]


def rng(seed=0):
    return np.random.default_rng(seed)


def random_array(shape, dtype="float32", seed=0, low=-3.0, high=3.0):
    """Random values of `dtype` (ints in [low, high), bools at random)."""
    generator = np.random.default_rng(seed)
    if dtype == "bool":
        return generator.random(shape) > 0.5
    if dtypes.is_int_dtype(dtype):
        return generator.integers(int(low), int(high), size=shape).astype(dtype)
    return generator.uniform(low, high, size=shape).astype(dtype)


def to_numpy(x):
    if isinstance(x, (list, tuple)):
        return type(x)(to_numpy(v) for v in x)
    return active.convert_to_numpy(x)


def assert_close(actual, expected, rtol=1e-5, atol=1e-6, check_dtype=True):
    """`actual` (a backend tensor) equals the NumPy `expected` in values, shape and dtype."""
    actual = to_numpy(actual)
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, f"shape {actual.shape} != {expected.shape}"
    if check_dtype:
        assert dtypes.standardize_dtype(actual.dtype) == dtypes.standardize_dtype(
            expected.dtype
        ), f"dtype {actual.dtype} != {expected.dtype}"
    if expected.dtype == bool or expected.dtype.kind in "iu":
        np.testing.assert_array_equal(actual, expected)
    else:
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)


def symbolic(shape, dtype="float32"):
    return KerasTensor(shape, dtype=dtype)


def assert_spec(result, shape, dtype):
    """`result` is a KerasTensor with this shape and dtype."""
    assert isinstance(result, KerasTensor), f"expected a KerasTensor, got {type(result)}"
    assert result.shape == tuple(shape), f"shape {result.shape} != {tuple(shape)}"
    assert result.dtype == dtype, f"dtype {result.dtype} != {dtype}"


def backend_name():
    return active.name


def gradient(function, x):
    """d(sum(function(x)))/dx on the active backend, as a NumPy array.

    `function` maps a backend tensor to a backend tensor; `x` is a float NumPy array.
    The engine's autodiff is reached through the trainer behind `keras.Model`: the
    trainers are the only modules above the backends that may name an engine.
    """
    _, (grad,) = Model._value_and_grad(
        lambda values: ops.sum(function(values[0])), [ops.convert_to_tensor(x)]
    )
    return np.asarray(active.convert_to_numpy(grad))


def numeric_gradient(function, x, eps=1e-3):
    """Central finite differences of sum(function(x)) with a NumPy `function`, in float64."""
    x = np.asarray(x, dtype="float64")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = eps
        grad[index] = (np.sum(function(x + step)) - np.sum(function(x - step))) / (2 * eps)
    return grad


def has_gradients():
    return active.name in ("jax", "torch", "tensorflow")
