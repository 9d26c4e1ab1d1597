"""tensorflow backend: element-wise ops on two tensors (see keras/ops/binary.py).

TF lacks kernels for some ops on some dtypes (arithmetic and ordering on bool, pow on
unsigned ints, truncatemod on small ints, nextafter on 16-bit floats), a gradient for
truncatemod, and some ops altogether (gcd, lcm, hypot, heaviside, isin, logaddexp):
those are built here from the ops TF has, computing in a wider dtype where needed.
"""

import functools
import math

import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.tensorflow import core


# The dtype an op falls back to when TF has no kernel for the input dtype.
_WIDER = {
    tf.int8: tf.int32,
    tf.int16: tf.int32,
    tf.uint8: tf.int32,
    tf.uint16: tf.int32,
    tf.uint32: tf.int64,
    tf.uint64: tf.int64,
}
# tf.pow has no kernels for unsigned ints.
_UNSIGNED_WIDER = {dtype: _WIDER[dtype] for dtype in (tf.uint8, tf.uint16, tf.uint32)}
# The integer dtype of the same width, to step through floats bit by bit.
_BITS = {tf.float16: tf.int16, tf.bfloat16: tf.int16}


# `x1`, `x2` in their floating result dtype: ints and bools give floatx.
_float_pair = functools.partial(
    backend_utils.float_pair, convert_to_tensor=core.convert_to_tensor
)


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if tf.is_tensor(x1) and tf.is_tensor(x2) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def _widened(function, x1, x2, wider=None):
    """`function(x1, x2)` in the dtype `wider` (default _WIDER) maps to, cast back."""
    target = (wider or _WIDER).get(x1.dtype)
    if target is None:
        return function(x1, x2)
    return tf.cast(function(tf.cast(x1, target), tf.cast(x2, target)), x1.dtype)


def _int_pair(name, x1, x2, allow_bool=False):
    x1, x2 = _pair(x1, x2)
    if not (x1.dtype.is_integer or (allow_bool and x1.dtype == tf.bool)):
        raise backend_utils.int_dtype_error(name, x1.dtype, allow_bool)
    return x1, x2


def _modulo_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.cast(x1, tf.int32), tf.cast(x2, tf.int32)
    return x1, x2


def _ordered(x1, x2):
    """Promoted operands that TF can order (its comparisons reject bools)."""
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.cast(x1, tf.int8), tf.cast(x2, tf.int8)
    return x1, x2


