"""keras.ops unary ops against NumPy: values, dtypes, special values, symbolic specs."""

import ml_dtypes
import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import testing
from keras.ops import unary

SHAPES = [(), (0,), (5,), (2, 3, 4)]
LOW_PRECISION = ("float16", "bfloat16")

# Ops whose result is floating: name -> (NumPy reference, (low, high) of the inputs).
FLOAT_OPS = {
    "arccos": (np.arccos, (-0.95, 0.95)),
    "arccosh": (np.arccosh, (1.05, 5.0)),
    "arcsin": (np.arcsin, (-0.95, 0.95)),
    "arcsinh": (np.arcsinh, (-3.0, 3.0)),
    "arctan": (np.arctan, (-3.0, 3.0)),
    "arctanh": (np.arctanh, (-0.95, 0.95)),
    "cbrt": (np.cbrt, (-8.0, 8.0)),
    "ceil": (np.ceil, (-3.0, 3.0)),
    "cos": (np.cos, (-3.0, 3.0)),
    "cosh": (np.cosh, (-3.0, 3.0)),
    "deg2rad": (np.deg2rad, (-360.0, 360.0)),
    "exp": (np.exp, (-3.0, 3.0)),
    "exp2": (np.exp2, (-3.0, 3.0)),
    "expm1": (np.expm1, (-3.0, 3.0)),
    "fabs": (np.fabs, (-3.0, 3.0)),
    "floor": (np.floor, (-3.0, 3.0)),
    "i0": (np.i0, (-3.0, 3.0)),
    "log": (np.log, (0.1, 5.0)),
    "log10": (np.log10, (0.1, 5.0)),
    "log1p": (np.log1p, (-0.9, 5.0)),
    "log2": (np.log2, (0.1, 5.0)),
    "rad2deg": (np.rad2deg, (-3.0, 3.0)),
    "reciprocal": (np.reciprocal, (0.5, 3.0)),
    "sin": (np.sin, (-3.0, 3.0)),
    "sinc": (np.sinc, (-3.0, 3.0)),
    "sinh": (np.sinh, (-3.0, 3.0)),
    "sqrt": (np.sqrt, (0.0, 5.0)),
    "tan": (np.tan, (-1.2, 1.2)),
    "tanh": (np.tanh, (-3.0, 3.0)),
}

# Ops that keep the dtype of `x`, on the real dtypes each accepts.
SAME_DTYPE_OPS = {
    "abs": (np.abs, ["int8", "uint8", "int16", "uint16", "int32", "uint32", "bool"]),
    "absolute": (np.absolute, ["int8", "uint8", "int32", "uint32", "bool"]),
    "conj": (np.conj, ["int32", "bool"]),
    "conjugate": (np.conjugate, ["int8", "uint8"]),
    "copy": (np.copy, ["int8", "uint16", "int32", "bool"]),
    "negative": (np.negative, ["int8", "uint8", "int16", "uint16", "int32", "uint32"]),
    "real": (np.real, ["int8", "uint8", "int32", "bool"]),
    "imag": (np.imag, ["int8", "uint8", "int32", "bool"]),
    "sign": (np.sign, ["int8", "uint8", "int16", "uint16", "int32", "uint32"]),
    "square": (np.square, ["int8", "uint8", "int16", "uint16", "int32", "uint32"]),
    "trunc": (np.trunc, ["int8", "uint8", "int32", "bool"]),
    "round": (np.round, ["int8", "uint8", "int32", "bool"]),
    "bitwise_invert": (
        np.invert,
        ["int8", "uint8", "int16", "uint16", "int32", "uint32", "bool"],
    ),
    "bitwise_not": (np.invert, ["int8", "uint8", "int32", "bool"]),
}

PREDICATES = {
    "isfinite": np.isfinite,
    "isinf": np.isinf,
    "isnan": np.isnan,
    "isneginf": np.isneginf,
    "isposinf": np.isposinf,
    "isreal": np.isreal,
    "logical_not": np.logical_not,
    "signbit": np.signbit,
}

