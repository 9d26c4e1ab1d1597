"""tensorflow backend: the creation ops (see keras/ops/creation.py for their contract).

Ranges and spaced values are computed in float64 (or int64) and cast once, as NumPy's
are. Diagonals, triangles and grids are built with masks and `tf.where`, which work on
every dtype (TF's matrix and arithmetic kernels skip bools and some unsigned ints).
"""

import math

import tensorflow as tf

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.tensorflow import core


def _dtype(dtype):
    """The tf dtype of a Keras dtype; None is floatx."""
    return tf.as_dtype(dtypes.numpy_dtype(dtypes.standardize_dtype(dtype)))


_like = array_utils.make_like(core.convert_to_tensor, _dtype)


def array(x, dtype=None):
    if dtype is None:
        return core.convert_to_tensor(x)
    # tf.convert_to_tensor refuses Python floats for an int dtype; a cast truncates.
    return core.cast(x, dtype)


def zeros(shape, dtype=None):
    return tf.zeros(shape, _dtype(dtype))


def ones(shape, dtype=None):
    return tf.ones(shape, _dtype(dtype))


def empty(shape, dtype=None):
    # TF has no uninitialised tensors.
    return tf.zeros(shape, _dtype(dtype))


def _fill(shape, fill_value, dtype):
    return tf.broadcast_to(tf.cast(core.convert_to_tensor(fill_value), dtype), shape)


