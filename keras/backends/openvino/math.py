"""openvino backend: the math ops (see keras/ops/math.py for their contract).

Every op is a composition of OpenVINO opset operations. OpenVINO has `Erf` but neither
erfc nor erfinv: erfc is a rational-exponential approximation (fractional error below
2e-7, so it keeps its digits where 1 - erf(x) would round to 0), and erfinv refines an
analytic first guess by Newton steps on erf (or on log erfc in the tails). float16 and
bfloat16 are computed in float32 and rounded once at the end.
"""

import numpy as np
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core

_tensor = core._tensor
# The dtype floating results are computed in (see _float).
_WORK = "float32"
_wrap = core._wrap
_constant = core._constant
_i64 = core._i64


def _scalar(value, dtype):
    """A 0-d constant output of `dtype` (a Keras dtype name)."""
    return _constant(np.asarray(value, dtypes.numpy_dtype(dtype)))


def _float(x):
    """(x as an output in the dtype it is computed in, that dtype, the result dtype):
    ints and bools give floatx; every float is computed in float32 (the CPU plugin
    computes float64 in float32 anyway, and turns float64 infinities into the float32
    maximum on the way)."""
    x = _tensor(x)
    out = x.dtype
    if not dtypes.is_float_dtype(out):
        out = backend_utils.float_dtype(out)
    return core.cast(x, _WORK).output, _WORK, out


def _result(output, out):
    return core.cast(_wrap(output), out)


def _special(compute, name):
    def op(x):
        x, work, out = _float(x)
        return _result(compute(x, work), out)

    op.__name__ = name
    return op


def _erf(x, work):
    return ov_opset.erf(x).output(0)


# The coefficients of erfc(z) ~ t * exp(-z^2 + P(t)), t = 1 / (1 + z / 2), z >= 0: a
# Chebyshev fit of fractional error below 1.2e-7 for every z >= 0 (Numerical Recipes,
# "erfcc").
_ERFC_COEFFICIENTS = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)


def _erfc(x, work):
    def c(value):
        return _scalar(value, work)

    z = ov_opset.abs(x)
    t = ov_opset.divide(c(1.0), ov_opset.add(c(1.0), ov_opset.multiply(z, c(0.5))))
    # Horner's rule, from the highest power down.
    poly = c(_ERFC_COEFFICIENTS[-1])
    for coefficient in reversed(_ERFC_COEFFICIENTS[:-1]):
        poly = ov_opset.add(ov_opset.multiply(poly, t), c(coefficient))
    exponent = ov_opset.subtract(poly, ov_opset.multiply(z, z))
    positive = ov_opset.multiply(t, ov_opset.exp(exponent))
    # erfc(-z) = 2 - erfc(z).
    negative = ov_opset.subtract(c(2.0), positive)
    return ov_opset.select(ov_opset.less(x, c(0.0)), negative, positive).output(0)


def _erfinv(y, work):
    def c(value):
        return _scalar(value, work)

    magnitude = ov_opset.abs(y)
    sign = ov_opset.sign(y)
    # q = 1 - |y| is exact for |y| >= 1/2, and 1 - y^2 = q (2 - q).
    q = ov_opset.subtract(c(1.0), magnitude)
    log_mass = ov_opset.log(ov_opset.multiply(q, ov_opset.subtract(c(2.0), q)))
    # Winitzki's closed-form guess (relative error about 2e-3), for |y| < 1.
    a = 0.147
    t = ov_opset.add(c(2.0 / (np.pi * a)), ov_opset.multiply(log_mass, c(0.5)))
    inner = ov_opset.subtract(ov_opset.multiply(t, t), ov_opset.divide(log_mass, c(a)))
    guess = ov_opset.sqrt(ov_opset.subtract(ov_opset.sqrt(inner), t))
    safe = ov_opset.less(magnitude, c(1.0))
    x = ov_opset.select(safe, guess, c(0.0))
    half_sqrt_pi = np.sqrt(np.pi) / 2
    tail = ov_opset.greater(magnitude, c(0.7))
    log_q = ov_opset.log(ov_opset.select(safe, q, c(1.0)))
    for _ in range(3):
        # Newton on erf(x) = |y| in the middle, and on log erfc(x) = log q in the
        # tails, where erf(x) rounds towards 1 and its residual loses all digits.
        growth = ov_opset.exp(ov_opset.multiply(x, x))
        slope = ov_opset.multiply(c(half_sqrt_pi), growth)
        middle = ov_opset.multiply(
            ov_opset.subtract(ov_opset.erf(x), magnitude), slope
        )
        complement = _erfc(x, work)
        outer = ov_opset.multiply(
            ov_opset.multiply(
                ov_opset.subtract(log_q, ov_opset.log(complement)), complement
            ),
            slope,
        )
        x = ov_opset.subtract(x, ov_opset.select(tail, outer, middle))
        x = ov_opset.select(safe, x, c(0.0))
    x = ov_opset.multiply(x, sign)
    infinite = ov_opset.multiply(sign, c(np.inf))
    at_one = ov_opset.equal(magnitude, c(1.0))
    x = ov_opset.select(at_one, infinite, x)
    # Outside [-1, 1] (and for NaN): NaN.
    outside = ov_opset.logical_not(ov_opset.less_equal(magnitude, c(1.0)))
    return ov_opset.select(outside, c(np.nan), x).output(0)


