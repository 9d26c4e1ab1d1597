"""openvino backend: the unary ops (see keras/ops/unary.py for their contract).

Every op is built from OpenVINO opset operations. What the CPU plugin does differently
from NumPy, and how these ops get NumPy's results anyway:

- 8-bit integer arithmetic saturates (int8 100 * 3 gives 127), so ints narrower than 32
  bits are computed in int32 and converted back, which wraps as NumPy does.
- uint32 is held as int32 bits: arithmetic on it is right below 2**31, comparisons
  are made on the bits with the sign flipped, and values from 2**31 up that a graph
  computes from constants come back saturated (a known gap, see excluded_tests.txt).
- Missing ops (cbrt, expm1, log1p, i0, sinc, signbit, ...) are composed from others.
"""

import math

import ml_dtypes
import numpy as np
import openvino as ov
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core

_FLOATS = frozenset(("bfloat16", "float16", "float32", "float64"))
_LOW_PRECISION = frozenset(("bfloat16", "float16"))
_UNSIGNED = frozenset(("uint8", "uint16", "uint32", "uint64"))
# Computed in int32 and converted back (the plugin saturates 8-bit arithmetic; uint32
# is int32 bits inside the plugin anyway).
_WIDENED = frozenset(("int8", "uint8", "int16", "uint16", "uint32"))

_tensor = core._tensor
_wrap = core._wrap


def _scalar(value, dtype):
    """A 0-d constant output of `value` in the Keras `dtype`."""
    array = np.asarray(value, dtype=dtypes.numpy_dtype(dtype))
    if dtype in ("bfloat16", "bool"):
        return core._constant(array.reshape(()))
    # core._constant goes through np.ascontiguousarray, which makes 0-d arrays 1-d.
    return ov_opset.constant(array).output(0)


def _like(output, value):
    """A 0-d constant of `value` in the element type of `output`."""
    return _scalar(value, _dtype(output))


def _dtype(output):
    """The Keras dtype of an ov output (or of a node's first output)."""
    if isinstance(output, ov.Node):
        output = output.output(0)
    return core._keras_dtype(output.get_element_type())


def _full(output, value, dtype):
    """A tensor of `value` in `dtype`, shaped as `output`."""
    shape = ov_opset.shape_of(output)
    return ov_opset.broadcast(_scalar(value, dtype), shape).output(0)


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype in _FLOATS:
        return x
    return core.cast(x, backend_utils.float_dtype(x.dtype))


def _is_int(dtype):
    return dtypes.is_int_dtype(dtype)


def _reject_bool(x, name):
    if x.dtype == "bool":
        raise backend_utils.bool_input_error(name)


def _int_compute(function, *outputs):
    """`function(*outputs)` for int outputs of one dtype, computed in int32 for the
    dtypes the plugin gets wrong (see the module docstring), converted back."""
    dtype = _dtype(outputs[0])
    if dtype not in _WIDENED:
        return function(*outputs)
    wide = [ov_opset.convert(o, ov.Type.i32).output(0) for o in outputs]
    return ov_opset.convert(function(*wide), core._ov_type(dtype)).output(0)


# Composed element-wise functions on ov outputs (shared with binary.py).


def _isnan(output):
    if _dtype(output) not in _FLOATS:
        return _full(output, False, "bool")
    return ov_opset.is_nan(output).output(0)


def _signbit(output):
    """True where the sign bit is set: x < 0, and -0.0 (seen through 1 / x < 0)."""
    zero = _like(output, 0)
    negative = ov_opset.less(output, zero)
    if _dtype(output) not in _FLOATS:
        return negative.output(0)
    inverse = ov_opset.divide(_like(output, 1), output)
    negative_zero = ov_opset.logical_and(
        ov_opset.equal(output, zero), ov_opset.less(inverse, zero)
    )
    return ov_opset.logical_or(negative, negative_zero).output(0)


def _select(condition, then, otherwise):
    """condition ? then : otherwise, broadcasting."""
    dtype = _dtype(then)
    if dtype not in _WIDE_INTS:
        return ov_opset.select(condition, then, otherwise).output(0)
    # The plugin's Select of int32 with a constant branch goes through float32
    # (values past 2**24 round); integer arithmetic picks exactly (and wraps).
    work = ov.Type.i32 if dtype == "uint32" else core._ov_type(dtype)
    then = ov_opset.convert(then, work)
    otherwise = ov_opset.convert(otherwise, work)
    pick = ov_opset.convert(condition, work)
    difference = ov_opset.subtract(then, otherwise)
    picked = ov_opset.add(otherwise, ov_opset.multiply(pick, difference))
    return ov_opset.convert(picked, core._ov_type(dtype)).output(0)


