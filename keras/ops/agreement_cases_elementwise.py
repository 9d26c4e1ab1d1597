"""Agreement cases (keras/ops/agreement.py) for the ops of this group.

The group is the element-wise families (keras/ops/unary.py, keras/ops/binary.py) and
the products (keras/ops/products.py). Each op gets calls over several dtypes (floats
of every width, signed and unsigned ints, bools, complex where it is meaningful), ranks
(scalars, vectors, batches), broadcasting and its dtype-changing arguments.
"""

from keras.ops.agreement import Case
from keras.ops.agreement import T


def _float_math(low=-3.0, high=3.0, int_low=-3, int_high=3):
    """Cases of an op with a floating result: floats keep their width, ints and bools
    give floatx. Values are drawn in [low, high) (ints in [int_low, int_high))."""
    return [
        Case(T((2, 3), "float32", low, high)),
        Case(T((4,), "float64", low, high)),
        Case(T((3,), "bfloat16", low, high)),
        Case(T((), "int32", int_low, int_high)),
        Case(T((2, 2), "int64", int_low, int_high)),
    ]


def _same_dtype(low=-3.0, high=3.0):
    """Cases of an op that keeps the dtype of `x`, signed ints included."""
    return [
        Case(T((2, 3), "float32", low, high)),
        Case(T((4,), "float64", low, high)),
        Case(T((), "int32", low, high)),
        Case(T((2, 2), "int64", low, high)),
        Case(T((3,), "float16", low, high)),
    ]


def _predicate():
    """Cases of an op with a bool result of the shape of `x`."""
    return [
        Case(T((2, 3), "float32")),
        Case(T((4,), "float64")),
        Case(T((), "int32")),
        Case(T((3,), "bfloat16")),
    ]


def _complex_part():
    """Cases of real, imag, angle and abs: complex inputs give their real dtype."""
    return [
        Case(T((2, 3), "complex64")),
        Case(T((4,), "complex128")),
        Case(T((2, 2), "float32")),
        Case(T((), "float64")),
    ]


def _arithmetic():
    """Cases of an op with the promoted dtype of its inputs (Python scalars weak)."""
    return [
        Case(T((2, 3), "float32"), T((3,), "float32")),
        Case(T((2, 1), "int32", 1, 4), T((3,), "float64", 1.0, 3.0)),
        Case(T((4,), "int8", 1, 4), 2),
        Case(T((), "int64", 1, 4), T((2, 2), "int16", 1, 4)),
        Case(T((3,), "bfloat16", 1.0, 3.0), 1.5),
        Case(T((2, 3), "float64", 1.0, 3.0), T((3,), "float64", 1.0, 3.0)),
        Case(T((3,), "int64", 1, 4), 2),
        Case(T((3,), "float64", 1.0, 3.0), 2.5),
    ]


def _float_binary(low=-3.0, high=3.0):
    """Cases of an op with a floating result: int and bool inputs give floatx."""
    return [
        Case(T((2, 3), "float32", low, high), T((3,), "float32", low, high)),
        Case(T((2, 1), "int32", 1, 4), T((3,), "int32", 1, 4)),
        Case(T((4,), "float64", low, high), T((), "float32", low, high)),
        Case(T((3,), "bfloat16", low, high), 2.0),
        Case(T((2, 2), "int64", 1, 4), T((2,), "uint8", 1, 4)),
        Case(T((2, 3), "float64", low, high), T((3,), "float64", low, high)),
        Case(T((3,), "float64", low, high), 2.0),
    ]


def _comparison():
    """Cases of a comparison: a bool tensor of the broadcast shape."""
    return [
        Case(T((2, 3), "float32"), T((3,), "float32")),
        Case(T((2, 1), "int32"), T((3,), "float64")),
        Case(T((4,), "bool"), T((), "bool")),
        Case(T((2, 2), "int64"), 1),
    ]


