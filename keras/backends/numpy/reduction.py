"""numpy backend: the reduction ops (see keras/ops/reduction.py for their contract).

Floating results of float16/bfloat16 inputs are accumulated in float32 and rounded once.
"""

import warnings

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.numpy import core


_tensor = core._tensor
_dtype = dtypes.dtype_of

_axis = backend_utils.canonicalize_axis
_axes = backend_utils.canonicalize_axes


def _done(result, dtype):
    # NumPy reductions return scalars: back to (0-d) arrays, of the result dtype.
    return np.asarray(result).astype(dtypes.numpy_dtype(dtype), copy=False)


_as_float = reduction_utils.float_input


def all(x, axis=None, keepdims=False):
    x = _tensor(x)
    return np.asarray(np.all(x, axis=_axes(axis, x.ndim), keepdims=keepdims))


def any(x, axis=None, keepdims=False):
    x = _tensor(x)
    return np.asarray(np.any(x, axis=_axes(axis, x.ndim), keepdims=keepdims))


def max(x, axis=None, keepdims=False, initial=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    if initial is None:
        return np.asarray(np.max(x, axis=axes, keepdims=keepdims))
    return np.asarray(np.max(x, axis=axes, keepdims=keepdims, initial=initial))


def min(x, axis=None, keepdims=False, initial=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    if initial is None:
        return np.asarray(np.min(x, axis=axes, keepdims=keepdims))
    return np.asarray(np.min(x, axis=axes, keepdims=keepdims, initial=initial))


# amax and amin are max and min (without `initial`).
amax = max
amin = min


def ptp(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    if x.dtype == bool:
        high = np.any(x, axes, keepdims=keepdims)
        return np.asarray(high & ~np.all(x, axes, keepdims=keepdims))
    return _done(np.ptp(x, axis=axes, keepdims=keepdims), _dtype(x))


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x))
    acc = dtypes.numpy_dtype(backend_utils.compute_dtype(out))
    return _done(np.sum(x, axis=_axes(axis, x.ndim), keepdims=keepdims, dtype=acc), out)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    acc = dtypes.numpy_dtype(backend_utils.compute_dtype(out))
    result = np.prod(x, axis=_axes(axis, x.ndim), keepdims=keepdims, dtype=acc)
    return _done(result, out)


def mean(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    with np.errstate(all="ignore"), _quiet():
        result = np.mean(wide, axis=_axes(axis, x.ndim), keepdims=keepdims)
    return _done(result, out)


def var(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    with np.errstate(all="ignore"), _quiet():
        result = np.var(wide, axis=_axes(axis, x.ndim), keepdims=keepdims)
    return _done(result, out)


def std(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    with np.errstate(all="ignore"), _quiet():
        result = np.std(wide, axis=_axes(axis, x.ndim), keepdims=keepdims)
    return _done(result, out)


def _nan_reduce(function, x, axis, keepdims):
    """A nan-ignoring reduction of a floating `x` (integers have no NaNs)."""
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    if x.dtype.kind in "biu":
        return None, x, axes
    with np.errstate(all="ignore"), _quiet():
        wide = x.astype(dtypes.numpy_dtype(backend_utils.compute_dtype(_dtype(x))))
        return _done(function(wide, axis=axes, keepdims=keepdims), _dtype(x)), x, axes


def nanmax(x, axis=None, keepdims=False):
    result, x, axes = _nan_reduce(np.nanmax, x, axis, keepdims)
    return np.asarray(np.max(x, axes, keepdims=keepdims)) if result is None else result


def nanmin(x, axis=None, keepdims=False):
    result, x, axes = _nan_reduce(np.nanmin, x, axis, keepdims)
    return np.asarray(np.min(x, axes, keepdims=keepdims)) if result is None else result


def nansum(x, axis=None, keepdims=False):
    result, x, axes = _nan_reduce(np.nansum, x, axis, keepdims)
    return sum(x, axes, keepdims) if result is None else result


def nanprod(x, axis=None, keepdims=False):
    result, x, axes = _nan_reduce(np.nanprod, x, axis, keepdims)
    return prod(x, axes, keepdims) if result is None else result


def _nan_float(function, x, axis, keepdims):
    x = _tensor(x)
    wide, out = _as_float(x)
    with np.errstate(all="ignore"), _quiet():
        return _done(function(wide, axis=_axes(axis, x.ndim), keepdims=keepdims), out)


def _quiet():
    """Silences NumPy's warnings on empty and all-NaN slices (their result is NaN)."""
    return warnings.catch_warnings(action="ignore", category=RuntimeWarning)


def nanmean(x, axis=None, keepdims=False):
    return _nan_float(np.nanmean, x, axis, keepdims)


def nanvar(x, axis=None, keepdims=False):
    return _nan_float(np.nanvar, x, axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return _nan_float(np.nanstd, x, axis, keepdims)


def median(x, axis=None, keepdims=False):
    return _nan_float(np.median, x, axis, keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return _nan_float(np.nanmedian, x, axis, keepdims)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    x = _tensor(x)
    wide, out = _as_float(x)
    q = np.asarray(core.convert_to_numpy(q), dtype="float64")
    function = np.nanquantile if ignore_nan else np.quantile
    with np.errstate(all="ignore"), _quiet():
        result = function(
            wide, q, axis=_axes(axis, x.ndim), method=method, keepdims=keepdims
        )
    return _done(result, out)


# NumPy's quantiles are float64 throughout: percentages are divided at that precision.
quantile, nanquantile, percentile, nanpercentile = reduction_utils.quantile_family(
    _quantile, core.convert_to_tensor, "float64"
)


def _arg_reduce(function, x, axis, keepdims):
    x = _tensor(x)
    if axis is None:
        index = function(x.reshape(-1))
        shape = (1,) * x.ndim if keepdims else ()
        return np.asarray(index, dtype="int32").reshape(shape)
    return function(x, axis=_axis(axis, x.ndim), keepdims=keepdims).astype("int32")


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce(np.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce(np.argmin, x, axis, keepdims)


def _nan_arg(function, fill, x, axis, keepdims):
    """nanargmax/nanargmin: NaNs never win; an all-NaN slice gives -1."""
    x = _tensor(x)
    if x.dtype.kind in "biu":
        return _arg_reduce(function, x, axis, keepdims)
    nan = np.isnan(x)
    index = _arg_reduce(function, np.where(nan, fill, x), axis, keepdims)
    axes = None if axis is None else _axis(axis, x.ndim)
    every = np.all(nan, axis=axes, keepdims=keepdims).reshape(index.shape)
    return np.where(every, np.int32(-1), index)


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(np.argmax, -np.inf, x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(np.argmin, np.inf, x, axis, keepdims)


_flat_or_axis = backend_utils.flat_or_axis


def sort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return np.sort(x, axis=axis, kind="stable")


def argsort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return np.argsort(x, axis=axis, kind="stable").astype("int32")


def argpartition(x, kth, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return np.argpartition(x, kth, axis=axis).astype("int32")


def _scan(function, x, axis, dtype, fill=None):
    x, axis = _flat_or_axis(_tensor(x), axis)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    x = x.astype(dtypes.numpy_dtype(backend_utils.compute_dtype(out)))
    if fill is not None and x.dtype.kind == "f":
        x = np.where(np.isnan(x), x.dtype.type(fill), x)
    return _done(function(x, axis=axis), out)


def cumsum(x, axis=None, dtype=None):
    return _scan(np.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _scan(np.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _scan(np.cumsum, x, axis, dtype, fill=0)


def nancumprod(x, axis=None, dtype=None):
    return _scan(np.cumprod, x, axis, dtype, fill=1)


def _weighted_average(x, weights, axis, compute, out):
    with np.errstate(all="ignore"):
        weights = weights.astype(compute)
        result = np.average(x.astype(compute), axis=axis, weights=weights)
    return _done(result, out)


average = reduction_utils.average_op(_tensor, mean, _weighted_average)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the numpy backend.")
    x = _tensor(x)
    length = int(x.max()) + 1 if x.size else 0
    length = length if length > minlength else minlength
    if weights is None:
        out = "int32"
    else:
        weights = _tensor(weights)
        out = backend_utils.sum_dtype(_dtype(weights))
        weights = weights.astype(dtypes.numpy_dtype(backend_utils.compute_dtype(out)))
    if x.ndim == 2:
        rows = range(x.shape[0])
        counts = [
            np.bincount(x[r], None if weights is None else weights[r], length)
            for r in rows
        ]
        return _done(np.stack(counts).reshape(x.shape[0], length), out)
    return _done(np.bincount(x, weights, minlength=length), out)


def corrcoef(x):
    x = _tensor(x)
    wide, out = _as_float(x)
    with np.errstate(all="ignore"):
        return _done(np.corrcoef(wide), out)


def count_nonzero(x, axis=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    return np.asarray(np.count_nonzero(x, axis=axes), dtype="int32")


def diff(a, n=1, axis=-1):
    a = _tensor(a)
    return np.diff(a, n=n, axis=_axis(axis, a.ndim))


def digitize(x, bins):
    x, bins = core.promote(x, bins)
    backend_utils.check_1d("bins", bins.ndim, "`bins`")
    return np.digitize(x, bins).astype("int32")


def histogram(x, bins=10, range=None):
    x = _tensor(x)
    backend_utils.check_1d("x", x.ndim, "The input of `histogram`")
    out = backend_utils.float_dtype(_dtype(x))
    wide = x.astype(backend_utils.compute_dtype(out))
    counts, edges = np.histogram(wide, bins=bins, range=range)
    return counts.astype("int32"), _done(edges, out)


def nonzero(x):
    return tuple(index.astype("int32") for index in np.nonzero(_tensor(x)))


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = core.promote(sorted_sequence, values)
    backend_utils.check_1d("sorted_sequence", sorted_sequence.ndim, "`sorted_sequence`")
    return np.searchsorted(sorted_sequence, values, side=side).astype("int32")


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _tensor(y)
    axis = _axis(axis, y.ndim)
    if x is None:
        out = backend_utils.float_dtype(_dtype(y))
        compute = backend_utils.compute_dtype(out)
        return _done(np.trapezoid(y.astype(compute), dx=dx, axis=axis), out)
    x = _tensor(x)
    out = backend_utils.float_dtype(_dtype(y), _dtype(x))
    compute = backend_utils.compute_dtype(out)
    result = np.trapezoid(y.astype(compute), x.astype(compute), axis=axis)
    return _done(result, out)


def _fit(t, size, fill, axis):
    """`t` truncated or padded with `fill` to `size` entries along `axis`."""
    length = t.shape[axis]
    if length >= size:
        return np.take(t, np.arange(size), axis=axis)
    pad = [(0, 0)] * t.ndim
    pad[axis] = (0, size - length)
    return np.pad(t, pad, constant_values=fill)


def _unique(x, sorted, axis, size, fill_value):
    """(values, index, inverse, counts) of `unique` (see reduction_utils.unique_op)."""
    x = _tensor(x)
    along = 0 if axis is None else _axis(axis, x.ndim)
    values, index, inverse, counts = np.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    if not sorted:
        # First-occurrence order.
        order = np.argsort(index, kind="stable")
        values = np.take(values, order, axis=along)
        index, counts = index[order], counts[order]
        inverse = np.argsort(order)[inverse]
    inverse = inverse.reshape(x.shape if axis is None else (-1,))
    if size is not None:
        values = _fit(values, size, 0 if fill_value is None else fill_value, along)
        index, counts = _fit(index, size, 0, 0), _fit(counts, size, 0, 0)
    return values, index, inverse, counts


unique = reduction_utils.unique_op(_unique, lambda t: t.astype("int32"))


def _mean_nonempty(x, axis=None, keepdims=False):
    if not x.size:
        raise ValueError("empty: the reference path handles (and silences) it")
    return np.mean(x, axis=axis, keepdims=keepdims)


# Fast paths (keras.backends.common.registry): float32/float64 arrays are summed, and
# float32 ones averaged, in their own dtype, as the reference does. Other axis values
# (lists, out of range) make NumPy raise, and the op takes its own path.
_FAST = registry.for_backend("numpy")
_FAST.register(
    __name__, "sum", np.sum, guard="eager", dtypes=("float32", "float64"), note="np.sum"
)
_FAST.register(
    __name__,
    "mean",
    _mean_nonempty,
    guard="eager",
    dtypes=("float32",),
    note="np.mean (non-empty)",
)
