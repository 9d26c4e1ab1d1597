"""torch backend: element-wise ops on two tensors (see keras/ops/binary.py).

torch has CPU kernels for few ops on uint16/uint32/uint64 (add, compare, max, mod,
shift, pow, gcd, isin, ...): those go through int64 and, for the ops whose result keeps
the input dtype, back again, which wraps as NumPy does.
"""

import functools

import torch

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.torch import core

_WIDEN = frozenset((torch.uint16, torch.uint32, torch.uint64))
# Float dtypes torch computes in as they are (no wider "opmath" type), so a Python number
# operand gives the same result as that number converted to a tensor of the dtype.
# float64 is left out: Keras promotes a float64 tensor and a Python number to float32
# (64-bit results narrowed), as the promoting path does.
_OWN_OPMATH = frozenset((torch.float32,))



# `x1`, `x2` in their floating result dtype: ints and bools give floatx.
_float_pair = functools.partial(
    backend_utils.float_pair, convert_to_tensor=core.convert_to_tensor
)


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if torch.is_tensor(x1) and torch.is_tensor(x2) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def _widened(function, x1, x2, keep_dtype=True):
    """`function(x1, x2)`, through int64 for the unsigned dtypes without kernels."""
    if x1.dtype in _WIDEN:
        result = function(x1.to(torch.int64), x2.to(torch.int64))
        return result.to(x1.dtype) if keep_dtype else result
    return function(x1, x2)


def _is_int(x):
    return not (x.is_floating_point() or x.is_complex() or x.dtype == torch.bool)


def _int_pair(name, x1, x2, allow_bool=False):
    x1, x2 = _pair(x1, x2)
    if not (_is_int(x1) or (allow_bool and x1.dtype == torch.bool)):
        raise backend_utils.int_dtype_error(name, x1.dtype, allow_bool)
    return x1, x2


def _modulo_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        return x1.to(torch.int32), x2.to(torch.int32)
    return x1, x2


def add(x1, x2):
    # Fast path: two plain tensors (or Variables) of one dtype that torch adds natively.
    x1, x2 = core._plain(x1), core._plain(x2)
    if (
        type(x1) in core._PLAIN_TENSORS
        and type(x2) in core._PLAIN_TENSORS
        and x1.dtype is x2.dtype
        and x1.dtype not in _WIDEN
    ):
        return torch.add(x1, x2)
    return _widened(torch.add, *_pair(x1, x2))


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        return torch.logical_xor(x1, x2)
    return _widened(torch.subtract, x1, x2)


def multiply(x1, x2):
    # Fast path: a float tensor times a Python number (weak: the result keeps the dtype).
    if (
        type(x1) in core._PLAIN_TENSORS
        and (type(x2) is int or type(x2) is float)
        and x1.dtype in _OWN_OPMATH
    ):
        return torch.multiply(x1, x2)
    x1, x2 = _pair(x1, x2)
    return torch.multiply(x1, x2)


def arctan2(x1, x2):
    return torch.atan2(*_float_pair(x1, x2))


def bitwise_and(x, y):
    return torch.bitwise_and(*_int_pair("bitwise_and", x, y, allow_bool=True))


def bitwise_or(x, y):
    return torch.bitwise_or(*_int_pair("bitwise_or", x, y, allow_bool=True))


def bitwise_xor(x, y):
    return torch.bitwise_xor(*_int_pair("bitwise_xor", x, y, allow_bool=True))


def bitwise_left_shift(x, y):
    x, y = _int_pair("bitwise_left_shift", x, y)
    return _widened(torch.bitwise_left_shift, x, y)


def bitwise_right_shift(x, y):
    x, y = _int_pair("bitwise_right_shift", x, y)
    return _widened(torch.bitwise_right_shift, x, y)


def divide(x1, x2):
    # Fast path: a float tensor by a Python number (weak: the result keeps the dtype).
    if (
        type(x1) in core._PLAIN_TENSORS
        and (type(x2) is int or type(x2) is float)
        and x1.dtype in _OWN_OPMATH
    ):
        return torch.true_divide(x1, x2)
    return torch.true_divide(*_float_pair(x1, x2))


def divide_no_nan(x1, x2):
    if not (
        type(x1) in core._PLAIN_TENSORS
        and type(x2) in core._PLAIN_TENSORS
        and x1.dtype is x2.dtype
        and x1.is_floating_point()
        and x1.dtype is not torch.float64
    ):
        # Other dtypes go through promotion: ints give floatx, and float64 gives
        # float32 as divide does (64-bit results narrowed).
        x1, x2 = _float_pair(x1, x2)
    zero = x2 == 0
    # The safe divisor keeps the gradient finite where x2 is 0.
    quotient = x1 / torch.where(zero, 1.0, x2)
    return torch.where(zero, 0.0, quotient)