def full(shape, fill_value, dtype=None):
    return _fill(shape, fill_value, _dtype(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return tf.zeros(tf.shape(x), dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return tf.ones(tf.shape(x), dtype)


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype)
    return _fill(tf.shape(x), fill_value, dtype)


def _band(N, M, k, keep):
    """The bool (N, M) mask of `keep(column - row, k)`."""
    rows = tf.range(N)[:, None]
    cols = tf.range(M)[None, :]
    return keep(cols - rows, k)


def eye(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    return tf.cast(_band(N, M, k, tf.equal), _dtype(dtype))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    return tf.cast(_band(N, M, k, tf.less_equal), _dtype(dtype))


def arange(start, stop=None, step=1, dtype=None):
    start, stop, step, dtype = backend_utils.arange_arguments(start, stop, step, dtype)
    target = _dtype(dtype)
    exact = target.is_floating or not all(
        isinstance(v, int) or (tf.is_tensor(v) and v.dtype.is_integer)
        for v in (start, stop, step)
    )
    wide = tf.float64 if exact else tf.int64
    start, stop, step = (tf.cast(v, wide) for v in (start, stop, step))
    # tf.range rejects an empty range whose step points away from `stop`.
    length = tf.math.ceil(tf.cast(stop - start, tf.float64) / tf.cast(step, tf.float64))
    index = tf.range(tf.maximum(tf.cast(length, tf.int64), 0))
    return tf.cast(start + tf.cast(index, wide) * step, target)


def _finish(samples, dtype):
    """Float samples in `dtype`; integer dtypes round down, as NumPy's linspace."""
    if not dtypes.is_float_dtype(dtype):
        samples = tf.floor(samples)
    return tf.cast(samples, _dtype(dtype))


def _first_to(x, axis):
    """Moves axis 0 of `x` to `axis`."""
    rank = x.shape.rank
    axis = axis % rank
    perm = list(range(1, axis + 1)) + [0] + list(range(axis + 1, rank))
    return tf.transpose(x, perm)


def _spaced(start, stop, num, endpoint):
    """(samples, step) of linspace in float64, the samples along axis 0."""
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    shape = tf.broadcast_dynamic_shape(tf.shape(start), tf.shape(stop))
    start, stop = tf.broadcast_to(start, shape), tf.broadcast_to(stop, shape)
    divisions = num - 1 if endpoint else num
    index = tf.range(num, dtype=tf.float64)
    index = tf.reshape(index, [num] + [1] * start.shape.rank)  # (num, *broadcast shape)
    if divisions > 0:
        step = (stop - start) / divisions
        samples = start + index * step
        if endpoint and num > 1:
            samples = tf.concat([samples[:-1], stop[None]], axis=0)
    else:
        step = tf.fill(shape, tf.constant(math.nan, tf.float64))
        samples = start + index * (stop - start)
    return samples, step


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype, floating = backend_utils.space_dtypes(start, stop, dtype)
    samples, step = _spaced(start, stop, num, endpoint)
    samples = _finish(_first_to(samples, axis), dtype)
    if not retstep:
        return samples
    step_dtype = dtype if dtypes.is_float_dtype(dtype) else floating
    return samples, tf.cast(step, _dtype(step_dtype))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    exponents, _ = _spaced(start, stop, num, endpoint)
    powers = tf.pow(core.convert_to_tensor(base, "float64"), exponents)
    return _finish(_first_to(powers, axis), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    # Negative ends (of one sign) are the mirror image of positive ones.
    negative = tf.logical_and(start < 0, stop < 0)
    sign = tf.where(negative, tf.constant(-1.0, tf.float64), 1.0)
    log_start = tf.math.log(start * sign) / math.log(10)
    log_stop = tf.math.log(stop * sign) / math.log(10)
    logs, _ = _spaced(log_start, log_stop, num, endpoint)
    samples = sign * tf.pow(tf.constant(10.0, tf.float64), logs)
    # The ends are exact, as NumPy's.
    ends = tf.broadcast_to(start, tf.shape(samples)[1:])[None]
    if num > 0:
        samples = tf.concat([ends, samples[1:]], axis=0)
    if num > 1 and endpoint:
        last = tf.broadcast_to(stop, tf.shape(samples)[1:])[None]
        samples = tf.concat([samples[:-1], last], axis=0)
    return _finish(_first_to(samples, axis), dtype)


def _window(x, formula):
    """`formula(n, M)` on n = 1-M, 3-M, ..., M-1 (centred) in floatx; ones if M == 1."""
    M = int(x)
    floatx = _dtype(None)
    if M < 2:
        return tf.ones((max(M, 0),), floatx)
    n = tf.range(1 - M, M, 2, dtype=tf.float64)
    return tf.cast(formula(n, M), floatx)


def bartlett(x):
    return _window(x, lambda n, M: 1 - tf.abs(n) / (M - 1))


blackman, hamming, hanning = array_utils.cosine_windows(_window, tf.cos)


def kaiser(x, beta):
    beta = core.convert_to_tensor(beta, "float64")

    def formula(n, M):
        argument = beta * tf.sqrt(1 - (n / (M - 1)) ** 2)
        return tf.math.bessel_i0(argument) / tf.math.bessel_i0(beta)

    return _window(x, formula)


def _zero(x):
    return tf.zeros([], x.dtype)


def diag(x, k=0):
    x = core.convert_to_tensor(x)
    if x.shape.rank == 1:
        n = tf.shape(x)[0] + abs(k)
        # Row i holds x[i] (k >= 0), column j holds x[j] (k < 0).
        padded = tf.concat([x, tf.zeros([abs(k)], x.dtype)], axis=0)
        values = padded[:, None] if k >= 0 else padded[None, :]
        return tf.where(_band(n, n, k, tf.equal), values, _zero(x))
    rows, cols = tf.shape(x)[0], tf.shape(x)[1]
    length = tf.maximum(0, tf.minimum(rows + min(k, 0), cols - max(k, 0)))
    index = tf.range(length)
    return tf.gather_nd(x, tf.stack([index + max(-k, 0), index + max(k, 0)], axis=1))


def diagflat(x, k=0):
    return diag(tf.reshape(core.convert_to_tensor(x), [-1]), k)


def _triangle(x, k, keep):
    x = core.convert_to_tensor(x)
    shape = tf.shape(x)
    mask = _band(shape[-2], shape[-1], k, keep)
    return tf.where(mask, x, _zero(x))


def tril(x, k=0):
    return _triangle(x, k, tf.less_equal)


def triu(x, k=0):
    return _triangle(x, k, tf.greater_equal)


def meshgrid(*x, indexing="xy"):
    vectors = [tf.reshape(core.convert_to_tensor(item), [-1]) for item in x]
    sizes = [tf.size(v) for v in vectors]
    axes = list(range(len(vectors)))
    if indexing == "xy" and len(vectors) >= 2:
        axes[0], axes[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    shape = tf.stack(sizes)
    grids = []
    for vector, axis in zip(vectors, axes):
        # The vector along its grid axis, size-1 elsewhere, then broadcast.
        target = [1] * len(vectors)
        target[axis] = -1
        grids.append(tf.broadcast_to(tf.reshape(vector, target), shape))
    return grids


def vander(x, N=None, increasing=False):
    x = core.convert_to_tensor(x)
    if x.dtype == tf.bool:
        # Powers of bools: x**0 is True, higher powers are x.
        return tf.cast(vander(tf.cast(x, tf.int8), N, increasing), tf.bool)
    N = x.shape[0] if N is None else N
    columns = [tf.ones_like(x)] if N > 0 else []
    for _ in range(1, N):
        columns.append(columns[-1] * x)
    if not increasing:
        columns.reverse()
    if not columns:
        return tf.zeros([tf.shape(x)[0], 0], x.dtype)
    return tf.stack(columns, axis=1)