def _rsqrt(x, work):
    return ov_opset.divide(_scalar(1.0, work), ov_opset.sqrt(x)).output(0)


erf = _special(_erf, "erf")
erfc = _special(_erfc, "erfc")
erfinv = _special(_erfinv, "erfinv")
rsqrt = _special(_rsqrt, "rsqrt")


def logsumexp(x, axis=None, keepdims=False):
    ndim = _tensor(x).ndim
    x, work, out = _float(x)
    shape = core.OpenVINOTensor(x).shape
    axes = backend_utils.canonicalize_axes(axis, ndim)
    if not axes:
        return _result(x, out)
    if 0 in shape:
        kept = backend_utils.kept_shape(shape, axes, keepdims)
        empty = ov_opset.broadcast(_scalar(-np.inf, work), _i64(list(kept)))
        return _result(empty.output(0), out)
    reduced = _i64(list(axes))
    # The max of a slice is subtracted before exp (no overflow); a slice of -inf (or
    # +inf) has no finite max: 0 is subtracted instead, giving -inf (or inf).
    high = ov_opset.reduce_max(x, reduced, True)
    high = ov_opset.select(ov_opset.is_finite(high), high, _scalar(0.0, work))
    total = ov_opset.reduce_sum(ov_opset.exp(ov_opset.subtract(x, high)), reduced, True)
    result = ov_opset.add(ov_opset.log(total), high)
    # OpenVINO's ReduceMax skips NaN, and the sum then loses it: a slice with a NaN
    # gives NaN explicitly.
    has_nan = ov_opset.reduce_logical_or(ov_opset.is_nan(x), reduced, True)
    result = ov_opset.select(has_nan, _scalar(np.nan, work), result)
    if not keepdims:
        result = ov_opset.squeeze(result, reduced)
    return _result(result.output(0), out)


def _descending_order(x):
    """The int32 indices that sort the last axis of `x` in descending order, NaN
    first and equal values by increasing index (two stable sorts: by value with NaN
    taken as inf, then by whether a value is NaN)."""
    n = x.shape[-1]
    k = _i64(n)
    if x.dtype == "bool" or x.dtype in ("int8", "uint8", "int16", "uint16"):
        x = core.cast(x, "int32")
    values = x.output
    floating = dtypes.is_float_dtype(x.dtype)
    if floating:
        nan = ov_opset.is_nan(values)
        values = ov_opset.select(nan, _scalar(np.inf, x.dtype), values)
    order = ov_opset.topk(values, k, -1, "max", "value", "i32", stable=True).output(1)
    if not floating:
        return order
    flags = ov_opset.convert(ov_opset.gather_elements(nan, order, -1), "i32")
    by_nan = ov_opset.topk(flags, k, -1, "max", "value", "i32", stable=True).output(1)
    return ov_opset.gather_elements(order, by_nan, -1).output(0)


def top_k(x, k, sorted=True):
    x = _tensor(x)
    n = x.shape[-1]
    if k == 0 or n == 0:
        shape = x.shape[:-1] + (k,)
        empty = ov_opset.broadcast(_scalar(0, "int32"), _i64(list(shape)))
        indices = _wrap(empty)
        return core.cast(indices, x.dtype), indices
    order = _descending_order(x)
    if k < n:
        order = ov_opset.slice(order, _i64([0]), _i64([k]), _i64([1]), _i64([-1]))
    values = ov_opset.gather_elements(x.output, order, -1)
    return _wrap(values), _wrap(order)


def in_top_k(targets, predictions, k):
    targets = _tensor(targets)
    predictions = _tensor(predictions)
    floating = dtypes.is_float_dtype(predictions.dtype)
    if predictions.dtype == "bool":
        predictions = core.cast(predictions, "int32")
    n = predictions.shape[-1]
    index = core.cast(targets, "int64").output
    valid = ov_opset.logical_and(
        ov_opset.greater_equal(index, _i64(0)), ov_opset.less(index, _i64(n))
    )
    safe = ov_opset.select(valid, index, _i64(0))
    target = ov_opset.gather_elements(
        predictions.output, ov_opset.unsqueeze(safe, _i64([-1])), -1
    )
    larger = ov_opset.convert(ov_opset.greater(predictions.output, target), "i32")
    larger = ov_opset.reduce_sum(larger, _i64([-1]), False)
    result = ov_opset.logical_and(valid, ov_opset.less(larger, _scalar(k, "int32")))
    if floating:
        finite = ov_opset.reduce_logical_and(
            ov_opset.is_finite(predictions.output), _i64([-1]), False
        )
        result = ov_opset.logical_and(result, finite)
    return _wrap(result)


