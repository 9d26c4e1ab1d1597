"""openvino backend: the creation ops (see keras/ops/creation.py for their contract).

Tensors made only from static arguments (shapes, `N`, `k`, a window length, the
arguments of arange) are constants built while the graph is constructed. Ops on
tensor values (full's fill value, linspace's ends, diag, tril, vander...) are graphs
of opset operations; masks and index tables that depend only on shapes are constants.
"""

import numpy as np
from openvino import opset14 as ov_opset

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core
from keras.backends.openvino import manipulation

_wrap = manipulation._wrap
_tensor = manipulation._tensor
_i64 = core._i64

# Terms of the power series of the Bessel function I0 in `kaiser`: enough for float32
# precision up to beta ~ 60 (beyond ~ 88, I0 overflows float32 anyway).
_I0_TERMS = 64


def _dtype(dtype):
    """The Keras name of `dtype`; None is floatx."""
    return dtypes.standardize_dtype(dtype)


def _numpy_dtype(dtype):
    return dtypes.numpy_dtype(_dtype(dtype))


def _constant(array):
    return _wrap(core._constant(array))


def _filled(shape, value, dtype):
    return _constant(np.full(tuple(shape), value, _numpy_dtype(dtype)))


def _scalar(value, dtype):
    return core._constant(np.asarray(value, _numpy_dtype(dtype)))


def array(x, dtype=None):
    return _tensor(x, dtype)


def zeros(shape, dtype=None):
    return _filled(shape, 0, dtype)


def ones(shape, dtype=None):
    return _filled(shape, 1, dtype)


def empty(shape, dtype=None):
    return _filled(shape, 0, dtype)


def full(shape, fill_value, dtype=None):
    value = _tensor(fill_value, _dtype(dtype))
    shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    return _wrap(ov_opset.broadcast(value.output, _i64(list(shape))))