def _comparison(function):
    def compare(x1, x2):
        return _widened(function, *_pair(x1, x2), keep_dtype=False)

    return compare


equal = _comparison(torch.eq)
not_equal = _comparison(torch.ne)
greater = _comparison(torch.gt)
greater_equal = _comparison(torch.ge)
less = _comparison(torch.lt)
less_equal = _comparison(torch.le)


def floor_divide(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        # x // True == x, and x // False is 0 as for NumPy's integers.
        return torch.logical_and(x1, x2)
    return _widened(torch.floor_divide, x1, x2)


def fmax(x1, x2):
    return _widened(torch.fmax, *_pair(x1, x2))


def fmin(x1, x2):
    return _widened(torch.fmin, *_pair(x1, x2))


def maximum(x1, x2):
    return _widened(torch.maximum, *_pair(x1, x2))


def minimum(x1, x2):
    return _widened(torch.minimum, *_pair(x1, x2))


def fmod(x1, x2):
    return _widened(torch.fmod, *_modulo_pair(x1, x2))


def mod(x1, x2):
    return _widened(torch.remainder, *_modulo_pair(x1, x2))


def gcd(x1, x2):
    return _widened(torch.gcd, *_int_pair("gcd", x1, x2))


def lcm(x1, x2):
    return _widened(torch.lcm, *_int_pair("lcm", x1, x2))


def heaviside(x1, x2):
    # torch.heaviside has no gradient and gives 0, not NaN, for NaN inputs.
    x1, x2 = torch.broadcast_tensors(*_float_pair(x1, x2))
    step = torch.where(x1 > 0, torch.ones_like(x1), torch.zeros_like(x1))
    return torch.where(x1 == 0, x2, torch.where(torch.isnan(x1), x1, step))


def hypot(x1, x2):
    return torch.hypot(*_float_pair(x1, x2))


def _close_pair(x1, x2):
    x1, x2 = _pair(x1, x2)
    if not (x1.is_floating_point() or x1.is_complex()):
        dtype = backend_utils.float_dtype(dtypes.standardize_dtype(x1.dtype))
        return core.cast(x1, dtype), core.cast(x2, dtype)
    return x1, x2


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    x1, x2 = _close_pair(x1, x2)
    return torch.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    return torch.all(isclose(x1, x2, rtol, atol, equal_nan))


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        x1, x2 = x1.to(torch.uint8), x2.to(torch.uint8)
    elif x1.dtype in _WIDEN:
        x1, x2 = x1.to(torch.int64), x2.to(torch.int64)
    return torch.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def ldexp(x1, x2):
    backend_utils.check_int_exponents(x2)
    x1, _ = _float_pair(x1, x2)
    # Powers of two are exact in float32, so the product rounds once, as NumPy's does.
    scale = torch.exp2(core.convert_to_tensor(x2, "float32"))
    wide = x1 if x1.dtype == torch.float64 else x1.to(torch.float32)
    return (wide * scale).to(x1.dtype)


def logaddexp(x1, x2):
    return torch.logaddexp(*_float_pair(x1, x2))


def logaddexp2(x1, x2):
    return torch.logaddexp2(*_float_pair(x1, x2))


logical_and = _comparison(torch.logical_and)
logical_or = _comparison(torch.logical_or)
logical_xor = _comparison(torch.logical_xor)


def nextafter(x1, x2):
    return torch.nextafter(*_float_pair(x1, x2))


def power(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == torch.bool:
        # x ** True == x and x ** False == 1.
        return torch.logical_or(x1, torch.logical_not(x2))
    return _widened(torch.pow, x1, x2)


def where(condition, x1=None, x2=None):
    condition = core.convert_to_tensor(condition, "bool")
    if x1 is None:
        indices = torch.nonzero(condition, as_tuple=True)
        return tuple(index.to(torch.int32) for index in indices)
    x1, x2 = _pair(x1, x2)
    return torch.where(condition, x1, x2)


# Fast paths (keras.backends.common.registry): for two tensors of one dtype these are
# already the Keras result, or raise for the dtypes torch has no kernel for (then the
# op's own path widens them), on any device.
_FAST = registry.for_backend("torch")
_ANY_DEVICE = ("cpu", "cuda")
_FAST.register(
    __name__, "add", torch.add, guard="eager", devices=_ANY_DEVICE, note="torch.add"
)
_FAST.register(
    __name__,
    "subtract",
    torch.subtract,
    guard="eager",
    devices=_ANY_DEVICE,
    note="torch.subtract (bools raise: own path)",
)
_FAST.register(
    __name__,
    "multiply",
    torch.multiply,
    guard="eager",
    devices=_ANY_DEVICE,
    note="torch.multiply",
)
_FAST.register(
    __name__,
    "divide",
    torch.true_divide,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32"),
    devices=_ANY_DEVICE,
    note="torch.true_divide, 16/32-bit floats keep their dtype",
)