SPECIAL = np.array(
    [-np.inf, -2.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, np.inf, np.nan]
)


def check(out, expected, dtype, rtol=1e-5, atol=1e-6):
    """`out` equals `expected` (computed in float32 or wider) and has dtype `dtype`."""
    actual = testing.to_numpy(out)
    assert dtypes.standardize_dtype(actual.dtype) == dtype, f"{actual.dtype} != {dtype}"
    expected = np.asarray(expected)
    if dtype in LOW_PRECISION:
        actual = actual.astype("float32")
        expected = expected.astype(dtypes.numpy_dtype(dtype)).astype("float32")
        rtol, atol = max(rtol, 1e-2), max(atol, 1e-2)
    else:
        expected = expected.astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(actual, expected, rtol=rtol, atol=atol)


def traced(function):
    """`function` compiled by the engine's tracer (jax.jit, tf.function), if any."""
    if active.name == "jax":
        import jax

        return jax.jit(function)
    if active.name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


def errstate():
    return np.errstate(all="ignore")


# Floating ops.


@pytest.mark.parametrize("name", sorted(FLOAT_OPS))
@pytest.mark.parametrize("shape", SHAPES)
def test_float_op_matches_numpy(name, shape):
    reference, (low, high) = FLOAT_OPS[name]
    x = testing.random_array(shape, "float32", seed=1, low=low, high=high)
    rtol = 1e-4 if name in ("i0", "tan", "cbrt", "exp2", "sinc") else 1e-5
    check(getattr(ops, name)(x), reference(x.astype("float64")), "float32", rtol=rtol)


@pytest.mark.parametrize("name", sorted(FLOAT_OPS))
@pytest.mark.parametrize(
    "dtype", ["int8", "uint8", "int32", "bool", "float16", "bfloat16"]
)
def test_float_op_dtypes(name, dtype):
    reference, (low, high) = FLOAT_OPS[name]
    if dtype == "bool" or dtypes.is_int_dtype(dtype):
        low, high = np.ceil(low), np.floor(high) + 1
    if dtype.startswith("uint"):
        low = max(low, 0)
    x = testing.random_array((3, 4), dtype, seed=2, low=low, high=high)
    if dtype == "bfloat16":
        x = testing.random_array((3, 4), "float32", seed=2, low=low, high=high)
        x = x.astype(ml_dtypes.bfloat16)
    expected_dtype = dtypes.result_type(dtype, float)
    with errstate():
        expected = reference(x.astype("float64"))
        out = getattr(ops, name)(x)
    check(out, expected, expected_dtype, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(FLOAT_OPS))
def test_float_op_special_values(name):
    reference = FLOAT_OPS[name][0]
    x = SPECIAL.astype("float32")
    with errstate():
        expected = reference(x.astype("float64"))
        out = getattr(ops, name)(x)
    check(out, expected, "float32", rtol=1e-4, atol=1e-5)


def test_ceil_floor_of_ints_give_floatx():
    x = np.array([-3, 0, 7], "int32")
    check(ops.ceil(x), [-3.0, 0.0, 7.0], "float32")
    check(ops.floor(x), [-3.0, 0.0, 7.0], "float32")


def test_sinc_at_zero_and_cbrt_of_negatives():
    x = np.array([0.0, 0.5, 1.0], "float32")
    check(ops.sinc(x), [1.0, 2 / np.pi, 0.0], "float32")
    x = np.array([-27.0, -8.0, 64.0], "float32")
    check(ops.cbrt(x), [-3.0, -2.0, 4.0], "float32")


# Ops that keep the dtype.


def _int_input(dtype, shape=(4, 5), seed=3):
    if dtype == "bool":
        return testing.random_array(shape, "bool", seed=seed)
    info = np.iinfo(dtype)
    low, high = max(int(info.min), -100), min(int(info.max), 100)
    return testing.random_array(shape, dtype, seed=seed, low=low, high=high)


