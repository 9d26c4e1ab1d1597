"""jax backend: the math ops (see keras/ops/math.py for their contract)."""

import functools

import jax
import jax.numpy as jnp
import jax.scipy.special

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.jax import core

_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return x.astype(backend_utils.numpy_float_dtype(x.dtype))


def _special(function, name):
    def op(x):
        x = _float(x)
        if x.dtype in (jnp.float16, jnp.bfloat16):
            # Computed in float32 and rounded once (the half kernels lose digits).
            return function(x.astype(jnp.float32)).astype(x.dtype)
        return function(x)

    op.__name__ = name
    return op


erf = _special(jax.scipy.special.erf, "erf")
erfc = _special(jax.scipy.special.erfc, "erfc")
erfinv = _special(jax.scipy.special.erfinv, "erfinv")
rsqrt = _special(jax.lax.rsqrt, "rsqrt")


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    axes = backend_utils.canonicalize_axes(axis, x.ndim)
    # jax.nn.logsumexp subtracts the (stop-gradient) max and gives -inf for a slice of
    # -inf; halves are summed in float32.
    work = jnp.float32 if x.dtype in (jnp.float16, jnp.bfloat16) else x.dtype
    result = jax.nn.logsumexp(x.astype(work), axis=axes, keepdims=keepdims)
    return result.astype(x.dtype)


def top_k(x, k, sorted=True):
    x = _tensor(x)
    if x.dtype == jnp.bool_:
        values, indices = jax.lax.top_k(x.astype(jnp.uint8), k)
        return values.astype(jnp.bool_), indices.astype(jnp.int32)
    values, indices = jax.lax.top_k(x, k)
    return values, indices.astype(jnp.int32)


def in_top_k(targets, predictions, k):
    targets = _tensor(targets)
    predictions = _tensor(predictions)
    n = predictions.shape[-1]
    valid = (targets >= 0) & (targets < n)
    safe = jnp.where(valid, targets, 0).astype(jnp.int32)
    target = jnp.take_along_axis(predictions, safe[..., None], axis=-1)
    larger = jnp.sum(predictions > target, axis=-1)
    result = valid & (larger < k)
    if jnp.issubdtype(predictions.dtype, jnp.inexact):
        result = result & jnp.all(jnp.isfinite(predictions), axis=-1)
    return result


def _num_segments(ids, num_segments):
    if num_segments is not None:
        return num_segments
    if isinstance(ids, jax.core.Tracer):
        raise ValueError(
            "`num_segments` must be given when the segment ops run inside a traced "
            "function (jax.jit): the number of segments sets the result's shape. "
            "Received: num_segments=None."
        )
    return max(int(jnp.max(ids)) + 1, 0) if ids.size else 0


@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3))
def _segment_prod(data, ids, num_segments, sorted):
    return jax.ops.segment_prod(data, ids, num_segments, indices_are_sorted=sorted)


def _segment_prod_forward(data, ids, num_segments, sorted):
    return _segment_prod(data, ids, num_segments, sorted), (data, ids)


def _segment_prod_backward(num_segments, sorted, residuals, cotangent):
    # jax.ops.segment_prod has no gradient (scatter_mul of repeated indices). The
    # derivative for a row is the product of the other rows of its segment: the
    # product of its non-zero rows divided by the row, or, for a zero row, that
    # product when it is the segment's only zero (0 with more zeros).
    data, ids = residuals
    zero = data == 0
    nonzero_product = jax.ops.segment_prod(
        jnp.where(zero, 1, data), ids, num_segments, indices_are_sorted=sorted
    )
    zeros = jax.ops.segment_sum(
        zero.astype(jnp.int32), ids, num_segments, indices_are_sorted=sorted
    )
    kept = (ids >= 0) & (ids < num_segments)
    rows = jnp.where(kept, ids, 0)
    product, count = nonzero_product[rows], zeros[rows]
    others = jnp.where(
        zero,
        jnp.where(count == 1, product, 0),
        jnp.where(count == 0, product / jnp.where(zero, 1, data), 0),
    )
    kept = kept.reshape(kept.shape + (1,) * (data.ndim - 1))
    return jnp.where(kept, cotangent[rows] * others, 0).astype(data.dtype), None


_segment_prod.defvjp(_segment_prod_forward, _segment_prod_backward)

_SEGMENT_FUNCTIONS = {
    "sum": jax.ops.segment_sum,
    "max": jax.ops.segment_max,
    "min": jax.ops.segment_min,
}


def _segment(reduction, data, segment_ids, num_segments, sorted):
    data = _tensor(data)
    ids = _tensor(segment_ids)
    num_segments = _num_segments(ids, num_segments)
    if data.dtype == jnp.bool_:
        # any (sum, max) or all (prod, min) of the rows: a count of True or of False.
        counted = data if reduction in ("sum", "max") else ~data
        counts = jax.ops.segment_sum(
            counted.astype(jnp.int32), ids, num_segments, indices_are_sorted=sorted
        )
        return counts > 0 if reduction in ("sum", "max") else counts == 0
    work = jnp.float32 if data.dtype in (jnp.float16, jnp.bfloat16) else data.dtype
    # Ids outside [0, num_segments) are dropped by jax.ops.segment_*.
    if reduction == "prod":
        result = _segment_prod(data.astype(work), ids, num_segments, sorted)
    else:
        function = _SEGMENT_FUNCTIONS[reduction]
        result = function(
            data.astype(work), ids, num_segments, indices_are_sorted=sorted
        )
    return result.astype(data.dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment("sum", data, segment_ids, num_segments, sorted)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment("max", data, segment_ids, num_segments, sorted)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment("min", data, segment_ids, num_segments, sorted)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment("prod", data, segment_ids, num_segments, sorted)


def _pair_float(x, y):
    """`x`, `y` in the dtype their distance is computed in, and the result dtype."""
    x, y = _tensor(x), _tensor(y)
    names = {dtypes.standardize_dtype(x.dtype), dtypes.standardize_dtype(y.dtype)}
    if len(names) == 1 and dtypes.is_float_dtype(next(iter(names))):
        out = next(iter(names))
    else:
        out = dtypes.result_type(*names, float)
    work = dtypes.numpy_dtype(backend_utils.wide_float_dtype(out))
    return x.astype(work), y.astype(work), dtypes.numpy_dtype(out)


def cdist(x, y):
    x, y, out = _pair_float(x, y)
    # (..., m, 1, d) - (..., 1, n, d): exact differences (no |x|^2 + |y|^2 - 2xy
    # cancellation for close points).
    squared = jnp.sum(jnp.square(x[..., :, None, :] - y[..., None, :, :]), axis=-1)
    # sqrt has an infinite derivative at 0: coincident points get a zero gradient.
    positive = squared > 0
    distances = jnp.where(positive, jnp.sqrt(jnp.where(positive, squared, 1)), 0)
    return distances.astype(out)


def extract_sequences(x, sequence_length, sequence_stride):
    x = _tensor(x)
    n = x.shape[-1]
    count = max(0, (n - sequence_length) // sequence_stride + 1)
    # (count, sequence_length) indices into the last axis.
    starts = jnp.arange(count) * sequence_stride
    indices = starts[:, None] + jnp.arange(sequence_length)[None, :]
    return x[..., indices]
