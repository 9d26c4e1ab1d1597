"""keras.ops: element-wise ops on two (or three) tensors, with NumPy broadcasting.

Every op follows one pattern: a public function whose eager path is one isinstance check
and one backend call, and an Operation subclass used only for symbolic (KerasTensor)
inputs, whose `compute_output_spec` gives the broadcast shape and the result dtype.

Dtypes follow Keras 3: arithmetic keeps the promoted dtype of the inputs (Python scalars
are weak: an int8 tensor + 2 stays int8); ops with an inherently floating result
(divide, arctan2, hypot, logaddexp, ...) give floatx for int and bool inputs and keep
float16/bfloat16; comparisons and logical ops give bool.
"""

import numbers

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "add",
    "allclose",
    "arctan2",
    "bitwise_and",
    "bitwise_left_shift",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "divide",
    "divide_no_nan",
    "equal",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "greater",
    "greater_equal",
    "heaviside",
    "hypot",
    "isclose",
    "isin",
    "lcm",
    "ldexp",
    "left_shift",
    "less",
    "less_equal",
    "logaddexp",
    "logaddexp2",
    "logical_and",
    "logical_or",
    "logical_xor",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nextafter",
    "not_equal",
    "power",
    "right_shift",
    "subtract",
    "true_divide",
    "where",
]


_symbolic = symbolic.is_symbolic


def _promoted(x1, x2):
    return symbolic.result_dtype(x1, x2)


def _check_integer(name, dtype, allow_bool=False):
    """A TypeError unless `dtype` (the promoted dtype of the inputs) is an integer."""
    if dtypes.is_int_dtype(dtype) or (allow_bool and dtype == "bool"):
        return dtype
    expected = "integer or bool" if allow_bool else "integer"
    raise TypeError(
        f"`{name}` expects {expected} tensors; the inputs promote to {dtype}."
    )


class _Binary(Operation):
    """An element-wise op on two tensors, computed by `active.binary.<_function>`.

    The result has the broadcast shape and the promoted dtype of the inputs; subclasses
    change the dtype in `_result_dtype`.
    """

    _function = None

    def call(self, x1, x2):
        return getattr(active.binary, self._function)(x1, x2)

    def compute_output_spec(self, x1, x2):
        dtype = self._result_dtype(_promoted(x1, x2))
        return symbolic.binary_spec(x1, x2, dtype=dtype)

    def _result_dtype(self, dtype):
        return dtype


class _FloatBinary(_Binary):
    """An op whose result is floating: int and bool inputs give floatx."""

    def _result_dtype(self, dtype):
        return dtypes.result_type(dtype, float)


class _Comparison(_Binary):
    """An op whose result is a bool tensor."""

    def _result_dtype(self, dtype):
        return "bool"


class _IntegerBinary(_Binary):
    """An op defined on integers only (bools too where `_allow_bool`)."""

    _allow_bool = False

    def _result_dtype(self, dtype):
        return _check_integer(self._function, dtype, self._allow_bool)


class _Modulo(_Binary):
    """mod and fmod: the promoted dtype, bools give int32."""

    def _result_dtype(self, dtype):
        return "int32" if dtype == "bool" else dtype


class Add(_Binary):
    _function = "add"


