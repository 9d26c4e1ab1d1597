"""tensorflow backend: the reduction ops (see keras/ops/reduction.py for the contract).

Floating results of float16/bfloat16 inputs are accumulated in float32 and rounded once.
TF lacks kernels for some ops on some dtypes (arithmetic and ordering on bools, most ops
on uint16/uint32): those go through a wider dtype and back. Sorting is built on top_k
(stable, so ties keep their order) with an order-reversing key that cannot overflow.
"""

import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.tensorflow import core

# The dtype an op falls back to when TF has no kernel for the input dtype.
_WIDER = {
    tf.bool: tf.int8,
    tf.uint16: tf.int32,
    tf.uint32: tf.int64,
    tf.uint64: tf.int64,
}


_tensor = core._tensor
_dtype = dtypes.dtype_of


def _tf_dtype(dtype):
    return tf.as_dtype(dtypes.numpy_dtype(dtype))


def _wide(x):
    target = _WIDER.get(x.dtype)
    return x if target is None else tf.cast(x, target)


def _acc(dtype):
    """The TF dtype to accumulate a result of `dtype` in."""
    return _WIDER.get(_tf_dtype(dtype), _tf_dtype(backend_utils.compute_dtype(dtype)))


_axis = backend_utils.canonicalize_axis


def _axes(axis, ndim):
    """`axis` (None, an int or a sequence of ints) as a list of axes in [0, ndim)."""
    return list(backend_utils.canonicalize_axes(axis, ndim))


def _as_float(x):
    """`x` in the dtype its floating result is computed in, and that result's dtype."""
    out = backend_utils.float_dtype(_dtype(x))
    return tf.cast(x, _tf_dtype(backend_utils.compute_dtype(out))), out


def _done(result, dtype):
    return tf.cast(result, _tf_dtype(dtype))


def _kept_shape(x, axes, keepdims):
    shape = _shape(x)
    if keepdims:
        return [1 if i in axes else d for i, d in enumerate(shape)]
    return [d for i, d in enumerate(shape) if i not in axes]


def _shape(x):
    """The dims of `x`: ints where static, scalar tensors where dynamic."""
    return list(core.shape(x))


def _rows(x, axes):
    """`x` with the `axes` moved last and flattened: (kept..., N)."""
    kept = [i for i in range(x.shape.rank) if i not in axes]
    rows = tf.transpose(x, kept + list(axes))
    return tf.reshape(rows, _kept_shape(x, axes, False) + [-1])


def all(x, axis=None, keepdims=False):
    x = tf.cast(_tensor(x), tf.bool)
    return tf.reduce_all(x, axis=_axes(axis, x.shape.rank), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    x = tf.cast(_tensor(x), tf.bool)
    return tf.reduce_any(x, axis=_axes(axis, x.shape.rank), keepdims=keepdims)


def _extremum(function, pick, x, axis, keepdims, initial):
    x = _tensor(x)
    wide = _wide(x)
    # An empty reduction gives the identity (lowest or highest value), so `initial`
    # then wins, as in NumPy.
    result = function(wide, axis=_axes(axis, x.shape.rank), keepdims=keepdims)
    if initial is not None:
        result = pick(result, tf.cast(initial, wide.dtype))
    return tf.cast(result, x.dtype)


def max(x, axis=None, keepdims=False, initial=None):
    return _extremum(tf.reduce_max, tf.maximum, x, axis, keepdims, initial)


def min(x, axis=None, keepdims=False, initial=None):
    return _extremum(tf.reduce_min, tf.minimum, x, axis, keepdims, initial)


# amax and amin are max and min (without `initial`).
amax = max
amin = min


def ptp(x, axis=None, keepdims=False):
    x = _tensor(x)
    axes = _axes(axis, x.shape.rank)
    wide = _wide(x)
    high = tf.reduce_max(wide, axis=axes, keepdims=keepdims)
    low = tf.reduce_min(wide, axis=axes, keepdims=keepdims)
    if x.dtype == tf.bool:
        return tf.not_equal(high, low)
    if x.dtype.is_unsigned:
        # Unsigned differences wrap as NumPy's do.
        return tf.cast(tf.cast(high, tf.int64) - tf.cast(low, tf.int64), x.dtype)
    return high - low


def sum(x, axis=None, keepdims=False):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x))
    axes = _axes(axis, x.shape.rank)
    result = tf.reduce_sum(tf.cast(x, _acc(out)), axis=axes, keepdims=keepdims)
    return _done(result, out)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _tensor(x)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    axes = _axes(axis, x.shape.rank)
    result = tf.reduce_prod(tf.cast(x, _acc(out)), axis=axes, keepdims=keepdims)
    return _done(result, out)


