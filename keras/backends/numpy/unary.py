"""numpy backend: the unary ops (see keras/ops/unary.py for their contract)."""

import ml_dtypes
import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.numpy import core

_COMPLEX = frozenset((np.dtype("complex64"), np.dtype("complex128")))
_FLOATS = frozenset(
    np.dtype(dtype) for dtype in (ml_dtypes.bfloat16, "float16", "float32", "float64")
)
_INEXACT = _FLOATS | _COMPLEX
_REAL_OF = {np.dtype("complex64"): np.float32, np.dtype("complex128"): np.float64}
_BOOL = np.dtype(bool)


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype in _INEXACT:
        return x
    return x.astype(backend_utils.numpy_float_dtype(x.dtype))


def _is_int(dtype):
    return dtype.kind in "iu" or dtype in (ml_dtypes.int4, ml_dtypes.uint4)


def _reject_bool(x, name):
    if x.dtype == _BOOL:
        raise backend_utils.bool_input_error(name)


def _float_op(function):
    def op(x):
        x = _float(x)
        return function(x).astype(x.dtype, copy=False)

    op.__name__ = function.__name__
    return op


arccos = _float_op(np.arccos)
arccosh = _float_op(np.arccosh)
arcsin = _float_op(np.arcsin)
arcsinh = _float_op(np.arcsinh)
arctan = _float_op(np.arctan)
arctanh = _float_op(np.arctanh)
cbrt = _float_op(np.cbrt)
ceil = _float_op(np.ceil)
cos = _float_op(np.cos)
cosh = _float_op(np.cosh)
deg2rad = _float_op(np.deg2rad)
exp = _float_op(np.exp)
exp2 = _float_op(np.exp2)
expm1 = _float_op(np.expm1)
floor = _float_op(np.floor)
log = _float_op(np.log)
log10 = _float_op(np.log10)
log1p = _float_op(np.log1p)
log2 = _float_op(np.log2)
rad2deg = _float_op(np.rad2deg)
reciprocal = _float_op(np.reciprocal)
sin = _float_op(np.sin)
sinc = _float_op(np.sinc)
sinh = _float_op(np.sinh)
sqrt = _float_op(np.sqrt)
tan = _float_op(np.tan)
tanh = _float_op(np.tanh)


def absolute(x):
    x = _tensor(x)
    if x.dtype in _COMPLEX:
        return np.absolute(x).astype(_REAL_OF[x.dtype])
    return np.absolute(x)


def angle(x):
    x = _float(x)
    if x.dtype in _COMPLEX:
        return np.angle(x).astype(_REAL_OF[x.dtype])
    return np.arctan2(np.zeros_like(x), x)


def bitwise_invert(x):
    x = _tensor(x)
    if x.dtype != _BOOL and not _is_int(x.dtype):
        raise TypeError(
            f"`bitwise_invert` expects an integer or bool tensor `x`; got {x.dtype}."
        )
    return np.invert(x)


def clip(x, x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")
    x = _tensor(x)
    if x.dtype == _BOOL:
        x = x.astype(np.int32)
    # The result takes the dtype `x` and its bounds promote to (float bounds make an
    # int tensor float, as in NumPy), so no value falls outside the bounds.
    work, x_min, x_max = backend_utils.clip_bounds(
        x, x_min, x_max, core.convert_to_tensor
    )
    work = dtypes.numpy_dtype(work)
    # NumPy clips bfloat16 in float32: cast the result back.
    return np.clip(x.astype(work, copy=False), x_min, x_max).astype(work, copy=False)


def conjugate(x):
    x = _tensor(x)
    if x.dtype in _COMPLEX:
        return np.conjugate(x)
    return x


def copy(x):
    return np.array(_tensor(x), copy=True)


def fabs(x):
    x = _float(x)
    if x.dtype in _COMPLEX:
        raise TypeError(f"`fabs` does not accept a complex tensor `x`; got {x.dtype}.")
    return np.fabs(x)


def i0(x):
    x = _float(x)
    if x.dtype in _COMPLEX:
        raise TypeError(f"`i0` does not accept a complex tensor `x`; got {x.dtype}.")
    return np.i0(x).astype(x.dtype, copy=False)


def imag(x):
    x = _tensor(x)
    if x.dtype in _COMPLEX:
        return np.imag(x)
    return np.zeros_like(x)


def isfinite(x):
    return np.isfinite(_tensor(x))


def isinf(x):
    return np.isinf(_tensor(x))


def isnan(x):
    return np.isnan(_tensor(x))


def isneginf(x):
    return np.isneginf(_tensor(x))


def isposinf(x):
    return np.isposinf(_tensor(x))


def isreal(x):
    return np.isreal(_tensor(x))


def logical_not(x):
    return np.logical_not(_tensor(x))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _tensor(x)
    if x.dtype not in _INEXACT:
        return x
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def negative(x):
    x = _tensor(x)
    _reject_bool(x, "negative")
    return np.negative(x)


def real(x):
    x = _tensor(x)
    if x.dtype in _COMPLEX:
        return np.real(x)
    return x


def round(x, decimals=0):
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")
    x = _tensor(x)
    if x.dtype == _BOOL or (decimals >= 0 and _is_int(x.dtype)):
        return x
    return np.round(x, decimals)


def sign(x):
    x = _tensor(x)
    _reject_bool(x, "sign")
    return np.sign(x)


def signbit(x):
    x = _tensor(x)
    if x.dtype == _BOOL:
        return np.zeros(x.shape, dtype=bool)
    return np.signbit(x)


def square(x):
    x = _tensor(x)
    if x.dtype == _BOOL:
        x = x.astype("int32")
    return np.square(x)


def trunc(x):
    x = _tensor(x)
    if x.dtype not in _INEXACT:
        return x
    return np.trunc(x)


# Fast path (keras.backends.common.registry): np.exp keeps float dtypes.
registry.for_backend("numpy").register(
    __name__,
    "exp",
    np.exp,
    guard="eager",
    dtypes=("float16", "float32"),
    note="np.exp",
)
