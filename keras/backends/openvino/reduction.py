"""openvino backend: the reduction ops (see keras/ops/reduction.py for their contract).

Every op is a graph of OpenVINO opset operations. The CPU plugin saturates narrow
integer arithmetic (int8 sums stop at 127) and mishandles uint32 above 2**31, so
integers are reduced in int32 (int64 for 64-bit and uint32 inputs) and converted to
the result dtype at the end (Convert wraps, as NumPy's astype does); float16 and
bfloat16 are computed in float32 and rounded once. Shapes are static here, so the ops
whose output shape depends on the values (bincount, nonzero, unique) evaluate the part
of their graph that fixes it (a maximum, a count) before building the rest.
"""

import math

import numpy as np
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.openvino import core

_axis = backend_utils.canonicalize_axis
_axes = backend_utils.canonicalize_axes
_i64 = core._i64
_const = core._constant
_tensor = core.convert_to_tensor

_work = core._work
_shape = core._shape_of
_as = core._as


def _done(output, dtype):
    """`output` as a tensor of `dtype`."""
    return core.OpenVINOTensor(_as(output, dtype))


def _scalar(value, dtype):
    """A 0-d constant of `dtype`."""
    return _const(np.asarray(value, dtypes.numpy_dtype(dtype)))


def _reduce(op, output, axes, keepdims):
    """`op` (an opset Reduce*) over `axes`; no axes reduce nothing."""
    if not axes:
        return output
    return op(output, _i64(list(axes)), keepdims).output(0)


_kept_shape = backend_utils.kept_shape


def _count(shape, axes):
    return math.prod(shape[a] for a in axes)


def _full(shape, value, dtype):
    """A constant tensor of `shape` filled with `value` (does not depend on data)."""
    return core.OpenVINOTensor(_const(np.full(shape, value, dtypes.numpy_dtype(dtype))))


def _is_float(dtype):
    return dtypes.is_float_dtype(dtype)


def _nan_mask(output):
    return ov_opset.is_nan(output).output(0)


def _select(condition, a, b):
    return ov_opset.select(condition, a, b).output(0)


def _as_float(x):
    """(x in the dtype its floating result is computed in, that result's dtype)."""
    out = backend_utils.float_dtype(x.dtype)
    return _as(x, backend_utils.compute_dtype(out)), out


def _topk(output, k, axis, mode):
    """(values, int32 indices) of a stable TopK of `k` entries along `axis`."""
    node = ov_opset.topk(
        output, ov_opset.constant(np.int64(k)), axis, mode, "value", "i32", True
    )
    return node.output(0), node.output(1)


def _reshape(output, shape):
    return ov_opset.reshape(output, _i64(list(shape)), False).output(0)


def _gather_along(output, index, axis):
    return ov_opset.gather_elements(output, index, axis).output(0)


# Plain reductions.


def _truthy(x):
    """`x != 0` as a bool output (bools pass through)."""
    if x.dtype == "bool":
        return x.output
    work = _as(x, _work(x.dtype))
    zero = _scalar(0, _work(x.dtype))
    return ov_opset.not_equal(work, zero).output(0)