def _float_reduce(function, x, axis, keepdims):
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.shape.rank)
    return _done(function(wide, axis=axes, keepdims=keepdims), out)


def mean(x, axis=None, keepdims=False):
    return _float_reduce(tf.reduce_mean, x, axis, keepdims)


def var(x, axis=None, keepdims=False):
    return _float_reduce(tf.math.reduce_variance, x, axis, keepdims)


def std(x, axis=None, keepdims=False):
    return _float_reduce(tf.math.reduce_std, x, axis, keepdims)


def _nan_filled(x, fill):
    if x.dtype.is_floating:
        return tf.where(tf.math.is_nan(x), tf.cast(fill, x.dtype), x)
    return x


nansum, nanprod = reduction_utils.nan_sum_prod(sum, prod, _nan_filled, _tensor)


def _nan_extremum(function, fill, x, axis, keepdims):
    x = _tensor(x)
    if not x.dtype.is_floating:
        return function(x, axis, keepdims)
    axes = _axes(axis, x.shape.rank)
    result = function(_nan_filled(x, fill), axes, keepdims)
    every = tf.reduce_all(tf.math.is_nan(x), axis=axes, keepdims=keepdims)
    return tf.where(every, tf.cast(float("nan"), x.dtype), result)


nanmax, nanmin = reduction_utils.nan_extrema(_nan_extremum, max, min)


def _nan_moments(x, axis, keepdims):
    """(mean, variance, out dtype) ignoring NaNs; all-NaN slices give NaN."""
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.shape.rank)
    valid = ~tf.math.is_nan(wide)
    count = tf.reduce_sum(tf.cast(valid, wide.dtype), axis=axes, keepdims=True)
    filled = tf.where(valid, wide, tf.zeros_like(wide))
    average = tf.reduce_sum(filled, axis=axes, keepdims=True) / count
    deviation = tf.where(valid, wide - average, tf.zeros_like(wide))
    variance = tf.reduce_sum(deviation * deviation, axis=axes, keepdims=True) / count
    if not keepdims:
        average = tf.squeeze(average, axes)
        variance = tf.squeeze(variance, axes)
    return average, variance, out


nanmean, nanvar, nanstd = reduction_utils.nan_moment_family(
    _nan_moments, _done, tf.sqrt
)


def _argsort_last(x):
    """A stable ascending argsort along the last axis, NaNs last (int32 indices)."""
    x = _wide(x)
    length = tf.shape(x)[-1]
    if x.dtype.is_floating:
        nan = tf.math.is_nan(x)
        # Descending top_k of -x; NaNs first go to the end by a second stable pass.
        order = tf.math.top_k(-tf.where(nan, tf.cast(float("inf"), x.dtype), x), length)
        order = order.indices
        late = tf.cast(tf.gather(nan, order, batch_dims=x.shape.rank - 1), tf.int8)
        second = tf.math.top_k(-late, length).indices
        return tf.gather(order, second, batch_dims=x.shape.rank - 1)
    # ~x reverses the order of ints without overflow (signed and unsigned).
    return tf.math.top_k(tf.bitwise.invert(x), length).indices


def _along(function, x, axis):
    """`function` applied along `axis` (moved last, then back)."""
    ndim = x.shape.rank
    if axis == ndim - 1:
        return function(x)
    perm = list(range(ndim))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return tf.transpose(function(tf.transpose(x, perm)), perm)