def add(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    return tf.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.math.logical_xor(x1, x2)
    return tf.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    return tf.multiply(x1, x2)


def arctan2(x1, x2):
    return tf.math.atan2(*_float_pair(x1, x2))


def bitwise_and(x, y):
    x, y = _int_pair("bitwise_and", x, y, allow_bool=True)
    if x.dtype == tf.bool:
        return tf.logical_and(x, y)
    return tf.bitwise.bitwise_and(x, y)


def bitwise_or(x, y):
    x, y = _int_pair("bitwise_or", x, y, allow_bool=True)
    if x.dtype == tf.bool:
        return tf.logical_or(x, y)
    return tf.bitwise.bitwise_or(x, y)


def bitwise_xor(x, y):
    x, y = _int_pair("bitwise_xor", x, y, allow_bool=True)
    if x.dtype == tf.bool:
        return tf.math.logical_xor(x, y)
    return tf.bitwise.bitwise_xor(x, y)


def bitwise_left_shift(x, y):
    return tf.bitwise.left_shift(*_int_pair("bitwise_left_shift", x, y))


def bitwise_right_shift(x, y):
    return tf.bitwise.right_shift(*_int_pair("bitwise_right_shift", x, y))


def divide(x1, x2):
    return tf.math.truediv(*_float_pair(x1, x2))


def divide_no_nan(x1, x2):
    return tf.math.divide_no_nan(*_float_pair(x1, x2))


def equal(x1, x2):
    return tf.equal(*_pair(x1, x2))


def not_equal(x1, x2):
    return tf.not_equal(*_pair(x1, x2))


def greater(x1, x2):
    return tf.greater(*_ordered(x1, x2))


def greater_equal(x1, x2):
    return tf.greater_equal(*_ordered(x1, x2))


def less(x1, x2):
    return tf.less(*_ordered(x1, x2))


def less_equal(x1, x2):
    return tf.less_equal(*_ordered(x1, x2))


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        # x // True == x, and x // False is 0 as for NumPy's integers.
        return tf.logical_and(x1, x2)
    return tf.math.floordiv(x1, x2)


def maximum(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    return tf.maximum(x1, x2)


def minimum(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    return tf.minimum(x1, x2)


def _ignoring_nan(function, x1, x2):
    """`function(x1, x2)`, but the other input where one of them is NaN."""
    result = function(x1, x2)
    if not x1.dtype.is_floating:
        return result
    return tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, result))


def fmax(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    return _ignoring_nan(tf.maximum, x1, x2)


def fmin(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    return _ignoring_nan(tf.minimum, x1, x2)


def fmod(x1, x2):
    x1, x2 = _modulo_pair(x1, x2)
    if x1.dtype.is_floating:
        # TruncateMod has no gradient; FloorMod of the magnitudes is the same, exactly.
        return tf.sign(x1) * tf.math.floormod(tf.abs(x1), tf.abs(x2))
    return _widened(tf.truncatemod, x1, x2)


def mod(x1, x2):
    return tf.math.floormod(*_modulo_pair(x1, x2))


def _gcd(a, b):
    """Euclid's algorithm on non-negative tensors of one wide integer dtype."""
    shape = tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))
    a, b = tf.broadcast_to(a, shape), tf.broadcast_to(b, shape)

    def step(a, b):
        done = tf.equal(b, 0)
        remainder = tf.math.floormod(a, tf.where(done, tf.ones_like(b), b))
        return tf.where(done, a, b), tf.where(done, b, remainder)

    a, _ = tf.while_loop(lambda a, b: tf.reduce_any(tf.not_equal(b, 0)), step, (a, b))
    return a


def gcd(x1, x2):
    x1, x2 = _int_pair("gcd", x1, x2)
    return _widened(lambda a, b: _gcd(tf.abs(a), tf.abs(b)), x1, x2)


def lcm(x1, x2):
    x1, x2 = _int_pair("lcm", x1, x2)

    def wide_lcm(a, b):
        a, b = tf.abs(a), tf.abs(b)
        divisor = _gcd(a, b)
        zero = tf.equal(divisor, 0)
        multiple = a // tf.where(zero, tf.ones_like(divisor), divisor) * b
        return tf.where(zero, tf.zeros_like(multiple), multiple)

    return _widened(wide_lcm, x1, x2)


def heaviside(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    step = tf.where(x1 > 0, tf.ones_like(x1), tf.zeros_like(x1))
    return tf.where(tf.equal(x1, 0), x2, tf.where(tf.math.is_nan(x1), x1, step))


def hypot(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    a, b = tf.abs(x1), tf.abs(x2)
    # Scaling by the larger leg keeps the squares from overflowing.
    scale = tf.maximum(a, b)
    unit = tf.logical_or(tf.equal(scale, 0), tf.math.is_inf(scale))
    safe = tf.where(unit, tf.ones_like(scale), scale)
    result = scale * tf.sqrt(tf.square(a / safe) + tf.square(b / safe))
    infinite = tf.logical_or(tf.math.is_inf(a), tf.math.is_inf(b))
    return tf.where(infinite, tf.constant(math.inf, result.dtype), result)


def _close_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if not (x1.dtype.is_floating or x1.dtype.is_complex):
        dtype = backend_utils.float_dtype(dtypes.standardize_dtype(x1.dtype))
        return core.cast(x1, dtype), core.cast(x2, dtype)
    return x1, x2


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _close_pair(x1, x2)
    tolerance = tf.cast(atol, x1.dtype) + tf.cast(rtol, x1.dtype) * tf.abs(x2)
    close = tf.logical_and(tf.abs(x1 - x2) <= tolerance, tf.math.is_finite(x2))
    # Infinities are close to themselves only.
    close = tf.logical_or(close, tf.equal(x1, x2))
    if equal_nan:
        both_nan = tf.logical_and(tf.math.is_nan(x1), tf.math.is_nan(x2))
        close = tf.logical_or(close, both_nan)
    return close


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol, atol, equal_nan))


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _pair(x1, x2)
    if x1.dtype.is_integer or x1.dtype == tf.bool:
        wide = tf.int64
    else:
        wide = tf.float64 if x1.dtype == tf.float64 else tf.float32
    values = tf.cast(tf.reshape(x1, [-1]), wide)
    table = tf.cast(tf.reshape(x2, [-1]), wide)
    if wide.is_floating:
        # NaNs match nothing; dropping them keeps the sorted table ordered.
        table = tf.boolean_mask(table, tf.logical_not(tf.math.is_nan(table)))
    table = tf.sort(table)
    position = tf.searchsorted(table, values, side="left")
    # One padding entry lets `gather` take any position in [0, size].
    padded = tf.concat([table, tf.zeros([1], wide)], axis=0)
    found = tf.logical_and(
        tf.equal(tf.gather(padded, position), values),
        position < tf.shape(table, out_type=position.dtype)[0],
    )
    if invert:
        found = tf.logical_not(found)
    return tf.reshape(found, tf.shape(x1))


def ldexp(x1, x2):
    backend_utils.check_int_exponents(x2)
    x1, _ = _float_pair(x1, x2)
    wide = tf.float64 if x1.dtype == tf.float64 else tf.float32
    # Powers of two are exact in float32, so the product rounds once, as NumPy's does.
    scale = tf.pow(tf.constant(2.0, wide), core.convert_to_tensor(x2, wide.name))
    return tf.cast(tf.cast(x1, wide) * scale, x1.dtype)


def _logaddexp(x1, x2, exp, log1p_scale):
    """max + log1p(exp(-|x1 - x2|)) * log1p_scale, also right for equal infinities."""
    largest = tf.maximum(x1, x2)
    same_infinity = tf.logical_and(tf.equal(x1, x2), tf.math.is_inf(x1))
    gap = tf.where(same_infinity, tf.zeros_like(x1), tf.abs(x1 - x2))
    return largest + tf.math.log1p(exp(-gap)) * tf.cast(log1p_scale, x1.dtype)


def logaddexp(x1, x2):
    return _logaddexp(*_float_pair(x1, x2), tf.exp, 1.0)


def logaddexp2(x1, x2):
    def exp2(t):
        return tf.pow(tf.cast(2.0, t.dtype), t)

    return _logaddexp(*_float_pair(x1, x2), exp2, 1 / math.log(2))


def _as_bool(x):
    x = core.convert_to_tensor(x)
    return x if x.dtype == tf.bool else tf.not_equal(x, tf.zeros([], x.dtype))


def logical_and(x1, x2):
    return tf.logical_and(_as_bool(x1), _as_bool(x2))


def logical_or(x1, x2):
    return tf.logical_or(_as_bool(x1), _as_bool(x2))


def logical_xor(x1, x2):
    return tf.math.logical_xor(_as_bool(x1), _as_bool(x2))


def _nextafter_bits(x1, x2):
    """nextafter for 16-bit floats, stepping the bit pattern of `x1` by one."""
    bits = tf.bitcast(x1, _BITS[x1.dtype])
    # Away from zero is +1 on the bit pattern, towards zero -1, for either sign.
    away = tf.equal(x2 > x1, x1 > 0)
    one = tf.ones_like(bits)
    stepped = tf.bitcast(tf.where(away, bits + one, bits - one), x1.dtype)
    # From zero, the smallest subnormal with the sign of x2.
    smallest = tf.bitcast(one, x1.dtype)
    from_zero = tf.where(x2 > 0, smallest, -smallest)
    result = tf.where(tf.equal(x1, 0), from_zero, stepped)
    nan = tf.logical_or(tf.math.is_nan(x1), tf.math.is_nan(x2))
    return tf.where(tf.logical_or(tf.equal(x1, x2), nan), x2 + x1 * 0, result)


def nextafter(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    if x1.dtype in _BITS:
        shape = tf.broadcast_dynamic_shape(tf.shape(x1), tf.shape(x2))
        return _nextafter_bits(tf.broadcast_to(x1, shape), tf.broadcast_to(x2, shape))
    return tf.math.nextafter(x1, x2)


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        # x ** True == x and x ** False == 1.
        return tf.logical_or(x1, tf.logical_not(x2))
    return _widened(tf.pow, x1, x2, wider=_UNSIGNED_WIDER)


def where(condition, x1=None, x2=None):
    condition = _as_bool(condition)
    if x1 is None:
        indices = tf.cast(tf.where(condition), tf.int32)  # (count, rank)
        return tuple(indices[:, axis] for axis in range(condition.shape.rank))
    x1, x2 = _pair(x1, x2)
    return tf.where(condition, x1, x2)


# Fast paths (keras.backends.common.registry): for two eager tensors of one dtype these
# are already the Keras result, or raise (bool has no add kernel), and the op then takes
# its own path.
_FAST = registry.for_backend("tensorflow")
_FAST.register(__name__, "add", tf.add, guard="eager", note="tf.add, one dtype")
_FAST.register(__name__, "subtract", tf.subtract, guard="eager", note="tf.subtract")
_FAST.register(__name__, "multiply", tf.multiply, guard="eager", note="tf.multiply")
_FAST.register(
    __name__,
    "divide",
    tf.math.truediv,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32"),
    note="tf.math.truediv, 16/32-bit floats keep their dtype",
)
