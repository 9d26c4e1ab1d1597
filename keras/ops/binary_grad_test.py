"""Gradients of the differentiable binary ops against finite differences of NumPy."""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)

# name -> (NumPy function, (low, high) of x1, (low, high) of x2): domains away from
# poles, kinks and ties, so finite differences are accurate.
SMOOTH = {
    "add": (np.add, (-3.0, 3.0), (-3.0, 3.0)),
    "subtract": (np.subtract, (-3.0, 3.0), (-3.0, 3.0)),
    "multiply": (np.multiply, (-3.0, 3.0), (-3.0, 3.0)),
    "divide": (np.true_divide, (-3.0, 3.0), (0.5, 3.0)),
    "true_divide": (np.true_divide, (-3.0, 3.0), (0.5, 3.0)),
    "divide_no_nan": (np.true_divide, (-3.0, 3.0), (0.5, 3.0)),
    "arctan2": (np.arctan2, (-3.0, 3.0), (0.5, 3.0)),
    "hypot": (np.hypot, (0.5, 3.0), (-3.0, -0.5)),
    "logaddexp": (np.logaddexp, (-3.0, 3.0), (-3.0, 3.0)),
    "logaddexp2": (np.logaddexp2, (-3.0, 3.0), (-3.0, 3.0)),
    "power": (np.power, (0.5, 3.0), (-2.0, 2.0)),
    "mod": (np.mod, (0.1, 0.9), (2.0, 3.0)),
    "fmod": (np.fmod, (0.1, 0.9), (2.0, 3.0)),
}
# Piecewise ops on inputs drawn from disjoint ranges, so that no two elements tie.
PIECEWISE = {
    "maximum": np.maximum,
    "minimum": np.minimum,
    "fmax": np.fmax,
    "fmin": np.fmin,
}


def assert_gradient(function, reference, x):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=1e-2,
        atol=1e-3,
    )


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradients_of_smooth_ops(name):
    reference, range1, range2 = SMOOTH[name]
    x1 = testing.random_array((2, 3), seed=1, low=range1[0], high=range1[1])
    x2 = testing.random_array((3,), seed=2, low=range2[0], high=range2[1])
    op = getattr(ops, name)
    # d/dx1 (x2 broadcast) and d/dx2 (summed over the broadcast axis).
    assert_gradient(lambda t: op(t, x2), lambda v: reference(v, x2), x1)
    assert_gradient(lambda t: op(x1, t), lambda v: reference(x1, v), x2)


@pytest.mark.parametrize("name", sorted(PIECEWISE))
def test_gradients_of_maximum_and_minimum(name):
    low = testing.random_array((2, 3), seed=3, low=-3.0, high=-1.0)
    high = testing.random_array((2, 3), seed=4, low=1.0, high=3.0)
    # Interleave so that each input wins at some positions.
    swap = testing.random_array((2, 3), "bool", seed=5)
    x1 = np.where(swap, low, high).astype("float32")
    x2 = np.where(swap, high, low).astype("float32")
    op, reference = getattr(ops, name), PIECEWISE[name]
    assert_gradient(lambda t: op(t, x2), lambda v: reference(v, x2), x1)
    assert_gradient(lambda t: op(x1, t), lambda v: reference(x1, v), x2)


def test_gradient_of_divide_no_nan_is_finite_at_zero_divisors():
    x1 = testing.random_array((4,), seed=6)
    x2 = np.array([0.0, 2.0, 0.0, -1.5], "float32")
    expected = np.where(x2 == 0, 0.0, 1.0 / np.where(x2 == 0, 1.0, x2))
    np.testing.assert_allclose(
        testing.gradient(lambda t: ops.divide_no_nan(t, x2), x1), expected, rtol=1e-6
    )


def test_gradient_of_ldexp_scales_by_powers_of_two():
    x1 = testing.random_array((2, 3), seed=7)
    exponents = np.array([-2, 0, 3], "int32")
    assert_gradient(
        lambda t: ops.ldexp(t, exponents), lambda v: np.ldexp(v, exponents), x1
    )


def test_gradient_flows_through_where_to_the_chosen_input():
    condition = np.array([[True, False, True], [False, False, True]])
    x1 = testing.random_array((2, 3), seed=8)
    x2 = testing.random_array((3,), seed=9)
    assert_gradient(
        lambda t: ops.where(condition, ops.multiply(t, t), x2),
        lambda v: np.where(condition, v * v, x2),
        x1,
    )
    assert_gradient(
        lambda t: ops.where(condition, x1, ops.multiply(t, 3.0)),
        lambda v: np.where(condition, x1, v * 3.0),
        x2,
    )


def test_gradient_of_heaviside_flows_to_x2_at_zero():
    x1 = np.array([-1.0, 0.0, 2.0, 0.0], "float32")
    x2 = testing.random_array((4,), seed=10)
    expected = (x1 == 0).astype("float32")
    gradient = testing.gradient(lambda t: ops.heaviside(x1, t), x2)
    np.testing.assert_allclose(gradient, expected)
    np.testing.assert_allclose(
        testing.gradient(lambda t: ops.heaviside(t, x2), x2), np.zeros(4, "float32")
    )
