"""keras.ops: element-wise ops on one tensor (math functions, predicates, rounding).

Every op follows the pattern of keras/ops/binary.py: a public function whose eager path
is one isinstance check and one call to `active.unary`, and an Operation subclass used
only for KerasTensor inputs. Dtypes follow Keras 3: ops with an inherently floating
result (sin, exp, sqrt, ceil, ...) give floatx for int and bool inputs and keep
float16/bfloat16; predicates (isnan, signbit, ...) give bool; the others keep the dtype
of `x`.
"""

import numbers

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "abs",
    "absolute",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "bitwise_invert",
    "bitwise_not",
    "cbrt",
    "ceil",
    "clip",
    "conj",
    "conjugate",
    "copy",
    "cos",
    "cosh",
    "deg2rad",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "i0",
    "imag",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "log",
    "log10",
    "log1p",
    "log2",
    "logical_not",
    "nan_to_num",
    "negative",
    "rad2deg",
    "real",
    "reciprocal",
    "round",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "tan",
    "tanh",
    "trunc",
]

# The real dtype of the magnitude / parts of a complex dtype.
_REAL_PART = {"complex64": "float32", "complex128": "float64"}


def _dtype(x):
    return symbolic.result_dtype(x)


def _reject(x, name, forbidden, what):
    """A TypeError when the dtype of `x` is one `name` does not accept."""
    dtype = _dtype(x)
    if dtype in forbidden:
        raise TypeError(
            f"`{name}` does not accept {what} tensor `x`; got dtype {dtype}."
        )
    return dtype


class _Elementwise(Operation):
    """An element-wise op on one tensor, computed by `active.unary.<_function>`."""

    _function = None

    def call(self, x):
        return getattr(active.unary, self._function)(x)

    def compute_output_spec(self, x):
        return symbolic.unary_spec(x)


class _FloatElementwise(_Elementwise):
    """An op whose result is floating: int and bool inputs give floatx."""

    def compute_output_spec(self, x):
        return symbolic.float_unary_spec(x)


class _Predicate(_Elementwise):
    """An op whose result is a bool tensor of the shape of `x`."""

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype="bool")


class _RealPart(_Elementwise):
    """An op whose result is real: complex inputs give their real dtype."""

    def compute_output_spec(self, x):
        dtype = _dtype(x)
        return KerasTensor(symbolic.shape_of(x), dtype=_REAL_PART.get(dtype, dtype))


class Absolute(_RealPart):
    _function = "absolute"