@pytest.mark.parametrize("name", sorted(SAME_DTYPE_OPS))
def test_same_dtype_op_on_ints_and_bools(name):
    reference, accepted = SAME_DTYPE_OPS[name]
    for dtype in accepted:
        x = _int_input(dtype)
        expected = reference(x)
        check(getattr(ops, name)(x), expected, dtype)


@pytest.mark.parametrize(
    "name", sorted(set(SAME_DTYPE_OPS) - {"bitwise_invert", "bitwise_not"})
)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_same_dtype_op_on_floats(name, shape, dtype):
    reference = SAME_DTYPE_OPS[name][0]
    x = testing.random_array(shape, dtype, seed=4, low=-5, high=5)
    check(getattr(ops, name)(x), reference(x), dtype)


def test_unsigned_negative_wraps_and_sign():
    x = np.array([0, 1, 200], "uint8")
    check(ops.negative(x), np.negative(x), "uint8")
    x = np.array([0, 1, 4000000000], "uint32")
    check(ops.negative(x), np.negative(x), "uint32")
    check(ops.sign(x), [0, 1, 1], "uint32")
    check(ops.abs(x), x, "uint32")


def test_bitwise_invert_extremes():
    for dtype in ["int8", "uint8", "int16", "uint16", "int32", "uint32"]:
        info = np.iinfo(dtype)
        x = np.array([info.min, 0, info.max], dtype)
        check(ops.bitwise_invert(x), np.invert(x), dtype)


def test_square_of_bools_gives_int32():
    x = np.array([True, False])
    check(ops.square(x), [1, 0], "int32")


def test_sign_and_trunc_special_values():
    x = SPECIAL.astype("float32")
    check(ops.sign(x), np.sign(x), "float32")
    check(ops.trunc(x), np.trunc(x), "float32")
    check(ops.negative(x), np.negative(x), "float32")
    check(ops.abs(x), np.abs(x), "float32")


# Complex inputs.


def _complex_input(shape=(3, 4), seed=5):
    re = testing.random_array(shape, "float32", seed=seed)
    im = testing.random_array(shape, "float32", seed=seed + 1)
    im[0] = 0.0
    return (re + 1j * im).astype("complex64")


@pytest.mark.parametrize(
    "name,reference,dtype",
    [
        ("abs", np.abs, "float32"),
        ("absolute", np.absolute, "float32"),
        ("angle", np.angle, "float32"),
        ("real", np.real, "float32"),
        ("imag", np.imag, "float32"),
        ("conj", np.conj, "complex64"),
        ("conjugate", np.conjugate, "complex64"),
        ("isreal", np.isreal, "bool"),
        ("isfinite", np.isfinite, "bool"),
        ("exp", np.exp, "complex64"),
        ("negative", np.negative, "complex64"),
        ("square", np.square, "complex64"),
    ],
)
def test_complex_inputs(name, reference, dtype):
    x = _complex_input()
    check(getattr(ops, name)(x), reference(x), dtype, rtol=1e-5)


def test_angle_of_reals():
    x = np.array([-2.0, -0.5, 0.0, 3.0], "float32")
    check(ops.angle(x), np.angle(x), "float32")
    check(ops.angle(np.array([-3, 0, 2], "int32")), [np.pi, 0.0, 0.0], "float32")


# Predicates.


@pytest.mark.parametrize("name", sorted(PREDICATES))
@pytest.mark.parametrize(
    "dtype", ["float32", "float16", "int8", "uint8", "int32", "bool"]
)
def test_predicate_matches_numpy(name, dtype):
    reference = PREDICATES[name]
    if dtype.startswith("float"):
        x = SPECIAL.astype(dtype)
    else:
        x = _int_input(dtype, shape=(3, 4))
    check(getattr(ops, name)(x), reference(x), "bool")


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate_on_empty_and_scalar(name):
    reference = PREDICATES[name]
    for x in (np.zeros((0, 3), "float32"), np.array(-1.5, "float32")):
        check(getattr(ops, name)(x), reference(x), "bool")


def test_signbit_reads_negative_zero():
    x = np.array([-0.0, 0.0, -1.0, 2.0], "float32")
    check(ops.signbit(x), [True, False, True, False], "bool")
    check(ops.signbit(x.astype(ml_dtypes.bfloat16)), [True, False, True, False], "bool")


