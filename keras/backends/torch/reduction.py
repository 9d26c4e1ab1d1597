"""torch backend: the reduction ops (see keras/ops/reduction.py for their contract).

Floating results of float16/bfloat16 inputs are accumulated in float32 and rounded once.
torch has few CPU kernels for uint16/uint32/uint64 (sum, max, sort, cumsum, ...) and
none for some ops on bools: those go through int64 (uint8 for bools) and back.
"""

import torch

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.torch import core

_WIDEN = frozenset((torch.uint16, torch.uint32, torch.uint64))


_tensor = core._tensor
_dtype = dtypes.dtype_of


def _torch_dtype(dtype):
    return core._torch_dtype(dtype)


def _wide(x):
    """`x` in a dtype torch has kernels for (uint16/32/64 -> int64, bool -> uint8)."""
    if x.dtype in _WIDEN:
        return x.to(torch.int64)
    if x.dtype == torch.bool:
        return x.to(torch.uint8)
    return x


_axis = backend_utils.canonicalize_axis
_axes = backend_utils.canonicalize_axes


def _as_float(x):
    """`x` in the dtype its floating result is computed in, and that result's dtype."""
    out = backend_utils.float_dtype(_dtype(x))
    return x.to(_torch_dtype(backend_utils.compute_dtype(out))), out


def _done(result, dtype):
    return result.to(_torch_dtype(dtype))


def _reduce(function, x, axes, keepdims):
    """`function(x, dim=axes, keepdim=keepdims)`.

    No axes reduce nothing: each element alone, over a new unit axis (torch's empty
    `dim` would reduce everything).
    """
    if not axes:
        return function(x.unsqueeze(0), dim=0, keepdim=False)
    return function(x, dim=axes, keepdim=keepdims)


def _rows(x, axes):
    """`x` with the `axes` moved last and flattened: (kept..., N)."""
    kept = [i for i in range(x.ndim) if i not in axes]
    rows = x.permute(kept + list(axes))
    length = 1
    for i in axes:
        length *= x.shape[i]
    return rows.reshape(tuple(rows.shape[: len(kept)]) + (length,))


def _kept_shape(x, axes, keepdims):
    return backend_utils.kept_shape(tuple(x.shape), axes, keepdims)


def all(x, axis=None, keepdims=False):
    x = _tensor(x).to(torch.bool)
    return _reduce(torch.all, x, _axes(axis, x.ndim), keepdims)


def any(x, axis=None, keepdims=False):
    x = _tensor(x).to(torch.bool)
    return _reduce(torch.any, x, _axes(axis, x.ndim), keepdims)


def _extremum(function, fill, x, axis, keepdims, initial):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    wide = _wide(x)
    if wide.numel() == 0 and initial is not None:
        shape = _kept_shape(x, axes, keepdims)
        return torch.full(shape, initial, dtype=x.dtype, device=x.device)
    result = _reduce(function, wide, axes, keepdims)
    if initial is not None:
        result = fill(result, torch.tensor(initial, dtype=wide.dtype, device=x.device))
    return result.to(x.dtype)


def max(x, axis=None, keepdims=False, initial=None):
    return _extremum(torch.amax, torch.maximum, x, axis, keepdims, initial)


def min(x, axis=None, keepdims=False, initial=None):
    return _extremum(torch.amin, torch.minimum, x, axis, keepdims, initial)


# amax and amin are max and min (without `initial`).
amax = max
amin = min


