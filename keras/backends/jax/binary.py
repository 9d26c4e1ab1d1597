"""jax backend: element-wise ops on two tensors (see keras/ops/binary.py)."""

import functools

import jax
import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.jax import core



# `x1`, `x2` in their floating result dtype: ints and bools give floatx.
_float_pair = functools.partial(
    backend_utils.float_pair, convert_to_tensor=core.convert_to_tensor
)


def _pair(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if isinstance(x1, jax.Array) and isinstance(x2, jax.Array) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


_FLOATS = frozenset(jnp.dtype(d) for d in ("float16", "bfloat16", "float32", "float64"))


def _with_scalar(x1, x2):
    """`(x1, x2)` as given when one is a float array (strongly typed) and the other a
    Python int or float: the result dtype is the array's, both in Keras's rules and in
    jnp's weak typing of Python scalars, and jnp folds the scalar in itself (an eager
    `add(x, 1e-7)` took 68 us through `convert_to_tensor`, 13 us this way). None for
    any other pair."""
    if type(x2) in (int, float):
        array = x1
    elif type(x1) in (int, float):
        array = x2
    else:
        return None
    if (
        isinstance(array, (jax.Array, jax.core.Tracer))
        and array.dtype in _FLOATS
        and not getattr(array, "weak_type", False)
    ):
        return x1, x2
    return None


def _int_pair(name, x1, x2, allow_bool=False):
    x1, x2 = _pair(x1, x2)
    dtype = dtypes.standardize_dtype(x1.dtype)
    if not (dtypes.is_int_dtype(dtype) or (allow_bool and dtype == "bool")):
        raise backend_utils.int_dtype_error(name, dtype, allow_bool)
    return x1, x2


def _modulo_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == jnp.bool_:
        return x1.astype("int32"), x2.astype("int32")
    return x1, x2


def add(x1, x2):
    pair = _with_scalar(x1, x2)
    if pair is not None:
        return jnp.add(*pair)
    x1, x2 = _pair(x1, x2)
    return jnp.add(x1, x2)


def subtract(x1, x2):
    pair = _with_scalar(x1, x2)
    if pair is not None:
        return jnp.subtract(*pair)
    x1, x2 = _pair(x1, x2)
    if x1.dtype == jnp.bool_:
        return jnp.logical_xor(x1, x2)
    return jnp.subtract(x1, x2)


def multiply(x1, x2):
    pair = _with_scalar(x1, x2)
    if pair is not None:
        return jnp.multiply(*pair)
    x1, x2 = _pair(x1, x2)
    return jnp.multiply(x1, x2)


def arctan2(x1, x2):
    return jnp.arctan2(*_float_pair(x1, x2))


def bitwise_and(x, y):
    return jnp.bitwise_and(*_int_pair("bitwise_and", x, y, allow_bool=True))


def bitwise_or(x, y):
    return jnp.bitwise_or(*_int_pair("bitwise_or", x, y, allow_bool=True))


def bitwise_xor(x, y):
    return jnp.bitwise_xor(*_int_pair("bitwise_xor", x, y, allow_bool=True))


def bitwise_left_shift(x, y):
    return jnp.left_shift(*_int_pair("bitwise_left_shift", x, y))


def bitwise_right_shift(x, y):
    return jnp.right_shift(*_int_pair("bitwise_right_shift", x, y))


def divide(x1, x2):
    pair = _with_scalar(x1, x2)
    if pair is not None:
        return jnp.true_divide(*pair)
    return jnp.true_divide(*_float_pair(x1, x2))


def divide_no_nan(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    zero = x2 == 0
    # The safe divisor keeps the gradient finite where x2 is 0.
    quotient = x1 / jnp.where(zero, jnp.ones_like(x2), x2)
    return jnp.where(zero, jnp.zeros_like(quotient), quotient)


def equal(x1, x2):
    return jnp.equal(*_pair(x1, x2))


def not_equal(x1, x2):
    return jnp.not_equal(*_pair(x1, x2))


def greater(x1, x2):
    return jnp.greater(*_pair(x1, x2))


def greater_equal(x1, x2):
    return jnp.greater_equal(*_pair(x1, x2))


def less(x1, x2):
    return jnp.less(*_pair(x1, x2))


def less_equal(x1, x2):
    return jnp.less_equal(*_pair(x1, x2))


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == jnp.bool_:
        # x // True == x, and x // False is 0 as for NumPy's integers.
        return jnp.logical_and(x1, x2)
    return jnp.floor_divide(x1, x2)


def fmax(x1, x2):
    return jnp.fmax(*_pair(x1, x2))


def fmin(x1, x2):
    return jnp.fmin(*_pair(x1, x2))


def maximum(x1, x2):
    return jnp.maximum(*(_with_scalar(x1, x2) or _pair(x1, x2)))


def minimum(x1, x2):
    return jnp.minimum(*(_with_scalar(x1, x2) or _pair(x1, x2)))


def fmod(x1, x2):
    return jnp.fmod(*_modulo_pair(x1, x2))


def mod(x1, x2):
    return jnp.mod(*_modulo_pair(x1, x2))


def gcd(x1, x2):
    return jnp.gcd(*_int_pair("gcd", x1, x2))


def lcm(x1, x2):
    return jnp.lcm(*_int_pair("lcm", x1, x2))


def heaviside(x1, x2):
    return jnp.heaviside(*_float_pair(x1, x2))


def hypot(x1, x2):
    return jnp.hypot(*_float_pair(x1, x2))


def _close_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if not jnp.issubdtype(x1.dtype, jnp.inexact):
        dtype = backend_utils.float_dtype(dtypes.standardize_dtype(x1.dtype))
        return x1.astype(dtype), x2.astype(dtype)
    return x1, x2


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _close_pair(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return jnp.all(isclose(x1, x2, rtol, atol, equal_nan))


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _pair(x1, x2)
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def ldexp(x1, x2):
    backend_utils.check_int_exponents(x2)
    x1, _ = _float_pair(x1, x2)
    return jnp.ldexp(x1, core.convert_to_tensor(x2, "int32"))


def logaddexp(x1, x2):
    return jnp.logaddexp(*_float_pair(x1, x2))


def logaddexp2(x1, x2):
    return jnp.logaddexp2(*_float_pair(x1, x2))


def logical_and(x1, x2):
    return jnp.logical_and(*_pair(x1, x2))


def logical_or(x1, x2):
    return jnp.logical_or(*_pair(x1, x2))


def logical_xor(x1, x2):
    return jnp.logical_xor(*_pair(x1, x2))


def nextafter(x1, x2):
    return jnp.nextafter(*_float_pair(x1, x2))


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == jnp.bool_:
        # x ** True == x and x ** False == 1.
        return jnp.logical_or(x1, jnp.logical_not(x2))
    return jnp.power(x1, x2)


def where(condition, x1=None, x2=None):
    condition = core.convert_to_tensor(condition, "bool")
    if x1 is None:
        return tuple(index.astype("int32") for index in jnp.nonzero(condition))
    x1, x2 = _pair(x1, x2)
    return jnp.where(condition, x1, x2)


# Fast paths (keras.backends.common.registry): for two arrays of one dtype these are
# already the Keras result, or raise (jnp.subtract on bools), and the op then takes its
# own path.
_FAST = registry.for_backend("jax")
_FAST.register(__name__, "add", jnp.add, guard="eager", note="jnp.add, one dtype")
_FAST.register(__name__, "subtract", jnp.subtract, guard="eager", note="jnp.subtract")
_FAST.register(__name__, "multiply", jnp.multiply, guard="eager", note="jnp.multiply")
_FAST.register(
    __name__,
    "divide",
    jnp.true_divide,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32"),
    note="jnp.true_divide, 16/32-bit floats keep their dtype",
)