# Ops with arguments.


@pytest.mark.parametrize("shape", SHAPES)
def test_clip_matches_numpy(shape):
    x = testing.random_array(shape, "float32", seed=6)
    check(ops.clip(x, -1.0, 1.5), np.clip(x, -1.0, 1.5), "float32")


def test_clip_dtypes_and_bounds():
    x = np.array([-5, -1, 0, 3, 9], "int8")
    check(ops.clip(x, -2, 4), np.clip(x, -2, 4), "int8")
    check(ops.clip(np.array([True, False]), 0, 0), [0, 0], "int32")
    check(ops.clip(np.array([1, 70000], "uint32"), 2, 100), [2, 100], "uint32")
    check(ops.clip(x, None, 0), np.minimum(x, 0), "int8")
    check(ops.clip(x, 0, None), np.maximum(x, 0), "int8")
    f = np.array([-1.0, 0.5, 2.0], "float16")
    check(ops.clip(f, 0.0, 1.0), np.clip(f, 0.0, 1.0), "float16")


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint8", "bool"])
@pytest.mark.parametrize("bounds", [(-1.5, 2.5), (None, 2.5), (0.5, None), (0, 2.5)])
def test_clip_int_tensor_with_float_bounds_gives_floats(dtype, bounds):
    # As in NumPy, float bounds promote the result to float (floatx here, where NumPy
    # gives float64), so no value falls outside the bounds.
    x = testing.random_array((2, 5), dtype, seed=8, low=-4, high=5)
    expected = np.clip(x.astype("float64"), *bounds)
    check(ops.clip(x, *bounds), expected, "float32")
    spec = ops.clip(testing.symbolic((None, 5), dtype), *bounds)
    testing.assert_spec(spec, (None, 5), "float32")


def test_clip_with_tensor_bounds_broadcasts():
    x = testing.random_array((2, 3), "float32", seed=7)
    low = np.array([-1.0, 0.0, -2.0], "float32")
    high = np.array([[0.5], [2.0]], "float32")
    check(ops.clip(x, low, high), np.clip(x, low, high), "float32")


def test_clip_propagates_nan():
    x = np.array([np.nan, -3.0, 3.0], "float32")
    check(ops.clip(x, -1.0, 1.0), np.clip(x, -1.0, 1.0), "float32")


@pytest.mark.parametrize("decimals", [0, 1, 2, -1])
@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_round_matches_numpy(decimals, dtype):
    x = testing.random_array((4, 6), dtype, seed=8, low=-50, high=50)
    expected = np.round(x, decimals)
    check(ops.round(x, decimals=decimals), expected, dtype, rtol=1e-5, atol=1e-5)


def test_round_halves_to_even_and_ints():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], "float32")
    check(ops.round(x), np.round(x), "float32")
    i = np.array([-25, -14, 15, 25, 35, 1234], "int32")
    check(ops.round(i, -1), np.round(i, -1), "int32")
    check(ops.round(i, -2), np.round(i, -2), "int32")
    check(ops.round(i, 2), i, "int32")
    u = np.array([15, 25, 250], "uint8")
    check(ops.round(u, -1), np.round(u, -1), "uint8")


def test_nan_to_num_defaults_and_values():
    x = np.array([np.nan, np.inf, -np.inf, 1.5, -2.0], "float32")
    check(ops.nan_to_num(x), np.nan_to_num(x), "float32")
    expected = np.nan_to_num(x, nan=-1.0, posinf=10.0, neginf=-10.0)
    check(ops.nan_to_num(x, nan=-1.0, posinf=10.0, neginf=-10.0), expected, "float32")
    h = x.astype("float16")
    check(ops.nan_to_num(h), np.nan_to_num(h), "float16")
    i = np.array([1, -2, 3], "int32")
    check(ops.nan_to_num(i, nan=7.0), i, "int32")
    c = np.array([complex(np.nan, np.inf), complex(1.0, -np.inf)], "complex64")
    out = ops.nan_to_num(c, nan=2.0, posinf=3.0, neginf=-3.0)
    check(out, [2 + 3j, 1 - 3j], "complex64")