def _log1p(output):
    # Kahan's trick: with u = 1 + x rounded, log(u) * x / (u - 1) cancels the rounding
    # of u; for |x| >= 0.5 log(1 + x) is already accurate (and this avoids inf / inf).
    one = _like(output, 1)
    u = ov_opset.add(output, one)
    small = ov_opset.logical_and(
        ov_opset.less(ov_opset.abs(output), _like(output, 0.5)),
        ov_opset.not_equal(u, one),
    )
    log_u = ov_opset.log(u)
    corrected = ov_opset.divide(
        ov_opset.multiply(log_u, output), ov_opset.subtract(u, one)
    )
    exact_one = ov_opset.equal(u, one)
    return _select(exact_one, output, _select(small, corrected, log_u))


def _expm1(output):
    # Kahan's trick again: (u - 1) * x / log(u) with u = exp(x) rounded.
    one = _like(output, 1)
    u = ov_opset.exp(output)
    u_minus_one = ov_opset.subtract(u, one)
    small = ov_opset.less(ov_opset.abs(output), _like(output, 0.5))
    corrected = ov_opset.divide(ov_opset.multiply(u_minus_one, output), ov_opset.log(u))
    exact_one = ov_opset.equal(u, one)
    result = _select(exact_one, output, _select(small, corrected, u_minus_one))
    # The plugin's compiled Exp gives inf for NaN.
    return _select(ov_opset.is_nan(output), output, result)


def _scaled(function, factor):
    """x -> function(x) * factor (log10, log2, deg2rad, rad2deg)."""

    def compose(output):
        return ov_opset.multiply(function(output), _like(output, factor)).output(0)

    return compose


def _cbrt(output):
    magnitude = ov_opset.power(ov_opset.abs(output), _like(output, 1.0 / 3.0))
    return ov_opset.multiply(ov_opset.sign(output), magnitude).output(0)


def _exp2(output):
    return ov_opset.power(_like(output, 2.0), output).output(0)


def _sinc(output):
    scaled = ov_opset.multiply(output, _like(output, math.pi))
    ratio = ov_opset.divide(ov_opset.sin(scaled), scaled)
    return _select(ov_opset.equal(output, _like(output, 0)), _like(output, 1), ratio)


def _polynomial(output, coefficients):
    """sum(c[i] * t**i), by Horner's rule."""
    result = _like(output, coefficients[-1])
    for c in reversed(coefficients[:-1]):
        result = ov_opset.add(ov_opset.multiply(result, output), _like(output, c))
    return result


# Polynomial fits of I0 from Abramowitz & Stegun 9.8.1 (|x| <= 3.75, t = x / 3.75,
# in t**2) and 9.8.2 (|x| > 3.75, in 3.75 / |x|, of I0(x) sqrt(|x|) exp(-|x|)).
_I0_SMALL = (1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813)
_I0_LARGE = (
    0.39894228,
    0.01328592,
    0.00225319,
    -0.00157565,
    0.00916281,
    -0.02057706,
    0.02635537,
    -0.01647633,
    0.00392377,
)


def _i0_float32(output):
    magnitude = ov_opset.abs(output)
    t = ov_opset.divide(magnitude, _like(output, 3.75))
    small = _polynomial(ov_opset.multiply(t, t).output(0), _I0_SMALL)
    inverse = ov_opset.divide(_like(output, 1), t).output(0)
    scaled = _polynomial(inverse, _I0_LARGE)
    # exp(|x|) / sqrt(|x|) as two halves, so that it overflows only when I0 does.
    half = ov_opset.exp(ov_opset.multiply(magnitude, _like(output, 0.5)))
    growth = ov_opset.multiply(half, ov_opset.divide(half, ov_opset.sqrt(magnitude)))
    large = ov_opset.multiply(scaled, growth)
    # I0(+-inf) is NaN here (inf / inf), as in NumPy's.
    return _select(ov_opset.less_equal(magnitude, _like(output, 3.75)), small, large)