@eager.fast_path("binary", "binary")
def add(x1, x2):
    """Adds two tensors element-wise, with broadcasting.

    Args:
        x1: first tensor (or Python number).
        x2: second tensor (or Python number).

    Returns:
        `x1 + x2`, in the promoted dtype of the inputs.

    >>> keras.ops.add(keras.ops.array([1, 2]), 3)
    array([4, 5], dtype=int32)
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Add().symbolic_call(x1, x2)
    return active.binary.add(x1, x2)


class Arctan2(_FloatBinary):
    _function = "arctan2"


def arctan2(x1, x2):
    """The angle of the point (`x2`, `x1`) in radians, element-wise.

    Args:
        x1: y-coordinates.
        x2: x-coordinates.

    Returns:
        Angles in [-pi, pi], as floats.

    >>> keras.ops.arctan2(keras.ops.array([1.0, -1.0]), keras.ops.array([0.0, 0.0]))
    array([ 1.5707964, -1.5707964], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Arctan2().symbolic_call(x1, x2)
    return active.binary.arctan2(x1, x2)


class BitwiseAnd(_IntegerBinary):
    _function = "bitwise_and"
    _allow_bool = True


def bitwise_and(x, y):
    """Bitwise AND, element-wise (logical AND for bools).

    Args:
        x: integer or bool tensor.
        y: integer or bool tensor.

    Returns:
        `x & y`, in the promoted dtype of the inputs.

    >>> keras.ops.bitwise_and(keras.ops.array([12]), 10)
    array([8], dtype=int32)
    """
    if _symbolic(x, y):
        return BitwiseAnd().symbolic_call(x, y)
    return active.binary.bitwise_and(x, y)


class BitwiseOr(_IntegerBinary):
    _function = "bitwise_or"
    _allow_bool = True


def bitwise_or(x, y):
    """Bitwise OR, element-wise (logical OR for bools).

    Args:
        x: integer or bool tensor.
        y: integer or bool tensor.

    Returns:
        `x | y`, in the promoted dtype of the inputs.
    """
    if _symbolic(x, y):
        return BitwiseOr().symbolic_call(x, y)
    return active.binary.bitwise_or(x, y)


class BitwiseXor(_IntegerBinary):
    _function = "bitwise_xor"
    _allow_bool = True


def bitwise_xor(x, y):
    """Bitwise XOR, element-wise (logical XOR for bools).

    Args:
        x: integer or bool tensor.
        y: integer or bool tensor.

    Returns:
        `x ^ y`, in the promoted dtype of the inputs.
    """
    if _symbolic(x, y):
        return BitwiseXor().symbolic_call(x, y)
    return active.binary.bitwise_xor(x, y)


class BitwiseLeftShift(_IntegerBinary):
    _function = "bitwise_left_shift"


def bitwise_left_shift(x, y):
    """Shifts the bits of `x` to the left by `y`, element-wise.

    Shifts by a negative amount or by the bit width or more are not portable.

    Args:
        x: integer tensor.
        y: integer tensor of shift amounts.

    Returns:
        `x << y`, in the promoted dtype of the inputs (bits shifted out are lost).

    >>> keras.ops.bitwise_left_shift(keras.ops.array([1, 3]), 2)
    array([ 4, 12], dtype=int32)
    """
    if _symbolic(x, y):
        return BitwiseLeftShift().symbolic_call(x, y)
    return active.binary.bitwise_left_shift(x, y)


def left_shift(x, y):
    """Shorthand for `keras.ops.bitwise_left_shift`."""
    return bitwise_left_shift(x, y)


class BitwiseRightShift(_IntegerBinary):
    _function = "bitwise_right_shift"


def bitwise_right_shift(x, y):
    """Shifts the bits of `x` to the right by `y`, element-wise (arithmetic shift).

    Args:
        x: integer tensor.
        y: integer tensor of shift amounts, in [0, bit width).

    Returns:
        `x >> y`, in the promoted dtype of the inputs.

    >>> keras.ops.bitwise_right_shift(keras.ops.array([-8, 12]), 2)
    array([-2,  3], dtype=int32)
    """
    if _symbolic(x, y):
        return BitwiseRightShift().symbolic_call(x, y)
    return active.binary.bitwise_right_shift(x, y)


def right_shift(x, y):
    """Shorthand for `keras.ops.bitwise_right_shift`."""
    return bitwise_right_shift(x, y)


class Divide(_FloatBinary):
    _function = "divide"


@eager.fast_path("binary", "binary")
def divide(x1, x2):
    """Divides `x1` by `x2` element-wise (true division).

    Args:
        x1: dividend.
        x2: divisor.

    Returns:
        `x1 / x2` as floats (int and bool inputs give floatx).

    >>> keras.ops.divide(keras.ops.array([1, 3]), 2)
    array([0.5, 1.5], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Divide().symbolic_call(x1, x2)
    return active.binary.divide(x1, x2)


def true_divide(x1, x2):
    """Shorthand for `keras.ops.divide`."""
    return divide(x1, x2)


class DivideNoNan(_FloatBinary):
    _function = "divide_no_nan"


def divide_no_nan(x1, x2):
    """Divides `x1` by `x2` element-wise, giving 0 wherever `x2` is 0.

    Args:
        x1: dividend.
        x2: divisor.

    Returns:
        `x1 / x2`, with 0 where `x2 == 0` (even for `x1` of 0, inf or NaN), as floats.

    >>> x = keras.ops.array([1.0, 2.0])
    >>> keras.ops.divide_no_nan(x, keras.ops.array([0.0, 4.0]))
    array([0. , 0.5], dtype=float32)
    """
    if _symbolic(x1, x2):
        return DivideNoNan().symbolic_call(x1, x2)
    return active.binary.divide_no_nan(x1, x2)


class Equal(_Comparison):
    _function = "equal"


def equal(x1, x2):
    """Whether `x1 == x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.

    >>> keras.ops.equal(keras.ops.array([1, 2]), 2)
    array([False,  True])
    """
    if _symbolic(x1, x2):
        return Equal().symbolic_call(x1, x2)
    return active.binary.equal(x1, x2)


class FloorDivide(_Binary):
    _function = "floor_divide"


def floor_divide(x1, x2):
    """The largest integer not greater than `x1 / x2`, element-wise.

    Args:
        x1: dividend.
        x2: divisor (integer division by zero is not portable).

    Returns:
        `x1 // x2`, in the promoted dtype of the inputs.

    >>> keras.ops.floor_divide(keras.ops.array([7, -7]), 2)
    array([ 3, -4], dtype=int32)
    """
    if _symbolic(x1, x2):
        return FloorDivide().symbolic_call(x1, x2)
    return active.binary.floor_divide(x1, x2)


class Fmax(_Binary):
    _function = "fmax"


def fmax(x1, x2):
    """Element-wise maximum that ignores NaNs (NaN only where both are NaN).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The maxima, in the promoted dtype of the inputs.

    >>> keras.ops.fmax(keras.ops.array([1.0, float("nan")]), 0.5)
    array([1. , 0.5], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Fmax().symbolic_call(x1, x2)
    return active.binary.fmax(x1, x2)


class Fmin(_Binary):
    _function = "fmin"


def fmin(x1, x2):
    """Element-wise minimum that ignores NaNs (NaN only where both are NaN).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The minima, in the promoted dtype of the inputs.
    """
    if _symbolic(x1, x2):
        return Fmin().symbolic_call(x1, x2)
    return active.binary.fmin(x1, x2)


class Fmod(_Modulo):
    _function = "fmod"


def fmod(x1, x2):
    """The remainder of truncated division, element-wise (with the sign of `x1`).

    Args:
        x1: dividend.
        x2: divisor.

    Returns:
        `x1 - trunc(x1 / x2) * x2`, in the promoted dtype (bools give int32).

    >>> keras.ops.fmod(keras.ops.array([-7, 7]), 3)
    array([-1,  1], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Fmod().symbolic_call(x1, x2)
    return active.binary.fmod(x1, x2)


class Gcd(_IntegerBinary):
    _function = "gcd"


def gcd(x1, x2):
    """The greatest common divisor of `|x1|` and `|x2|`, element-wise.

    Args:
        x1: integer tensor.
        x2: integer tensor.

    Returns:
        The non-negative gcds (`gcd(0, 0) == 0`), in the promoted dtype.

    >>> keras.ops.gcd(keras.ops.array([12, -20]), 8)
    array([4, 4], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Gcd().symbolic_call(x1, x2)
    return active.binary.gcd(x1, x2)


class Greater(_Comparison):
    _function = "greater"


def greater(x1, x2):
    """Whether `x1 > x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return Greater().symbolic_call(x1, x2)
    return active.binary.greater(x1, x2)


class GreaterEqual(_Comparison):
    _function = "greater_equal"


def greater_equal(x1, x2):
    """Whether `x1 >= x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return GreaterEqual().symbolic_call(x1, x2)
    return active.binary.greater_equal(x1, x2)


class Heaviside(_FloatBinary):
    _function = "heaviside"


def heaviside(x1, x2):
    """The Heaviside step function: 0 where `x1 < 0`, `x2` where `x1 == 0`, else 1.

    Args:
        x1: input values.
        x2: the value of the function where `x1` is 0.

    Returns:
        The step values, as floats (NaN where `x1` is NaN).

    >>> keras.ops.heaviside(keras.ops.array([-2.0, 0.0, 3.0]), 0.5)
    array([0. , 0.5, 1. ], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Heaviside().symbolic_call(x1, x2)
    return active.binary.heaviside(x1, x2)


class Hypot(_FloatBinary):
    _function = "hypot"


def hypot(x1, x2):
    """`sqrt(x1**2 + x2**2)` element-wise, without overflow in the squares.

    Args:
        x1: first leg.
        x2: second leg.

    Returns:
        The hypotenuses, as floats.

    >>> keras.ops.hypot(keras.ops.array([3.0]), 4.0)
    array([5.], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Hypot().symbolic_call(x1, x2)
    return active.binary.hypot(x1, x2)


def _check_tolerances(rtol, atol):
    for argument, value in (("rtol", rtol), ("atol", atol)):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
            raise ValueError(
                f"`{argument}` must be a non-negative number; got {value!r}."
            )


class Isclose(_Comparison):
    _function = "isclose"

    def __init__(self, rtol=1e-5, atol=1e-8, equal_nan=False, name=None):
        super().__init__(name=name)
        _check_tolerances(rtol, atol)
        self.rtol = rtol
        self.atol = atol
        self.equal_nan = equal_nan

    # The tolerances may also be inputs of the call, as Keras 3 records them (its
    # config holds `equal_nan` only); those given to the call win.
    def call(self, x1, x2, rtol=None, atol=None):
        rtol = self.rtol if rtol is None else rtol
        atol = self.atol if atol is None else atol
        return active.binary.isclose(x1, x2, rtol, atol, self.equal_nan)

    def compute_output_spec(self, x1, x2, rtol=None, atol=None):
        return super().compute_output_spec(x1, x2)

    def get_config(self):
        config = {"name": self.name, "equal_nan": self.equal_nan}
        # Tolerances of the op itself (not of the call) are written when not the
        # defaults; the public function passes them to the call, as Keras 3 does.
        if (self.rtol, self.atol) != (1e-5, 1e-8):
            config.update(rtol=self.rtol, atol=self.atol)
        return config


def isclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether `|x1 - x2| <= atol + rtol * |x2|`, element-wise.

    Infinities are close only to an infinity of the same sign; NaNs are close to
    nothing unless `equal_nan`.

    Args:
        x1: first tensor.
        x2: second tensor (the reference: `rtol` scales `|x2|`).
        rtol: relative tolerance, a non-negative number.
        atol: absolute tolerance, a non-negative number.
        equal_nan: whether a NaN in `x1` is close to a NaN in `x2`.

    Returns:
        A bool tensor of the broadcast shape.

    >>> keras.ops.isclose(keras.ops.array([1.0, 1.1]), 1.0, rtol=0.05)
    array([ True, False])
    """
    if _symbolic(x1, x2):
        _check_tolerances(rtol, atol)
        return Isclose(equal_nan=equal_nan).symbolic_call(x1, x2, rtol, atol)
    _check_tolerances(rtol, atol)
    return active.binary.isclose(x1, x2, rtol, atol, equal_nan)


class Allclose(Isclose):
    _function = "allclose"

    def call(self, x1, x2):
        return active.binary.allclose(x1, x2, self.rtol, self.atol, self.equal_nan)

    def compute_output_spec(self, x1, x2):
        symbolic.broadcast_shapes(symbolic.shape_of(x1), symbolic.shape_of(x2))
        return KerasTensor((), dtype="bool")


def allclose(x1, x2, rtol=1e-5, atol=1e-8, equal_nan=False):
    """Whether all elements of `x1` and `x2` are close (see `keras.ops.isclose`).

    Args:
        x1: first tensor.
        x2: second tensor (the reference: `rtol` scales `|x2|`).
        rtol: relative tolerance, a non-negative number.
        atol: absolute tolerance, a non-negative number.
        equal_nan: whether a NaN in `x1` is close to a NaN in `x2`.

    Returns:
        A scalar bool tensor (True for empty inputs).

    >>> x = keras.ops.array([1.0, 2.0])
    >>> keras.ops.allclose(x, x + 1e-7)
    array(True)
    """
    if _symbolic(x1, x2):
        return Allclose(rtol, atol, equal_nan).symbolic_call(x1, x2)
    _check_tolerances(rtol, atol)
    return active.binary.allclose(x1, x2, rtol, atol, equal_nan)


class Isin(Operation):
    def __init__(self, assume_unique=False, invert=False, name=None):
        super().__init__(name=name)
        self.assume_unique = assume_unique
        self.invert = invert

    def call(self, x1, x2):
        return active.binary.isin(x1, x2, self.assume_unique, self.invert)

    def compute_output_spec(self, x1, x2):
        _promoted(x1, x2)  # Raises for dtypes that do not promote together.
        return KerasTensor(symbolic.shape_of(x1), dtype="bool")

    def get_config(self):
        return {
            **super().get_config(),
            "assume_unique": self.assume_unique,
            "invert": self.invert,
        }


def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of `x1` occurs anywhere in `x2`.

    Args:
        x1: the elements to look up.
        x2: the values to look for (any shape; NaNs never match).
        assume_unique: a hint that both inputs hold unique values (results are the
            same either way).
        invert: return the negation (whether each element is absent from `x2`).

    Returns:
        A bool tensor of the shape of `x1`.

    >>> keras.ops.isin(keras.ops.array([1, 2, 3]), keras.ops.array([3, 1]))
    array([ True, False,  True])
    """
    if _symbolic(x1, x2):
        return Isin(assume_unique, invert).symbolic_call(x1, x2)
    return active.binary.isin(x1, x2, assume_unique, invert)


class Lcm(_IntegerBinary):
    _function = "lcm"


def lcm(x1, x2):
    """The least common multiple of `|x1|` and `|x2|`, element-wise.

    Args:
        x1: integer tensor.
        x2: integer tensor.

    Returns:
        The non-negative lcms (0 where either input is 0), in the promoted dtype.

    >>> keras.ops.lcm(keras.ops.array([4, 6]), 10)
    array([20, 30], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Lcm().symbolic_call(x1, x2)
    return active.binary.lcm(x1, x2)


class Ldexp(_FloatBinary):
    _function = "ldexp"

    def compute_output_spec(self, x1, x2):
        _check_integer("ldexp", dtypes.result_type(symbolic.dtype_of(x2)))
        return super().compute_output_spec(x1, x2)


def ldexp(x1, x2):
    """`x1 * 2**x2`, element-wise.

    Args:
        x1: the mantissas.
        x2: integer tensor of exponents.

    Returns:
        The scaled values, as floats (int inputs give floatx).

    >>> keras.ops.ldexp(keras.ops.array([0.75, 1.5]), keras.ops.array([1, 2]))
    array([1.5, 6. ], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Ldexp().symbolic_call(x1, x2)
    return active.binary.ldexp(x1, x2)


class Less(_Comparison):
    _function = "less"


def less(x1, x2):
    """Whether `x1 < x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return Less().symbolic_call(x1, x2)
    return active.binary.less(x1, x2)


class LessEqual(_Comparison):
    _function = "less_equal"


def less_equal(x1, x2):
    """Whether `x1 <= x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return LessEqual().symbolic_call(x1, x2)
    return active.binary.less_equal(x1, x2)


class Logaddexp(_FloatBinary):
    _function = "logaddexp"


def logaddexp(x1, x2):
    """`log(exp(x1) + exp(x2))` element-wise, computed without overflow.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The values, as floats.

    >>> keras.ops.logaddexp(keras.ops.array([0.0]), 0.0)
    array([0.6931472], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Logaddexp().symbolic_call(x1, x2)
    return active.binary.logaddexp(x1, x2)


class Logaddexp2(_FloatBinary):
    _function = "logaddexp2"


def logaddexp2(x1, x2):
    """`log2(2**x1 + 2**x2)` element-wise, computed without overflow.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The values, as floats.

    >>> keras.ops.logaddexp2(keras.ops.array([1.0]), 1.0)
    array([2.], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Logaddexp2().symbolic_call(x1, x2)
    return active.binary.logaddexp2(x1, x2)


class LogicalAnd(_Comparison):
    _function = "logical_and"


def logical_and(x1, x2):
    """Logical AND of the truth values (non-zero is True), element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return LogicalAnd().symbolic_call(x1, x2)
    return active.binary.logical_and(x1, x2)


class LogicalOr(_Comparison):
    _function = "logical_or"


def logical_or(x1, x2):
    """Logical OR of the truth values (non-zero is True), element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return LogicalOr().symbolic_call(x1, x2)
    return active.binary.logical_or(x1, x2)


class LogicalXor(_Comparison):
    _function = "logical_xor"


def logical_xor(x1, x2):
    """Logical XOR of the truth values (non-zero is True), element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return LogicalXor().symbolic_call(x1, x2)
    return active.binary.logical_xor(x1, x2)


class Maximum(_Binary):
    _function = "maximum"


def maximum(x1, x2):
    """Element-wise maximum (NaN wherever either input is NaN).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The maxima, in the promoted dtype of the inputs.

    >>> keras.ops.maximum(keras.ops.array([1, 5]), 3)
    array([3, 5], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Maximum().symbolic_call(x1, x2)
    return active.binary.maximum(x1, x2)


class Minimum(_Binary):
    _function = "minimum"


def minimum(x1, x2):
    """Element-wise minimum (NaN wherever either input is NaN).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The minima, in the promoted dtype of the inputs.
    """
    if _symbolic(x1, x2):
        return Minimum().symbolic_call(x1, x2)
    return active.binary.minimum(x1, x2)


class Mod(_Modulo):
    _function = "mod"


def mod(x1, x2):
    """The remainder of floor division, element-wise (the sign of `x2`, as Python's %).

    Args:
        x1: dividend.
        x2: divisor.

    Returns:
        `x1 - floor(x1 / x2) * x2`, in the promoted dtype (bools give int32).

    >>> keras.ops.mod(keras.ops.array([-7, 7]), 3)
    array([2, 1], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Mod().symbolic_call(x1, x2)
    return active.binary.mod(x1, x2)


class Multiply(_Binary):
    _function = "multiply"


@eager.fast_path("binary", "binary")
def multiply(x1, x2):
    """Multiplies two tensors element-wise, with broadcasting.

    Args:
        x1: first tensor (or Python number).
        x2: second tensor (or Python number).

    Returns:
        `x1 * x2`, in the promoted dtype of the inputs.
    """
    if _symbolic(x1, x2):
        return Multiply().symbolic_call(x1, x2)
    return active.binary.multiply(x1, x2)


class Nextafter(_FloatBinary):
    _function = "nextafter"


def nextafter(x1, x2):
    """The next representable float after `x1` in the direction of `x2`, element-wise.

    Args:
        x1: starting values.
        x2: direction values.

    Returns:
        The neighbours of `x1` in the (floating) result dtype; `x2` where equal.

    >>> keras.ops.nextafter(keras.ops.array([1.0, 1.0]), keras.ops.array([2.0, 0.0]))
    array([1.0000001 , 0.99999994], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Nextafter().symbolic_call(x1, x2)
    return active.binary.nextafter(x1, x2)


class NotEqual(_Comparison):
    _function = "not_equal"


def not_equal(x1, x2):
    """Whether `x1 != x2`, element-wise.

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A bool tensor of the broadcast shape.
    """
    if _symbolic(x1, x2):
        return NotEqual().symbolic_call(x1, x2)
    return active.binary.not_equal(x1, x2)


class Power(_Binary):
    _function = "power"


def power(x1, x2):
    """`x1` raised to the power `x2`, element-wise.

    Args:
        x1: bases.
        x2: exponents (integer bases take non-negative integer exponents).

    Returns:
        `x1 ** x2`, in the promoted dtype of the inputs.

    >>> keras.ops.power(keras.ops.array([2, 3]), 3)
    array([ 8, 27], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Power().symbolic_call(x1, x2)
    return active.binary.power(x1, x2)


class Subtract(_Binary):
    _function = "subtract"


@eager.fast_path("binary", "binary")
def subtract(x1, x2):
    """Subtracts `x2` from `x1` element-wise, with broadcasting.

    Args:
        x1: first tensor (or Python number).
        x2: second tensor (or Python number).

    Returns:
        `x1 - x2`, in the promoted dtype of the inputs (logical XOR for bools).
    """
    if _symbolic(x1, x2):
        return Subtract().symbolic_call(x1, x2)
    return active.binary.subtract(x1, x2)


def _check_where(condition, x1, x2):
    if (x1 is None) != (x2 is None):
        raise ValueError(
            "`where` takes both `x1` and `x2` or neither; got "
            f"x1={'None' if x1 is None else 'a value'} and "
            f"x2={'None' if x2 is None else 'a value'}."
        )
    if x1 is None and not symbolic.shape_of(condition):
        raise ValueError(
            "`where(condition)` (the indices of the True elements) needs a `condition` "
            "of rank >= 1; got a scalar."
        )


class Where(Operation):
    def call(self, condition, x1=None, x2=None):
        return active.binary.where(condition, x1, x2)

    def compute_output_spec(self, condition, x1=None, x2=None):
        _check_where(condition, x1, x2)
        if x1 is None:
            rank = len(symbolic.shape_of(condition))
            return tuple(KerasTensor((None,), dtype="int32") for _ in range(rank))
        shape = symbolic.broadcast_shapes(
            symbolic.shape_of(condition), symbolic.shape_of(x1), symbolic.shape_of(x2)
        )
        return KerasTensor(shape, dtype=_promoted(x1, x2))


def where(condition, x1=None, x2=None):
    """Picks `x1` where `condition` is True and `x2` elsewhere, with broadcasting.

    With `condition` alone, returns the indices of its True (non-zero) elements.

    Args:
        condition: bool tensor (non-zero values count as True).
        x1: the values where `condition` is True.
        x2: the values where `condition` is False.

    Returns:
        A tensor of the broadcast shape in the promoted dtype of `x1` and `x2`; or, with
        `condition` alone, a tuple of int32 index tensors, one per axis of `condition`.

    >>> keras.ops.where(keras.ops.array([True, False]), 1, keras.ops.array([5, 6]))
    array([1, 6], dtype=int32)
    """
    if _symbolic(condition, x1, x2):
        return Where().symbolic_call(condition, x1, x2)
    _check_where(condition, x1, x2)
    return active.binary.where(condition, x1, x2)
