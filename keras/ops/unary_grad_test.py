"""Gradients of the differentiable unary ops against finite differences of NumPy."""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)

# name -> (NumPy function, (low, high) of the inputs, away from kinks and poles).
SMOOTH = {
    "arccos": (np.arccos, (-0.8, 0.8)),
    "arccosh": (np.arccosh, (1.2, 4.0)),
    "arcsin": (np.arcsin, (-0.8, 0.8)),
    "arcsinh": (np.arcsinh, (-3.0, 3.0)),
    "arctan": (np.arctan, (-3.0, 3.0)),
    "arctanh": (np.arctanh, (-0.8, 0.8)),
    "cos": (np.cos, (-3.0, 3.0)),
    "cosh": (np.cosh, (-2.0, 2.0)),
    "deg2rad": (np.deg2rad, (-3.0, 3.0)),
    "exp": (np.exp, (-2.0, 2.0)),
    "exp2": (np.exp2, (-2.0, 2.0)),
    "expm1": (np.expm1, (-2.0, 2.0)),
    "i0": (np.i0, (-2.0, 2.0)),
    "log": (np.log, (0.3, 4.0)),
    "log10": (np.log10, (0.3, 4.0)),
    "log1p": (np.log1p, (-0.5, 4.0)),
    "log2": (np.log2, (0.3, 4.0)),
    "negative": (np.negative, (-3.0, 3.0)),
    "rad2deg": (np.rad2deg, (-3.0, 3.0)),
    "reciprocal": (np.reciprocal, (0.5, 3.0)),
    "sin": (np.sin, (-3.0, 3.0)),
    "sinc": (np.sinc, (-2.0, 2.0)),
    "sinh": (np.sinh, (-2.0, 2.0)),
    "sqrt": (np.sqrt, (0.3, 4.0)),
    "square": (np.square, (-3.0, 3.0)),
    "tan": (np.tan, (-1.0, 1.0)),
    "tanh": (np.tanh, (-2.0, 2.0)),
    "copy": (np.copy, (-3.0, 3.0)),
    "real": (np.real, (-3.0, 3.0)),
    "conjugate": (np.conjugate, (-3.0, 3.0)),
}


def away_from_zero(shape, seed):
    """Values with |x| in [0.3, 2.5] and random signs (abs, cbrt and fabs kink at 0)."""
    magnitude = testing.random_array(shape, seed=seed, low=0.3, high=2.5)
    signs = np.where(testing.random_array(shape, "bool", seed=seed + 1), 1.0, -1.0)
    return (magnitude * signs).astype("float32")


def assert_gradient(function, reference, x):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=1e-2,
        atol=1e-3,
    )


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradient_matches_finite_differences(name):
    reference, (low, high) = SMOOTH[name]
    x = testing.random_array((3, 4), seed=1, low=low, high=high)
    assert_gradient(getattr(ops, name), reference, x)


@pytest.mark.parametrize(
    "name,reference",
    [("abs", np.abs), ("absolute", np.abs), ("fabs", np.fabs), ("cbrt", np.cbrt)],
)
def test_gradient_of_ops_with_a_kink_at_zero(name, reference):
    x = away_from_zero((3, 4), seed=2)
    assert_gradient(getattr(ops, name), reference, x)


def test_gradient_of_sinc_at_zero_is_zero():
    x = np.array([0.0, 0.5], "float32")
    grad = testing.gradient(ops.sinc, x)
    np.testing.assert_allclose(grad[0], 0.0, atol=1e-6)
    assert np.all(np.isfinite(grad))


def test_gradient_of_clip_is_one_inside_zero_outside():
    x = np.array([-3.0, -0.5, 0.2, 0.9, 2.0], "float32")
    grad = testing.gradient(lambda t: ops.clip(t, -1.0, 1.0), x)
    np.testing.assert_allclose(grad, [0.0, 1.0, 1.0, 1.0, 0.0])
    x = away_from_zero((2, 5), seed=3)
    assert_gradient(
        lambda t: ops.square(ops.clip(t, -1.0, 1.5)),
        lambda v: np.clip(v, -1.0, 1.5) ** 2,
        x,
    )


def test_gradient_through_nan_to_num_on_finite_values():
    x = testing.random_array((2, 3), seed=4)
    assert_gradient(lambda t: ops.exp(ops.nan_to_num(t)), np.exp, x)


def test_gradient_of_a_composition():
    x = testing.random_array((4,), seed=5, low=0.2, high=2.0)
    assert_gradient(
        lambda t: ops.tanh(ops.log1p(ops.square(t))) * ops.cos(t),
        lambda v: np.tanh(np.log1p(np.square(v))) * np.cos(v),
        x,
    )
