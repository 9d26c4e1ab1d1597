"""openvino backend: element-wise ops on two tensors (see keras/ops/binary.py).

Built from OpenVINO opset operations, with the CPU plugin's differences from NumPy
worked around as in unary.py (ints narrower than 32 bits are computed in int32;
uint32 is compared on its bits; integer Divide, which floors when the plugin folds
constants but truncates at run time, is corrected to floor either way). OpenVINO has
no atan2, hypot, gcd, nextafter, ... : those are composed from other operations.
"""

import functools
import math

import ml_dtypes
import numpy as np
import openvino as ov
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core
from keras.backends.openvino import unary

_FLOATS = unary._FLOATS
_LOW_PRECISION = unary._LOW_PRECISION
_wrap = core._wrap
_like = unary._like
_select = unary._select
_dtype = unary._dtype
_int_compute = unary._int_compute


# `x1`, `x2` in their floating result dtype: ints and bools give floatx.
_float_pair = functools.partial(
    backend_utils.float_pair, convert_to_tensor=core.convert_to_tensor
)


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if (
        type(x1) is core.OpenVINOTensor
        and type(x2) is core.OpenVINOTensor
        and x1.dtype == x2.dtype
    ):
        return x1, x2
    return core.promote(x1, x2)


def _int_pair(name, x1, x2, allow_bool=False):
    x1, x2 = _pair(x1, x2)
    if not (dtypes.is_int_dtype(x1.dtype) or (allow_bool and x1.dtype == "bool")):
        raise backend_utils.int_dtype_error(name, x1.dtype, allow_bool)
    return x1, x2


def _modulo_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == "bool":
        return core.cast(x1, "int32"), core.cast(x2, "int32")
    return x1, x2


def _opset2(function):
    return lambda a, b: function(a, b).output(0)


def _arithmetic(function, bool_function):
    """An op keeping the promoted dtype: `bool_function` on bools, `function` on the
    rest (in int32 for the narrow ints)."""

    def op(x1, x2):
        x1, x2 = _pair(x1, x2)
        if x1.dtype == "bool":
            return _wrap(bool_function(x1.output, x2.output))
        return _wrap(_int_compute(_opset2(function), x1.output, x2.output))

    return op


add = _arithmetic(ov_opset.add, ov_opset.logical_or)
subtract = _arithmetic(ov_opset.subtract, ov_opset.logical_xor)
multiply = _arithmetic(ov_opset.multiply, ov_opset.logical_and)


def _arctan2(y, x):
    """atan2 from atan: the quadrant from the signs (signed zeros included), and the
    cases where y / x is NaN (both zero, both infinite) set apart."""
    pi = _like(y, math.pi)
    y_negative = unary._signbit(y)
    x_negative = unary._signbit(x)
    base = ov_opset.atan(ov_opset.divide(y, x))
    half_turn = _select(y_negative, ov_opset.negative(pi), pi)
    angle = _select(x_negative, ov_opset.add(base, half_turn), base)
    # y == 0 (x any, zero included): 0 or pi, with the sign of y.
    zero = _like(y, 0)
    signed_zero = _select(y_negative, ov_opset.negative(zero), zero)
    on_axis = _select(x_negative, half_turn, signed_zero)
    angle = _select(ov_opset.equal(y, zero), on_axis, angle)
    # Both infinite: pi/4 or 3pi/4, with the sign of y.
    corner = _select(x_negative, _like(y, 0.75 * math.pi), _like(y, 0.25 * math.pi))
    corner = _select(y_negative, ov_opset.negative(corner), corner)
    both_infinite = ov_opset.logical_and(ov_opset.is_inf(y), ov_opset.is_inf(x))
    angle = _select(both_infinite, corner, angle)
    nan = ov_opset.logical_or(ov_opset.is_nan(y), ov_opset.is_nan(x))
    return _select(nan, ov_opset.add(y, x), angle)