def _bitwise(allow_bool=True):
    """Cases of a bitwise op on ints (and bools where `allow_bool`)."""
    cases = [
        Case(T((2, 3), "int32", 0, 100), T((3,), "int32", 0, 100)),
        Case(T((4,), "int8", 0, 100), T((), "int16", 0, 100)),
        Case(T((2, 2), "uint8", 0, 100), 7),
        Case(T((3,), "int64", 0, 100), T((3,), "uint8", 0, 100)),
        Case(T((2, 3), "int64", 0, 100), T((3,), "int64", 0, 100)),
    ]
    if allow_bool:
        cases.append(Case(T((4,), "bool"), T((4,), "bool")))
    return cases


def _shift():
    """Cases of a bit shift: shift amounts in [0, 7), portable for every int width."""
    return [
        Case(T((2, 3), "int32", 0, 100), T((3,), "int32", 0, 7)),
        Case(T((4,), "uint8", 0, 16), T((4,), "uint8", 0, 4)),
        Case(T((2, 2), "int64", 0, 100), 2),
        Case(T((3,), "int16", 0, 100), T((), "int8", 0, 7)),
        Case(T((2, 3), "int64", 0, 100), T((3,), "int64", 0, 7)),
    ]


def _integer_pair():
    """Cases of gcd and lcm: positive ints of several widths."""
    return [
        Case(T((2, 3), "int32", 1, 20), T((3,), "int32", 1, 20)),
        Case(T((4,), "int64", 1, 20), T((), "int16", 1, 20)),
        Case(T((2, 2), "uint8", 1, 10), 6),
        Case(T((2, 3), "int64", 1, 20), T((3,), "int64", 1, 20)),
    ]


def _modulo():
    """Cases of mod and fmod: the promoted dtype, non-zero divisors."""
    return [
        Case(T((2, 3), "float32"), T((3,), "float32", 1.0, 3.0)),
        Case(T((4,), "int32", -9, 9), T((4,), "int32", 1, 4)),
        Case(T((2, 2), "int64", -9, 9), 3),
        Case(T((3,), "float64"), T((), "int8", 1, 4)),
        Case(T((2, 3), "float64"), T((3,), "float64", 1.0, 3.0)),
        Case(T((3,), "int64", -9, 9), T((3,), "int64", 1, 4)),
    ]


def _logical():
    """Cases of logical_and/or/xor: bools, or truth values of numbers."""
    return [
        Case(T((2, 3), "bool"), T((3,), "bool")),
        Case(T((4,), "float32"), T((4,), "int32")),
        Case(T((), "int64"), T((2, 2), "bool")),
    ]


def _closeness():
    """Cases of isclose and allclose."""
    return [
        Case(T((2, 3), "float32"), T((3,), "float32")),
        Case(T((4,), "float64"), T((4,), "float64"), rtol=1e-3, atol=1e-3),
        Case(T((2, 2), "int32"), T((), "float32"), equal_nan=True),
    ]


