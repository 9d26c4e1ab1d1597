"""numpy backend: the math ops (see keras/ops/math.py for their contract)."""

import numpy as np
import scipy.special

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.numpy import core

_tensor = core._tensor


def _float(x):
    """(x in the dtype it is computed in, the result dtype): ints and bools give
    floatx; float16 and bfloat16 are computed in float32 (SciPy has no kernels for
    them) and rounded once at the end."""
    x = _tensor(x)
    if np.issubdtype(x.dtype, np.inexact) or x.dtype == dtypes.numpy_dtype("bfloat16"):
        out = x.dtype
    else:
        out = backend_utils.numpy_float_dtype(x.dtype)
    work = dtypes.numpy_dtype(
        backend_utils.compute_dtype(dtypes.standardize_dtype(out))
    )
    return x.astype(work, copy=False), out


def _special(function):
    def op(x):
        x, out = _float(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(function(x)).astype(out, copy=False)

    op.__name__ = function.__name__
    return op


erf = _special(scipy.special.erf)
erfc = _special(scipy.special.erfc)
erfinv = _special(scipy.special.erfinv)


def _reciprocal_sqrt(x):
    return 1.0 / np.sqrt(x)


rsqrt = _special(_reciprocal_sqrt)
rsqrt.__name__ = "rsqrt"


def logsumexp(x, axis=None, keepdims=False):
    x, out = _float(x)
    axes = backend_utils.canonicalize_axes(axis, x.ndim)
    if x.size == 0:
        shape = backend_utils.kept_shape(x.shape, axes, keepdims)
        return np.full(shape, -np.inf, dtype=out)
    # The max of a slice is subtracted before exp (no overflow); a slice of -inf (or
    # +inf) has no finite max: 0 is subtracted instead, giving -inf (or inf).
    high = np.max(x, axis=axes, keepdims=True)
    high = np.where(np.isfinite(high), high, 0).astype(x.dtype)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        total = np.sum(np.exp(x - high), axis=axes, keepdims=True)
        result = np.log(total) + high
    if not keepdims:
        result = np.squeeze(result, axis=axes)
    return np.asarray(result).astype(out, copy=False)


def top_k(x, k, sorted=True):
    x = _tensor(x)
    # A stable ascending sort of the reversed row, read backwards, is a descending sort
    # in which equal values keep the lower index first and NaN (sorted last by NumPy)
    # comes first.
    n = x.shape[-1]
    order = np.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
    indices = (n - 1 - order).astype(np.int32)
    return np.take_along_axis(x, indices, axis=-1), indices


def in_top_k(targets, predictions, k):
    targets = _tensor(targets)
    predictions = _tensor(predictions)
    n = predictions.shape[-1]
    valid = (targets >= 0) & (targets < n)
    safe = np.where(valid, targets, 0).astype(np.int64)
    target = np.take_along_axis(predictions, safe[..., None], axis=-1)
    larger = np.sum(predictions > target, axis=-1)
    result = valid & (larger < k)
    if predictions.dtype.kind not in "biu":
        result &= np.all(np.isfinite(predictions), axis=-1)
    return result


_SEGMENT_UFUNCS = {
    "sum": np.add,
    "max": np.maximum,
    "min": np.minimum,
    "prod": np.multiply,
}


def _identity(reduction, dtype):
    """The value of an empty segment: the identity of the reduction in `dtype`."""
    if reduction == "sum":
        return 0
    if reduction == "prod":
        return 1
    if dtypes.is_float_dtype(dtypes.standardize_dtype(dtype)):
        return -np.inf if reduction == "max" else np.inf
    low, high = backend_utils.dtype_range(dtype)
    return low if reduction == "max" else high


def _segment(reduction, data, segment_ids, num_segments):
    data = _tensor(data)
    ids = _tensor(segment_ids).astype(np.int64, copy=False)
    if num_segments is None:
        num_segments = max(int(ids.max()) + 1, 0) if ids.size else 0
    if data.dtype == np.bool_:
        # any (sum, max) or all (prod, min) of the rows: a count of True or of False.
        counted = data if reduction in ("sum", "max") else ~data
        counts = _segment("sum", counted.astype(np.int32), ids, num_segments)
        return counts > 0 if reduction in ("sum", "max") else counts == 0
    out = data.dtype
    work = dtypes.numpy_dtype(
        backend_utils.compute_dtype(dtypes.standardize_dtype(out))
    )
    kept = (ids >= 0) & (ids < num_segments)
    result = np.full(
        (num_segments,) + data.shape[1:], _identity(reduction, work), dtype=work
    )
    _SEGMENT_UFUNCS[reduction].at(result, ids[kept], data[kept].astype(work))
    return result.astype(out, copy=False)


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
    work = dtypes.numpy_dtype(backend_utils.wide_float_dtype(out))
    return x.astype(work, copy=False), y.astype(work, copy=False), out


def cdist(x, y):
    x, y, out = _pair_float(x, y)
    # (..., m, 1, d) - (..., 1, n, d): exact differences (no |x|^2 + |y|^2 - 2xy
    # cancellation for close points).
    difference = x[..., :, None, :] - y[..., None, :, :]
    distances = np.sqrt(np.sum(np.square(difference), axis=-1))
    return distances.astype(dtypes.numpy_dtype(out), copy=False)


def extract_sequences(x, sequence_length, sequence_stride):
    x = _tensor(x)
    n = x.shape[-1]
    if n < sequence_length:
        return np.zeros(x.shape[:-1] + (0, sequence_length), dtype=x.dtype)
    windows = np.lib.stride_tricks.sliding_window_view(x, sequence_length, axis=-1)
    # A copy: the view is read-only and shares the memory of `x`.
    return np.array(windows[..., ::sequence_stride, :])
