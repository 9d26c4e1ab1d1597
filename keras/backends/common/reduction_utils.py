"""Reductions, statistics and products that read the same on every engine: each is
written once here, as a factory that takes the engine functions it is built from, and
bound in each backend's reduction or products module with one assignment.

The factories return closures that call the engine functions they were given directly:
a bound op has no more call layers than a hand-written one.
"""

import math

from keras.backends.common import backend_utils
from keras.backends.common import dtypes


def float_input(x):
    """`(x in the dtype its floating result is computed in, that result's dtype)` for
    arrays with NumPy's `astype` (numpy, jax): halves are computed in float32."""
    out = backend_utils.float_dtype(dtypes.dtype_of(x))
    return x.astype(backend_utils.compute_dtype(out)), out


def quantile_family(quantiles, convert_to_tensor, q_dtype):
    """`(quantile, nanquantile, percentile, nanpercentile)` over one engine quantile.

    `quantiles(x, q, axis, method, keepdims, ignore_nan)` computes the quantiles `q` (in
    [0, 1]) of `x`; NaNs are skipped where `ignore_nan`, else a slice holding one gives
    NaN, as in NumPy. Percentiles are quantiles of `q / 100`, with `q` converted to a
    `q_dtype` tensor by `convert_to_tensor(q, dtype)` first.

    The jax, tensorflow and torch backends share one algorithm for `quantile`: the
    reduced axes are moved last and flattened into rows of N values, NaNs become +inf
    so they sort last, each row is sorted, and the wanted ranks `q * (count - 1)` are
    read (and interpolated per `method`) from the sorted rows.
    """

    def quantile(x, q, axis=None, method="linear", keepdims=False):
        return quantiles(x, q, axis, method, keepdims, False)

    def nanquantile(x, q, axis=None, method="linear", keepdims=False):
        return quantiles(x, q, axis, method, keepdims, True)

    def percentile(x, q, axis=None, method="linear", keepdims=False):
        q = convert_to_tensor(q, q_dtype) / 100
        return quantiles(x, q, axis, method, keepdims, False)

    def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
        q = convert_to_tensor(q, q_dtype) / 100
        return quantiles(x, q, axis, method, keepdims, True)

    return quantile, nanquantile, percentile, nanpercentile


def median_pair(quantile, nanquantile):
    """`(median, nanmedian)`: the linear 0.5 quantile of `quantile` and `nanquantile`
    (for engines without a median of their own)."""

    def median(x, axis=None, keepdims=False):
        return quantile(x, 0.5, axis, "linear", keepdims)

    def nanmedian(x, axis=None, keepdims=False):
        return nanquantile(x, 0.5, axis, "linear", keepdims)

    return median, nanmedian


def nan_sum_prod(sum, prod, nan_filled, tensor):
    """`(nansum, nanprod)`: `sum` and `prod` of `x` with its NaNs replaced by 0 and 1.

    `nan_filled(x, fill)` replaces the NaNs of a floating `x` (other dtypes have none)
    and `tensor(x)` converts an input to the engine's tensor.
    """

    def nansum(x, axis=None, keepdims=False):
        return sum(nan_filled(tensor(x), 0), axis, keepdims)

    def nanprod(x, axis=None, keepdims=False):
        return prod(nan_filled(tensor(x), 1), axis, keepdims)

    return nansum, nanprod


def nan_extrema(nan_extremum, max, min):
    """`(nanmax, nanmin)` from `nan_extremum(function, fill, x, axis, keepdims)`, which
    reduces `x` with `function` (here `max` or `min`) after replacing its NaNs by
    `fill`, the value that never wins (-inf for max, +inf for min)."""

    def nanmax(x, axis=None, keepdims=False):
        return nan_extremum(max, -math.inf, x, axis, keepdims)

    def nanmin(x, axis=None, keepdims=False):
        return nan_extremum(min, math.inf, x, axis, keepdims)

    return nanmax, nanmin