def all(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    return core.OpenVINOTensor(
        _reduce(ov_opset.reduce_logical_and, _truthy(x), axes, keepdims)
    )


def any(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    return core.OpenVINOTensor(
        _reduce(ov_opset.reduce_logical_or, _truthy(x), axes, keepdims)
    )


def _extremum(op, combine, x, axis, keepdims, initial):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    work = _work(x.dtype)
    if initial is not None and _count(x.shape, axes) == 0:
        return _full(_kept_shape(x.shape, axes, keepdims), initial, x.dtype)
    result = _reduce(op, _as(x, work), axes, keepdims)
    if initial is not None:
        result = combine(result, _scalar(initial, work)).output(0)
    return _done(result, x.dtype)


def max(x, axis=None, keepdims=False, initial=None):
    return _extremum(ov_opset.reduce_max, ov_opset.maximum, x, axis, keepdims, initial)


def min(x, axis=None, keepdims=False, initial=None):
    return _extremum(ov_opset.reduce_min, ov_opset.minimum, x, axis, keepdims, initial)


# amax and amin are max and min (without `initial`).
amax = max
amin = min


def ptp(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    work = _as(x, _work(x.dtype))
    high = _reduce(ov_opset.reduce_max, work, axes, keepdims)
    low = _reduce(ov_opset.reduce_min, work, axes, keepdims)
    if x.dtype == "bool":
        return core.OpenVINOTensor(ov_opset.not_equal(high, low))
    # Converting the wide difference back wraps unsigned results as NumPy does.
    return _done(ov_opset.subtract(high, low).output(0), x.dtype)


def _accumulator(dtype):
    """The dtype a sum or product with result `dtype` is accumulated in."""
    if _is_float(dtype):
        return backend_utils.compute_dtype(dtype)
    return _work(dtype)


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    out = backend_utils.sum_dtype(x.dtype)
    wide = _as(x, _accumulator(out))
    axes = _axes(axis, x.ndim)
    return _done(_reduce(ov_opset.reduce_sum, wide, axes, keepdims), out)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    out = backend_utils.sum_dtype(x.dtype, dtype)
    wide = _as(x, _accumulator(out))
    axes = _axes(axis, x.ndim)
    return _done(_reduce(ov_opset.reduce_prod, wide, axes, keepdims), out)


def _moments(wide, shape, axes, keepdims, valid=None):
    """(mean, variance) of the float output `wide` over `axes`, leaving out the
    entries where the bool output `valid` is False (NaN where none is left)."""
    dtype = core._keras_dtype(wide.get_element_type())
    zero = _scalar(0, dtype)
    if valid is None:
        count = _scalar(_count(shape, axes), dtype)
    else:
        count = _reduce(ov_opset.reduce_sum, _as(valid, dtype), axes, True)
        wide = _select(valid, wide, zero)
    total = _reduce(ov_opset.reduce_sum, wide, axes, True)
    average = ov_opset.divide(total, count).output(0)
    deviation = ov_opset.subtract(wide, average).output(0)
    if valid is not None:
        deviation = _select(valid, deviation, zero)
    squares = ov_opset.multiply(deviation, deviation).output(0)
    variance = ov_opset.divide(_reduce(ov_opset.reduce_sum, squares, axes, True), count)
    kept = _kept_shape(shape, axes, keepdims)
    return _reshape(average, kept), _reshape(variance.output(0), kept)


def mean(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.ndim)
    count = _scalar(_count(x.shape, axes), core._keras_dtype(wide.get_element_type()))
    total = _reduce(ov_opset.reduce_sum, wide, axes, keepdims)
    return _done(ov_opset.divide(total, count).output(0), out)


def var(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    _, variance = _moments(wide, x.shape, _axes(axis, x.ndim), keepdims)
    return _done(variance, out)


def std(x, axis=None, keepdims=False):
    x = _tensor(x)
    wide, out = _as_float(x)
    _, variance = _moments(wide, x.shape, _axes(axis, x.ndim), keepdims)
    return _done(ov_opset.sqrt(variance).output(0), out)


# NaN-ignoring reductions.


def _nan_filled(x, fill):
    """`x` with its NaNs replaced by `fill` (only floats have NaNs)."""
    x = _tensor(x)
    if not _is_float(x.dtype):
        return x
    fill = _scalar(fill, x.dtype)
    return core.OpenVINOTensor(_select(_nan_mask(x.output), fill, x.output))


nansum, nanprod = reduction_utils.nan_sum_prod(sum, prod, _nan_filled, _tensor)


def _nan_extremum(function, fill, x, axis, keepdims):
    x = _tensor(x)
    if not _is_float(x.dtype):
        return function(x, axis, keepdims)
    axes = _axes(axis, x.ndim)
    result = function(_nan_filled(x, fill), axes, keepdims)
    every = _reduce(ov_opset.reduce_logical_and, _nan_mask(x.output), axes, keepdims)
    nan = _scalar(np.nan, x.dtype)
    return core.OpenVINOTensor(_select(every, nan, result.output))


nanmax, nanmin = reduction_utils.nan_extrema(_nan_extremum, max, min)


def _nan_moments(x, axis, keepdims):
    """(mean, variance, out dtype) ignoring NaNs; all-NaN slices give NaN."""
    x = _tensor(x)
    wide, out = _as_float(x)
    valid = ov_opset.logical_not(_nan_mask(wide)).output(0)
    average, variance = _moments(wide, x.shape, _axes(axis, x.ndim), keepdims, valid)
    return core.OpenVINOTensor(average), core.OpenVINOTensor(variance), out


def _sqrt(x):
    return core.OpenVINOTensor(ov_opset.sqrt(x.output))


nanmean, nanvar, nanstd = reduction_utils.nan_moment_family(
    _nan_moments, lambda t, dtype: _done(t.output, dtype), _sqrt
)


# Quantiles.


def _rows(output, shape, axes):
    """`output` with the `axes` moved last and flattened: (kept..., N)."""
    kept = [i for i in range(len(shape)) if i not in axes]
    order = kept + list(axes)
    if order != list(range(len(shape))):
        output = ov_opset.transpose(output, _i64(order)).output(0)
    return _reshape(output, [shape[i] for i in kept] + [_count(shape, axes)])


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    """Quantiles read from sorted rows (the algorithm reduction_utils.quantile_family
    describes)."""
    x = _tensor(x)
    wide, out = _as_float(x)
    dtype = core._keras_dtype(wide.get_element_type())
    axes = _axes(axis, x.ndim)
    q = _tensor(q, dtype)
    rows = _rows(wide, x.shape, axes)  # (kept..., N)
    kept, length = _shape(rows)[:-1], _shape(rows)[-1]
    nan = _nan_mask(rows)
    inf = _scalar(np.inf, dtype)
    rows, _ = _topk(_select(nan, inf, rows), length, -1, "min")
    if ignore_nan:
        valid = ov_opset.logical_not(nan).output(0)
        count = ov_opset.reduce_sum(_as(valid, dtype), _i64([-1]), False).output(0)
        undefined = ov_opset.equal(count, _scalar(0, dtype)).output(0)
    else:
        count = _scalar(length, dtype)
        undefined = ov_opset.reduce_logical_or(nan, _i64([-1]), False).output(0)
    q_flat = _reshape(q.output, (-1,) + (1,) * len(kept))  # (Q, 1, ..., 1)
    wanted = (_shape(q_flat)[0],) + kept
    last = ov_opset.subtract(count, _scalar(1, dtype)).output(0)
    position = ov_opset.broadcast(ov_opset.multiply(q_flat, last), _i64(wanted))
    position = position.output(0)
    values = ov_opset.broadcast(
        ov_opset.unsqueeze(rows, _i64([0])), _i64(wanted + (length,))
    ).output(0)

    def at(index):
        index = ov_opset.clamp(index, 0.0, float(length - 1)).output(0)
        index = ov_opset.unsqueeze(_as(index, "int32"), _i64([-1])).output(0)
        return ov_opset.squeeze(_gather_along(values, index, -1), _i64([-1])).output(0)

    floor = ov_opset.floor(position).output(0)
    if method == "lower":
        result = at(floor)
    elif method == "higher":
        result = at(ov_opset.ceiling(position).output(0))
    elif method == "nearest":
        result = at(ov_opset.round(position, "half_to_even").output(0))
    else:
        low, high = at(floor), at(ov_opset.ceiling(position).output(0))
        if method == "midpoint":
            result = ov_opset.divide(ov_opset.add(low, high), _scalar(2, dtype))
        else:
            step = ov_opset.subtract(position, floor)
            spread = ov_opset.multiply(ov_opset.subtract(high, low), step)
            result = ov_opset.add(low, spread)
        result = result.output(0)
    result = _select(undefined, _scalar(np.nan, dtype), result)
    return _done(_reshape(result, q.shape + _kept_shape(x.shape, axes, keepdims)), out)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, False)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, True)


def _fraction(q):
    """Percentages `q` as float32 fractions."""
    q = _tensor(q, "float32")
    return core.OpenVINOTensor(ov_opset.divide(q.output, _scalar(100, "float32")))


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, _fraction(q), axis, method, keepdims, False)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, _fraction(q), axis, method, keepdims, True)


