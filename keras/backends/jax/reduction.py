"""jax backend: the reduction ops (see keras/ops/reduction.py for their contract).

Floating results of float16/bfloat16 inputs are accumulated in float32 and rounded once.
Ops whose output shape depends on the data (bincount, nonzero, unique without `size`)
cannot run under jax.jit.
"""

import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.jax import core


_tensor = core._tensor
_dtype = dtypes.dtype_of

_axis = backend_utils.canonicalize_axis
_axes = backend_utils.canonicalize_axes
_as_float = reduction_utils.float_input


def _done(result, dtype):
    return result.astype(dtypes.numpy_dtype(dtype))


def all(x, axis=None, keepdims=False):
    x = _tensor(x)
    return jnp.all(x, axis=_axes(axis, x.ndim), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    x = _tensor(x)
    return jnp.any(x, axis=_axes(axis, x.ndim), keepdims=keepdims)


def max(x, axis=None, keepdims=False, initial=None):
    x = _tensor(x)
    return jnp.max(x, axis=_axes(axis, x.ndim), keepdims=keepdims, initial=initial)


def min(x, axis=None, keepdims=False, initial=None):
    x = _tensor(x)
    return jnp.min(x, axis=_axes(axis, x.ndim), keepdims=keepdims, initial=initial)


# amax and amin are max and min (without `initial`).
amax = max
amin = min


def ptp(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    high = jnp.max(x, axis=axes, keepdims=keepdims)
    low = jnp.min(x, axis=axes, keepdims=keepdims)
    if x.dtype == bool:
        return high & ~low
    return high - low


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x))
    acc = backend_utils.compute_dtype(out)
    result = jnp.sum(x, axis=_axes(axis, x.ndim), keepdims=keepdims, dtype=acc)
    return _done(result, out)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    acc = backend_utils.compute_dtype(out)
    result = jnp.prod(x, axis=_axes(axis, x.ndim), keepdims=keepdims, dtype=acc)
    return _done(result, out)


def _float_reduce(function, x, axis, keepdims):
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.ndim)
    if not x.ndim:
        # jnp's median and quantiles give 0-d inputs with keepdims a spurious axis.
        return _done(function(wide.reshape(1), axis=0), out)
    return _done(function(wide, axis=axes, keepdims=keepdims), out)