CASES = {
    # keras/ops/unary.py
    "abs": _complex_part() + [Case(T((3,), "int64")), Case(T((2,), "int8"))],
    "absolute": _complex_part()
    + [Case(T((3,), "int64")), Case(T((2,), "uint8", 0, 9))],
    "angle": _complex_part() + [Case(T((3,), "int32"))],
    "arccos": _float_math(-0.9, 0.9, -1, 2),
    "arccosh": _float_math(1.1, 3.0, 1, 4),
    "arcsin": _float_math(-0.9, 0.9, -1, 2),
    "arcsinh": _float_math(),
    "arctan": _float_math(),
    "arctanh": _float_math(-0.9, 0.9, 0, 1),
    "bitwise_invert": [
        Case(T((2, 3), "int32", -50, 50)),
        Case(T((4,), "uint8", 0, 200)),
        Case(T((), "int64", -50, 50)),
        Case(T((3,), "bool")),
    ],
    "bitwise_not": [
        Case(T((2, 3), "int8", -50, 50)),
        Case(T((3,), "bool")),
    ],
    "cbrt": _float_math(),
    "ceil": _float_math() + [Case(T((3,), "bool"))],
    "clip": [
        Case(T((2, 3), "float32"), -1.0, 1.0),
        Case(T((4,), "int32", -9, 9), 0, 5),
        Case(T((4,), "int32", -9, 9), 0.5, 5.5),
        Case(T((2, 2), "int64", -9, 9), None, 3),
        Case(T((3,), "bool"), 0, 1),
        Case(T((3,), "float16"), -1, None),
    ],
    "conj": [Case(T((2, 3), "complex64")), Case(T((4,), "float32"))],
    "conjugate": [
        Case(T((2, 3), "complex128")),
        Case(T((4,), "int32")),
        Case(T((), "float64")),
    ],
    "copy": [
        Case(T((2, 3), "float32")),
        Case(T((4,), "int64")),
        Case(T((), "bool")),
        Case(T((3,), "bfloat16")),
    ],
    "cos": _float_math() + [Case(T((3,), "bool"))],
    "cosh": _float_math(),
    "deg2rad": _float_math(-180.0, 180.0, -180, 180),
    "exp": _float_math() + [Case(T((3,), "float16")), Case(T((3,), "bool"))],
    "exp2": _float_math(),
    "expm1": _float_math(),
    "fabs": _float_math() + [Case(T((3,), "bool"))],
    "floor": _float_math() + [Case(T((3,), "uint8", 0, 9))],
    "i0": _float_math(),
    "imag": _complex_part() + [Case(T((3,), "int32"))],
    "isfinite": _predicate() + [Case(T((3,), "bool"))],
    "isinf": _predicate(),
    "isnan": _predicate() + [Case(T((2,), "complex64"))],
    "isneginf": _predicate(),
    "isposinf": _predicate(),
    "isreal": _predicate() + [Case(T((2, 2), "complex64"))],
    "log": _float_math(0.1, 3.0, 1, 5),
    "log10": _float_math(0.1, 3.0, 1, 5),
    "log1p": _float_math(-0.9, 3.0, 0, 5),
    "log2": _float_math(0.1, 3.0, 1, 5),
    "logical_not": _predicate() + [Case(T((3,), "bool"))],
    "nan_to_num": [
        Case(T((2, 3), "float32")),
        Case(T((4,), "float64"), nan=1.0, posinf=9.0, neginf=-9.0),
        Case(T((2, 2), "int32")),
        Case(T((3,), "bfloat16"), nan=0.5),
    ],
    "negative": _same_dtype() + [Case(T((3,), "int8")), Case(T((2,), "complex64"))],
    "rad2deg": _float_math(),
    "real": _complex_part() + [Case(T((3,), "int32"))],
    "reciprocal": _float_math(0.5, 3.0, 1, 4),
    "round": [
        Case(T((2, 3), "float32")),
        Case(T((4,), "float64"), decimals=2),
        Case(T((2, 2), "int32", -500, 500), decimals=-1),
        Case(T((), "bfloat16")),
        Case(T((3,), "int64", -50, 50)),
    ],
    "sign": _same_dtype() + [Case(T((3,), "int8")), Case(T((2,), "uint8", 0, 4))],
    "signbit": _predicate(),
    "sin": _float_math() + [Case(T((3,), "bool"))],
    "sinc": _float_math(),
    "sinh": _float_math(),
    "sqrt": _float_math(0.0, 3.0, 0, 9) + [Case(T((3,), "float16", 0.0, 3.0))],
    "square": _same_dtype()
    + [Case(T((3,), "bool")), Case(T((2,), "uint8", 0, 9)), Case(T((2,), "int8"))],
    "tan": _float_math(-1.0, 1.0, -1, 2),
    "tanh": _float_math(),
    "trunc": [
        Case(T((2, 3), "float32")),
        Case(T((4,), "float64")),
        Case(T((), "int32")),
        Case(T((2, 2), "int64")),
        Case(T((3,), "bfloat16")),
    ],
    # keras/ops/binary.py
    "add": _arithmetic() + [Case(T((3,), "bool"), T((3,), "bool"))],
    "allclose": _closeness(),
    "arctan2": _float_binary(),
    "bitwise_and": _bitwise(),
    "bitwise_left_shift": _shift(),
    "bitwise_or": _bitwise(),
    "bitwise_right_shift": _shift(),
    "bitwise_xor": _bitwise(),
    "divide": _float_binary(1.0, 3.0),
    "divide_no_nan": _float_binary(0.0, 3.0),
    "equal": _comparison(),
    "floor_divide": [
        Case(T((2, 3), "float32"), T((3,), "float32", 1.0, 3.0)),
        Case(T((4,), "int32", -9, 9), T((4,), "int32", 1, 4)),
        Case(T((2, 2), "int64", -9, 9), 2),
        Case(T((3,), "uint8", 0, 9), T((), "int16", 1, 4)),
    ],
    "fmax": _arithmetic(),
    "fmin": _arithmetic(),
    "fmod": _modulo(),
    "gcd": _integer_pair(),
    "greater": _comparison(),
    "greater_equal": _comparison(),
    "heaviside": _float_binary(),
    "hypot": _float_binary(),
    "isclose": _closeness(),
    "isin": [
        Case(T((2, 3), "int32", 0, 9), T((5,), "int32", 0, 9)),
        Case(T((4,), "float32"), T((2, 2), "float32"), invert=True),
        Case(T((3,), "int64", 0, 9), T((3,), "int64", 0, 9), assume_unique=True),
    ],
    "lcm": _integer_pair(),
    "ldexp": [
        Case(T((2, 3), "float32"), T((3,), "int32", -3, 3)),
        Case(T((4,), "float64"), T((4,), "int64", -3, 3)),
        Case(T((2, 2), "int32"), T((), "int32", 0, 3)),
        Case(T((3,), "float16"), 2),
    ],
    "left_shift": _shift(),
    "less": _comparison(),
    "less_equal": _comparison(),
    "logaddexp": _float_binary(),
    "logaddexp2": _float_binary(),
    "logical_and": _logical(),
    "logical_or": _logical(),
    "logical_xor": _logical(),
    "maximum": _arithmetic() + [Case(T((3,), "bool"), T((3,), "bool"))],
    "minimum": _arithmetic(),
    "mod": _modulo(),
    "multiply": _arithmetic() + [Case(T((3,), "bool"), T((3,), "bool"))],
    "nextafter": [
        Case(T((2, 3), "float32"), T((3,), "float32")),
        Case(T((4,), "float64"), T((), "float64")),
        Case(T((2, 2), "int32"), T((2,), "int32")),
    ],
    "not_equal": _comparison(),
    "power": [
        Case(T((2, 3), "float32", 0.5, 2.0), T((3,), "float32")),
        Case(T((4,), "int32", 1, 4), T((4,), "int32", 0, 4)),
        Case(T((2, 2), "int64", 1, 4), 2),
        Case(T((3,), "float64", 0.5, 2.0), T((), "int8", 0, 3)),
        Case(T((3,), "bfloat16", 0.5, 2.0), 0.5),
    ],
    "right_shift": _shift(),
    "subtract": _arithmetic(),
    "true_divide": _float_binary(1.0, 3.0),
    "where": [
        Case(T((2, 3), "bool"), T((2, 3), "float32"), T((3,), "float32")),
        Case(T((2, 1), "bool"), T((3,), "int32"), T((), "float64")),
        Case(T((4,), "bool"), 1, T((4,), "int8")),
        Case(T((2, 3), "bool"), T((2, 3), "float64"), T((3,), "float64")),
        Case(T((3,), "bool"), T((3,), "int64"), 0),
        Case(T((2, 3), "bool"), dynamic=True),
        Case(T((4,), "int32", 0, 2), dynamic=True),
    ],
    # keras/ops/products.py
    "correlate": [
        Case(T((5,), "float32"), T((3,), "float32")),
        Case(T((4,), "float64"), T((6,), "float64"), mode="same"),
        Case(T((4,), "int32"), T((3,), "int32"), mode="full"),
    ],
    "cross": [
        Case(T((3,), "float32"), T((3,), "float32")),
        Case(T((2, 3), "int32"), T((3,), "int32")),
        Case(T((4, 2), "float32"), T((4, 2), "float32")),
        Case(T((2, 3), "float64"), T((2, 2), "float32")),
        Case(T((3, 4), "float32"), T((3, 1), "float32"), axis=0),
        Case(T((2, 3), "float64"), T((2, 3), "float64")),
    ],
    "dot": [
        Case(T((2, 3), "float32"), T((3, 4), "float32")),
        Case(T((3,), "int32"), T((3,), "int32")),
        Case(T(()), T((2, 3), "float64")),
        Case(T((2, 3, 4), "float64"), T((4,), "float32")),
        Case(T((2, 3), "int8"), T((4, 3, 5), "int8")),
        Case(T((2, 3), "float64"), T((3, 4), "float64")),
    ],
    "einsum": [
        Case("ij,jk->ik", T((2, 3), "float32"), T((3, 4), "float32")),
        Case("i,i->", T((3,), "int8"), T((3,), "int8")),
        Case("...ij->...ji", T((2, 3, 4), "float64")),
        Case("bij,bjk", T((2, 3, 4), "int32"), T((2, 4, 5), "float32")),
        Case("ij,jk->ik", T((2, 3), "float64"), T((3, 4), "float64")),
    ],
    "inner": [
        Case(T((2, 3), "float32"), T((4, 3), "float32")),
        Case(T((3,), "int32"), T((3,), "int64")),
        Case(T(()), T((2, 2), "float64")),
        Case(T((2, 3), "int64"), T((3,), "int64")),
    ],
    "kron": [
        Case(T((2, 3), "float32"), T((2, 2), "float32")),
        Case(T((3,), "int32"), T((2, 2), "int64")),
        Case(T((2,), "int8"), T((3,), "float16")),
        Case(T((2, 2), "float64"), T((2,), "float64")),
    ],
    "matmul": [
        Case(T((2, 3), "float32"), T((3, 4), "float32")),
        Case(T((5, 2, 3), "float64"), T((3,), "float64")),
        Case(T((3,), "int32"), T((2, 3, 4), "int32")),
        Case(T((2, 3), "int8"), T((3, 2), "int8")),
        Case(T((1, 2, 3), "bfloat16"), T((4, 3, 2), "bfloat16")),
    ],
    "outer": [
        Case(T((3,), "float32"), T((4,), "float32")),
        Case(T((2, 2), "int32"), T((3,), "float64")),
        Case(T(()), T((2,), "int8")),
        Case(T((3,), "int64"), T((2,), "int64")),
    ],
    "slogdet": [
        Case(T((3, 3), "float32")),
        Case(T((2, 4, 4), "float64")),
    ],
    "tensordot": [
        Case(T((2, 3, 4), "float32"), T((3, 4, 5), "float32")),
        Case(T((2, 3), "int32"), T((3, 4), "int32"), axes=1),
        Case(T((2, 3, 4), "float64"), T((4, 2), "float32"), axes=([0, 2], [1, 0])),
        Case(T((2,), "float32"), T((3,), "float32"), axes=0),
        Case(T((2, 3), "float64"), T((3, 4), "float64"), axes=1),
    ],
    "trace": [
        Case(T((3, 3), "float32")),
        Case(T((2, 3, 4), "int8"), offset=1, axis1=1, axis2=2),
        Case(T((4, 2, 4), "int64"), axis1=0, axis2=2),
        Case(T((3, 3), "bool"), offset=-1),
        Case(T((3, 3), "uint8", 0, 9)),
    ],
    "vdot": [
        Case(T((2, 3), "float32"), T((6,), "float32")),
        Case(T((4,), "complex64"), T((4,), "complex64")),
        Case(T((3,), "int32"), T((3,), "float64")),
        Case(T((2, 2), "int64"), T((2, 2), "int64")),
    ],
    "vectorize": [Case(len)],
}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {
    # `vectorize` takes a Python function and returns one, eagerly and symbolically
    # alike: there is no tensor result whose shape and dtype could be compared (two
    # distinct function objects never compare equal).
    "vectorize": {
        backend: "returns a Python function, not a tensor"
        for backend in ("numpy", "jax", "torch", "tensorflow", "openvino")
    },
}