def test_python_values_and_lists():
    check(ops.exp(0.0), 1.0, "float32")
    check(ops.sqrt(4), 2.0, "float32")
    check(ops.abs([-1, 2]), [1, 2], "int32")
    check(ops.isnan([1.0, float("nan")]), [False, True], "bool")
    check(ops.logical_not([0, 3]), [True, False], "bool")


def test_copy_is_a_distinct_array():
    x = np.array([1.0, 2.0], "float32")
    out = ops.copy(x)
    check(out, x, "float32")
    if active.name == "numpy":
        assert out is not x


# Tracing (jax.jit, tf.function).


@pytest.mark.parametrize(
    "name", ["sin", "sinc", "cbrt", "log10", "i0", "signbit", "trunc", "abs", "isreal"]
)
def test_ops_work_under_tracing(name):
    x = testing.random_array((3, 4), "float32", seed=9)
    if name == "log10":
        x = np.abs(x) + 0.1
    eager = getattr(ops, name)(x)
    compiled = traced(lambda t: getattr(ops, name)(t))(x)
    np.testing.assert_allclose(
        testing.to_numpy(compiled), testing.to_numpy(eager), rtol=1e-6, atol=1e-6
    )


def test_ops_with_arguments_under_tracing():
    x = testing.random_array((3, 4), "float32", seed=10, low=-20, high=20)
    x[0, 0] = np.nan
    fn = traced(lambda t: ops.round(ops.clip(ops.nan_to_num(t, nan=1.0), -5.0, 5.0), 1))
    expected = np.round(np.clip(np.nan_to_num(x, nan=1.0), -5.0, 5.0), 1)
    check(fn(x), expected, "float32")


# Symbolic inference.

SYMBOLIC_DTYPES = [
    "float32",
    "float16",
    "bfloat16",
    "float64",
    "int8",
    "uint8",
    "int32",
    "int64",
    "bool",
]


def _eager_dtype(op, dtype):
    x = np.ones((2, 3), dtypes.numpy_dtype(dtype))
    with errstate():
        return dtypes.standardize_dtype(testing.to_numpy(op(x)).dtype)


@pytest.mark.parametrize("name", sorted(unary.__all__))
def test_symbolic_spec_matches_eager_dtype(name):
    op = getattr(ops, name)
    if name == "clip":
        op = lambda x: ops.clip(x, 0, 1)  # noqa: E731
    for dtype in SYMBOLIC_DTYPES:
        try:
            eager = _eager_dtype(op, dtype)
        except TypeError:
            with pytest.raises(TypeError):
                op(testing.symbolic((None, 3), dtype))
            continue
        out = op(testing.symbolic((None, 3), dtype))
        testing.assert_spec(out, (None, 3), eager)


def test_symbolic_specs():
    x = testing.symbolic((None, 2, 3), "int8")
    testing.assert_spec(ops.sin(x), (None, 2, 3), "float32")
    testing.assert_spec(ops.ceil(x), (None, 2, 3), "float32")
    testing.assert_spec(ops.abs(x), (None, 2, 3), "int8")
    testing.assert_spec(ops.isnan(x), (None, 2, 3), "bool")
    testing.assert_spec(ops.round(x, -1), (None, 2, 3), "int8")
    testing.assert_spec(ops.square(testing.symbolic((4,), "bool")), (4,), "int32")
    b = testing.symbolic((None, 3), "bool")
    testing.assert_spec(ops.clip(b, 0, 1), (None, 3), "int32")
    f = testing.symbolic((3,))
    testing.assert_spec(ops.clip(f, np.zeros((2, 1)), 1.0), (2, 3), "float32")
    h = testing.symbolic((None,), "float16")
    testing.assert_spec(ops.exp(h), (None,), "float16")
    testing.assert_spec(ops.abs(testing.symbolic((2,), "complex64")), (2,), "float32")
    testing.assert_spec(ops.angle(testing.symbolic((2,), "complex64")), (2,), "float32")
    testing.assert_spec(ops.real(testing.symbolic((2,), "complex64")), (2,), "float32")
    bf = testing.symbolic((None,), "bfloat16")
    testing.assert_spec(ops.nan_to_num(bf), (None,), "bfloat16")