def _flat_or_axis(x, axis):
    """(x, axis): `x` flattened and axis 0 when `axis` is None."""
    if axis is None:
        return tf.reshape(x, [-1]), 0
    return x, _axis(axis, x.shape.rank)


def argsort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)
    return _along(_argsort_last, x, axis)


def sort(x, axis=-1):
    x, axis = _flat_or_axis(_tensor(x), axis)

    def sort_last(t):
        return tf.gather(t, _argsort_last(t), batch_dims=t.shape.rank - 1)

    return _along(sort_last, x, axis)


argpartition = reduction_utils.argpartition_by_sort(argsort)


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    """Quantiles read from rows sorted by top_k, with tf.gather (the algorithm the jax
    and torch backends share; reduction_utils.quantile_family tells it)."""
    x = _tensor(x)
    wide, out = _as_float(x)
    axes = _axes(axis, x.shape.rank)
    q = tf.cast(core.convert_to_tensor(q), wide.dtype)
    rows = _rows(wide, axes)  # (kept..., N)
    nan = tf.math.is_nan(rows)
    rows = tf.where(nan, tf.cast(float("inf"), wide.dtype), rows)
    rows = tf.gather(rows, _argsort_last(rows), batch_dims=rows.shape.rank - 1)
    if ignore_nan:
        count = tf.reduce_sum(tf.cast(~nan, wide.dtype), axis=-1)
        undefined = tf.equal(count, 0)
    else:
        count = tf.cast(tf.shape(rows)[-1], wide.dtype)
        undefined = tf.reduce_any(nan, axis=-1)
    q_flat = tf.reshape(q, [-1] + [1] * (rows.shape.rank - 1))  # (Q, 1, ..., 1)
    position = q_flat * (count - 1)
    position = tf.broadcast_to(position, tf.concat([tf.shape(q_flat)[:1],
                                                    tf.shape(rows)[:-1]], 0))
    last = tf.shape(rows)[-1] - 1
    values = tf.broadcast_to(rows[None], tf.concat([tf.shape(position),
                                                    tf.shape(rows)[-1:]], 0))

    def at(index):
        index = tf.clip_by_value(tf.cast(index, tf.int32), 0, tf.maximum(last, 0))
        return tf.gather(values, index[..., None], batch_dims=index.shape.rank)[..., 0]

    if method == "lower":
        result = at(tf.floor(position))
    elif method == "higher":
        result = at(tf.math.ceil(position))
    elif method == "nearest":
        result = at(tf.round(position))  # half to even, as NumPy
    else:
        low, high = at(tf.floor(position)), at(tf.math.ceil(position))
        if method == "midpoint":
            result = (low + high) / 2
        else:
            result = low + (high - low) * (position - tf.floor(position))
    result = tf.where(undefined, tf.cast(float("nan"), wide.dtype), result)
    shape = tf.concat([tf.shape(q), tf.constant(_kept_static(x, axes, keepdims),
                                                tf.int32)], 0)
    return _done(tf.reshape(result, shape), out)


quantile, nanquantile, percentile, nanpercentile = reduction_utils.quantile_family(
    _quantile, core.convert_to_tensor, "float32"
)
median, nanmedian = reduction_utils.median_pair(quantile, nanquantile)


def _kept_static(x, axes, keepdims):
    shape = [-1 if d is None else d for d in x.shape.as_list()]
    if keepdims:
        return [1 if i in axes else d for i, d in enumerate(shape)]
    return [d for i, d in enumerate(shape) if i not in axes]


def _arg_reduce(function, x, axis, keepdims):
    x = _wide(_tensor(x))
    ndim = x.shape.rank
    if axis is None:
        index = function(tf.reshape(x, [-1]), axis=0, output_type=tf.int32)
        return tf.reshape(index, [1] * ndim if keepdims else [])
    axis = _axis(axis, ndim)
    index = function(x, axis=axis, output_type=tf.int32)
    return tf.expand_dims(index, axis) if keepdims else index


