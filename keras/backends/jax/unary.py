"""jax backend: the unary ops (see keras/ops/unary.py for their contract)."""

import jax.numpy as jnp
import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.jax import core

_FLOATS = frozenset(jnp.dtype(d) for d in ("float16", "bfloat16", "float32", "float64"))
_NUMBERS = (int, float, type(None))


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return x.astype(backend_utils.numpy_float_dtype(x.dtype))


def _is_complex(x):
    return jnp.issubdtype(x.dtype, jnp.complexfloating)


def _is_int(x):
    return jnp.issubdtype(x.dtype, jnp.integer)


def _reject_bool(x, name):
    if x.dtype == jnp.bool_:
        raise backend_utils.bool_input_error(name)


def _reject_complex(x, name):
    if _is_complex(x):
        raise backend_utils.complex_input_error(name, x.dtype)


def _float_op(function):
    return backend_utils.float_op(function, _float)


arccos = _float_op(jnp.arccos)
arccosh = _float_op(jnp.arccosh)
arcsin = _float_op(jnp.arcsin)
arcsinh = _float_op(jnp.arcsinh)
arctan = _float_op(jnp.arctan)
arctanh = _float_op(jnp.arctanh)
cbrt = _float_op(jnp.cbrt)
ceil = _float_op(jnp.ceil)
cos = _float_op(jnp.cos)
cosh = _float_op(jnp.cosh)
deg2rad = _float_op(jnp.deg2rad)
exp = _float_op(jnp.exp)
exp2 = _float_op(jnp.exp2)
expm1 = _float_op(jnp.expm1)
floor = _float_op(jnp.floor)
log = _float_op(jnp.log)
log10 = _float_op(jnp.log10)
log1p = _float_op(jnp.log1p)
log2 = _float_op(jnp.log2)
rad2deg = _float_op(jnp.rad2deg)
reciprocal = _float_op(jnp.reciprocal)
sin = _float_op(jnp.sin)
sinc = _float_op(jnp.sinc)
sinh = _float_op(jnp.sinh)
sqrt = _float_op(jnp.sqrt)
tan = _float_op(jnp.tan)
tanh = _float_op(jnp.tanh)


def absolute(x):
    return jnp.absolute(_tensor(x))


def angle(x):
    x = _float(x)
    if _is_complex(x):
        return jnp.angle(x)
    return jnp.arctan2(jnp.zeros_like(x), x)


def bitwise_invert(x):
    x = _tensor(x)
    if x.dtype != jnp.bool_ and not _is_int(x):
        raise TypeError(
            f"`bitwise_invert` expects an integer or bool tensor `x`; got {x.dtype}."
        )
    return jnp.invert(x)


def clip(x, x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")
    x = _tensor(x)
    if (
        x.dtype in _FLOATS
        and type(x_min) in _NUMBERS
        and type(x_max) in _NUMBERS
        and not getattr(x, "weak_type", False)
    ):
        # Python-number bounds of a float tensor: the result keeps its dtype (Keras's
        # rule and jnp's), and jnp folds the bounds in (an eager clip: 127 -> ~20 us).
        return jnp.clip(x, x_min, x_max)
    if x.dtype == jnp.bool_:
        x = x.astype(jnp.int32)
    # In the dtype `x` and its bounds promote to: float bounds make an int tensor float.
    work, x_min, x_max = backend_utils.clip_bounds(
        x, x_min, x_max, core.convert_to_tensor
    )
    return jnp.clip(x.astype(dtypes.numpy_dtype(work)), x_min, x_max)


def conjugate(x):
    return jnp.conjugate(_tensor(x))


def copy(x):
    return jnp.array(_tensor(x), copy=True)


def fabs(x):
    x = _float(x)
    _reject_complex(x, "fabs")
    return jnp.fabs(x)


def i0(x):
    x = _float(x)
    _reject_complex(x, "i0")
    return jnp.i0(x)


def imag(x):
    x = _tensor(x)
    if _is_complex(x):
        return jnp.imag(x)
    return jnp.zeros_like(x)


def isfinite(x):
    return jnp.isfinite(_tensor(x))


def isinf(x):
    return jnp.isinf(_tensor(x))


def isnan(x):
    return jnp.isnan(_tensor(x))


def isneginf(x):
    return jnp.isneginf(_tensor(x))


def isposinf(x):
    return jnp.isposinf(_tensor(x))


def isreal(x):
    return jnp.isreal(_tensor(x))


def logical_not(x):
    return jnp.logical_not(_tensor(x))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = _tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def negative(x):
    x = _tensor(x)
    _reject_bool(x, "negative")
    return jnp.negative(x)


def real(x):
    x = _tensor(x)
    if _is_complex(x):
        return jnp.real(x)
    return x


def round(x, decimals=0):
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")
    x = _tensor(x)
    if x.dtype == jnp.bool_ or (decimals >= 0 and _is_int(x)):
        return x
    if _is_int(x):
        return _round_int(x, 10**-decimals)
    return jnp.round(x, decimals)


def _round_int(x, step):
    """`x` rounded to a multiple of `step`, halves to even, in integer arithmetic (jnp's
    round has no negative decimals for ints, and float32 is not exact beyond 2**24)."""
    if step > jnp.iinfo(x.dtype).max:
        return jnp.zeros_like(x)
    step = jnp.asarray(step, x.dtype)
    quotient = jnp.floor_divide(x, step)
    rest = x - quotient * step  # in [0, step)
    up = (rest > step - rest) | ((rest == step - rest) & (quotient % 2 == 1))
    return (quotient + up.astype(x.dtype)) * step


def sign(x):
    x = _tensor(x)
    _reject_bool(x, "sign")
    return jnp.sign(x)


def signbit(x):
    x = _tensor(x)
    if x.dtype == jnp.bool_:
        return jnp.zeros(x.shape, dtype=bool)
    return jnp.signbit(x)


def square(x):
    x = _tensor(x)
    if x.dtype == jnp.bool_:
        x = x.astype(jnp.int32)
    return jnp.square(x)


def trunc(x):
    x = _tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return x
    return jnp.trunc(x)


# Fast path (keras.backends.common.registry): jnp.exp keeps float dtypes.
registry.for_backend("jax").register(
    __name__,
    "exp",
    jnp.exp,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="jnp.exp",
)
