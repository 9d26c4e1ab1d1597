"""torch backend: the unary ops (see keras/ops/unary.py for their contract).

torch has no CPU kernels for most ops on uint16/uint32 (abs, neg, sign, pow,
bitwise_not, clamp, logical_not); those go through int64 and back, which wraps as NumPy
does.
"""

import math

import numpy as np
import torch

from keras.backends.common import backend_utils
from keras.backends.common import registry
from keras.backends.torch import core

_WIDEN = frozenset((torch.uint16, torch.uint32, torch.uint64))
_UNSIGNED = frozenset((torch.uint8,)) | _WIDEN


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.is_floating_point() or x.is_complex():
        return x
    return core.convert_to_tensor(x, backend_utils.float_dtype(x.dtype))


def _is_int(x):
    return not (x.is_floating_point() or x.is_complex() or x.dtype == torch.bool)


def _widened(function, x):
    """`function(x)`, through int64 for the unsigned dtypes torch has no kernels for."""
    if x.dtype in _WIDEN:
        return function(x.to(torch.int64)).to(x.dtype)
    return function(x)


def _reject_bool(x, name):
    if x.dtype == torch.bool:
        raise backend_utils.bool_input_error(name)


def _reject_complex(x, name):
    if x.is_complex():
        raise backend_utils.complex_input_error(name, x.dtype)


def _float_op(function):
    return backend_utils.float_op(function, _float)


def _cbrt(x):
    return torch.sign(x) * torch.abs(x).pow(1.0 / 3.0)


arccos = _float_op(torch.arccos)
arccosh = _float_op(torch.arccosh)
arcsin = _float_op(torch.arcsin)
arcsinh = _float_op(torch.arcsinh)
arctan = _float_op(torch.arctan)
arctanh = _float_op(torch.arctanh)
cbrt = _float_op(_cbrt)
ceil = _float_op(torch.ceil)
cos = _float_op(torch.cos)
cosh = _float_op(torch.cosh)
deg2rad = _float_op(torch.deg2rad)
exp = _float_op(torch.exp)
exp2 = _float_op(torch.exp2)
expm1 = _float_op(torch.expm1)
floor = _float_op(torch.floor)
log = _float_op(torch.log)
log10 = _float_op(torch.log10)
log1p = _float_op(torch.log1p)
log2 = _float_op(torch.log2)
rad2deg = _float_op(torch.rad2deg)
reciprocal = _float_op(torch.reciprocal)
sin = _float_op(torch.sin)
sinc = _float_op(torch.sinc)
sinh = _float_op(torch.sinh)
sqrt = _float_op(torch.sqrt)
tan = _float_op(torch.tan)
tanh = _float_op(torch.tanh)


def absolute(x):
    x = _tensor(x)
    if x.dtype == torch.bool or x.dtype in _UNSIGNED:
        return x
    return torch.abs(x)


def angle(x):
    x = _float(x)
    if x.is_complex():
        return torch.angle(x)
    return torch.atan2(torch.zeros_like(x), x)


def bitwise_invert(x):
    x = _tensor(x)
    if x.dtype != torch.bool and not _is_int(x):
        raise TypeError(
            f"`bitwise_invert` expects an integer or bool tensor `x`; got {x.dtype}."
        )
    return _widened(torch.bitwise_not, x)


def clip(x, x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    # In the dtype `x` and its bounds promote to: float bounds make an int tensor float.
    work, x_min, x_max = backend_utils.clip_bounds(
        x, x_min, x_max, core.convert_to_tensor
    )
    x = core.convert_to_tensor(x, work)
    out_dtype = x.dtype
    if out_dtype in _WIDEN:
        x = x.to(torch.int64)
        x_min = None if x_min is None else x_min.to(torch.int64)
        x_max = None if x_max is None else x_max.to(torch.int64)
    return torch.clamp(x, x_min, x_max).to(out_dtype)


def conjugate(x):
    return torch.conj_physical(_tensor(x))


def copy(x):
    return torch.clone(_tensor(x))


def fabs(x):
    x = _float(x)
    _reject_complex(x, "fabs")
    return torch.abs(x)


def i0(x):
    x = _float(x)
    _reject_complex(x, "i0")
    return torch.special.i0(x)


def imag(x):
    x = _tensor(x)
    if x.is_complex():
        return torch.imag(x)
    return torch.zeros_like(x)


def isfinite(x):
    return torch.isfinite(_tensor(x))


def isinf(x):
    return torch.isinf(_tensor(x))


def isnan(x):
    return torch.isnan(_tensor(x))


def isneginf(x):
    return torch.isneginf(_tensor(x))


def isposinf(x):
    return torch.isposinf(_tensor(x))


def isreal(x):
    return torch.isreal(_tensor(x))


def logical_not(x):
    x = _tensor(x)
    if x.dtype in _WIDEN:
        return x == 0
    return torch.logical_not(x)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _tensor(x)
    if not (x.is_floating_point() or x.is_complex()):
        return x
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def negative(x):
    x = _tensor(x)
    _reject_bool(x, "negative")
    return _widened(torch.negative, x)


def real(x):
    x = _tensor(x)
    if x.is_complex():
        return torch.real(x)
    return x


def round(x, decimals=0):
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")
    x = _tensor(x)
    if x.dtype == torch.bool or (decimals >= 0 and _is_int(x)):
        return x
    if _is_int(x):
        # Round to a multiple of 10**-decimals, halves to even, exactly in float64.
        scale = math.pow(10, -decimals)
        return (torch.round(x.to(torch.float64) / scale) * scale).to(x.dtype)
    return torch.round(x, decimals=int(decimals))


def sign(x):
    x = _tensor(x)
    _reject_bool(x, "sign")
    if x.is_complex():
        return torch.sgn(x)
    if x.is_floating_point():
        # torch.sign(nan) is 0; NumPy's is nan.
        return torch.where(torch.isnan(x), x, torch.sign(x))
    return _widened(torch.sign, x)


def signbit(x):
    x = _tensor(x)
    if x.dtype == torch.bool:
        return torch.zeros_like(x)
    return torch.signbit(x)


def square(x):
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = x.to(torch.int32)
    return _widened(torch.square, x)


def trunc(x):
    x = _tensor(x)
    if not (x.is_floating_point() or x.is_complex()):
        return x
    return torch.trunc(x)


# Fast path (keras.backends.common.registry): torch.exp keeps float dtypes.
registry.for_backend("torch").register(
    __name__,
    "exp",
    torch.exp,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    devices=("cpu", "cuda"),
    note="torch.exp",
)