def ptp(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    wide = _wide(x)
    high = _reduce(torch.amax, wide, axes, keepdims)
    low = _reduce(torch.amin, wide, axes, keepdims)
    if x.dtype == torch.bool:
        return (high != low).to(torch.bool)
    # Through int64 for unsigned dtypes so the difference wraps as NumPy's does.
    if x.dtype == torch.uint8:
        return (high.to(torch.int64) - low.to(torch.int64)).to(torch.uint8)
    return (high - low).to(x.dtype)


_SAME_DTYPE_SUMS = frozenset((torch.float32, torch.float64))


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    if x.dtype in _SAME_DTYPE_SUMS:
        # Fast path: summed and returned in their own dtype (no conversions).
        return _reduce(torch.sum, x, _axes(axis, x.ndim), keepdims)
    out = backend_utils.sum_dtype(_dtype(x))
    acc = _torch_dtype(backend_utils.compute_dtype(out))
    axes = _axes(axis, x.ndim)
    wide = _wide(x).to(torch.int64) if x.dtype in _WIDEN else x.to(acc)
    return _done(_reduce(torch.sum, wide, axes, keepdims), out)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    acc = backend_utils.compute_dtype(out)
    acc = torch.int64 if acc in ("uint16", "uint32", "uint64") else _torch_dtype(acc)
    axes = _axes(axis, x.ndim)
    # torch.prod takes one dim: flatten the reduced axes into one.
    result = torch.prod(_rows(x.to(acc), axes), dim=-1)
    return _done(result.reshape(_kept_shape(x, axes, keepdims)), out)


def _float_reduce(function, x, axis, keepdims):
    x = _tensor(x)
    wide, out = _as_float(x)
    return _done(_reduce(function, wide, _axes(axis, x.ndim), keepdims), out)


def mean(x, axis=None, keepdims=False):
    return _float_reduce(torch.mean, x, axis, keepdims)


def _population_var(x, dim, keepdim):
    # Not torch.var: it warns on slices of one element (and on empty ones).
    deviation = x - torch.mean(x, dim=dim, keepdim=True)
    return torch.mean(deviation * deviation, dim=dim, keepdim=keepdim)


def _population_std(x, dim, keepdim):
    return torch.sqrt(_population_var(x, dim, keepdim))


def var(x, axis=None, keepdims=False):
    return _float_reduce(_population_var, x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _float_reduce(_population_std, x, axis, keepdims)


def _nan_filled(x, fill):
    if x.is_floating_point():
        return torch.where(torch.isnan(x), torch.full_like(x, fill), x)
    return x


nansum, nanprod = reduction_utils.nan_sum_prod(sum, prod, _nan_filled, _tensor)


def _nan_extremum(function, fill, x, axis, keepdims):
    x = _tensor(x)
    if not x.is_floating_point():
        return function(x, axis, keepdims)
    axes = _axes(axis, x.ndim)
    nan = torch.isnan(x)
    result = function(_nan_filled(x, fill), axes, keepdims)
    every = _reduce(torch.all, nan, axes, keepdims)
    return torch.where(every, torch.full_like(result, float("nan")), result)


nanmax, nanmin = reduction_utils.nan_extrema(_nan_extremum, max, min)


def _nan_moments(x, axis, keepdims):
    """(mean, variance, out dtype) ignoring NaNs; all-NaN slices give NaN."""
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.ndim)
    valid = ~torch.isnan(wide)
    count = _reduce(torch.sum, valid.to(wide.dtype), axes, True)
    filled = torch.where(valid, wide, torch.zeros_like(wide))
    average = _reduce(torch.sum, filled, axes, True) / count
    deviation = torch.where(valid, wide - average, torch.zeros_like(wide))
    variance = _reduce(torch.sum, deviation * deviation, axes, keepdims)
    count = count if keepdims else count.reshape(variance.shape)
    average = average if keepdims else average.reshape(variance.shape)
    return average, variance / count, out


nanmean, nanvar, nanstd = reduction_utils.nan_moment_family(
    _nan_moments, _done, torch.sqrt
)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    """Quantiles read from sorted rows with torch.gather (the algorithm the jax and
    tensorflow backends share; reduction_utils.quantile_family tells it)."""
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.ndim)
    q = core.convert_to_tensor(q, backend_utils.compute_dtype(out)).to(wide.device)
    rows = _rows(wide, axes)  # (kept..., N)
    q_flat = q.reshape((-1,) + (1,) * (rows.ndim - 1))  # (Q, 1, ..., 1)
    nan = torch.isnan(rows)
    rows = torch.sort(torch.where(nan, torch.full_like(rows, float("inf")), rows))[0]
    if ignore_nan:
        count = torch.sum(~nan, dim=-1).to(wide.dtype)
        undefined = count == 0
    else:
        count = torch.tensor(rows.shape[-1], dtype=wide.dtype, device=wide.device)
        undefined = torch.any(nan, dim=-1)
    position = (q_flat * (count - 1)).expand(q_flat.shape[:1] + rows.shape[:-1])
    last = rows.shape[-1] - 1
    values = rows.unsqueeze(0).expand(position.shape + rows.shape[-1:])

    def at(index):
        index = torch.clamp(index, 0, last).to(torch.int64).unsqueeze(-1)
        return torch.gather(values, -1, index).squeeze(-1)

    if method == "lower":
        result = at(torch.floor(position))
    elif method == "higher":
        result = at(torch.ceil(position))
    elif method == "nearest":
        result = at(torch.round(position))  # half to even, as NumPy
    else:
        low, high = at(torch.floor(position)), at(torch.ceil(position))
        if method == "midpoint":
            result = (low + high) / 2
        else:
            result = low + (high - low) * (position - torch.floor(position))
    result = torch.where(undefined, torch.full_like(result, float("nan")), result)
    result = result.reshape(tuple(q.shape) + _kept_shape(x, axes, keepdims))
    return _done(result, out)


