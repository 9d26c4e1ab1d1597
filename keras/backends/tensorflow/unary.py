"""tensorflow backend: the unary ops (see keras/ops/unary.py for their contract).

TF lacks kernels for some dtypes (abs/neg/sign on uint16 and uint32, bessel_i0 on
bfloat16); those ops go through a wider dtype and back.
"""

import math

import ml_dtypes
import numpy as np
import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.tensorflow import core

_UNSIGNED = frozenset((tf.uint8, tf.uint16, tf.uint32, tf.uint64))
# The int dtype of each float's width, to read its sign bit.
_SAME_WIDTH_INT = {
    tf.bfloat16: tf.int16,
    tf.float16: tf.int16,
    tf.float32: tf.int32,
    tf.float64: tf.int64,
}


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, backend_utils.float_dtype(x.dtype.name))


def _is_int(x):
    return x.dtype.is_integer


def _reject_bool(x, name):
    if x.dtype == tf.bool:
        raise backend_utils.bool_input_error(name)


def _reject_complex(x, name):
    if x.dtype.is_complex:
        raise backend_utils.complex_input_error(name, x.dtype.name)


def _float_op(function):
    return backend_utils.float_op(function, _float)


def _constant(value, x):
    return tf.constant(value, dtype=x.dtype)


def _cbrt(x):
    return tf.sign(x) * tf.pow(tf.abs(x), _constant(1.0 / 3.0, x))


def _deg2rad(x):
    return x * _constant(math.pi / 180.0, x)


def _exp2(x):
    return tf.pow(_constant(2.0, x), x)


def _log10(x):
    return tf.math.log(x) / _constant(math.log(10.0), x)


def _log2(x):
    return tf.math.log(x) / _constant(math.log(2.0), x)


def _rad2deg(x):
    return x * _constant(180.0 / math.pi, x)


def _sinc(x):
    # sin(pi x) / (pi x), 1 at 0; `safe` keeps the gradient at 0 finite.
    is_zero = tf.equal(x, 0)
    safe = tf.where(is_zero, tf.ones_like(x), x) * _constant(math.pi, x)
    return tf.where(is_zero, tf.ones_like(x), tf.sin(safe) / safe)


arccos = _float_op(tf.math.acos)
arccosh = _float_op(tf.math.acosh)
arcsin = _float_op(tf.math.asin)
arcsinh = _float_op(tf.math.asinh)
arctan = _float_op(tf.math.atan)
arctanh = _float_op(tf.math.atanh)
cbrt = _float_op(_cbrt)
ceil = _float_op(tf.math.ceil)
cos = _float_op(tf.math.cos)
cosh = _float_op(tf.math.cosh)
deg2rad = _float_op(_deg2rad)
exp = _float_op(tf.math.exp)
exp2 = _float_op(_exp2)
expm1 = _float_op(tf.math.expm1)
floor = _float_op(tf.math.floor)
log = _float_op(tf.math.log)
log10 = _float_op(_log10)
log1p = _float_op(tf.math.log1p)
log2 = _float_op(_log2)
rad2deg = _float_op(_rad2deg)
reciprocal = _float_op(tf.math.reciprocal)
sin = _float_op(tf.math.sin)
sinc = _float_op(_sinc)
sinh = _float_op(tf.math.sinh)
sqrt = _float_op(tf.math.sqrt)
tan = _float_op(tf.math.tan)
tanh = _float_op(tf.math.tanh)


def absolute(x):
    x = _tensor(x)
    if x.dtype == tf.bool or x.dtype in _UNSIGNED:
        return x
    return tf.abs(x)


def angle(x):
    x = _float(x)
    if x.dtype.is_complex:
        return tf.math.angle(x)
    return tf.atan2(tf.zeros_like(x), x)


def bitwise_invert(x):
    x = _tensor(x)
    if x.dtype == tf.bool:
        return tf.logical_not(x)
    if not _is_int(x):
        raise TypeError(
            "`bitwise_invert` expects an integer or bool tensor `x`; got "
            f"{x.dtype.name}."
        )
    return tf.bitwise.invert(x)


def _promoted_dtype(*values):
    # dtypes.promoted_dtype takes a tf.DType for the Python type `float` (tf.DType's
    # __eq__ converts its operand), so tensors go in by their dtype name.
    keys = (v.dtype.name if tf.is_tensor(v) else dtypes.dtype_of(v) for v in values)
    return dtypes.result_type(*keys)