_SCATTER_REDUCTIONS = {"sum": "sum", "max": "max", "min": "min", "prod": "prod"}


def _identity(reduction, dtype):
    """The value of an empty segment: the identity of the reduction in `dtype`."""
    if reduction == "sum":
        return 0
    if reduction == "prod":
        return 1
    if dtypes.is_float_dtype(dtype):
        return -np.inf if reduction == "max" else np.inf
    low, high = backend_utils.dtype_range(dtype)
    return low if reduction == "max" else high


def _segment(reduction, data, segment_ids, num_segments):
    data = _tensor(data)
    ids = core.cast(segment_ids, "int64")
    if num_segments is None:
        # The result's shape depends on the ids: read from their values.
        values = core._static_value(ids)
        if values is None:
            raise core.SymbolicValueError(
                "`num_segments` is needed on the openvino backend when the segment "
                "ids depend on a model input (it sets the shape of the result)."
            )
        num_segments = max(int(values.max()) + 1, 0) if values.size else 0
    if data.dtype == "bool":
        # any (sum, max) or all (prod, min) of the rows: a count of True or of False.
        anything = reduction in ("sum", "max")
        counted = data if anything else _wrap(ov_opset.logical_not(data.output))
        counts = _segment("sum", core.cast(counted, "int32"), ids, num_segments)
        test = ov_opset.greater if anything else ov_opset.equal
        return _wrap(test(counts.output, _scalar(0, "int32")))
    out = data.dtype
    work = _WORK if dtypes.is_float_dtype(out) else out
    # Rows whose id is out of range go to an extra last segment, cut off at the end.
    index = ids.output
    kept = ov_opset.logical_and(
        ov_opset.greater_equal(index, _i64(0)), ov_opset.less(index, _i64(num_segments))
    )
    index = ov_opset.select(kept, index, _i64(num_segments))
    index = ov_opset.unsqueeze(index, _i64([-1]))
    rest = data.shape[1:]
    initial = ov_opset.broadcast(
        _scalar(_identity(reduction, work), work), _i64([num_segments + 1, *rest])
    )
    values = core.cast(data, work).output
    result = opset15.scatter_nd_update(
        initial, index, values, _SCATTER_REDUCTIONS[reduction]
    )
    result = ov_opset.slice(
        result, _i64([0]), _i64([num_segments]), _i64([1]), _i64([0])
    )
    return _result(result.output(0), out)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segment("sum", data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segment("max", data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segment("min", data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segment("prod", data, segment_ids, num_segments)


def _pair_float(x, y):
    """`x`, `y` as outputs in the dtype their distance is computed in, and the
    result dtype."""
    x, y = _tensor(x), _tensor(y)
    names = {x.dtype, y.dtype}
    if len(names) == 1 and dtypes.is_float_dtype(x.dtype):
        out = x.dtype
    else:
        out = dtypes.result_type(*names, float)
    work = backend_utils.wide_float_dtype(out)
    return core.cast(x, work).output, core.cast(y, work).output, out


def cdist(x, y):
    x, y, out = _pair_float(x, y)
    # (..., m, 1, d) - (..., 1, n, d): exact differences (no |x|^2 + |y|^2 - 2xy
    # cancellation for close points).
    difference = ov_opset.subtract(
        ov_opset.unsqueeze(x, _i64([-2])), ov_opset.unsqueeze(y, _i64([-3]))
    )
    squares = ov_opset.reduce_sum(
        ov_opset.multiply(difference, difference), _i64([-1]), False
    )
    return _result(ov_opset.sqrt(squares).output(0), out)


def extract_sequences(x, sequence_length, sequence_stride):
    x = _tensor(x)
    n = x.shape[-1]
    if n < sequence_length:
        shape = x.shape[:-1] + (0, sequence_length)
        return _wrap(ov_opset.broadcast(_scalar(0, x.dtype), _i64(list(shape))))
    count = (n - sequence_length) // sequence_stride + 1
    # (count, sequence_length) positions of the frames' samples (a static table).
    starts = np.arange(count, dtype=np.int64)[:, None] * sequence_stride
    positions = starts + np.arange(sequence_length, dtype=np.int64)
    return _wrap(ov_opset.gather(x.output, _i64(positions), _i64(-1)))