def nan_moment_family(nan_moments, done, sqrt):
    """`(nanmean, nanvar, nanstd)` from `nan_moments(x, axis, keepdims)`, which gives
    the NaN-ignoring `(mean, variance, result dtype)` of `x`; `done(t, dtype)` casts a
    result to its dtype and `sqrt` is the engine's square root."""

    def nanmean(x, axis=None, keepdims=False):
        average, _, out = nan_moments(x, axis, keepdims)
        return done(average, out)

    def nanvar(x, axis=None, keepdims=False):
        _, variance, out = nan_moments(x, axis, keepdims)
        return done(variance, out)

    def nanstd(x, axis=None, keepdims=False):
        _, variance, out = nan_moments(x, axis, keepdims)
        return done(sqrt(variance), out)

    return nanmean, nanvar, nanstd


def argpartition_by_sort(argsort):
    """`argpartition` as the stable `argsort(x, axis)`: a full sort is one valid
    partition for every `kth`, and it gives the same indices on every engine."""

    def argpartition(x, kth, axis=-1):
        return argsort(x, axis)

    return argpartition


def unique_op(find_unique, cast=None):
    """`unique` with Keras' signature over `find_unique(x, sorted, axis, size,
    fill_value)`, which returns `(values, index, inverse, counts)` of `x` (already cut
    or padded to `size`); the wanted extras are passed through `cast` (to int32)."""

    def unique(
        x,
        sorted=True,
        return_index=False,
        return_inverse=False,
        return_counts=False,
        axis=None,
        size=None,
        fill_value=None,
    ):
        values, index, inverse, counts = find_unique(x, sorted, axis, size, fill_value)
        extras = (
            (return_index, index),
            (return_inverse, inverse),
            (return_counts, counts),
        )
        return backend_utils.unique_outputs(values, extras, cast)

    return unique


def average_op(tensor, mean, weighted_average):
    """`average(x, axis=None, weights=None)` for engines with a NumPy-like average.

    `axis` is one int (or None); without weights the result is `mean(x, axis)`, else
    `weighted_average(x, weights, axis, compute, out)` with both operands to be computed
    in the dtype `compute` and the result cast to `out` (their floating result dtype).
    """

    def average(x, axis=None, weights=None):
        x = tensor(x)
        axis = None if axis is None else backend_utils.canonicalize_axis(axis, x.ndim)
        if weights is None:
            return mean(x, axis)
        weights = tensor(weights)
        out = backend_utils.float_dtype(dtypes.dtype_of(x), dtypes.dtype_of(weights))
        return weighted_average(x, weights, axis, backend_utils.compute_dtype(out), out)

    return average


# Products (keras/backends/<engine>/products.py).


def slogdet_op(engine_slogdet, convert_to_tensor, cast):
    """`slogdet(x)` over the engine's `engine_slogdet`: computed at float32 (float64 for
    float64 inputs) and both results cast to the floating dtype of `x`."""

    def slogdet(x):
        dtype = backend_utils.float_dtype(dtypes.promoted_dtype(x))
        wide = convert_to_tensor(x, backend_utils.wide_float_dtype(dtype))
        sign, logabsdet = engine_slogdet(wide)
        return cast(sign, dtype), cast(logabsdet, dtype)

    return slogdet


def trace_op(convert_to_tensor, cast, diagonal_sum):
    """`trace(x, offset=0, axis1=0, axis2=1)`: `diagonal_sum(x, offset, axis1, axis2)`
    with `x` first widened to at least int32, as NumPy sums (64-bit and uint32 inputs
    keep their dtype)."""

    def trace(x, offset=0, axis1=0, axis2=1):
        x = convert_to_tensor(x)
        name = dtypes.standardize_dtype(x.dtype)
        if name not in ("uint32", "int64", "uint64"):
            x = cast(x, dtypes.result_type(name, "int32"))
        return diagonal_sum(x, offset, axis1, axis2)

    return trace


def cross_products(planar, padded, stack):
    """`products(a, b)`: the cross products of the vectors along the last axis of `a`
    and `b`, z alone where `planar` (both 2-vectors), else `stack((x, y, z))` of the
    components. `padded(t)` adds a zero z-component to 2-vectors."""

    def products(a, b):
        components = backend_utils.cross_components(padded(a), padded(b), planar)
        return components if planar else stack(components)

    return products