def _like(x, dtype):
    x = _tensor(x)
    return x, (x.dtype if dtype is None else _dtype(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return zeros(x.shape, dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return ones(x.shape, dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return empty(x.shape, dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype)
    return full(x.shape, fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):
    return _constant(np.eye(N, M, k, dtype=_numpy_dtype(dtype)))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    return _constant(np.tri(N, M, k, dtype=_numpy_dtype(dtype)))


def _static_number(value, argument):
    """A Python number of `value` (an argument that decides the output's shape)."""
    if isinstance(value, (int, float, np.number)):
        return value.item() if isinstance(value, np.number) else value
    static = core._static_value(value)
    if static is None:
        raise core.SymbolicValueError(
            f"`{argument}` given as a tensor that depends on a model input decides the "
            "output shape, which an OpenVINO graph traced for predict cannot have."
        )
    return np.asarray(static).item()


def arange(start, stop=None, step=1, dtype=None):
    start, stop, step, dtype = backend_utils.arange_arguments(start, stop, step, dtype)
    start = _static_number(start, "start")
    stop = _static_number(stop, "stop")
    step = _static_number(step, "step")
    # The arguments only describe the range: it is a constant of the graph, computed
    # wide (as NumPy does) and cast once.
    exact = all(isinstance(v, int) for v in (start, stop, step))
    wide = np.int64 if exact else np.float64
    values = np.arange(start, stop, step, dtype=wide)
    return _constant(values.astype(_numpy_dtype(dtype)))


def _work_dtype(dtype):
    """The float dtype the spaced ops compute in (float64 only when asked for)."""
    return "float64" if dtype == "float64" else "float32"


def _finish(samples, dtype):
    """Float samples (an output) in `dtype`; integer dtypes round down, as NumPy's."""
    if not dtypes.is_float_dtype(dtype):
        samples = ov_opset.floor(samples).output(0)
    return _wrap(ov_opset.convert(samples, core._ov_type(dtype)))


def _spaced(start, stop, num, endpoint, axis, work):
    """(samples, step) outputs of linspace in `work`, samples along `axis`."""
    start = _tensor(start, work)
    stop = _tensor(stop, work)
    shape = np.broadcast_shapes(start.shape, stop.shape)
    start = ov_opset.broadcast(start.output, _i64(list(shape))).output(0)
    stop = ov_opset.broadcast(stop.output, _i64(list(shape))).output(0)
    divisions = num - 1 if endpoint else num
    # (num, *broadcast shape): the sample positions 0..num-1 along a new first axis.
    index = np.arange(num).reshape((num,) + (1,) * len(shape))
    index = _scalar(index, work)
    span = ov_opset.subtract(stop, start).output(0)
    if divisions > 0:
        step = ov_opset.divide(span, _scalar(divisions, work)).output(0)
        samples = ov_opset.add(start, ov_opset.multiply(index, step)).output(0)
        if endpoint and num > 1:
            # The last sample is `stop` itself, as NumPy's.
            head = ov_opset.slice(
                samples, _i64([0]), _i64([num - 1]), _i64([1]), _i64([0])
            )
            last = ov_opset.unsqueeze(stop, _i64([0]))
            samples = ov_opset.concat([head, last], 0).output(0)
    else:
        step = ov_opset.broadcast(_scalar(np.nan, work), _i64(list(shape))).output(0)
        samples = ov_opset.add(start, ov_opset.multiply(index, span)).output(0)
    rank = len(shape) + 1
    axis = backend_utils.canonicalize_axis(axis, rank)
    order = list(range(1, axis + 1)) + [0] + list(range(axis + 1, rank))
    samples = manipulation._transpose(samples, order)
    return samples, step


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype, floating = backend_utils.space_dtypes(start, stop, dtype)
    samples, step = _spaced(start, stop, num, endpoint, axis, _work_dtype(dtype))
    samples = _finish(samples, dtype)
    if not retstep:
        return samples
    step_dtype = dtype if dtypes.is_float_dtype(dtype) else floating
    return samples, _wrap(ov_opset.convert(step, core._ov_type(step_dtype)))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    work = _work_dtype(dtype)
    exponents, _ = _spaced(start, stop, num, endpoint, axis, work)
    base = _tensor(base, work).output
    return _finish(ov_opset.power(base, exponents).output(0), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    work = _work_dtype(dtype)
    start = _tensor(start, work)
    stop = _tensor(stop, work)
    zero = _scalar(0, work)
    if _has_zero(start, stop, zero):
        raise ValueError("`geomspace` needs non-zero `start` and `stop`.")
    shape = np.broadcast_shapes(start.shape, stop.shape)
    start = ov_opset.broadcast(start.output, _i64(list(shape))).output(0)
    stop = ov_opset.broadcast(stop.output, _i64(list(shape))).output(0)
    # Negative ends (of one sign) are the mirror image of positive ones.
    both_negative = ov_opset.logical_and(
        ov_opset.less(start, zero), ov_opset.less(stop, zero)
    )
    sign = ov_opset.select(both_negative, _scalar(-1, work), _scalar(1, work))
    log_start = ov_opset.log(ov_opset.multiply(start, sign)).output(0)
    log_stop = ov_opset.log(ov_opset.multiply(stop, sign)).output(0)
    logs, _ = _spaced(_wrap(log_start), _wrap(log_stop), num, endpoint, 0, work)
    samples = ov_opset.multiply(sign, ov_opset.exp(logs)).output(0)
    # The ends are exact, as NumPy's.
    if num > 0:
        parts = [ov_opset.unsqueeze(start, _i64([0])).output(0)]
        middle = num - 2 if endpoint and num > 1 else num - 1
        if middle > 0:
            parts.append(
                ov_opset.slice(
                    samples, _i64([1]), _i64([1 + middle]), _i64([1]), _i64([0])
                ).output(0)
            )
        if endpoint and num > 1:
            parts.append(ov_opset.unsqueeze(stop, _i64([0])).output(0))
        samples = manipulation._concat(parts, 0)
    rank = len(shape) + 1
    axis = backend_utils.canonicalize_axis(axis, rank)
    order = list(range(1, axis + 1)) + [0] + list(range(axis + 1, rank))
    return _finish(manipulation._transpose(samples, order), dtype)


def _has_zero(start, stop, zero):
    """Whether `start` or `stop` has a zero (evaluated when their values are known;
    ends that depend on a model input are not checked)."""
    if start.is_symbolic or stop.is_symbolic:
        return False
    ends = ov_opset.concat(
        [manipulation._flat(start.output), manipulation._flat(stop.output)], 0
    )
    found = ov_opset.reduce_logical_or(ov_opset.equal(ends, zero), _i64([0]), False)
    return bool(core._evaluate(found.output(0)))


def _window_length(x):
    return int(_static_number(x, "x"))


def _window(x, weights):
    """The generalised cosine window sum_i w_i cos(pi i n / (M - 1)) of length x.

    The window depends only on its static length: it is a constant table."""
    M = _window_length(x)
    if M < 2:
        return ones((max(M, 0),))
    n = np.arange(1 - M, M, 2, dtype=np.float64)
    values = sum(w * np.cos(np.pi * i * n / (M - 1)) for i, w in enumerate(weights))
    return _constant(values.astype(_numpy_dtype(None)))


def bartlett(x):
    M = _window_length(x)
    if M < 2:
        return ones((max(M, 0),))
    n = np.arange(1 - M, M, 2, dtype=np.float64)
    return _constant((1 - np.abs(n) / (M - 1)).astype(_numpy_dtype(None)))


def blackman(x):
    return _window(x, (0.42, 0.5, 0.08))


def hamming(x):
    return _window(x, (0.54, 0.46))


def hanning(x):
    return _window(x, (0.5, 0.5))


def _i0(z):
    """The modified Bessel function I0 of the float32 output `z`: its power series
    sum_k ((z / 2)^k / k!)^2, unrolled."""
    quarter = ov_opset.multiply(ov_opset.multiply(z, z), _scalar(0.25, "float32"))
    term = ov_opset.broadcast(_scalar(1, "float32"), ov_opset.shape_of(z)).output(0)
    total = term
    for k in range(1, _I0_TERMS + 1):
        factor = ov_opset.multiply(quarter, _scalar(1 / k**2, "float32"))
        term = ov_opset.multiply(term, factor)
        total = ov_opset.add(total, term)
    return total


def kaiser(x, beta):
    M = _window_length(x)
    if M < 2:
        return ones((max(M, 0),))
    # Only the positions are a table; the window is a graph of `beta`.
    n = np.arange(1 - M, M, 2, dtype=np.float64) / (M - 1)
    radius = _scalar(np.sqrt(1 - n**2), "float32")
    beta = _tensor(beta, "float32").output
    beta = ov_opset.reshape(beta, _i64([]), False).output(0)
    window = ov_opset.divide(_i0(ov_opset.multiply(radius, beta)), _i0(beta))
    return _wrap(ov_opset.convert(window, core._ov_type(_dtype(None))))


def diag(x, k=0):
    x = _tensor(x)
    if x.ndim == 2:
        return manipulation.diagonal(x, k)
    return _on_diagonal(x, k)


def _on_diagonal(x, k):
    """The square 2-D tensor with the 1-D `x` on its `k`-th diagonal."""
    n = x.shape[0]
    side = n + abs(k)
    # result[r, c] = x[r] (k >= 0) or x[c] (k < 0) where c - r == k, else 0.
    padded = ov_opset.pad(
        x.output, _i64([0]), _i64([abs(k)]), "constant", _zero(x.dtype)
    ).output(0)
    values = ov_opset.unsqueeze(padded, _i64([1 if k >= 0 else 0])).output(0)
    mask = core._constant(np.eye(side, side, k, dtype=bool))
    return _wrap(ov_opset.select(mask, values, _zero(x.dtype)))


def _zero(dtype):
    return core._constant(np.zeros((), dtypes.numpy_dtype(dtype)))


def diagflat(x, k=0):
    return _on_diagonal(manipulation.ravel(x), k)


def _triangle(x, mask):
    x = _tensor(x)
    return _wrap(ov_opset.select(core._constant(mask), x.output, _zero(x.dtype)))


def tril(x, k=0):
    x = _tensor(x)
    return _triangle(x, np.tri(x.shape[-2], x.shape[-1], k, dtype=bool))


def triu(x, k=0):
    x = _tensor(x)
    return _triangle(x, ~np.tri(x.shape[-2], x.shape[-1], k - 1, dtype=bool))


def meshgrid(*x, indexing="xy"):
    vectors = [manipulation.ravel(item) for item in x]
    axes = list(range(len(vectors)))
    if indexing == "xy" and len(vectors) >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(vectors)
    for vector, axis in zip(vectors, axes):
        shape[axis] = vector.shape[0]
    grids = []
    for vector, axis in zip(vectors, axes):
        target = [1] * len(vectors)
        target[axis] = -1
        column = manipulation._reshape(vector.output, target)
        grids.append(_wrap(ov_opset.broadcast(column, _i64(shape))))
    return grids


def vander(x, N=None, increasing=False):
    x = _tensor(x)
    if x.dtype == "bool":
        # Powers of bools: x**0 is True, higher powers are x.
        powers = vander(core.cast(x, "int8"), N, increasing)
        return _wrap(core.cast(powers, "bool").output)
    N = x.shape[0] if N is None else N
    if N == 0 or x.shape[0] == 0:
        return _constant(np.zeros((x.shape[0], N), dtypes.numpy_dtype(x.dtype)))
    # Powers as a running product, one column per power (N is static).
    column = ov_opset.unsqueeze(x.output, _i64([1])).output(0)
    one = core._constant(np.ones((), dtypes.numpy_dtype(x.dtype)))
    power = ov_opset.broadcast(one, _i64([x.shape[0], 1])).output(0)
    columns = [power]
    for _ in range(N - 1):
        power = _wrapping_multiply(power, column, x.dtype)
        columns.append(power)
    if not increasing:
        columns = columns[::-1]
    return _wrap(manipulation._concat(columns, 1))


def _wrapping_multiply(a, b, dtype):
    """a * b, narrow integers wrapping on overflow as NumPy's (the CPU plugin
    computes them in int32 and saturates when narrowing, so the product is reduced to
    the dtype's width here)."""
    if dtype not in ("int8", "uint8", "int16", "uint16"):
        return ov_opset.multiply(a, b).output(0)
    width = 8 * dtypes.numpy_dtype(dtype).itemsize
    bits = ov_opset.multiply(ov_opset.convert(a, "i32"), ov_opset.convert(b, "i32"))
    bits = ov_opset.bitwise_and(bits, _int32(2**width - 1))
    if dtype.startswith("int"):
        # Two's complement: patterns from 2**(width - 1) up are negative.
        high = ov_opset.greater_equal(bits, _int32(2 ** (width - 1)))
        bits = ov_opset.select(high, ov_opset.subtract(bits, _int32(2**width)), bits)
    return ov_opset.convert(bits, core._ov_type(dtype)).output(0)


def _int32(value):
    return core._constant(np.asarray(value, np.int32))