def mean(x, axis=None, keepdims=False):
    return _float_reduce(jnp.mean, x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _float_reduce(jnp.var, x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _float_reduce(jnp.std, x, axis, keepdims)


def median(x, axis=None, keepdims=False):
    return _float_reduce(jnp.median, x, axis, keepdims)


def nanmean(x, axis=None, keepdims=False):
    return _float_reduce(jnp.nanmean, x, axis, keepdims)


def nanvar(x, axis=None, keepdims=False):
    return _float_reduce(jnp.nanvar, x, axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return _float_reduce(jnp.nanstd, x, axis, keepdims)


def nanmedian(x, axis=None, keepdims=False):
    return _float_reduce(jnp.nanmedian, x, axis, keepdims)


def nanmax(x, axis=None, keepdims=False):
    x = _tensor(x)
    return jnp.nanmax(x, axis=_axes(axis, x.ndim), keepdims=keepdims)


def nanmin(x, axis=None, keepdims=False):
    x = _tensor(x)
    return jnp.nanmin(x, axis=_axes(axis, x.ndim), keepdims=keepdims)


def _nan_filled(x, fill):
    if jnp.issubdtype(x.dtype, jnp.floating):
        return jnp.where(jnp.isnan(x), jnp.asarray(fill, x.dtype), x)
    return x


nansum, nanprod = reduction_utils.nan_sum_prod(sum, prod, _nan_filled, _tensor)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    """Quantiles read from sorted rows with jnp.take_along_axis (the algorithm the
    tensorflow and torch backends share; reduction_utils.quantile_family tells it)."""
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.ndim)
    kept = [i for i in range(x.ndim) if i not in axes]
    q = core.convert_to_tensor(q, wide.dtype)
    q_flat = q.reshape((-1,) + (1,) * len(kept))  # (Q, 1, ..., 1)
    # (kept..., N): the values of each slice along the last axis.
    rows = jnp.transpose(wide, kept + list(axes))
    rows = rows.reshape(rows.shape[: len(kept)] + (-1,))
    nan = jnp.isnan(rows)
    rows = jnp.sort(jnp.where(nan, jnp.inf, rows), axis=-1)
    if ignore_nan:
        count = jnp.sum(~nan, axis=-1).astype(wide.dtype)
        undefined = count == 0
    else:
        count = jnp.asarray(rows.shape[-1], wide.dtype)
        undefined = jnp.any(nan, axis=-1)
    position = q_flat * (count - 1)
    position = jnp.broadcast_to(position, q_flat.shape[:1] + rows.shape[:-1])
    last = rows.shape[-1] - 1

    def at(index):
        index = jnp.clip(index, 0, last).astype("int32")[..., None]
        values = jnp.broadcast_to(rows, index.shape[:-1] + rows.shape[-1:])
        return jnp.take_along_axis(values, index, axis=-1)[..., 0]

    if method == "lower":
        result = at(jnp.floor(position))
    elif method == "higher":
        result = at(jnp.ceil(position))
    elif method == "nearest":
        result = at(jnp.round(position))  # half to even, as NumPy
    else:
        low, high = at(jnp.floor(position)), at(jnp.ceil(position))
        if method == "midpoint":
            result = (low + high) / 2
        else:
            result = low + (high - low) * (position - jnp.floor(position))
    result = jnp.where(undefined, jnp.nan, result)
    if keepdims:
        shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
        result = result.reshape((-1,) + shape)
    return _done(result.reshape(q.shape + result.shape[1:]), out)


quantile, nanquantile, percentile, nanpercentile = reduction_utils.quantile_family(
    _quantile, core.convert_to_tensor, "float32"
)


def _arg_reduce(function, x, axis, keepdims):
    x = _tensor(x)
    if axis is None:
        index = function(x.reshape(-1))
        return index.astype("int32").reshape((1,) * x.ndim if keepdims else ())
    return function(x, axis=_axis(axis, x.ndim), keepdims=keepdims).astype("int32")


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce(jnp.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce(jnp.argmin, x, axis, keepdims)


def _nan_arg(function, fill, x, axis, keepdims):
    """nanargmax/nanargmin: NaNs never win; an all-NaN slice gives -1."""
    x = _tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.floating):
        return _arg_reduce(function, x, axis, keepdims)
    nan = jnp.isnan(x)
    index = _arg_reduce(function, jnp.where(nan, fill, x), axis, keepdims)
    axes = None if axis is None else _axis(axis, x.ndim)
    every = jnp.all(nan, axis=axes, keepdims=keepdims).reshape(index.shape)
    return jnp.where(every, jnp.int32(-1), index)


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(jnp.argmax, -jnp.inf, x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(jnp.argmin, jnp.inf, x, axis, keepdims)


_flat_or_axis = backend_utils.flat_or_axis


def sort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return jnp.sort(x, axis=axis, stable=True)


def argsort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def argpartition(x, kth, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    # A stable argsort is one valid partition, and the same on every backend.
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def _scan(function, x, axis, dtype, fill=None):
    x, axis = _flat_or_axis(_tensor(x), axis)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    x = x.astype(dtypes.numpy_dtype(backend_utils.compute_dtype(out)))
    if fill is not None:
        x = _nan_filled(x, fill)
    return _done(function(x, axis=axis), out)


def cumsum(x, axis=None, dtype=None):
    return _scan(jnp.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _scan(jnp.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _scan(jnp.cumsum, x, axis, dtype, fill=0)


def nancumprod(x, axis=None, dtype=None):
    return _scan(jnp.cumprod, x, axis, dtype, fill=1)


def _weighted_average(x, weights, axis, compute, out):
    result = jnp.average(x.astype(compute), axis=axis, weights=weights.astype(compute))
    return _done(result, out)


average = reduction_utils.average_op(_tensor, mean, _weighted_average)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the jax backend.")
    x = _tensor(x)
    length = int(jnp.max(x)) + 1 if x.size else 0
    length = length if length > minlength else minlength
    if weights is None:
        out, weights = "int32", jnp.ones(x.shape, "int32")
    else:
        weights = _tensor(weights)
        out = backend_utils.sum_dtype(_dtype(weights))
        weights = weights.astype(backend_utils.compute_dtype(out))
    if x.ndim == 2:
        # Row r counts into bins [r * length, (r + 1) * length) of one flat count.
        offsets = jnp.arange(x.shape[0], dtype=x.dtype)[:, None] * length
        flat = jnp.bincount(
            (x + offsets).reshape(-1), weights.reshape(-1), length=x.shape[0] * length
        )
        return _done(flat.reshape(x.shape[0], length), out)
    return _done(jnp.bincount(x, weights, length=length), out)


def corrcoef(x):
    x = _tensor(x)
    wide, out = _as_float(x)
    return _done(jnp.corrcoef(wide), out)


def count_nonzero(x, axis=None):
    x = _tensor(x)
    return jnp.count_nonzero(x, axis=_axes(axis, x.ndim)).astype("int32")


def diff(a, n=1, axis=-1):
    a = _tensor(a)
    return jnp.diff(a, n=n, axis=_axis(axis, a.ndim))


def digitize(x, bins):
    x, bins = core.promote(x, bins)
    backend_utils.check_1d("bins", bins.ndim, "`bins`")
    return jnp.searchsorted(bins, x, side="right").astype("int32")


def histogram(x, bins=10, range=None):
    x = _tensor(x)
    backend_utils.check_1d("x", x.ndim, "The input of `histogram`")
    out = backend_utils.float_dtype(_dtype(x))
    wide = x.astype(backend_utils.compute_dtype(out))
    if range is None:
        low, high = jnp.min(wide), jnp.max(wide)
    else:
        low, high = jnp.asarray(range[0], wide.dtype), jnp.asarray(range[1], wide.dtype)
    # An empty range widens to +-0.5, as NumPy's does.
    same = low == high
    low, high = jnp.where(same, low - 0.5, low), jnp.where(same, high + 0.5, high)
    step = (high - low) / bins
    edges = low + jnp.arange(bins + 1, dtype=wide.dtype) * step
    edges = edges.at[-1].set(high)
    index = jnp.searchsorted(edges, wide, side="right") - 1
    index = jnp.where(wide == edges[-1], bins - 1, index)
    inside = (wide >= edges[0]) & (wide <= edges[-1])
    counts = jnp.zeros(bins, "int32").at[jnp.where(inside, index, bins)].add(
        1, mode="drop"
    )
    return counts, _done(edges, out)


def nonzero(x):
    return tuple(index.astype("int32") for index in jnp.nonzero(_tensor(x)))


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = core.promote(sorted_sequence, values)
    backend_utils.check_1d("sorted_sequence", sorted_sequence.ndim, "`sorted_sequence`")
    return jnp.searchsorted(sorted_sequence, values, side=side).astype("int32")


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _tensor(y)
    axis = _axis(axis, y.ndim)
    if x is None:
        out = backend_utils.float_dtype(_dtype(y))
        wide = y.astype(backend_utils.compute_dtype(out))
        result = jnp.trapezoid(wide, dx=dx, axis=axis)
        return _done(result, out)
    x = _tensor(x)
    out = backend_utils.float_dtype(_dtype(y), _dtype(x))
    compute = backend_utils.compute_dtype(out)
    return _done(jnp.trapezoid(y.astype(compute), x.astype(compute), axis=axis), out)


def _fit(t, size, fill, axis):
    """`t` truncated or padded with `fill` to `size` entries along `axis`."""
    length = t.shape[axis]
    if length >= size:
        return jnp.take(t, jnp.arange(size), axis=axis)
    pad = [(0, 0)] * t.ndim
    pad[axis] = (0, size - length)
    return jnp.pad(t, pad, constant_values=fill)


def _unique(x, sorted, axis, size, fill_value):
    """(values, index, inverse, counts) of `unique` (see reduction_utils.unique_op)."""
    x = _tensor(x)
    along = 0 if axis is None else _axis(axis, x.ndim)
    fill = 0 if fill_value is None else fill_value
    # With `size`, first find every unique value in a static shape (at most one per
    # element or slice), then order, then cut or pad to `size`.
    full = None if size is None else (x.size if axis is None else x.shape[along])
    values, index, inverse, counts = jnp.unique(
        x,
        return_index=True,
        return_inverse=True,
        return_counts=True,
        axis=None if axis is None else along,
        size=full,
        fill_value=fill,
    )
    valid = counts > 0
    if not sorted:
        # First-occurrence order; padding stays last.
        order = jnp.argsort(jnp.where(valid, index, x.size), stable=True)
        values = jnp.take(values, order, axis=along)
        index, counts, valid = index[order], counts[order], valid[order]
        inverse = jnp.argsort(order)[inverse]
    inverse = inverse.reshape(x.shape if axis is None else (-1,))
    if size is not None:
        index = _fit(jnp.where(valid, index, 0), size, 0, 0)
        counts = _fit(counts, size, 0, 0)
        values = _fit(values, size, fill, along)
    return values, index, inverse, counts


unique = reduction_utils.unique_op(_unique, lambda t: t.astype("int32"))


# Fast paths (keras.backends.common.registry): float32/float64 arrays are summed, and
# float32 ones averaged, in their own dtype, as the reference does; other axis values
# make jnp raise and the op takes its own path.
_FAST = registry.for_backend("jax")
_FAST.register(
    __name__,
    "sum",
    jnp.sum,
    guard="eager",
    dtypes=("float32", "float64"),
    note="jnp.sum",
)
_FAST.register(
    __name__,
    "mean",
    jnp.mean,
    guard="eager",
    dtypes=("float32",),
    note="jnp.mean",
)