quantile, nanquantile, percentile, nanpercentile = reduction_utils.quantile_family(
    _quantile, core.convert_to_tensor, "float32"
)
median, nanmedian = reduction_utils.median_pair(quantile, nanquantile)


def _arg_reduce(function, x, axis, keepdims):
    x = _wide(_tensor(x))
    if axis is None:
        index = function(x.reshape(-1))
        return index.to(torch.int32).reshape((1,) * x.ndim if keepdims else ())
    return function(x, dim=_axis(axis, x.ndim), keepdim=keepdims).to(torch.int32)


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce(torch.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce(torch.argmin, x, axis, keepdims)


def _nan_arg(function, fill, x, axis, keepdims):
    """nanargmax/nanargmin: NaNs never win; an all-NaN slice gives -1."""
    x = _tensor(x)
    if not x.is_floating_point():
        return _arg_reduce(function, x, axis, keepdims)
    nan = torch.isnan(x)
    index = _arg_reduce(function, _nan_filled(x, fill), axis, keepdims)
    axes = _axes(axis, x.ndim)
    every = _reduce(torch.all, nan, axes, keepdims).reshape(index.shape)
    return torch.where(every, torch.full_like(index, -1), index)


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(torch.argmax, -float("inf"), x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(torch.argmin, float("inf"), x, axis, keepdims)


_flat_or_axis = backend_utils.flat_or_axis


def sort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return torch.sort(_wide(x), dim=axis, stable=True)[0].to(x.dtype)


def argsort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return torch.argsort(_wide(x), dim=axis, stable=True).to(torch.int32)


argpartition = reduction_utils.argpartition_by_sort(argsort)


def _scan(function, x, axis, dtype, fill=None):
    x, axis = _flat_or_axis(_tensor(x), axis)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    acc = _torch_dtype(backend_utils.compute_dtype(out))
    x = x.to(torch.int64 if acc in _WIDEN else acc)
    if fill is not None:
        x = _nan_filled(x, fill)
    return _done(function(x, dim=axis), out)


def cumsum(x, axis=None, dtype=None):
    return _scan(torch.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _scan(torch.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _scan(torch.cumsum, x, axis, dtype, fill=0)


def nancumprod(x, axis=None, dtype=None):
    return _scan(torch.cumprod, x, axis, dtype, fill=1)


def average(x, axis=None, weights=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    if weights is None:
        return mean(x, axis)
    weights = _tensor(weights)
    out = backend_utils.float_dtype(_dtype(x), _dtype(weights))
    compute = _torch_dtype(backend_utils.compute_dtype(out))
    x, weights = x.to(compute), weights.to(compute)
    if weights.ndim == 1 and x.ndim > 1 and axis is not None:
        # 1-D weights run along `axis`.
        weights = weights.reshape([-1 if i == axes[0] else 1 for i in range(x.ndim)])
    weights = torch.broadcast_to(weights, x.shape)
    total = _reduce(torch.sum, x * weights, axes, False)
    return _done(total / _reduce(torch.sum, weights, axes, False), out)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the torch backend.")
    x = _tensor(x).to(torch.int64)
    length = int(torch.max(x)) + 1 if x.numel() else 0
    length = length if length > minlength else minlength
    if weights is None:
        out, weights = "int32", torch.ones(x.shape, dtype=torch.int32, device=x.device)
    else:
        weights = _tensor(weights)
        out = backend_utils.sum_dtype(_dtype(weights))
        acc = _torch_dtype(backend_utils.compute_dtype(out))
        weights = weights.to(torch.int64 if acc in _WIDEN else acc)
    rows = x.shape[0] if x.ndim == 2 else 1
    if x.ndim == 2:
        # Row r counts into bins [r * length, (r + 1) * length) of one flat count.
        x = x + torch.arange(rows, device=x.device)[:, None] * length
    counts = torch.zeros(rows * length, dtype=weights.dtype, device=x.device)
    counts = counts.index_add(0, x.reshape(-1), weights.reshape(-1))
    return _done(counts.reshape((rows, length) if x.ndim == 2 else (length,)), out)


def corrcoef(x):
    x = _tensor(x)
    wide, out = _as_float(x)
    rows = wide if wide.ndim == 2 else wide.reshape(1, -1)
    centered = rows - torch.mean(rows, dim=1, keepdim=True)
    covariance = centered @ centered.T
    scale = torch.sqrt(torch.diagonal(covariance))
    result = torch.clamp(covariance / scale[:, None] / scale[None, :], -1, 1)
    return _done(result if x.ndim == 2 else result[0, 0], out)


def count_nonzero(x, axis=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    return _reduce(_count_nonzero, x, axes, False).to(torch.int32)


def _count_nonzero(x, dim, keepdim):
    return torch.count_nonzero(x, dim=dim)


def diff(a, n=1, axis=-1):
    a = _tensor(a)
    axis = _axis(axis, a.ndim)
    wide = a.to(torch.int64) if a.dtype in _WIDEN or a.dtype == torch.uint8 else a
    for _ in range(n):
        length = wide.shape[axis]
        if length < 2:
            wide = wide.narrow(axis, 0, 0)
            break
        head, tail = wide.narrow(axis, 1, length - 1), wide.narrow(axis, 0, length - 1)
        wide = head != tail if a.dtype == torch.bool else head - tail
    return wide.to(a.dtype)


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = core.promote(sorted_sequence, values)
    backend_utils.check_1d("sorted_sequence", sorted_sequence.ndim, "`sorted_sequence`")
    sorted_sequence, flat = _wide(sorted_sequence), _wide(values).reshape(-1)
    index = torch.searchsorted(sorted_sequence, flat, side=side, out_int32=True)
    return index.reshape(values.shape)


def digitize(x, bins):
    x, bins = core.promote(x, bins)
    backend_utils.check_1d("bins", bins.ndim, "`bins`")
    return searchsorted(bins, x, side="right")


def histogram(x, bins=10, range=None):
    x = _tensor(x)
    backend_utils.check_1d("x", x.ndim, "The input of `histogram`")
    out = backend_utils.float_dtype(_dtype(x))
    wide = x.to(_torch_dtype(backend_utils.compute_dtype(out)))
    if range is None:
        low, high = torch.min(wide), torch.max(wide)
    else:
        low = torch.tensor(range[0], dtype=wide.dtype, device=wide.device)
        high = torch.tensor(range[1], dtype=wide.dtype, device=wide.device)
    # An empty range widens to +-0.5, as NumPy's does.
    same = low == high
    low, high = torch.where(same, low - 0.5, low), torch.where(same, high + 0.5, high)
    step = (high - low) / bins
    edges = low + torch.arange(bins + 1, dtype=wide.dtype, device=wide.device) * step
    edges[-1] = high
    index = torch.searchsorted(edges, wide, right=True) - 1
    index = torch.where(wide == edges[-1], bins - 1, index)
    inside = (wide >= edges[0]) & (wide <= edges[-1])
    index = torch.where(inside, index, bins)
    counts = torch.zeros(bins + 1, dtype=torch.int32, device=wide.device)
    counts = counts.index_add(0, index, torch.ones_like(index, dtype=torch.int32))
    return counts[:bins], _done(edges, out)


def nonzero(x):
    x = _tensor(x)
    return tuple(i.to(torch.int32) for i in torch.nonzero(x, as_tuple=True))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _tensor(y)
    axis = _axis(axis, y.ndim)
    if x is None:
        out = backend_utils.float_dtype(_dtype(y))
        y = y.to(_torch_dtype(backend_utils.compute_dtype(out)))
        return _done(torch.trapezoid(y, dx=dx, dim=axis), out)
    x = _tensor(x)
    out = backend_utils.float_dtype(_dtype(y), _dtype(x))
    compute = _torch_dtype(backend_utils.compute_dtype(out))
    return _done(torch.trapezoid(y.to(compute), x.to(compute), dim=axis), out)


def _fit(t, size, fill, axis):
    """`t` truncated or padded with `fill` to `size` entries along `axis`."""
    length = t.shape[axis]
    if length >= size:
        return t.narrow(axis, 0, size)
    shape = list(t.shape)
    shape[axis] = size - length
    pad = torch.full(shape, fill, dtype=t.dtype, device=t.device)
    return torch.cat([t, pad], dim=axis)


def _unique(x, sorted, axis, size, fill_value):
    """(values, index, inverse, counts) of `unique` (see reduction_utils.unique_op)."""
    x = _tensor(x)
    along = 0 if axis is None else _axis(axis, x.ndim)
    values, inverse, counts = torch.unique(
        _wide(x),
        sorted=True,
        return_inverse=True,
        return_counts=True,
        dim=None if axis is None else along,
    )
    values = values.to(x.dtype)
    flat_inverse = inverse.reshape(-1)
    # The first occurrence of each unique value: the least position mapping to it.
    positions = torch.arange(flat_inverse.numel(), device=x.device)
    index = torch.full((counts.numel(),), flat_inverse.numel(), device=x.device)
    index = index.scatter_reduce(0, flat_inverse, positions, reduce="amin")
    if not sorted:
        order = torch.argsort(index, stable=True)
        values = values.index_select(along, order)
        index, counts = index[order], counts[order]
        inverse = torch.argsort(order)[inverse]
    inverse = inverse.reshape(x.shape if axis is None else (-1,))
    if size is not None:
        values = _fit(values, size, 0 if fill_value is None else fill_value, along)
        index, counts = _fit(index, size, 0, 0), _fit(counts, size, 0, 0)
    return values, index, inverse, counts


unique = reduction_utils.unique_op(_unique, lambda t: t.to(torch.int32))


def _sum_wide_float(x, axis=None, keepdims=False):
    if axis is None and not keepdims:
        return torch.sum(x)
    return _reduce(torch.sum, x, _axes(axis, x.ndim), keepdims)


def _mean_wide_float(x, axis=None, keepdims=False):
    if axis is None and not keepdims:
        return torch.mean(x)
    return _reduce(torch.mean, x, _axes(axis, x.ndim), keepdims)


# Fast paths (keras.backends.common.registry): float32/float64 tensors are summed, and
# float32 ones averaged, in their own dtype, as the reference does (without its dtype
# bookkeeping).
_FAST = registry.for_backend("torch")
_FAST.register(
    __name__,
    "sum",
    _sum_wide_float,
    guard="eager",
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="torch.sum",
)
_FAST.register(
    __name__,
    "mean",
    _mean_wide_float,
    guard="eager",
    dtypes=("float32",),
    devices=("cpu", "cuda"),
    note="torch.mean",
)