def clip(x, x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")
    x = _tensor(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int32)
    # In the dtype `x` and its bounds promote to: float bounds make an int tensor float.
    bounds = [b for b in (x_min, x_max) if b is not None]
    work = _promoted_dtype(x, *bounds)
    x = core.convert_to_tensor(x, work)
    if x_min is not None:
        x = tf.maximum(x, core.convert_to_tensor(x_min, work))
    if x_max is not None:
        x = tf.minimum(x, core.convert_to_tensor(x_max, work))
    return x


def conjugate(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.conj(x)
    return x


def copy(x):
    return tf.identity(_tensor(x))


def fabs(x):
    x = _float(x)
    _reject_complex(x, "fabs")
    return tf.abs(x)


def i0(x):
    x = _float(x)
    _reject_complex(x, "i0")
    if x.dtype == tf.bfloat16:
        return tf.cast(tf.math.bessel_i0(tf.cast(x, tf.float32)), tf.bfloat16)
    return tf.math.bessel_i0(x)


def imag(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.imag(x)
    return tf.zeros_like(x)


def _all(x, value):
    return tf.fill(tf.shape(x), value)


def isfinite(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_finite(tf.math.real(x)) & tf.math.is_finite(tf.math.imag(x))
    if not x.dtype.is_floating:
        return _all(x, True)
    return tf.math.is_finite(x)


def isinf(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_inf(tf.math.real(x)) | tf.math.is_inf(tf.math.imag(x))
    if not x.dtype.is_floating:
        return _all(x, False)
    return tf.math.is_inf(x)


def isnan(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))
    if not x.dtype.is_floating:
        return _all(x, False)
    return tf.math.is_nan(x)


def isneginf(x):
    x = _tensor(x)
    if not x.dtype.is_floating:
        return _all(x, False)
    return tf.equal(x, _constant(-np.inf, x))


def isposinf(x):
    x = _tensor(x)
    if not x.dtype.is_floating:
        return _all(x, False)
    return tf.equal(x, _constant(np.inf, x))


def isreal(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return _all(x, True)


def logical_not(x):
    x = _tensor(x)
    if x.dtype == tf.bool:
        return tf.logical_not(x)
    return tf.equal(x, tf.zeros_like(x))


def _replace_non_finite(x, nan, posinf, neginf):
    finfo = ml_dtypes.finfo(x.dtype.as_numpy_dtype)
    posinf = finfo.max if posinf is None else posinf
    neginf = finfo.min if neginf is None else neginf
    x = tf.where(tf.math.is_nan(x), _constant(nan, x), x)
    x = tf.where(tf.equal(x, _constant(np.inf, x)), _constant(posinf, x), x)
    return tf.where(tf.equal(x, _constant(-np.inf, x)), _constant(neginf, x), x)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _tensor(x)
    if x.dtype.is_complex:
        parts = (tf.math.real(x), tf.math.imag(x))
        return tf.complex(*(_replace_non_finite(p, nan, posinf, neginf) for p in parts))
    if not x.dtype.is_floating:
        return x
    return _replace_non_finite(x, nan, posinf, neginf)


def negative(x):
    x = _tensor(x)
    _reject_bool(x, "negative")
    if x.dtype in _UNSIGNED:
        # -x wraps around, as NumPy's does: ~x + 1.
        return tf.bitwise.invert(x) + tf.ones_like(x)
    return tf.negative(x)


def real(x):
    x = _tensor(x)
    if x.dtype.is_complex:
        return tf.math.real(x)
    return x


def round(x, decimals=0):
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")
    x = _tensor(x)
    if x.dtype == tf.bool or (decimals >= 0 and _is_int(x)):
        return x
    if _is_int(x):
        # Round to a multiple of 10**-decimals, halves to even, exactly in float64.
        scale = tf.constant(math.pow(10, -decimals), tf.float64)
        return tf.cast(tf.round(tf.cast(x, tf.float64) / scale) * scale, x.dtype)
    if decimals == 0:
        return tf.round(x)
    if decimals > 0:
        factor = _constant(math.pow(10, decimals), x)
        return tf.round(x * factor) / factor
    factor = _constant(math.pow(10, -decimals), x)
    return tf.round(x / factor) * factor


def sign(x):
    x = _tensor(x)
    _reject_bool(x, "sign")
    if x.dtype in _UNSIGNED:
        return tf.cast(x > 0, x.dtype)
    return tf.sign(x)


def signbit(x):
    x = _tensor(x)
    if x.dtype in _SAME_WIDTH_INT:
        # Reads the sign bit itself, so -0.0 and -NaN count as negative.
        return tf.bitcast(x, _SAME_WIDTH_INT[x.dtype]) < 0
    if x.dtype == tf.bool or x.dtype in _UNSIGNED:
        return _all(x, False)
    return x < 0


def square(x):
    x = _tensor(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int32)
    return tf.square(x)


def trunc(x):
    x = _tensor(x)
    if not x.dtype.is_floating:
        return x
    return tf.where(x < 0, tf.math.ceil(x), tf.math.floor(x))


# Fast path (keras.backends.common.registry): tf.exp keeps float dtypes.
registry.for_backend("tensorflow").register(
    __name__,
    "exp",
    tf.exp,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="tf.exp",
)