def arctan2(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return _wrap(_arctan2(x1.output, x2.output))


def _bitwise(name, function, bool_function):
    def op(x, y):
        x, y = _int_pair(name, x, y, allow_bool=True)
        if x.dtype == "bool":
            return _wrap(bool_function(x.output, y.output))
        return _wrap(_int_compute(_opset2(function), x.output, y.output))

    op.__name__ = name
    op.__qualname__ = name
    return op


bitwise_and = _bitwise("bitwise_and", ov_opset.bitwise_and, ov_opset.logical_and)
bitwise_or = _bitwise("bitwise_or", ov_opset.bitwise_or, ov_opset.logical_or)
bitwise_xor = _bitwise("bitwise_xor", ov_opset.bitwise_xor, ov_opset.logical_xor)


def bitwise_left_shift(x, y):
    x, y = _int_pair("bitwise_left_shift", x, y)
    shift = _opset2(opset15.bitwise_left_shift)
    return _wrap(_int_compute(shift, x.output, y.output))


def _logical_right_shift(bits, shift):
    """uint32 held as int32 bits, shifted right filling with zeros: the shift of the
    low 31 bits, with the top bit moved down by `shift`."""
    low = ov_opset.bitwise_and(bits, _like(bits, 2**31 - 1))
    shifted = opset15.bitwise_right_shift(low, shift)
    top = opset15.bitwise_left_shift(
        _like(bits, 1), ov_opset.subtract(_like(shift, 31), shift)
    )
    negative = ov_opset.less(bits, _like(bits, 0))
    return _select(negative, ov_opset.bitwise_or(shifted, top), shifted)


def bitwise_right_shift(x, y):
    x, y = _int_pair("bitwise_right_shift", x, y)
    shift = _opset2(opset15.bitwise_right_shift)
    if x.dtype == "uint32":
        shift = _logical_right_shift
    return _wrap(_int_compute(shift, x.output, y.output))


def divide(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return _wrap(ov_opset.divide(x1.output, x2.output))


def divide_no_nan(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    a, b = x1.output, x2.output
    zero = ov_opset.equal(b, _like(b, 0))
    quotient = ov_opset.divide(a, _select(zero, _like(b, 1), b))
    return _wrap(_select(zero, _like(a, 0), quotient))


def _ordered(output):
    """Values whose order is that of `output` for the comparison ops (bools as
    uint8)."""
    dtype = _dtype(output)
    if dtype == "bool":
        return ov_opset.convert(output, ov.Type.u8).output(0)
    return output


def _compare(kind, a, b):
    """The comparison `kind` of two outputs of one dtype, exact for every dtype (wide
    ints go through their 16-bit halves, see unary._int_greater)."""
    a, b = _ordered(a), _ordered(b)
    if _dtype(a) not in unary._WIDE_INTS:
        return getattr(ov_opset, kind)(a, b).output(0)
    if kind == "equal":
        return unary._int_equal(a, b)
    if kind == "not_equal":
        return ov_opset.logical_not(unary._int_equal(a, b)).output(0)
    if kind == "greater":
        return unary._int_greater(a, b)
    if kind == "less":
        return unary._int_greater(b, a)
    if kind == "greater_equal":
        return ov_opset.logical_not(unary._int_greater(b, a)).output(0)
    return ov_opset.logical_not(unary._int_greater(a, b)).output(0)


def _comparison(kind):
    def compare(x1, x2):
        x1, x2 = _pair(x1, x2)
        return _wrap(_compare(kind, x1.output, x2.output))

    compare.__name__ = kind
    compare.__qualname__ = kind
    return compare


equal = _comparison("equal")
not_equal = _comparison("not_equal")
greater = _comparison("greater")
greater_equal = _comparison("greater_equal")
less = _comparison("less")
less_equal = _comparison("less_equal")


def _safe_divisor(b):
    """(b with zeros replaced by 1, where b is zero): NumPy gives 0 for integer
    division by zero, where the plugin's Divide would fault."""
    zero = ov_opset.equal(b, _like(b, 0))
    return _select(zero, _like(b, 1), b), zero


def _floor_divide_ints(a, b):
    divisor, zero = _safe_divisor(b)
    quotient = unary._floor_divide_int(a, divisor)
    return _select(zero, _like(a, 0), quotient)


def _floor_mod_ints(a, b):
    divisor, zero = _safe_divisor(b)
    quotient = unary._floor_divide_int(a, divisor)
    remainder = ov_opset.subtract(a, ov_opset.multiply(quotient, divisor))
    return _select(zero, _like(a, 0), remainder)


def _fmod_ints(a, b):
    # The floored remainder, moved to the sign of the dividend.
    remainder = _floor_mod_ints(a, b)
    zero = _like(a, 0)
    differs = ov_opset.not_equal(
        ov_opset.less(remainder, zero), ov_opset.less(a, zero)
    )
    fix = ov_opset.logical_and(ov_opset.not_equal(remainder, zero), differs)
    return _select(fix, ov_opset.subtract(remainder, b), remainder)


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    a, b = x1.output, x2.output
    if x1.dtype == "bool":
        # x // True == x, and x // False is 0 as for NumPy's integers.
        return _wrap(ov_opset.logical_and(a, b))
    if x1.dtype in _FLOATS:
        return _wrap(ov_opset.floor(ov_opset.divide(a, b)))
    return _wrap(_int_compute(_floor_divide_ints, a, b))


def _nan_max(function, keep_nan):
    """maximum/minimum (`keep_nan`: NaN wins, else the other value wins)."""

    def op(x1, x2):
        x1, x2 = _pair(x1, x2)
        a, b = x1.output, x2.output
        if x1.dtype == "bool":
            is_max = function is ov_opset.maximum
            bool_function = ov_opset.logical_or if is_max else ov_opset.logical_and
            return _wrap(bool_function(a, b))
        if x1.dtype == "uint32":
            pick_a = unary._unsigned_greater(a, b)
            if function is ov_opset.minimum:
                pick_a = ov_opset.logical_not(pick_a)
            return _wrap(_select(pick_a, a, b))
        result = _int_compute(_opset2(function), a, b)
        if x1.dtype not in _FLOATS:
            return _wrap(result)
        # The plugin's Maximum returns its second input when one is NaN.
        a_nan, b_nan = ov_opset.is_nan(a), ov_opset.is_nan(b)
        if keep_nan:
            result = _select(b_nan, b, result)
            return _wrap(_select(a_nan, a, result))
        result = _select(a_nan, b, result)
        return _wrap(_select(b_nan, a, result))

    return op


maximum = _nan_max(ov_opset.maximum, keep_nan=True)
minimum = _nan_max(ov_opset.minimum, keep_nan=True)
fmax = _nan_max(ov_opset.maximum, keep_nan=False)
fmin = _nan_max(ov_opset.minimum, keep_nan=False)


def fmod(x1, x2):
    x1, x2 = _modulo_pair(x1, x2)
    if x1.dtype in _FLOATS:
        return _wrap(ov_opset.mod(x1.output, x2.output))
    return _wrap(_int_compute(_fmod_ints, x1.output, x2.output))


def mod(x1, x2):
    x1, x2 = _modulo_pair(x1, x2)
    if x1.dtype in _FLOATS:
        return _wrap(ov_opset.floor_mod(x1.output, x2.output))
    return _wrap(_int_compute(_floor_mod_ints, x1.output, x2.output))


def _bits(dtype):
    return 8 * dtypes.numpy_dtype(dtype).itemsize


def _euclid_steps(bits):
    """Enough steps of Euclid's algorithm for magnitudes below 2**bits: n steps
    suffice below the Fibonacci number F(n + 2) (Lamé)."""
    previous, current, steps = 1, 1, 0
    while current <= 2**bits:
        previous, current = current, previous + current
        steps += 1
    return steps


def _gcd(a, b, bits):
    """gcd of int outputs, Euclid's algorithm unrolled (shapes are static, and the
    step count is bounded by the bit width)."""
    a, b = ov_opset.abs(a).output(0), ov_opset.abs(b).output(0)
    zero, one = _like(a, 0), _like(a, 1)
    for _ in range(_euclid_steps(bits)):
        done = ov_opset.equal(b, zero)
        # Both are non-negative, so truncated and floored remainders agree.
        remainder = ov_opset.mod(a, _select(done, one, b))
        a = _select(done, a, b)
        b = _select(done, zero, remainder)
    return a


def gcd(x1, x2):
    x1, x2 = _int_pair("gcd", x1, x2)
    bits = _bits(x1.dtype)
    return _wrap(
        _int_compute(lambda a, b: _gcd(a, b, bits), x1.output, x2.output)
    )


def lcm(x1, x2):
    x1, x2 = _int_pair("lcm", x1, x2)
    bits = _bits(x1.dtype)

    def compute(a, b):
        divisor = _gcd(a, b, bits)
        zero = ov_opset.equal(divisor, _like(a, 0))
        safe = _select(zero, _like(a, 1), divisor)
        # a / gcd is exact, so truncating or flooring division agree up to the sign,
        # which abs removes.
        product = ov_opset.multiply(ov_opset.divide(a, safe), b)
        return _select(zero, _like(a, 0), ov_opset.abs(product))

    return _wrap(_int_compute(compute, x1.output, x2.output))


def heaviside(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    a, b = x1.output, x2.output
    zero = _like(a, 0)
    step = _select(ov_opset.greater(a, zero), _like(a, 1), zero)
    step = _select(ov_opset.equal(a, zero), b, step)
    return _wrap(_select(ov_opset.is_nan(a), a, step))


def _in_float32(function, *outputs):
    """`function(*outputs)` computed in float32 for float16/bfloat16 outputs."""
    dtype = _dtype(outputs[0])
    if dtype not in _LOW_PRECISION:
        return function(*outputs)
    wide = [ov_opset.convert(o, ov.Type.f32).output(0) for o in outputs]
    return ov_opset.convert(function(*wide), core._ov_type(dtype)).output(0)


def _hypot(a, b):
    # The larger magnitude times sqrt(1 + ratio**2), so that squares never overflow.
    a, b = ov_opset.abs(a), ov_opset.abs(b)
    large, small = ov_opset.maximum(a, b), ov_opset.minimum(a, b)
    zero, one = _like(a, 0), _like(a, 1)
    is_zero = ov_opset.equal(large, zero)
    ratio = ov_opset.divide(small, _select(is_zero, one, large))
    root = ov_opset.sqrt(ov_opset.add(one, ov_opset.multiply(ratio, ratio)))
    result = _select(is_zero, zero, ov_opset.multiply(large, root))
    nan = ov_opset.logical_or(ov_opset.is_nan(a), ov_opset.is_nan(b))
    result = _select(nan, _like(a, np.nan), result)
    infinite = ov_opset.logical_or(ov_opset.is_inf(a), ov_opset.is_inf(b))
    return _select(infinite, _like(a, np.inf), result)


def hypot(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return _wrap(_in_float32(_hypot, x1.output, x2.output))


def _close_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype not in _FLOATS:
        dtype = backend_utils.float_dtype(x1.dtype)
        return core.cast(x1, dtype), core.cast(x2, dtype)
    return x1, x2


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _close_pair(x1, x2)
    a, b = x1.output, x2.output
    rtol = core.convert_to_tensor(rtol, x1.dtype).output
    atol = core.convert_to_tensor(atol, x1.dtype).output
    distance = ov_opset.abs(ov_opset.subtract(a, b))
    bound = ov_opset.add(atol, ov_opset.multiply(rtol, ov_opset.abs(b)))
    close = ov_opset.less_equal(distance, bound)
    # Infinities are close only to themselves.
    finite = ov_opset.logical_and(ov_opset.is_finite(a), ov_opset.is_finite(b))
    close = _select(finite, close, ov_opset.equal(a, b))
    if equal_nan:
        both_nan = ov_opset.logical_and(ov_opset.is_nan(a), ov_opset.is_nan(b))
        close = ov_opset.logical_or(close, both_nan)
    return _wrap(close)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    close = isclose(x1, x2, rtol, atol, equal_nan).output
    flat = ov_opset.reshape(close, core._i64([-1]), False)
    return _wrap(ov_opset.reduce_logical_and(flat, core._i64([0]), False))


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _pair(x1, x2)
    # Every element of x1 against every element of x2: (..., 1) == (n,).
    column = ov_opset.unsqueeze(x1.output, core._i64([-1]))
    row = ov_opset.reshape(x2.output, core._i64([-1]), False)
    found = ov_opset.reduce_logical_or(
        _compare("equal", column.output(0), row.output(0)), core._i64([-1]), False
    )
    if invert:
        found = ov_opset.logical_not(found)
    return _wrap(found)


def ldexp(x1, x2):
    backend_utils.check_int_exponents(x2)
    x1, _ = _float_pair(x1, x2)
    exponents = core.convert_to_tensor(x2, "int32").output

    def scale(value):
        # Powers of two are exact, and two halves of the exponent keep each factor in
        # range where the product is.
        n = ov_opset.convert(exponents, value.get_element_type())
        half = ov_opset.floor(ov_opset.multiply(n, _like(value, 0.5)))
        two = _like(value, 2.0)
        first = ov_opset.power(two, half)
        second = ov_opset.power(two, ov_opset.subtract(n, half))
        return ov_opset.multiply(ov_opset.multiply(value, first), second).output(0)

    return _wrap(_in_float32(scale, x1.output))


def _logaddexp(a, b, base_log):
    """log(base**a + base**b) in base e or 2 (`base_log` = log(base))."""
    larger = ov_opset.maximum(a, b)
    distance = ov_opset.negative(ov_opset.abs(ov_opset.subtract(a, b)))
    # log_base(1 + base**-|d|) = log1p(exp(-|d| log(base))) / log(base)
    exponent = ov_opset.exp(ov_opset.multiply(distance, _like(a, base_log)))
    tail = ov_opset.divide(unary._log1p(exponent.output(0)), _like(a, base_log))
    result = ov_opset.add(larger, tail)
    # Equal values (infinities included): a + log_base(2).
    same = ov_opset.add(a, _like(a, math.log(2.0) / base_log))
    result = _select(ov_opset.equal(a, b), same, result)
    nan = ov_opset.logical_or(ov_opset.is_nan(a), ov_opset.is_nan(b))
    return _select(nan, ov_opset.add(a, b), result)


def logaddexp(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return _wrap(_logaddexp(x1.output, x2.output, 1.0))


def logaddexp2(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return _wrap(_logaddexp(x1.output, x2.output, math.log(2.0)))


def _truth(x):
    x = core._tensor(x)
    if x.dtype == "bool":
        return x.output
    return ov_opset.not_equal(x.output, _like(x.output, 0)).output(0)


def _logical(function):
    def op(x1, x2):
        return _wrap(function(_truth(x1), _truth(x2)))

    return op


logical_and = _logical(ov_opset.logical_and)
logical_or = _logical(ov_opset.logical_or)
logical_xor = _logical(ov_opset.logical_xor)

# Float formats: (mantissa bits, smallest normal exponent, largest finite value).
_FORMATS = {
    name: (
        ml_dtypes.finfo(dtypes.numpy_dtype(name)).nmant,
        ml_dtypes.finfo(dtypes.numpy_dtype(name)).minexp,
        float(ml_dtypes.finfo(dtypes.numpy_dtype(name)).max),
    )
    for name in ("float16", "bfloat16", "float32", "float64")
}


def _nextafter(x, y, dtype):
    """The next value of `dtype` after x toward y, computed on exact float32 values
    (float64 in float64): x plus one unit in the last place of its binade."""
    mantissa, min_exponent, largest = _FORMATS[dtype]
    zero, one, two = _like(x, 0), _like(x, 1), _like(x, 2)
    magnitude = ov_opset.abs(x)
    # floor(log2 |x|), corrected by one where log rounds across a power of two.
    exponent = ov_opset.floor(
        ov_opset.divide(ov_opset.log(magnitude), _like(x, math.log(2.0)))
    )
    exponent = _select(
        ov_opset.greater(ov_opset.power(two, exponent), magnitude),
        ov_opset.subtract(exponent, one),
        exponent,
    )
    exponent = _select(
        ov_opset.less_equal(
            ov_opset.power(two, ov_opset.add(exponent, one)), magnitude
        ),
        ov_opset.add(exponent, one),
        exponent,
    )
    exponent = ov_opset.maximum(exponent, _like(x, min_exponent))
    ulp = ov_opset.power(two, ov_opset.subtract(exponent, _like(x, mantissa)))
    upward = ov_opset.greater(y, x)
    away_from_zero = ov_opset.equal(upward, ov_opset.greater(x, zero))
    # Toward zero from a power of two the spacing below is half.
    at_power = ov_opset.logical_and(
        ov_opset.equal(ov_opset.power(two, exponent), magnitude),
        ov_opset.greater(exponent, _like(x, min_exponent)),
    )
    halve = ov_opset.logical_and(ov_opset.logical_not(away_from_zero), at_power)
    step = _select(halve, ov_opset.multiply(ulp, _like(x, 0.5)), ulp)
    step = _select(upward, step, ov_opset.negative(step))
    result = ov_opset.add(x, step)
    tiniest = _like(x, 2.0 ** (min_exponent - mantissa))
    from_zero = _select(upward, tiniest, ov_opset.negative(tiniest))
    result = _select(ov_opset.equal(x, zero), from_zero, result)
    largest_ = _like(x, largest)
    from_infinity = _select(
        ov_opset.greater(x, zero), largest_, ov_opset.negative(largest_)
    )
    result = _select(ov_opset.is_inf(x), from_infinity, result)
    result = _select(ov_opset.equal(x, y), y, result)
    nan = ov_opset.logical_or(ov_opset.is_nan(x), ov_opset.is_nan(y))
    return _select(nan, ov_opset.add(x, y), result)


def nextafter(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    dtype = x1.dtype
    return _wrap(
        _in_float32(lambda a, b: _nextafter(a, b, dtype), x1.output, x2.output)
    )


def _int_power(base, exponent, bits):
    """base ** exponent of ints by repeated squaring (exact, wrapping as NumPy's): one
    step per bit of the exponent. Negative exponents, which NumPy rejects for ints,
    count as their bits."""
    zero = _like(exponent, 0)
    result = None
    square = base
    for bit in range(bits):
        mask = _like(exponent, 1 << bit)
        on = ov_opset.not_equal(ov_opset.bitwise_and(exponent, mask), zero)
        # result * (on ? square : 1): a Select of int32 values > 2**24 against a
        # constant goes through float32 in the plugin, a product does not.
        factor = _select(on, square, _like(base, 1))
        result = factor if result is None else ov_opset.multiply(result, factor)
        square = ov_opset.multiply(square, square).output(0)
    return ov_opset.convert(result, base.get_element_type()).output(0)


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    a, b = x1.output, x2.output
    if x1.dtype == "bool":
        # x ** True == x and x ** False == 1.
        return _wrap(ov_opset.logical_or(a, ov_opset.logical_not(b)))
    if x1.dtype in _FLOATS:
        return _wrap(ov_opset.power(a, b))
    # The bits of a non-negative exponent (31 at most: int32 holds uint32 here).
    bits = _bits(x1.dtype) - (x1.dtype not in unary._UNSIGNED)
    bits = min(bits, 31) if x1.dtype != "int64" else bits
    return _wrap(
        _int_compute(lambda u, v: _int_power(u, v, bits), a, b)
    )


def where(condition, x1=None, x2=None):
    condition = core.convert_to_tensor(condition, "bool")
    if x1 is None:
        # NonZero has a data-dependent shape: it is evaluated (by OpenVINO) so that
        # the indices are tensors of static shape.
        positions = _wrap(ov_opset.non_zero(condition.output, "i32"))
        positions.numpy()
        rows = ov_opset.split(positions.output, core._i64(0), condition.ndim)
        return tuple(
            _wrap(ov_opset.squeeze(row, core._i64([0]))) for row in rows.outputs()
        )
    x1, x2 = _pair(x1, x2)
    return _wrap(ov_opset.select(condition.output, x1.output, x2.output))
