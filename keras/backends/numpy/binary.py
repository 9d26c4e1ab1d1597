"""numpy backend: element-wise ops on two tensors (see keras/ops/binary.py)."""

import functools

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.numpy import core

_BFLOAT16 = dtypes.numpy_dtype("bfloat16")



# `x1`, `x2` in their floating result dtype: ints and bools give floatx.
_float_pair = functools.partial(
    backend_utils.float_pair, convert_to_tensor=core.convert_to_tensor
)


def _pair(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if type(x1) is np.ndarray and type(x2) is np.ndarray and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def _int_pair(name, x1, x2, allow_bool=False):
    x1, x2 = _pair(x1, x2)
    if x1.dtype.kind not in ("iub" if allow_bool else "iu"):
        raise backend_utils.int_dtype_error(name, x1.dtype, allow_bool)
    return x1, x2


def _modulo_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == bool:
        return x1.astype("int32"), x2.astype("int32")
    return x1, x2


def add(x1, x2):
    # Fast path: two arrays of one dtype (dtypes of built-in types are singletons).
    if type(x1) is np.ndarray and type(x2) is np.ndarray and x1.dtype is x2.dtype:
        return np.add(x1, x2)
    x1, x2 = _pair(x1, x2)
    return np.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == bool:
        return np.logical_xor(x1, x2)
    return np.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    return np.multiply(x1, x2)


def arctan2(x1, x2):
    return np.arctan2(*_float_pair(x1, x2))


def bitwise_and(x, y):
    return np.bitwise_and(*_int_pair("bitwise_and", x, y, allow_bool=True))


def bitwise_or(x, y):
    return np.bitwise_or(*_int_pair("bitwise_or", x, y, allow_bool=True))


def bitwise_xor(x, y):
    return np.bitwise_xor(*_int_pair("bitwise_xor", x, y, allow_bool=True))


def bitwise_left_shift(x, y):
    return np.left_shift(*_int_pair("bitwise_left_shift", x, y))


def bitwise_right_shift(x, y):
    return np.right_shift(*_int_pair("bitwise_right_shift", x, y))


def divide(x1, x2):
    return np.true_divide(*_float_pair(x1, x2))


def divide_no_nan(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    zero = x2 == 0
    quotient = np.true_divide(x1, np.where(zero, np.ones((), x2.dtype), x2))
    return np.where(zero, np.zeros((), quotient.dtype), quotient)


def equal(x1, x2):
    return np.equal(*_pair(x1, x2))


def not_equal(x1, x2):
    return np.not_equal(*_pair(x1, x2))


def greater(x1, x2):
    return np.greater(*_pair(x1, x2))


def greater_equal(x1, x2):
    return np.greater_equal(*_pair(x1, x2))


def less(x1, x2):
    return np.less(*_pair(x1, x2))


def less_equal(x1, x2):
    return np.less_equal(*_pair(x1, x2))


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == bool:
        # x // True == x, and x // False is 0 as for NumPy's integers.
        return np.logical_and(x1, x2)
    return np.floor_divide(x1, x2)


def fmax(x1, x2):
    return np.fmax(*_pair(x1, x2))


def fmin(x1, x2):
    return np.fmin(*_pair(x1, x2))


def maximum(x1, x2):
    return np.maximum(*_pair(x1, x2))


def minimum(x1, x2):
    return np.minimum(*_pair(x1, x2))


def fmod(x1, x2):
    return np.fmod(*_modulo_pair(x1, x2))


def mod(x1, x2):
    return np.mod(*_modulo_pair(x1, x2))


def gcd(x1, x2):
    return np.gcd(*_int_pair("gcd", x1, x2))


def lcm(x1, x2):
    return np.lcm(*_int_pair("lcm", x1, x2))


def heaviside(x1, x2):
    return np.heaviside(*_float_pair(x1, x2))


def hypot(x1, x2):
    return np.hypot(*_float_pair(x1, x2))


def _close_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype.kind not in "fc" and x1.dtype != _BFLOAT16:
        dtype = backend_utils.numpy_float_dtype(x1.dtype)
        return x1.astype(dtype), x2.astype(dtype)
    return x1, x2


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _close_pair(x1, x2)
    return np.asarray(np.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return np.all(isclose(x1, x2, rtol, atol, equal_nan))


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _pair(x1, x2)
    return np.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def ldexp(x1, x2):
    backend_utils.check_int_exponents(x2)
    x1, _ = _float_pair(x1, x2)
    exponents = core.convert_to_tensor(x2, "int32")
    if x1.dtype.itemsize < 4:
        # numpy has no ldexp loop for bfloat16: scale in float32, round once.
        return np.ldexp(x1.astype("float32"), exponents).astype(x1.dtype)
    return np.ldexp(x1, exponents)


def logaddexp(x1, x2):
    return np.logaddexp(*_float_pair(x1, x2))


def logaddexp2(x1, x2):
    return np.logaddexp2(*_float_pair(x1, x2))


def logical_and(x1, x2):
    return np.logical_and(*_pair(x1, x2))


def logical_or(x1, x2):
    return np.logical_or(*_pair(x1, x2))


def logical_xor(x1, x2):
    return np.logical_xor(*_pair(x1, x2))


def nextafter(x1, x2):
    return np.nextafter(*_float_pair(x1, x2))


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == bool:
        # x ** True == x and x ** False == 1.
        return np.logical_or(x1, np.logical_not(x2))
    return np.power(x1, x2)


def where(condition, x1=None, x2=None):
    condition = core.convert_to_tensor(condition, "bool")
    if x1 is None:
        return tuple(index.astype("int32") for index in np.nonzero(condition))
    x1, x2 = _pair(x1, x2)
    return np.where(condition, x1, x2)


# Fast paths (keras.backends.common.registry): for two arrays of one dtype these NumPy
# ufuncs are already the Keras result (promotion passes them through unchanged), or
# raise (np.subtract on bools), and the op then takes its own path.
# 64-bit inputs are left out: the ops' own paths decide their result dtypes (one shared
# 64-bit dtype is kept, as in NumPy; a promotion to 64 bits is narrowed, as in Keras 3).
_FAST = registry.for_backend("numpy")
_UP_TO_32_BITS = (
    "bool",
    "int8",
    "int16",
    "int32",
    "uint8",
    "uint16",
    "uint32",
    "float16",
    "bfloat16",
    "float32",
)
for _name, _ufunc in (
    ("add", np.add),
    ("subtract", np.subtract),
    ("multiply", np.multiply),
):
    _FAST.register(
        __name__,
        _name,
        _ufunc,
        guard="eager",
        dtypes=_UP_TO_32_BITS,
        note=f"np.{_ufunc.__name__}, one dtype up to 32 bits",
    )
_FAST.register(
    __name__,
    "divide",
    np.true_divide,
    guard="eager",
    dtypes=("float16", "float32"),
    note="np.true_divide, float16/float32 keep their dtype",
)