median, nanmedian = reduction_utils.median_pair(quantile, nanquantile)


# Indices of extrema.


def _arg_reduce(mode, x, axis, keepdims):
    x = _tensor(x)
    work = _as(x, _work(x.dtype))
    if axis is None:
        along, source = 0, _reshape(work, (-1,))
    else:
        along, source = _axis(axis, x.ndim), work
    _, index = _topk(source, 1, along, mode)
    if _is_float(x.dtype):
        # NumPy's argmax and argmin return the first NaN, where there is one.
        nan = _nan_mask(source)
        first_nan = _topk(_as(nan, "int32"), 1, along, "max")[1]
        found = ov_opset.reduce_logical_or(nan, _i64([along]), True).output(0)
        index = _select(found, first_nan, index)
    if axis is None:
        return core.OpenVINOTensor(_reshape(index, (1,) * x.ndim if keepdims else ()))
    if not keepdims:
        index = ov_opset.squeeze(index, _i64([along])).output(0)
    return core.OpenVINOTensor(index)


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce("max", x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce("min", x, axis, keepdims)


def _nan_arg(mode, fill, x, axis, keepdims):
    """nanargmax/nanargmin: NaNs never win; an all-NaN slice gives -1."""
    x = _tensor(x)
    if not _is_float(x.dtype):
        return _arg_reduce(mode, x, axis, keepdims)
    index = _arg_reduce(mode, _nan_filled(x, fill), axis, keepdims)
    every = _reduce(
        ov_opset.reduce_logical_and, _nan_mask(x.output), _axes(axis, x.ndim), keepdims
    )
    every = _reshape(every, index.shape)
    return core.OpenVINOTensor(_select(every, _scalar(-1, "int32"), index.output))


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg("max", -np.inf, x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg("min", np.inf, x, axis, keepdims)


# Sorting.


def _flat_or_axis(x, axis):
    x = _tensor(x)
    if axis is None:
        return core.OpenVINOTensor(_reshape(x.output, (-1,))), 0
    return x, _axis(axis, x.ndim)


def _argsort(output, axis, is_float):
    """The int32 stable ascending order of `output` (of a computation dtype) along
    `axis`, NaNs last (as NumPy)."""
    length = _shape(output)[axis]
    if not is_float:
        return _topk(output, length, axis, "min")[1]
    nan = _nan_mask(output)
    inf = _scalar(np.inf, core._keras_dtype(output.get_element_type()))
    order = _topk(_select(nan, inf, output), length, axis, "min")[1]
    # A second stable pass moves the NaNs (sorted among the infinities) after them.
    flags = _gather_along(_as(nan, "int32"), order, axis)
    return _gather_along(order, _topk(flags, length, axis, "min")[1], axis)


def _sort_order(x, axis):
    return _argsort(_as(x, _work(x.dtype)), axis, _is_float(x.dtype))


def sort(x, axis=-1):
    x, axis = _flat_or_axis(x, axis)
    if x.shape[axis] == 0:
        return x
    return core.OpenVINOTensor(_gather_along(x.output, _sort_order(x, axis), axis))


def argsort(x, axis=-1):
    x, axis = _flat_or_axis(x, axis)
    if x.shape[axis] == 0:
        return _full(x.shape, 0, "int32")
    return core.OpenVINOTensor(_sort_order(x, axis))


argpartition = reduction_utils.argpartition_by_sort(argsort)


# Scans.


def _cumprod(output, axis):
    """Inclusive products along `axis` by doubling strides (log2(n) multiplies)."""
    shape = _shape(output)
    length = shape[axis]
    dtype = core._keras_dtype(output.get_element_type())
    shift = 1
    while shift < length:
        ones_shape = shape[:axis] + (shift,) + shape[axis + 1 :]
        ones = core._constant(np.ones(ones_shape, dtypes.numpy_dtype(dtype)))
        shifted = ov_opset.concat([ones, _slice(output, axis, 0, length - shift)], axis)
        output = ov_opset.multiply(output, shifted).output(0)
        shift *= 2
    return output


def _scan(kind, x, axis, dtype, fill=None):
    x, axis = _flat_or_axis(x, axis)
    out = backend_utils.sum_dtype(x.dtype, dtype)
    if fill is not None:
        x = _nan_filled(x, fill)
    wide = _as(x, _accumulator(out))
    if kind == "sum":
        result = ov_opset.cumsum(wide, ov_opset.constant(np.int64(axis))).output(0)
    else:
        result = _cumprod(wide, axis)
    return _done(result, out)


def cumsum(x, axis=None, dtype=None):
    return _scan("sum", x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _scan("prod", x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _scan("sum", x, axis, dtype, fill=0)


def nancumprod(x, axis=None, dtype=None):
    return _scan("prod", x, axis, dtype, fill=1)


# Weighted means, counts and bins.


def _weighted_average(x, weights, axis, compute, out):
    x = _as(x, compute)
    weights = _as(weights, compute)
    shape = _shape(x)
    if len(_shape(weights)) == 1 and len(shape) > 1 and axis is not None:
        # 1-D weights run along `axis`.
        weights = _reshape(weights, [-1 if i == axis else 1 for i in range(len(shape))])
    weights = ov_opset.broadcast(weights, _i64(shape)).output(0)
    axes = _axes(axis, len(shape))
    weighted = ov_opset.multiply(x, weights).output(0)
    total = _reduce(ov_opset.reduce_sum, weighted, axes, False)
    norm = _reduce(ov_opset.reduce_sum, weights, axes, False)
    return _done(ov_opset.divide(total, norm).output(0), out)


average = reduction_utils.average_op(_tensor, mean, _weighted_average)


def _one_hot_sum(index, depth, weights, dtype):
    """Per-bin sums of `weights` (None: counts) over the last axis of `index`:
    (..., n) -> (..., depth), in `dtype`."""
    one = _scalar(1, dtype)
    zero = _scalar(0, dtype)
    hot = ov_opset.one_hot(index, ov_opset.constant(np.int64(depth)), one, zero, -1)
    hot = hot.output(0)  # (..., n, depth)
    if weights is not None:
        hot = ov_opset.multiply(hot, ov_opset.unsqueeze(weights, _i64([-1]))).output(0)
    return ov_opset.reduce_sum(hot, _i64([-2]), False).output(0)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the openvino backend.")
    x = _tensor(x)
    index = _as(x, "int32")
    # The output length depends on the largest value: evaluated to shape the graph.
    largest = ov_opset.reduce_max(_reshape(index, (-1,)), _i64([0]), False).output(0)
    length = int(core.OpenVINOTensor(largest).numpy()) + 1 if x.size else 0
    length = length if length > minlength else minlength
    if weights is None:
        out, wide = "int32", None
    else:
        weights = _tensor(weights)
        out = backend_utils.sum_dtype(weights.dtype)
        wide = _as(weights, _accumulator(out))
    shape = (x.shape[0], length) if x.ndim == 2 else (length,)
    if length == 0 or x.size == 0:
        return _full(shape, 0, out)
    return _done(_one_hot_sum(index, length, wide, _accumulator(out)), out)


def corrcoef(x):
    x = _tensor(x)
    wide, out = _as_float(x)
    rows = wide if x.ndim == 2 else _reshape(wide, (1, -1))
    average = ov_opset.reduce_mean(rows, _i64([1]), True)
    centered = ov_opset.subtract(rows, average).output(0)
    covariance = ov_opset.matmul(centered, centered, False, True).output(0)
    compute = dtypes.numpy_dtype(backend_utils.compute_dtype(out))
    eye = np.eye(_shape(covariance)[0], dtype=compute)
    diagonal = ov_opset.reduce_sum(
        ov_opset.multiply(covariance, core._constant(eye)), _i64([1]), False
    )
    scale = ov_opset.sqrt(diagonal).output(0)
    result = ov_opset.divide(covariance, ov_opset.unsqueeze(scale, _i64([1])))
    result = ov_opset.divide(result, ov_opset.unsqueeze(scale, _i64([0])))
    result = ov_opset.clamp(result, -1.0, 1.0).output(0)
    if x.ndim != 2:
        result = _reshape(result, ())
    return _done(result, out)


def count_nonzero(x, axis=None):
    x = _tensor(x)
    axes = _axes(axis, x.ndim)
    counts = _as(_truthy(x), "int32")
    return core.OpenVINOTensor(_reduce(ov_opset.reduce_sum, counts, axes, False))


def _slice(output, axis, start, stop):
    return ov_opset.slice(
        output, _i64([start]), _i64([stop]), _i64([1]), _i64([axis])
    ).output(0)


def diff(a, n=1, axis=-1):
    a = _tensor(a)
    axis = _axis(axis, a.ndim)
    output = a.output
    for _ in range(n):
        length = _shape(output)[axis]
        if length < 2:
            output = _slice(output, axis, 0, 0)
            break
        head = _slice(output, axis, 1, length)
        tail = _slice(output, axis, 0, length - 1)
        if a.dtype == "bool":
            output = ov_opset.not_equal(head, tail).output(0)
        else:
            work = _work(a.dtype)
            difference = ov_opset.subtract(_as(head, work), _as(tail, work))
            # Rounded (or wrapped) to the dtype at every step, as NumPy does.
            output = _as(difference.output(0), a.dtype)
    return core.OpenVINOTensor(output)


def _search(sorted_sequence, values, right):
    """int32 insertion points of `values` in the 1-D `sorted_sequence` (same dtype)."""
    work = _work(sorted_sequence.dtype)
    index = opset15.search_sorted(_as(sorted_sequence, work), _as(values, work), right)
    return _done(index.output(0), "int32")


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = core.promote(sorted_sequence, values)
    backend_utils.check_1d("sorted_sequence", sorted_sequence.ndim, "`sorted_sequence`")
    return _search(sorted_sequence, values, side == "right")


def digitize(x, bins):
    x, bins = core.promote(x, bins)
    backend_utils.check_1d("bins", bins.ndim, "`bins`")
    return _search(bins, x, True)


def histogram(x, bins=10, range=None):
    x = _tensor(x)
    backend_utils.check_1d("x", x.ndim, "The input of `histogram`")
    wide, out = _as_float(x)
    dtype = core._keras_dtype(wide.get_element_type())
    if range is None:
        low = ov_opset.reduce_min(wide, _i64([0]), False).output(0)
        high = ov_opset.reduce_max(wide, _i64([0]), False).output(0)
    else:
        low, high = _scalar(range[0], dtype), _scalar(range[1], dtype)
    # An empty range widens to +-0.5, as NumPy's does.
    same = ov_opset.equal(low, high)
    half = _scalar(0.5, dtype)
    low = _select(same, ov_opset.subtract(low, half).output(0), low)
    high = _select(same, ov_opset.add(high, half).output(0), high)
    step = ov_opset.divide(ov_opset.subtract(high, low), _scalar(bins, dtype))
    steps = core._constant(np.arange(bins, dtype=dtypes.numpy_dtype(dtype)))
    edges = ov_opset.add(low, ov_opset.multiply(steps, step))
    edges = ov_opset.concat([edges, ov_opset.unsqueeze(high, _i64([0]))], 0).output(0)
    index = _as(opset15.search_sorted(edges, wide, True).output(0), "int32")
    index = ov_opset.subtract(index, _scalar(1, "int32")).output(0)
    at_end = ov_opset.equal(wide, high)
    index = _select(at_end, _scalar(bins - 1, "int32"), index)
    inside = ov_opset.logical_and(
        ov_opset.greater_equal(wide, low), ov_opset.less_equal(wide, high)
    )
    # Values outside the range count in an extra bin, dropped at the end.
    index = _select(inside, index, _scalar(bins, "int32"))
    counts = _one_hot_sum(index, bins + 1, None, "int32")
    counts = _slice(counts, 0, 0, bins)
    return core.OpenVINOTensor(counts), _done(edges, out)


def nonzero(x):
    x = _tensor(x)
    # The number of non-zeros fixes the output shape: the positions are evaluated.
    positions = core.OpenVINOTensor(ov_opset.non_zero(x.output, "i32"))
    positions.numpy()
    return tuple(
        core.OpenVINOTensor(
            ov_opset.gather(positions.output, ov_opset.constant(np.int64(i)), 0)
        )
        for i in range(x.ndim)
    )


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _tensor(y)
    axis = _axis(axis, y.ndim)
    if x is None:
        out = backend_utils.float_dtype(y.dtype)
    else:
        x = _tensor(x)
        out = backend_utils.float_dtype(y.dtype, x.dtype)
    compute = backend_utils.compute_dtype(out)
    wide = _as(y, compute)
    length = y.shape[axis]
    pairs = ov_opset.add(
        _slice(wide, axis, 1, length), _slice(wide, axis, 0, length - 1)
    ).output(0)
    if x is None:
        spacing = _scalar(dx, compute)
    else:
        along = -1 if x.ndim == 1 else axis
        spacing = diff(core.OpenVINOTensor(_as(x, compute)), 1, along)
        spacing = spacing.output
        if x.ndim == 1 and y.ndim > 1:
            spacing = _reshape(spacing, [-1 if i == axis else 1 for i in range(y.ndim)])
    areas = ov_opset.multiply(pairs, spacing)
    areas = ov_opset.divide(areas, _scalar(2, compute)).output(0)
    return _done(ov_opset.reduce_sum(areas, _i64([axis]), False).output(0), out)


# unique


def _transpose(output, order):
    return ov_opset.transpose(output, _i64(order)).output(0)


def _take(output, index, axis):
    return ov_opset.gather(output, index, ov_opset.constant(np.int64(axis))).output(0)


def _fit(t, size, fill, axis):
    """`t` truncated or padded with `fill` to `size` entries along `axis`."""
    shape = _shape(t)
    length = shape[axis]
    if length >= size:
        return _slice(t, axis, 0, size)
    dtype = core._keras_dtype(t.get_element_type())
    pad_shape = shape[:axis] + (size - length,) + shape[axis + 1 :]
    pad = core._constant(np.full(pad_shape, fill, dtypes.numpy_dtype(dtype)))
    return ov_opset.concat([t, pad], axis).output(0)


def _differs(a, b, is_float):
    """Whether rows `a` and `b` differ anywhere (NaNs equal each other, as in NumPy)."""
    unequal = ov_opset.not_equal(a, b).output(0)
    if is_float:
        both_nan = ov_opset.logical_and(_nan_mask(a), _nan_mask(b))
        unequal = ov_opset.logical_and(unequal, ov_opset.logical_not(both_nan))
        unequal = unequal.output(0)
    return ov_opset.reduce_logical_or(unequal, _i64([1]), False).output(0)


def _unique(x, sorted, axis, size, fill_value):
    """(values, index, inverse, counts) of `unique` (see reduction_utils.unique_op).

    The slices along `axis` (elements when None) are sorted lexicographically by
    stable passes over their columns, last column first; a group starts where a slice
    differs from the one before. (OpenVINO's Unique mixes up duplicate slices along an
    axis, and crashes on empty inputs.)
    """
    x = _tensor(x)
    along = 0 if axis is None else _axis(axis, x.ndim)
    order = [along] + [i for i in range(x.ndim) if i != along]
    rest = () if axis is None else tuple(x.shape[i] for i in order[1:])
    n = x.size if axis is None else x.shape[along]
    if n == 0:
        values = _const(np.zeros((0,) + rest, dtypes.numpy_dtype(x.dtype)))
        index = counts = _const(np.zeros((0,), "int32"))
        inverse = _const(np.zeros(x.shape if axis is None else (0,), "int32"))
        groups = 0
    else:
        moved = x.output if axis is None else _transpose(x.output, order)
        rows = _reshape(moved, (n, -1))  # (n, columns)
        values, index, inverse, counts = _groups(rows, _is_float(x.dtype))
        groups = _shape(index)[0]
        values = _reshape(values, (groups,) + rest)
    if not sorted and groups > 1:
        first = _topk(index, groups, 0, "min")[1]  # first-occurrence order
        values, index, counts = (_take(t, first, 0) for t in (values, index, counts))
        inverse = _take(_topk(first, groups, 0, "min")[1], inverse, 0)
    if axis is not None:
        values = _transpose(values, list(range(1, along + 1)) + [0] +
                            list(range(along + 1, x.ndim)))
    inverse = _reshape(inverse, x.shape if axis is None else (-1,))
    if size is not None:
        values = _fit(values, size, 0 if fill_value is None else fill_value, along)
        index, counts = _fit(index, size, 0, 0), _fit(counts, size, 0, 0)
    return tuple(core.OpenVINOTensor(t) for t in (values, index, inverse, counts))


def _groups(rows, is_float):
    """(distinct rows in sorted order, the first position of each, the group of each
    row, the size of each group) of a non-empty (n, columns) `rows`."""
    n, columns = _shape(rows)
    work = _as(rows, _work(core._keras_dtype(rows.get_element_type())))
    order = _const(np.arange(n, dtype="int32"))
    for column in reversed(range(columns)):
        key = _take(_slice(work, 1, column, column + 1), order, 0)  # (n, 1)
        order = _take(order, _reshape(_argsort(key, 0, is_float), (n,)), 0)
    ordered = _take(work, order, 0)
    new = _differs(_slice(ordered, 0, 1, n), _slice(ordered, 0, 0, n - 1), is_float)
    new = ov_opset.concat([_const(np.ones(1, bool)), new], 0).output(0)
    group = ov_opset.cumsum(_as(new, "int32"), ov_opset.constant(np.int64(0)))
    group = ov_opset.subtract(group, _scalar(1, "int32")).output(0)  # (n,)
    # The number of groups fixes the output shape: it is evaluated.
    groups = int(core.OpenVINOTensor(_slice(group, 0, n - 1, n)).numpy()[0]) + 1
    # A stable sort puts the starts of the groups first, in order.
    starts = _topk(_as(ov_opset.logical_not(new), "int32"), n, 0, "min")[1]
    starts = _slice(starts, 0, 0, groups)
    end = _const(np.full(1, n, "int32"))
    ends = ov_opset.concat([_slice(starts, 0, 1, groups), end], 0)
    counts = ov_opset.subtract(ends, starts).output(0)
    # Equal rows keep their order: a group's first row is its first occurrence.
    index = _take(order, starts, 0)
    inverse = _take(group, _topk(order, n, 0, "min")[1], 0)
    return _take(rows, index, 0), index, inverse, counts


unique = reduction_utils.unique_op(_unique, lambda t: core.cast(t, "int32"))