def test_symbolic_call_records_the_operation():
    x = testing.symbolic((None, 3))
    out = ops.round(x, decimals=2)
    assert isinstance(out, KerasTensor)
    operation = out._keras_history.operation
    assert operation.get_config()["decimals"] == 2
    assert operation.output is out


# Regressions: KerasTensors of 64-bit dtypes reported 32-bit results (float64 exp gave
# float32, int64 abs gave int32) and complex128 parts float32, where the eager ops
# keep 64 bits as NumPy does.
@pytest.mark.parametrize(
    "name,dtype",
    [
        ("abs", "int64"),
        ("negative", "int64"),
        ("sign", "int64"),
        ("square", "int64"),
        ("trunc", "int64"),
        ("exp", "float64"),
        ("sqrt", "float64"),
        ("sin", "float64"),
        ("ceil", "float64"),
        ("negative", "float64"),
        ("exp", "int64"),
        ("real", "complex64"),
        ("imag", "complex64"),
        ("angle", "complex64"),
        ("abs", "complex64"),
        ("real", "complex128"),
        ("imag", "complex128"),
        ("angle", "complex128"),
        ("abs", "complex128"),
        ("conjugate", "complex128"),
    ],
)
def test_64_bit_and_complex_dtypes_symbolic_matches_eager(name, dtype):
    if dtype.startswith("complex"):
        x = _complex_input().astype(dtype)
    else:
        x = testing.random_array((2, 3), dtype, low=-5, high=6)
    reference = getattr(np, "conjugate" if name == "conjugate" else name)
    with errstate():
        expected = reference(x)
    if name == "exp" and dtype == "int64":
        expected = expected.astype("float32")  # floatx, as for every int input
    # The dtype the engine holds the reference in: 64 bits, except JAX without x64.
    dtype_held = dtypes.standardize_dtype(ops.convert_to_tensor(expected).dtype)
    out = getattr(ops, name)(ops.convert_to_tensor(x, dtype=dtype))
    check(out, expected, dtype_held)
    spec = getattr(ops, name)(testing.symbolic((None, 3), dtype))
    testing.assert_spec(spec, (None, 3), dtype_held)


# Errors.


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(TypeError, match="`bitwise_invert` expects an integer or bool"):
        ops.bitwise_invert(np.array([1.0], "float32"))
    with pytest.raises(TypeError, match="`bitwise_invert` expects an integer or bool"):
        ops.bitwise_not(testing.symbolic((2,), "float32"))
    with pytest.raises(TypeError, match="`negative` does not accept a bool"):
        ops.negative(np.array([True]))
    with pytest.raises(TypeError, match="`sign` does not accept a bool"):
        ops.sign(testing.symbolic((2,), "bool"))
    with pytest.raises(TypeError, match="`fabs` does not accept a complex"):
        ops.fabs(np.array([1j], "complex64"))
    with pytest.raises(TypeError, match="`i0` does not accept a complex"):
        ops.i0(testing.symbolic((2,), "complex64"))
    with pytest.raises(TypeError, match="int `decimals`"):
        ops.round(np.ones(2, "float32"), decimals=1.5)
    with pytest.raises(TypeError, match="int `decimals`"):
        ops.round(testing.symbolic((2,)), decimals="1")
    with pytest.raises(ValueError, match="`x_min` or `x_max`; got None for both"):
        ops.clip(np.ones(2, "float32"), None, None)
    with pytest.raises(ValueError, match="`x_min` or `x_max`; got None for both"):
        ops.clip(testing.symbolic((2,)), None, None)
    with pytest.raises(ValueError, match="cannot be broadcast"):
        ops.clip(testing.symbolic((2, 3)), np.zeros(4), 1.0)
