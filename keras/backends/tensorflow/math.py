"""tensorflow backend: the math ops (see keras/ops/math.py for their contract)."""

import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.tensorflow import core

_tensor = core._tensor
_HALVES = (tf.float16, tf.bfloat16)


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, backend_utils.float_dtype(x.dtype.name))


def _special(function, name):
    def op(x):
        x = _float(x)
        if x.dtype in _HALVES:
            # Computed in float32 and rounded once (the half kernels lose digits).
            return tf.cast(function(tf.cast(x, tf.float32)), x.dtype)
        return function(x)

    op.__name__ = name
    return op


erf = _special(tf.math.erf, "erf")
erfc = _special(tf.math.erfc, "erfc")
erfinv = _special(tf.math.erfinv, "erfinv")
rsqrt = _special(tf.math.rsqrt, "rsqrt")


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    axes = backend_utils.canonicalize_axes(axis, x.shape.rank)
    if not axes:
        return tf.identity(x)
    # reduce_logsumexp subtracts the (stop-gradient) max and gives -inf for a slice
    # of -inf; halves are summed in float32.
    work = tf.cast(x, tf.float32) if x.dtype in _HALVES else x
    result = tf.reduce_logsumexp(work, axis=list(axes), keepdims=keepdims)
    return tf.cast(result, x.dtype)


def top_k(x, k, sorted=True):
    x = _tensor(x)
    if x.dtype == tf.bool:
        values, indices = tf.math.top_k(tf.cast(x, tf.uint8), k, sorted=sorted)
        return tf.cast(values, tf.bool), indices
    values, indices = tf.math.top_k(x, k, sorted=sorted)
    return values, tf.cast(indices, tf.int32)


def in_top_k(targets, predictions, k):
    targets = _tensor(targets)
    predictions = _tensor(predictions)
    n = predictions.shape[-1]
    valid = (targets >= 0) & (targets < n)
    safe = tf.cast(tf.where(valid, targets, tf.zeros_like(targets)), tf.int32)
    target = tf.gather(
        predictions, safe[..., None], axis=-1, batch_dims=safe.shape.rank
    )
    larger = tf.reduce_sum(tf.cast(predictions > target, tf.int32), axis=-1)
    result = valid & (larger < k)
    if predictions.dtype.is_floating:
        result = result & tf.reduce_all(tf.math.is_finite(predictions), axis=-1)
    return result


_SEGMENT_FUNCTIONS = {
    "sum": tf.math.unsorted_segment_sum,
    "max": tf.math.unsorted_segment_max,
    "min": tf.math.unsorted_segment_min,
    "prod": tf.math.unsorted_segment_prod,
}


def _segment(reduction, data, segment_ids, num_segments):
    data = _tensor(data)
    ids = _tensor(segment_ids)
    if num_segments is None:
        # max(segment_ids) + 1, and 0 for no (or only negative) ids.
        num_segments = (
            tf.reduce_max(
                tf.concat([tf.reshape(ids, [-1]), tf.constant([-1], ids.dtype)], 0)
            )
            + 1
        )
        if tf.executing_eagerly():
            num_segments = int(num_segments)
    if data.dtype == tf.bool:
        # any (sum, max) or all (prod, min) of the rows: a count of True or of False.
        counted = data if reduction in ("sum", "max") else ~data
        counts = _segment("sum", tf.cast(counted, tf.int32), ids, num_segments)
        return counts > 0 if reduction in ("sum", "max") else tf.equal(counts, 0)
    work = tf.cast(data, tf.float32) if data.dtype in _HALVES else data
    # Rows whose id is out of range go to an extra last segment, cut off at the end
    # (TF rejects ids >= num_segments).
    kept = (ids >= 0) & (ids < tf.cast(num_segments, ids.dtype))
    ids = tf.where(kept, ids, tf.cast(num_segments, ids.dtype))
    result = _SEGMENT_FUNCTIONS[reduction](work, ids, num_segments + 1)[:num_segments]
    if reduction in ("max", "min") and work.dtype.is_floating:
        # TF fills empty segments with the lowest (highest) finite value: make them
        # -inf (inf), the identity of max (min), as the other backends do.
        counts = tf.math.unsorted_segment_sum(
            tf.ones_like(ids, tf.int32), ids, num_segments + 1
        )[:num_segments]
        empty = tf.reshape(counts == 0, [-1] + [1] * (work.shape.rank - 1))
        fill = float("-inf") if reduction == "max" else float("inf")
        result = tf.where(empty, tf.constant(fill, work.dtype), result)
    return tf.cast(result, data.dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment("sum", data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment("max", data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment("min", data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment("prod", data, segment_ids, num_segments)


def _pair_float(x, y):
    """`x`, `y` in the dtype their distance is computed in, and the result dtype."""
    x, y = _tensor(x), _tensor(y)
    names = {dtypes.standardize_dtype(x.dtype), dtypes.standardize_dtype(y.dtype)}
    if len(names) == 1 and dtypes.is_float_dtype(next(iter(names))):
        out = next(iter(names))
    else:
        out = dtypes.result_type(*names, float)
    work = backend_utils.wide_float_dtype(out)
    return tf.cast(x, work), tf.cast(y, work), out


def cdist(x, y):
    x, y, out = _pair_float(x, y)
    # (..., m, 1, d) - (..., 1, n, d): exact differences (no |x|^2 + |y|^2 - 2xy
    # cancellation for close points).
    difference = x[..., :, None, :] - y[..., None, :, :]
    squared = tf.reduce_sum(tf.square(difference), axis=-1)
    # sqrt has an infinite derivative at 0: coincident points get a zero gradient.
    positive = squared > 0
    safe = tf.where(positive, squared, tf.ones_like(squared))
    distances = tf.where(positive, tf.sqrt(safe), tf.zeros_like(squared))
    return tf.cast(distances, out)


def extract_sequences(x, sequence_length, sequence_stride):
    x = _tensor(x)
    n = x.shape[-1]
    if n is not None and n < sequence_length:
        return tf.zeros(tf.concat([tf.shape(x)[:-1], [0, sequence_length]], 0), x.dtype)
    return tf.signal.frame(x, sequence_length, sequence_stride, axis=-1)