def _i0(output):
    # The fits are for float32; lower precisions are computed in it.
    dtype = _dtype(output)
    if dtype in _LOW_PRECISION:
        wide = ov_opset.convert(output, ov.Type.f32).output(0)
        return ov_opset.convert(_i0_float32(wide), core._ov_type(dtype)).output(0)
    return _i0_float32(output)


def _float_op(name, compose):
    """The op `compose(output)` on `x` in its floating result dtype."""

    def op(x):
        return _wrap(compose(_float(x).output))

    op.__name__ = name
    op.__qualname__ = name
    return op


def _opset(function):
    return lambda output: function(output).output(0)


arccos = _float_op("arccos", _opset(ov_opset.acos))
arccosh = _float_op("arccosh", _opset(ov_opset.acosh))
arcsin = _float_op("arcsin", _opset(ov_opset.asin))
arcsinh = _float_op("arcsinh", _opset(ov_opset.asinh))
arctan = _float_op("arctan", _opset(ov_opset.atan))
arctanh = _float_op("arctanh", _opset(ov_opset.atanh))
cbrt = _float_op("cbrt", _cbrt)
ceil = _float_op("ceil", _opset(ov_opset.ceiling))
cos = _float_op("cos", _opset(ov_opset.cos))
cosh = _float_op("cosh", _opset(ov_opset.cosh))
deg2rad = _float_op("deg2rad", _scaled(lambda o: o, math.pi / 180.0))
exp = _float_op("exp", _opset(ov_opset.exp))
exp2 = _float_op("exp2", _exp2)
expm1 = _float_op("expm1", _expm1)
floor = _float_op("floor", _opset(ov_opset.floor))
log = _float_op("log", _opset(ov_opset.log))
log10 = _float_op("log10", _scaled(_opset(ov_opset.log), 1.0 / math.log(10.0)))
log1p = _float_op("log1p", _log1p)
log2 = _float_op("log2", _scaled(_opset(ov_opset.log), 1.0 / math.log(2.0)))
rad2deg = _float_op("rad2deg", _scaled(lambda o: o, 180.0 / math.pi))
reciprocal = _float_op(
    "reciprocal", lambda o: ov_opset.divide(_like(o, 1), o).output(0)
)
sin = _float_op("sin", _opset(ov_opset.sin))
sinc = _float_op("sinc", _sinc)
sinh = _float_op("sinh", _opset(ov_opset.sinh))
sqrt = _float_op("sqrt", _opset(ov_opset.sqrt))
tan = _float_op("tan", _opset(ov_opset.tan))
tanh = _float_op("tanh", _opset(ov_opset.tanh))


def absolute(x):
    x = _tensor(x)
    if x.dtype == "bool" or x.dtype in _UNSIGNED:
        return x
    return _wrap(_int_compute(_opset(ov_opset.abs), x.output))


def angle(x):
    x = _float(x)
    # The angle of a real number: pi where the sign bit is set (-0.0 too), NaN kept.
    output = x.output
    turned = _select(_signbit(output), _like(output, math.pi), _like(output, 0))
    return _wrap(_select(_isnan(output), output, turned))


def bitwise_invert(x):
    x = _tensor(x)
    if x.dtype == "bool":
        return _wrap(ov_opset.logical_not(x.output))
    if not _is_int(x.dtype):
        raise TypeError(
            f"`bitwise_invert` expects an integer or bool tensor `x`; got {x.dtype}."
        )
    return _wrap(_int_compute(_opset(ov_opset.bitwise_not), x.output))


def _maximum(a, b):
    """max(a, b) of one dtype, NaN of `a` kept (as NumPy's clip does)."""
    if _dtype(a) == "uint32":
        return _select(_unsigned_greater(b, a), b, a)
    return _select(_isnan(a), a, _int_compute(_opset2(ov_opset.maximum), a, b))


def _minimum(a, b):
    if _dtype(a) == "uint32":
        return _select(_unsigned_greater(a, b), b, a)
    return _select(_isnan(a), a, _int_compute(_opset2(ov_opset.minimum), a, b))


def _opset2(function):
    return lambda a, b: function(a, b).output(0)


def _unsigned_bits(output):
    """uint32 values as int32 with the sign bit flipped: their order as signed ints."""
    bits = ov_opset.convert(output, ov.Type.i32)
    return ov_opset.bitwise_xor(bits, _scalar(-(2**31), "int32")).output(0)