def argmax(x, axis=None, keepdims=False):
    return _arg_reduce(tf.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_reduce(tf.argmin, x, axis, keepdims)


def _nan_arg(function, fill, x, axis, keepdims):
    """nanargmax/nanargmin: NaNs never win; an all-NaN slice gives -1."""
    x = _tensor(x)
    if not x.dtype.is_floating:
        return _arg_reduce(function, x, axis, keepdims)
    nan = tf.math.is_nan(x)
    index = _arg_reduce(function, _nan_filled(x, fill), axis, keepdims)
    axes = _axes(axis, x.shape.rank)
    every = tf.reduce_all(nan, axis=axes, keepdims=keepdims)
    every = tf.reshape(every, tf.shape(index))
    return tf.where(every, tf.constant(-1, tf.int32), index)


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(tf.argmax, -float("inf"), x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(tf.argmin, float("inf"), x, axis, keepdims)


def _scan(function, x, axis, dtype, fill=None):
    x, axis = _flat_or_axis(_tensor(x), axis)
    out = backend_utils.sum_dtype(_dtype(x), dtype)
    x = tf.cast(x, _acc(out))
    if fill is not None:
        x = _nan_filled(x, fill)
    return _done(function(x, axis=axis), out)


def cumsum(x, axis=None, dtype=None):
    return _scan(tf.math.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _scan(tf.math.cumprod, x, axis, dtype)


def nancumsum(x, axis=None, dtype=None):
    return _scan(tf.math.cumsum, x, axis, dtype, fill=0)


def nancumprod(x, axis=None, dtype=None):
    return _scan(tf.math.cumprod, x, axis, dtype, fill=1)


def average(x, axis=None, weights=None):
    x = _tensor(x)
    axes = _axes(axis, x.shape.rank)
    if weights is None:
        return mean(x, axis)
    weights = _tensor(weights)
    out = backend_utils.float_dtype(_dtype(x), _dtype(weights))
    compute = _tf_dtype(backend_utils.compute_dtype(out))
    x, weights = tf.cast(x, compute), tf.cast(weights, compute)
    if weights.shape.rank == 1 and x.shape.rank > 1 and axis is not None:
        # 1-D weights run along `axis`.
        shape = [-1 if i == axes[0] else 1 for i in range(x.shape.rank)]
        weights = tf.reshape(weights, shape)
    weights = tf.broadcast_to(weights, tf.shape(x))
    total = tf.reduce_sum(x * weights, axis=axes)
    return _done(total / tf.reduce_sum(weights, axis=axes), out)


def bincount(x, weights=None, minlength=0, sparse=False):
    x = tf.cast(_tensor(x), tf.int32)
    # reduce_max of an empty x is the lowest int32, so the length is then minlength.
    length = tf.maximum(tf.reduce_max(x) + 1, minlength)
    if weights is None:
        out, weights = "int32", tf.ones_like(x)
    else:
        weights = _tensor(weights)
        out = backend_utils.sum_dtype(_dtype(weights))
        weights = tf.cast(weights, _acc(out))
    if x.shape.rank == 2:
        # Row r counts into bins [r * length, (r + 1) * length) of one flat count.
        rows = tf.shape(x)[0]
        x = x + tf.range(rows)[:, None] * length
        flat = tf.math.unsorted_segment_sum(
            tf.reshape(weights, [-1]), tf.reshape(x, [-1]), rows * length
        )
        result = tf.reshape(flat, tf.stack([rows, length]))
    else:
        result = tf.math.unsorted_segment_sum(weights, x, length)
    result = _done(result, out)
    return tf.sparse.from_dense(result) if sparse else result


def corrcoef(x):
    x = _tensor(x)
    wide, out = _as_float(x)
    rows = wide if wide.shape.rank == 2 else tf.reshape(wide, [1, -1])
    centered = rows - tf.reduce_mean(rows, axis=1, keepdims=True)
    covariance = tf.matmul(centered, centered, transpose_b=True)
    scale = tf.sqrt(tf.linalg.diag_part(covariance))
    result = covariance / scale[:, None] / scale[None, :]
    result = tf.clip_by_value(result, -1, 1)
    return _done(result if x.shape.rank == 2 else result[0, 0], out)


def count_nonzero(x, axis=None):
    x = _tensor(x)
    axes = _axes(axis, x.shape.rank)
    nonzero_ = tf.cast(tf.not_equal(x, tf.zeros((), x.dtype)), tf.int32)
    return tf.reduce_sum(nonzero_, axis=axes)


def diff(a, n=1, axis=-1):
    a = _tensor(a)
    ndim = a.shape.rank
    axis = _axis(axis, ndim)
    wide = tf.cast(a, tf.int64) if a.dtype.is_unsigned else a

    def part(start, stop):
        return wide[tuple(slice(start, stop) if i == axis else slice(None)
                          for i in range(ndim))]

    for _ in range(n):
        head, tail = part(1, None), part(None, -1)
        wide = tf.not_equal(head, tail) if a.dtype == tf.bool else head - tail
    return tf.cast(wide, a.dtype)


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = core.promote(sorted_sequence, values)
    rank = sorted_sequence.shape.rank
    backend_utils.check_1d("sorted_sequence", rank, "`sorted_sequence`")
    flat = tf.reshape(_wide(values), [-1])
    index = tf.searchsorted(_wide(sorted_sequence), flat, side=side, out_type=tf.int32)
    return tf.reshape(index, tf.shape(values))


def digitize(x, bins):
    x, bins = core.promote(x, bins)
    backend_utils.check_1d("bins", bins.shape.rank, "`bins`")
    return searchsorted(bins, x, side="right")


def histogram(x, bins=10, range=None):
    x = _tensor(x)
    backend_utils.check_1d("x", x.shape.rank, "The input of `histogram`")
    out = backend_utils.float_dtype(_dtype(x))
    wide = tf.cast(x, _tf_dtype(backend_utils.compute_dtype(out)))
    if range is None:
        low, high = tf.reduce_min(wide), tf.reduce_max(wide)
    else:
        low, high = tf.cast(range[0], wide.dtype), tf.cast(range[1], wide.dtype)
    # An empty range widens to +-0.5, as NumPy's does.
    same = tf.equal(low, high)
    low, high = tf.where(same, low - 0.5, low), tf.where(same, high + 0.5, high)
    step = (high - low) / bins
    edges = low + tf.range(bins + 1, dtype=wide.dtype) * step
    edges = tf.concat([edges[:-1], high[None]], 0)
    index = tf.searchsorted(edges, wide, side="right", out_type=tf.int32) - 1
    index = tf.where(tf.equal(wide, high), bins - 1, index)
    inside = (wide >= low) & (wide <= high)
    index = tf.where(inside, index, bins)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(index), index, bins + 1)
    return counts[:bins], _done(edges, out)


def nonzero(x):
    x = _tensor(x)
    found = tf.cast(tf.where(tf.not_equal(x, tf.zeros((), x.dtype))), tf.int32)
    return tuple(tf.unstack(found, num=x.shape.rank, axis=1))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _tensor(y)
    ndim = y.shape.rank
    axis = _axis(axis, ndim)
    dtype = _dtype(y) if x is None else dtypes.result_type(_dtype(y), _dtype(x))
    out = backend_utils.float_dtype(dtype)
    compute = _tf_dtype(backend_utils.compute_dtype(out))
    y = tf.cast(y, compute)

    def part(t, start, stop, along):
        return t[tuple(slice(start, stop) if i == along else slice(None)
                       for i in range(t.shape.rank))]

    if x is None:
        spacing = tf.cast(dx, compute)
    else:
        x = tf.cast(_tensor(x), compute)
        along = 0 if x.shape.rank == 1 else axis
        spacing = part(x, 1, None, along) - part(x, None, -1, along)
        if x.shape.rank == 1 and ndim > 1:
            spacing = tf.reshape(spacing, [-1 if i == axis else 1 for i in range(ndim)])
    heights = (part(y, 1, None, axis) + part(y, None, -1, axis)) / 2
    return _done(tf.reduce_sum(spacing * heights, axis=axis), out)


def _fit(t, size, fill, axis):
    """`t` truncated or padded with `fill` to `size` entries along `axis`."""
    ndim = t.shape.rank
    t = t[tuple(slice(0, size) if i == axis else slice(None) for i in range(ndim))]
    missing = tf.maximum(size - tf.shape(t)[axis], 0)
    pad = [[0, missing if i == axis else 0] for i in range(ndim)]
    return tf.pad(t, pad, constant_values=tf.cast(fill, t.dtype))


def _lexsort_rows(rows):
    """A stable ascending argsort of the rows of a 2-D tensor, compared as sequences."""
    order = tf.range(tf.shape(rows)[0])
    # One stable pass per column, the most significant last.
    for column in reversed(range(rows.shape[1])):
        keys = tf.gather(rows[:, column], order)
        order = tf.gather(order, _argsort_last(keys))
    return order


def _unique(x, sorted, axis, size, fill_value):
    """(values, index, inverse, counts) of `unique` (see reduction_utils.unique_op)."""
    x = _tensor(x)
    wide = _wide(x)
    if axis is None:
        along = 0
        values, inverse = tf.unique(tf.reshape(wide, [-1]), out_idx=tf.int32)
        keys = None
    else:
        along = _axis(axis, x.shape.rank)
        values, inverse = tf.raw_ops.UniqueV2(x=wide, axis=[along], out_idx=tf.int32)
        # Each unique slice as one row, for the lexicographic sort.
        keys = _rows(values, [i for i in range(x.shape.rank) if i != along])
    found = tf.shape(values)[along]
    positions = tf.range(tf.size(inverse))
    # tf.unique keeps first-occurrence order.
    index = tf.math.unsorted_segment_min(positions, inverse, found)
    counts = tf.math.unsorted_segment_sum(tf.ones_like(inverse), inverse, found)
    if sorted:
        order = _argsort_last(values) if keys is None else _lexsort_rows(keys)
        values = tf.gather(values, order, axis=along)
        index, counts = tf.gather(index, order), tf.gather(counts, order)
        inverse = tf.gather(_argsort_last(order), inverse)
    values = tf.cast(values, x.dtype)
    inverse = tf.reshape(inverse, tf.shape(x) if axis is None else [-1])
    if size is not None:
        values = _fit(values, size, 0 if fill_value is None else fill_value, along)
        index, counts = _fit(index, size, 0, 0), _fit(counts, size, 0, 0)
    return values, index, inverse, counts


unique = reduction_utils.unique_op(_unique)


def _reduce_in_dtype(function):
    """`function` (tf.reduce_sum or tf.reduce_mean) over the canonical axes, in the
    dtype of `x`: what the reference gives for the dtypes the entries accept."""

    def reduce(x, axis=None, keepdims=False):
        if axis is None and not keepdims:
            return function(x)
        return function(x, axis=_axes(axis, x.shape.rank), keepdims=keepdims)

    return reduce


# Fast paths (keras.backends.common.registry): float32/float64 tensors are summed, and
# float32 ones averaged, in their own dtype, as the reference does (without its axis
# and dtype bookkeeping, 2.7x the engine call on 8x8 inputs).
_FAST = registry.for_backend("tensorflow")
_FAST.register(
    __name__,
    "sum",
    _reduce_in_dtype(tf.reduce_sum),
    guard="eager",
    dtypes=("float32", "float64"),
    devices=("cpu", "gpu"),
    note="tf.reduce_sum",
)
_FAST.register(
    __name__,
    "mean",
    _reduce_in_dtype(tf.reduce_mean),
    guard="eager",
    dtypes=("float32",),
    devices=("cpu", "gpu"),
    note="tf.reduce_mean",
)