def absolute(x):
    """Absolute value, element-wise.

    Args:
        x: input tensor.

    Returns:
        `|x|` in the dtype of `x` (the magnitude, as floats, for complex `x`).

    >>> keras.ops.absolute(keras.ops.array([-1.5, 2.0]))
    array([1.5, 2. ], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Absolute().symbolic_call(x)
    return active.unary.absolute(x)


def abs(x):
    """Shorthand for `keras.ops.absolute`."""
    return absolute(x)


class Angle(_FloatElementwise):
    _function = "angle"

    def compute_output_spec(self, x):
        spec = super().compute_output_spec(x)
        return KerasTensor(spec.shape, dtype=_REAL_PART.get(spec.dtype, spec.dtype))


def angle(x):
    """The argument (phase angle) of complex values, element-wise.

    Args:
        x: input tensor, real or complex.

    Returns:
        The angles in radians, in (-pi, pi] (0 or pi for real `x`), as floats.
    """
    if isinstance(x, KerasTensor):
        return Angle().symbolic_call(x)
    return active.unary.angle(x)


class BitwiseInvert(_Elementwise):
    _function = "bitwise_invert"

    def compute_output_spec(self, x):
        dtype = _dtype(x)
        if dtype != "bool" and not dtypes.is_int_dtype(dtype):
            raise TypeError(
                f"`bitwise_invert` expects an integer or bool tensor `x`; got dtype "
                f"{dtype}."
            )
        return KerasTensor(symbolic.shape_of(x), dtype=dtype)


def bitwise_invert(x):
    """Bitwise NOT, element-wise (logical NOT for bools).

    Args:
        x: integer or bool tensor.

    Returns:
        `~x`, in the dtype of `x`.

    >>> keras.ops.bitwise_invert(keras.ops.array([0, 5], dtype="int8"))
    array([-1, -6], dtype=int8)
    """
    if isinstance(x, KerasTensor):
        return BitwiseInvert().symbolic_call(x)
    return active.unary.bitwise_invert(x)


def bitwise_not(x):
    """Shorthand for `keras.ops.bitwise_invert`."""
    return bitwise_invert(x)


def _check_bounds(x_min, x_max):
    if x_min is None and x_max is None:
        raise ValueError("`clip` needs `x_min` or `x_max`; got None for both.")


class Clip(Operation):
    def __init__(self, x_min, x_max, name=None):
        super().__init__(name=name)
        _check_bounds(x_min, x_max)
        self.x_min = x_min
        self.x_max = x_max

    def call(self, x):
        return active.unary.clip(x, self.x_min, self.x_max)

    def compute_output_spec(self, x):
        dtype = _dtype(x)
        bounds = [b for b in (self.x_min, self.x_max) if b is not None]
        shapes = [symbolic.shape_of(b) for b in bounds]
        shape = symbolic.broadcast_shapes(symbolic.shape_of(x), *shapes)
        dtype = dtypes.result_type(
            "int32" if dtype == "bool" else dtype, *map(dtypes.dtype_of, bounds)
        )
        return KerasTensor(shape, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "x_min": self.x_min, "x_max": self.x_max}


def clip(x, x_min, x_max):
    """Limits the values of `x` to the interval [`x_min`, `x_max`].

    Args:
        x: input tensor.
        x_min: lower bound (a number or a tensor broadcastable to `x`), or None.
        x_max: upper bound (a number or a tensor broadcastable to `x`), or None.

    Returns:
        The clipped tensor, in the dtype `x` (bools as int32) and the bounds promote
        to: float bounds on an int tensor give a float result, as in NumPy.

    >>> keras.ops.clip(keras.ops.array([-2, 0, 7]), 0, 5)
    array([0, 0, 5], dtype=int32)
    >>> keras.ops.clip(keras.ops.array([-2, 0, 7]), 0.5, 5.5)
    array([0.5, 0.5, 5.5], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Clip(x_min, x_max).symbolic_call(x)
    return active.unary.clip(x, x_min, x_max)


def conj(x):
    """Shorthand for `keras.ops.conjugate`."""
    return conjugate(x)


class Fabs(_FloatElementwise):
    _function = "fabs"

    def compute_output_spec(self, x):
        _reject(x, "fabs", dtypes.COMPLEX_TYPES, "a complex")
        return super().compute_output_spec(x)


def fabs(x):
    """Absolute value, element-wise, as floats.

    Args:
        x: real input tensor (complex is not accepted).

    Returns:
        `|x|`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Fabs().symbolic_call(x)
    return active.unary.fabs(x)


class I0(_FloatElementwise):
    _function = "i0"

    def compute_output_spec(self, x):
        _reject(x, "i0", dtypes.COMPLEX_TYPES, "a complex")
        return super().compute_output_spec(x)


def i0(x):
    """Modified Bessel function of the first kind, order 0, element-wise.

    Args:
        x: real input tensor.

    Returns:
        `I0(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return I0().symbolic_call(x)
    return active.unary.i0(x)


class Imag(_RealPart):
    _function = "imag"


def imag(x):
    """The imaginary part of `x`, element-wise.

    Args:
        x: input tensor.

    Returns:
        The imaginary parts (floats for complex `x`; zeros of the dtype of a real `x`).
    """
    if isinstance(x, KerasTensor):
        return Imag().symbolic_call(x)
    return active.unary.imag(x)


class Real(_RealPart):
    _function = "real"


def real(x):
    """The real part of `x`, element-wise.

    Args:
        x: input tensor.

    Returns:
        The real parts (floats for complex `x`; a real `x` itself).
    """
    if isinstance(x, KerasTensor):
        return Real().symbolic_call(x)
    return active.unary.real(x)


class NanToNum(Operation):
    def __init__(self, nan=0.0, posinf=None, neginf=None, name=None):
        super().__init__(name=name)
        self.nan = nan
        self.posinf = posinf
        self.neginf = neginf

    def call(self, x):
        return active.unary.nan_to_num(x, self.nan, self.posinf, self.neginf)

    def compute_output_spec(self, x):
        return symbolic.unary_spec(x)

    def get_config(self):
        config = {"nan": self.nan, "posinf": self.posinf, "neginf": self.neginf}
        return {**super().get_config(), **config}


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN and infinities with finite numbers.

    Args:
        x: input tensor.
        nan: value that replaces NaN.
        posinf: value that replaces +inf; None means the largest value of the dtype.
        neginf: value that replaces -inf; None means the lowest value of the dtype.

    Returns:
        `x` with non-finite values replaced, in the dtype of `x`.

    >>> keras.ops.nan_to_num(keras.ops.array([float("nan"), 1.0]), nan=-1.0)
    array([-1.,  1.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return NanToNum(nan, posinf, neginf).symbolic_call(x)
    return active.unary.nan_to_num(x, nan, posinf, neginf)


class Negative(_Elementwise):
    _function = "negative"

    def compute_output_spec(self, x):
        _reject(x, "negative", ("bool",), "a bool")
        return super().compute_output_spec(x)


def negative(x):
    """Numerical negative, element-wise.

    Args:
        x: numeric tensor (bools are not accepted; use `logical_not`).

    Returns:
        `-x`, in the dtype of `x`.
    """
    if isinstance(x, KerasTensor):
        return Negative().symbolic_call(x)
    return active.unary.negative(x)


def _check_decimals(decimals):
    if not isinstance(decimals, numbers.Integral) or isinstance(decimals, bool):
        raise TypeError(f"`round` expects an int `decimals`; got {decimals!r}.")


class Round(Operation):
    def __init__(self, decimals=0, name=None):
        super().__init__(name=name)
        _check_decimals(decimals)
        self.decimals = decimals

    def call(self, x):
        return active.unary.round(x, self.decimals)

    def compute_output_spec(self, x):
        return symbolic.unary_spec(x)

    def get_config(self):
        return {**super().get_config(), "decimals": self.decimals}


def round(x, decimals=0):
    """Rounds to the given number of decimals, halves to even.

    Args:
        x: input tensor.
        decimals: number of decimal places (negative: round to tens, hundreds, ...).

    Returns:
        The rounded tensor, in the dtype of `x`.

    >>> keras.ops.round(keras.ops.array([0.5, 1.5, 2.46]), decimals=0)
    array([0., 2., 2.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Round(decimals).symbolic_call(x)
    return active.unary.round(x, decimals)


class Sign(_Elementwise):
    _function = "sign"

    def compute_output_spec(self, x):
        _reject(x, "sign", ("bool",), "a bool")
        return super().compute_output_spec(x)


def sign(x):
    """The sign of `x`, element-wise: -1, 0 or 1.

    Args:
        x: numeric tensor (bools are not accepted).

    Returns:
        The signs, in the dtype of `x` (NaN stays NaN).
    """
    if isinstance(x, KerasTensor):
        return Sign().symbolic_call(x)
    return active.unary.sign(x)


class Square(_Elementwise):
    _function = "square"

    def compute_output_spec(self, x):
        dtype = _dtype(x)
        dtype = "int32" if dtype == "bool" else dtype
        return KerasTensor(symbolic.shape_of(x), dtype=dtype)


def square(x):
    """Square, element-wise.

    Args:
        x: input tensor.

    Returns:
        `x * x`, in the dtype of `x` (bools give int32).
    """
    if isinstance(x, KerasTensor):
        return Square().symbolic_call(x)
    return active.unary.square(x)


class Arccos(_FloatElementwise):
    _function = "arccos"


def arccos(x):
    """Inverse cosine, element-wise.

    Args:
        x: input tensor, values in [-1, 1].

    Returns:
        The angles in radians, in [0, pi]; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arccos().symbolic_call(x)
    return active.unary.arccos(x)


class Arccosh(_FloatElementwise):
    _function = "arccosh"


def arccosh(x):
    """Inverse hyperbolic cosine, element-wise.

    Args:
        x: input tensor, values >= 1.

    Returns:
        `arccosh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arccosh().symbolic_call(x)
    return active.unary.arccosh(x)


class Arcsin(_FloatElementwise):
    _function = "arcsin"


def arcsin(x):
    """Inverse sine, element-wise.

    Args:
        x: input tensor, values in [-1, 1].

    Returns:
        The angles in radians, in [-pi/2, pi/2]; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arcsin().symbolic_call(x)
    return active.unary.arcsin(x)


class Arcsinh(_FloatElementwise):
    _function = "arcsinh"


def arcsinh(x):
    """Inverse hyperbolic sine, element-wise.

    Args:
        x: input tensor.

    Returns:
        `arcsinh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arcsinh().symbolic_call(x)
    return active.unary.arcsinh(x)


class Arctan(_FloatElementwise):
    _function = "arctan"


def arctan(x):
    """Inverse tangent, element-wise.

    Args:
        x: input tensor.

    Returns:
        The angles in radians, in [-pi/2, pi/2]; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arctan().symbolic_call(x)
    return active.unary.arctan(x)


class Arctanh(_FloatElementwise):
    _function = "arctanh"


def arctanh(x):
    """Inverse hyperbolic tangent, element-wise.

    Args:
        x: input tensor, values in (-1, 1).

    Returns:
        `arctanh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Arctanh().symbolic_call(x)
    return active.unary.arctanh(x)


class Cbrt(_FloatElementwise):
    _function = "cbrt"


def cbrt(x):
    """Cube root, element-wise (real, so negative inputs give negative roots).

    Args:
        x: input tensor.

    Returns:
        `x ** (1/3)` with the sign of `x`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Cbrt().symbolic_call(x)
    return active.unary.cbrt(x)


class Ceil(_FloatElementwise):
    _function = "ceil"


def ceil(x):
    """Ceiling, element-wise: the smallest integer value >= `x`.

    Args:
        x: input tensor.

    Returns:
        The ceiling of `x`, as floats (int and bool inputs give floatx, as in Keras).

    >>> keras.ops.ceil(keras.ops.array([-1.5, 1.2]))
    array([-1.,  2.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Ceil().symbolic_call(x)
    return active.unary.ceil(x)


class Cos(_FloatElementwise):
    _function = "cos"


def cos(x):
    """Cosine, element-wise.

    Args:
        x: input tensor (angles in radians).

    Returns:
        `cos(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Cos().symbolic_call(x)
    return active.unary.cos(x)


class Cosh(_FloatElementwise):
    _function = "cosh"


def cosh(x):
    """Hyperbolic cosine, element-wise.

    Args:
        x: input tensor.

    Returns:
        `cosh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Cosh().symbolic_call(x)
    return active.unary.cosh(x)


class Deg2rad(_FloatElementwise):
    _function = "deg2rad"


def deg2rad(x):
    """Converts angles from degrees to radians, element-wise.

    Args:
        x: input tensor of angles in degrees.

    Returns:
        `x * pi / 180`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Deg2rad().symbolic_call(x)
    return active.unary.deg2rad(x)


class Exp(_FloatElementwise):
    _function = "exp"


@eager.fast_path("unary")
def exp(x):
    """Exponential, element-wise.

    Args:
        x: input tensor.

    Returns:
        `e ** x`; int and bool inputs give floatx.

    >>> keras.ops.exp(keras.ops.array([0.0, 1.0]))
    array([1.       , 2.7182817], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Exp().symbolic_call(x)
    return active.unary.exp(x)


class Exp2(_FloatElementwise):
    _function = "exp2"


def exp2(x):
    """Base-2 exponential, element-wise.

    Args:
        x: input tensor.

    Returns:
        `2 ** x`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Exp2().symbolic_call(x)
    return active.unary.exp2(x)


class Expm1(_FloatElementwise):
    _function = "expm1"


def expm1(x):
    """`exp(x) - 1`, element-wise, accurate for small `x`.

    Args:
        x: input tensor.

    Returns:
        `exp(x) - 1`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Expm1().symbolic_call(x)
    return active.unary.expm1(x)


class Floor(_FloatElementwise):
    _function = "floor"


def floor(x):
    """Floor, element-wise: the largest integer value <= `x`.

    Args:
        x: input tensor.

    Returns:
        The floor of `x`, as floats (int and bool inputs give floatx, as in Keras).
    """
    if isinstance(x, KerasTensor):
        return Floor().symbolic_call(x)
    return active.unary.floor(x)


class Log(_FloatElementwise):
    _function = "log"


def log(x):
    """Natural logarithm, element-wise.

    Args:
        x: input tensor.

    Returns:
        `ln(x)` (NaN below 0, -inf at 0); int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Log().symbolic_call(x)
    return active.unary.log(x)


class Log10(_FloatElementwise):
    _function = "log10"


def log10(x):
    """Base-10 logarithm, element-wise.

    Args:
        x: input tensor.

    Returns:
        `log10(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Log10().symbolic_call(x)
    return active.unary.log10(x)


class Log1p(_FloatElementwise):
    _function = "log1p"


def log1p(x):
    """`log(1 + x)`, element-wise, accurate for small `x`.

    Args:
        x: input tensor.

    Returns:
        `log(1 + x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Log1p().symbolic_call(x)
    return active.unary.log1p(x)


class Log2(_FloatElementwise):
    _function = "log2"


def log2(x):
    """Base-2 logarithm, element-wise.

    Args:
        x: input tensor.

    Returns:
        `log2(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Log2().symbolic_call(x)
    return active.unary.log2(x)


class Rad2deg(_FloatElementwise):
    _function = "rad2deg"


def rad2deg(x):
    """Converts angles from radians to degrees, element-wise.

    Args:
        x: input tensor of angles in radians.

    Returns:
        `x * 180 / pi`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Rad2deg().symbolic_call(x)
    return active.unary.rad2deg(x)


class Reciprocal(_FloatElementwise):
    _function = "reciprocal"


def reciprocal(x):
    """Reciprocal, element-wise.

    Args:
        x: input tensor.

    Returns:
        `1 / x` (inf at 0); int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Reciprocal().symbolic_call(x)
    return active.unary.reciprocal(x)


class Sin(_FloatElementwise):
    _function = "sin"


def sin(x):
    """Sine, element-wise.

    Args:
        x: input tensor (angles in radians).

    Returns:
        `sin(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Sin().symbolic_call(x)
    return active.unary.sin(x)


class Sinc(_FloatElementwise):
    _function = "sinc"


def sinc(x):
    """Normalized sinc, element-wise: `sin(pi * x) / (pi * x)`, 1 at 0.

    Args:
        x: input tensor.

    Returns:
        `sinc(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Sinc().symbolic_call(x)
    return active.unary.sinc(x)


class Sinh(_FloatElementwise):
    _function = "sinh"


def sinh(x):
    """Hyperbolic sine, element-wise.

    Args:
        x: input tensor.

    Returns:
        `sinh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Sinh().symbolic_call(x)
    return active.unary.sinh(x)


class Sqrt(_FloatElementwise):
    _function = "sqrt"


def sqrt(x):
    """Square root, element-wise.

    Args:
        x: input tensor.

    Returns:
        `sqrt(x)` (NaN below 0); int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Sqrt().symbolic_call(x)
    return active.unary.sqrt(x)


class Tan(_FloatElementwise):
    _function = "tan"


def tan(x):
    """Tangent, element-wise.

    Args:
        x: input tensor (angles in radians).

    Returns:
        `tan(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Tan().symbolic_call(x)
    return active.unary.tan(x)


class Tanh(_FloatElementwise):
    _function = "tanh"


def tanh(x):
    """Hyperbolic tangent, element-wise.

    Args:
        x: input tensor.

    Returns:
        `tanh(x)`; int and bool inputs give floatx.
    """
    if isinstance(x, KerasTensor):
        return Tanh().symbolic_call(x)
    return active.unary.tanh(x)


class Conjugate(_Elementwise):
    _function = "conjugate"


def conjugate(x):
    """Complex conjugate, element-wise.

    Args:
        x: input tensor.

    Returns:
        The conjugate of `x` (real inputs are returned unchanged), same dtype.
    """
    if isinstance(x, KerasTensor):
        return Conjugate().symbolic_call(x)
    return active.unary.conjugate(x)


class Copy(_Elementwise):
    _function = "copy"


def copy(x):
    """Returns a copy of `x`.

    Args:
        x: input tensor.

    Returns:
        A new tensor with the values, shape and dtype of `x`.
    """
    if isinstance(x, KerasTensor):
        return Copy().symbolic_call(x)
    return active.unary.copy(x)


class Trunc(_Elementwise):
    _function = "trunc"


def trunc(x):
    """Rounds towards zero, element-wise.

    Args:
        x: input tensor.

    Returns:
        The integer parts of `x`, in the dtype of `x` (ints and bools unchanged).
    """
    if isinstance(x, KerasTensor):
        return Trunc().symbolic_call(x)
    return active.unary.trunc(x)


class Isfinite(_Predicate):
    _function = "isfinite"


def isfinite(x):
    """Tests element-wise for finiteness (neither infinite nor NaN).

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is finite (always for ints and bools).
    """
    if isinstance(x, KerasTensor):
        return Isfinite().symbolic_call(x)
    return active.unary.isfinite(x)


class Isinf(_Predicate):
    _function = "isinf"


def isinf(x):
    """Tests element-wise for positive or negative infinity.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is +inf or -inf.
    """
    if isinstance(x, KerasTensor):
        return Isinf().symbolic_call(x)
    return active.unary.isinf(x)


class Isnan(_Predicate):
    _function = "isnan"


def isnan(x):
    """Tests element-wise for NaN.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is NaN.

    >>> keras.ops.isnan(keras.ops.array([1.0, float("nan")]))
    array([False,  True])
    """
    if isinstance(x, KerasTensor):
        return Isnan().symbolic_call(x)
    return active.unary.isnan(x)


class Isneginf(_Predicate):
    _function = "isneginf"


def isneginf(x):
    """Tests element-wise for negative infinity.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is -inf.
    """
    if isinstance(x, KerasTensor):
        return Isneginf().symbolic_call(x)
    return active.unary.isneginf(x)


class Isposinf(_Predicate):
    _function = "isposinf"


def isposinf(x):
    """Tests element-wise for positive infinity.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is +inf.
    """
    if isinstance(x, KerasTensor):
        return Isposinf().symbolic_call(x)
    return active.unary.isposinf(x)


class Isreal(_Predicate):
    _function = "isreal"


def isreal(x):
    """Tests element-wise whether the imaginary part is zero.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` has no imaginary part (always for real dtypes).
    """
    if isinstance(x, KerasTensor):
        return Isreal().symbolic_call(x)
    return active.unary.isreal(x)


class LogicalNot(_Predicate):
    _function = "logical_not"


def logical_not(x):
    """Logical NOT, element-wise.

    Args:
        x: input tensor (non-zero values count as True).

    Returns:
        A bool tensor, True where `x` is zero or False.
    """
    if isinstance(x, KerasTensor):
        return LogicalNot().symbolic_call(x)
    return active.unary.logical_not(x)


class Signbit(_Predicate):
    _function = "signbit"


def signbit(x):
    """Tests element-wise whether the sign bit is set.

    Args:
        x: input tensor.

    Returns:
        A bool tensor, True where `x` is negative (including -0.0).
    """
    if isinstance(x, KerasTensor):
        return Signbit().symbolic_call(x)
    return active.unary.signbit(x)