# Dtypes whose comparisons the plugin would make in float32 at run time (int32 values
# 2**24 apart compare equal there).
_WIDE_INTS = frozenset(("int32", "uint32", "int64", "uint64"))


def _halves(output):
    """(high, low) 16-bit halves of wide ints, each exact in float32; compared in
    order they compare as the ints (uint32 through its flipped bits)."""
    if _dtype(output) == "uint32":
        output = _unsigned_bits(output)
    high = opset15.bitwise_right_shift(output, _like(output, 16))
    low = ov_opset.bitwise_and(output, _like(output, 0xFFFF))
    return high, low


def _int_equal(a, b):
    """a == b, exact for wide ints."""
    if _dtype(a) not in _WIDE_INTS:
        return ov_opset.equal(a, b).output(0)
    (a_high, a_low), (b_high, b_low) = _halves(a), _halves(b)
    return ov_opset.logical_and(
        ov_opset.equal(a_high, b_high), ov_opset.equal(a_low, b_low)
    ).output(0)


def _int_greater(a, b):
    """a > b, exact for wide ints."""
    if _dtype(a) not in _WIDE_INTS:
        return ov_opset.greater(a, b).output(0)
    (a_high, a_low), (b_high, b_low) = _halves(a), _halves(b)
    low_decides = ov_opset.logical_and(
        ov_opset.equal(a_high, b_high), ov_opset.greater(a_low, b_low)
    )
    return ov_opset.logical_or(ov_opset.greater(a_high, b_high), low_decides).output(0)


def _unsigned_greater(a, b):
    return _int_greater(a, b)


