"""Gradients of the differentiable reduction ops against finite differences of NumPy."""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)

# Weighs the off-diagonal correlations (the diagonal is constant).
WEIGHTS = np.array([[0, 1, 2], [3, 0, 4], [5, 6, 0]], "float64")

# name -> (function of a backend tensor, NumPy reference). The inputs are random with
# distinct values, so max, sort and the quantiles have no ties to break.
SMOOTH = {
    "sum": (lambda x: ops.sum(x, axis=1), lambda x: np.sum(x, axis=1)),
    "sum_all": (lambda x: ops.sum(x), np.sum),
    "prod": (lambda x: ops.prod(x, axis=0), lambda x: np.prod(x, axis=0)),
    "mean": (lambda x: ops.mean(x, axis=(0, 1)), lambda x: np.mean(x, axis=(0, 1))),
    "var": (lambda x: ops.var(x, axis=1), lambda x: np.var(x, axis=1)),
    "std": (lambda x: ops.std(x, axis=0, keepdims=True), lambda x: np.std(x, axis=0)),
    "max": (lambda x: ops.max(x, axis=1), lambda x: np.max(x, axis=1)),
    "min": (lambda x: ops.min(x), np.min),
    "amax": (lambda x: ops.amax(x, axis=0), lambda x: np.amax(x, axis=0)),
    "amin": (lambda x: ops.amin(x, axis=-1), lambda x: np.amin(x, axis=-1)),
    "ptp": (lambda x: ops.ptp(x, axis=1), lambda x: np.ptp(x, axis=1)),
    "median": (lambda x: ops.median(x, axis=1), lambda x: np.median(x, axis=1)),
    "median_all": (lambda x: ops.median(x), np.median),
    "quantile": (
        lambda x: ops.quantile(x, [0.3, 0.8], axis=0),
        lambda x: np.quantile(x, [0.3, 0.8], axis=0),
    ),
    "percentile": (
        lambda x: ops.percentile(x, 40.0, axis=1),
        lambda x: np.percentile(x, 40.0, axis=1),
    ),
    "cumsum": (lambda x: ops.cumsum(x, axis=1), lambda x: np.cumsum(x, axis=1)),
    "cumprod": (lambda x: ops.cumprod(x, axis=0), lambda x: np.cumprod(x, axis=0)),
    "sort": (
        lambda x: ops.multiply(ops.sort(x, axis=1), np.arange(4, dtype="float32")),
        lambda x: np.sort(x, axis=1) * np.arange(4),
    ),
    "average": (
        lambda x: ops.average(x, axis=1, weights=np.array([1, 2, 3, 4], "float32")),
        lambda x: np.average(x, axis=1, weights=[1, 2, 3, 4]),
    ),
    "corrcoef": (
        lambda x: ops.multiply(ops.corrcoef(x), WEIGHTS.astype("float32")),
        lambda x: np.corrcoef(x) * WEIGHTS,
    ),
    "diff": (
        lambda x: ops.diff(x, n=2, axis=1) ** 2,
        lambda x: np.diff(x, n=2, axis=1) ** 2,
    ),
    "trapezoid": (
        lambda x: ops.trapezoid(x * x, dx=0.5),
        lambda x: np.trapezoid(x * x, dx=0.5),
    ),
    "trapezoid_x": (
        lambda x: ops.trapezoid(x[0], x[1] * x[1]),
        lambda x: np.trapezoid(x[0], x[1] * x[1]),
    ),
}

# NaN-ignoring ops, on inputs with NaNs (whose gradient is 0).
NAN_SMOOTH = {
    "nansum": (lambda x: ops.nansum(x, axis=1), lambda x: np.nansum(x, axis=1)),
    "nanprod": (lambda x: ops.nanprod(x, axis=0), lambda x: np.nanprod(x, axis=0)),
    "nanmean": (lambda x: ops.nanmean(x, axis=1), lambda x: np.nanmean(x, axis=1)),
    "nanvar": (lambda x: ops.nanvar(x, axis=1), lambda x: np.nanvar(x, axis=1)),
    "nanstd": (lambda x: ops.nanstd(x), np.nanstd),
    "nanmax": (lambda x: ops.nanmax(x, axis=1), lambda x: np.nanmax(x, axis=1)),
    "nanmin": (lambda x: ops.nanmin(x, axis=0), lambda x: np.nanmin(x, axis=0)),
    "nanmedian": (
        lambda x: ops.nanmedian(x, axis=1),
        lambda x: np.nanmedian(x, axis=1),
    ),
    "nanquantile": (
        lambda x: ops.nanquantile(x, 0.7, axis=1),
        lambda x: np.nanquantile(x, 0.7, axis=1),
    ),
    "nancumsum": (
        lambda x: ops.nancumsum(x, axis=1),
        lambda x: np.nancumsum(x, axis=1),
    ),
    "nancumprod": (lambda x: ops.nancumprod(x), np.nancumprod),
}


def distinct(shape, seed):
    """Random values at least 0.05 apart (no ties), in [0.5, 2) with random signs."""
    count = int(np.prod(shape))
    grid = 0.5 + 0.05 * testing.rng(seed).permutation(30)[:count]
    signs = np.where(testing.random_array((count,), "bool", seed=seed + 1), 1.0, -1.0)
    return (grid * signs).reshape(shape).astype("float32")


def assert_gradient(function, reference, x):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=1e-2,
        atol=1e-3,
    )


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradient(name):
    function, reference = SMOOTH[name]
    shape = (2, 5) if name == "trapezoid_x" else (3, 4)
    assert_gradient(function, reference, distinct(shape, seed=len(name)))


@pytest.mark.parametrize("name", sorted(NAN_SMOOTH))
def test_nan_gradient(name):
    function, reference = NAN_SMOOTH[name]
    x = distinct((3, 4), seed=len(name))
    x[0, 1] = x[2, 3] = np.nan
    assert_gradient(function, reference, x)