def clip(x, x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")
    x = _tensor(x)
    if x.dtype == "bool":
        x = core.cast(x, "int32")
    # In the dtype `x` and its bounds promote to: float bounds make an int tensor float.
    work, x_min, x_max = backend_utils.clip_bounds(
        x, x_min, x_max, core.convert_to_tensor
    )
    output = core.cast(x, work).output
    if x_min is not None:
        output = _maximum(output, x_min.output)
    if x_max is not None:
        output = _minimum(output, x_max.output)
    return _wrap(output)


def conjugate(x):
    return _tensor(x)


def copy(x):
    # Tensors are immutable graph outputs: a new tensor of the same output is a copy.
    return _wrap(_tensor(x).output)


def _reject_complex(x, name):
    # Complex values cannot become tensors here; the contract's TypeError comes first.
    dtype = dtypes.dtype_of(x)
    if dtype is complex or str(dtype).startswith("complex"):
        raise backend_utils.complex_input_error(name, dtype)


def fabs(x):
    _reject_complex(x, "fabs")
    return _wrap(ov_opset.abs(_float(x).output))


def i0(x):
    _reject_complex(x, "i0")
    return _wrap(_i0(_float(x).output))


def imag(x):
    x = _tensor(x)
    return _wrap(_full(x.output, 0, x.dtype))


def _float_predicate(function, value_for_others):
    def predicate(x):
        x = _tensor(x)
        if x.dtype not in _FLOATS:
            return _wrap(_full(x.output, value_for_others, "bool"))
        return _wrap(function(x.output))

    return predicate


isfinite = _float_predicate(_opset(ov_opset.is_finite), True)
isinf = _float_predicate(_opset(ov_opset.is_inf), False)
isnan = _float_predicate(_opset(ov_opset.is_nan), False)
isneginf = _float_predicate(
    lambda o: ov_opset.is_inf(o, {"detect_positive": False}).output(0), False
)
isposinf = _float_predicate(
    lambda o: ov_opset.is_inf(o, {"detect_negative": False}).output(0), False
)


def isreal(x):
    x = _tensor(x)
    return _wrap(_full(x.output, True, "bool"))


def logical_not(x):
    x = _tensor(x)
    if x.dtype == "bool":
        return _wrap(ov_opset.logical_not(x.output))
    return _wrap(ov_opset.equal(x.output, _like(x.output, 0)))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _tensor(x)
    if x.dtype not in _FLOATS:
        return x
    info = ml_dtypes.finfo(dtypes.numpy_dtype(x.dtype))
    posinf = info.max if posinf is None else posinf
    neginf = info.min if neginf is None else neginf
    output = x.output
    replaced = _select(ov_opset.is_nan(output), _like(output, nan), output)
    replaced = _select(
        ov_opset.is_inf(output, {"detect_negative": False}),
        _like(output, posinf),
        replaced,
    )
    replaced = _select(
        ov_opset.is_inf(output, {"detect_positive": False}),
        _like(output, neginf),
        replaced,
    )
    return _wrap(replaced)


def negative(x):
    x = _tensor(x)
    _reject_bool(x, "negative")
    return _wrap(_int_compute(_opset(ov_opset.negative), x.output))


def real(x):
    return _tensor(x)


def _round_int(output, decimals):
    """Integers rounded to a multiple of 10**-decimals (decimals < 0), halves to even,
    exactly in integer arithmetic."""
    factor = 10 ** (-decimals)
    dtype = _dtype(output)
    if factor > np.iinfo(np.int32).max:
        return _full(output, 0, dtype)

    def round_wide(value):
        f = _scalar(factor, "int32")
        quotient = _floor_divide_int(value, f)
        remainder = ov_opset.subtract(value, ov_opset.multiply(quotient, f))
        # 2 r - f in (-f, f): its sign is exact where comparing 2 r with f in
        # float32 (as the plugin does) is not.
        excess = ov_opset.subtract(
            ov_opset.multiply(remainder, _scalar(2, "int32")), f
        )
        zero = _scalar(0, "int32")
        odd = ov_opset.not_equal(
            ov_opset.bitwise_and(quotient, _scalar(1, "int32")), zero
        )
        up = ov_opset.logical_or(
            ov_opset.greater(excess, zero),
            ov_opset.logical_and(ov_opset.equal(excess, zero), odd),
        )
        quotient = _select(up, ov_opset.add(quotient, _scalar(1, "int32")), quotient)
        return ov_opset.multiply(quotient, f).output(0)

    return _int_compute(round_wide, output)


def _floor_divide_int(a, b):
    """Floor division of ints, whatever rounding the plugin's Divide uses (it floors
    when folding constants but truncates at run time)."""
    quotient = ov_opset.divide(a, b)
    remainder = ov_opset.subtract(a, ov_opset.multiply(quotient, b))
    zero = _like(remainder.output(0), 0)
    wrong_sign = ov_opset.not_equal(
        ov_opset.less(remainder, zero), ov_opset.less(b, _like(b, 0))
    )
    fix = ov_opset.logical_and(ov_opset.not_equal(remainder, zero), wrong_sign)
    return _select(fix, ov_opset.subtract(quotient, _like(b, 1)), quotient)


def round(x, decimals=0):
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")
    x = _tensor(x)
    decimals = int(decimals)
    if x.dtype == "bool" or (decimals >= 0 and _is_int(x.dtype)):
        return x
    if _is_int(x.dtype):
        return _wrap(_round_int(x.output, decimals))
    output = x.output
    if decimals == 0:
        return _wrap(ov_opset.round(output, "half_to_even"))
    # As NumPy: scale, round halves to even, scale back.
    if decimals > 0:
        scale = _like(output, 10.0**decimals)
        scaled = ov_opset.multiply(output, scale)
        return _wrap(ov_opset.divide(ov_opset.round(scaled, "half_to_even"), scale))
    scale = _like(output, 10.0 ** (-decimals))
    scaled = ov_opset.divide(output, scale)
    return _wrap(ov_opset.multiply(ov_opset.round(scaled, "half_to_even"), scale))


def sign(x):
    x = _tensor(x)
    _reject_bool(x, "sign")
    if x.dtype in _UNSIGNED:
        output = x.output
        nonzero = ov_opset.not_equal(output, _like(output, 0))
        return _wrap(ov_opset.convert(nonzero, output.get_element_type()))
    return _wrap(_int_compute(_opset(ov_opset.sign), x.output))


def signbit(x):
    x = _tensor(x)
    if x.dtype == "bool" or x.dtype in _UNSIGNED:
        return _wrap(_full(x.output, False, "bool"))
    return _wrap(_signbit(x.output))


def square(x):
    x = _tensor(x)
    if x.dtype == "bool":
        x = core.cast(x, "int32")
    return _wrap(_int_compute(lambda o: ov_opset.multiply(o, o).output(0), x.output))


def trunc(x):
    x = _tensor(x)
    if x.dtype not in _FLOATS:
        return x
    output = x.output
    negative_ = ov_opset.less(output, _like(output, 0))
    return _wrap(_select(negative_, ov_opset.ceiling(output), ov_opset.floor(output)))
