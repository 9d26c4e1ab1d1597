"""keras.ops binary ops against NumPy: values, broadcasting, dtypes, symbolic specs."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import dtypes
from keras.ops import testing

# Ops that keep the promoted dtype: name -> NumPy reference.
SAME_DTYPE = {
    "add": np.add,
    "floor_divide": np.floor_divide,
    "fmax": np.fmax,
    "fmin": np.fmin,
    "fmod": np.fmod,
    "maximum": np.maximum,
    "minimum": np.minimum,
    "mod": np.mod,
    "multiply": np.multiply,
    "power": np.power,
    "subtract": np.subtract,
}
# Ops with a floating result: ints and bools give float32.
FLOAT_RESULT = {
    "arctan2": np.arctan2,
    "divide": np.true_divide,
    "divide_no_nan": np.true_divide,  # equal where x2 != 0, as in these inputs
    "heaviside": np.heaviside,
    "hypot": np.hypot,
    "logaddexp": np.logaddexp,
    "logaddexp2": np.logaddexp2,
    "nextafter": np.nextafter,
    "true_divide": np.true_divide,
}
# Ops with a bool result.
COMPARISONS = {
    "equal": np.equal,
    "greater": np.greater,
    "greater_equal": np.greater_equal,
    "less": np.less,
    "less_equal": np.less_equal,
    "logical_and": np.logical_and,
    "logical_or": np.logical_or,
    "logical_xor": np.logical_xor,
    "not_equal": np.not_equal,
}
# Ops on integers only.
INTEGER = {
    "bitwise_and": np.bitwise_and,
    "bitwise_left_shift": np.left_shift,
    "bitwise_or": np.bitwise_or,
    "bitwise_right_shift": np.right_shift,
    "bitwise_xor": np.bitwise_xor,
    "gcd": np.gcd,
    "lcm": np.lcm,
    "left_shift": np.left_shift,
    "right_shift": np.right_shift,
}
SHIFTS = ("bitwise_left_shift", "bitwise_right_shift", "left_shift", "right_shift")
# The divisor of these ops (and the exponent of power) is drawn away from zero.
DIVISIONS = ("divide", "divide_no_nan", "floor_divide", "fmod", "mod", "true_divide")
ALL_OPS = sorted({**SAME_DTYPE, **FLOAT_RESULT, **COMPARISONS, **INTEGER})


def float_inputs(name, shapes, dtype="float32", seed=0):
    """Random inputs in the domain of `name`, away from poles and ties."""
    x1 = testing.random_array(shapes[0], dtype, seed=seed)
    x2 = testing.random_array(shapes[1], dtype, seed=seed + 1)
    if name in DIVISIONS:
        x2 = np.where(x2 < 0, x2 - 0.5, x2 + 0.5).astype(dtype)
    if name == "power":
        x1 = np.abs(x1).astype(dtype) + np.asarray(0.5, dtype)
    return x1, x2


def int_inputs(name, shapes, dtype="int32", seed=0):
    """Random integers valid for `name`: non-zero divisors, in-range shift amounts."""
    low = 0 if dtype == "bool" or dtype.startswith("uint") else -6
    x1 = testing.random_array(shapes[0], dtype, seed=seed, low=low, high=6)
    x2 = testing.random_array(shapes[1], dtype, seed=seed + 1, low=low, high=6)
    if dtype == "bool":
        return x1, x2
    if name in SHIFTS or name == "power":
        high = 4 if name == "power" else 7
        x2 = testing.random_array(shapes[1], dtype, seed=seed + 1, low=0, high=high)
    elif name in DIVISIONS:
        x2 = np.where(x2 == 0, 1, x2).astype(dtype)
    return x1, x2


def reference(name, x1, x2, dtype):
    """The NumPy result on inputs cast to `dtype`, in `dtype` for non-bool results."""
    function = {**SAME_DTYPE, **FLOAT_RESULT, **COMPARISONS, **INTEGER}[name]
    expected = function(x1.astype(dtype), x2.astype(dtype))
    return expected if expected.dtype == bool else expected.astype(dtype)


def tolerance(dtype):
    return 1e-2 if dtype in ("float16", "bfloat16") else 1e-5


@pytest.mark.parametrize("name", sorted({**SAME_DTYPE, **FLOAT_RESULT, **COMPARISONS}))
@pytest.mark.parametrize("shapes", testing.BROADCAST_PAIRS)
def test_float_inputs_match_numpy_with_broadcasting(name, shapes):
    x1, x2 = float_inputs(name, shapes)
    testing.assert_close(getattr(ops, name)(x1, x2), reference(name, x1, x2, "float32"))


@pytest.mark.parametrize("name", sorted({**SAME_DTYPE, **COMPARISONS, **INTEGER}))
@pytest.mark.parametrize("shapes", testing.BROADCAST_PAIRS)
def test_int_inputs_match_numpy_with_broadcasting(name, shapes):
    x1, x2 = int_inputs(name, shapes)
    testing.assert_close(getattr(ops, name)(x1, x2), reference(name, x1, x2, "int32"))


@pytest.mark.parametrize("name", sorted(SAME_DTYPE))
@pytest.mark.parametrize(
    "dtype1,dtype2",
    [
        ("int8", "uint8"),
        ("uint16", "uint16"),
        ("uint32", "uint8"),
        ("int16", "float16"),
        ("bfloat16", "bfloat16"),
        ("float16", "float32"),
    ],
)
def test_same_dtype_ops_follow_keras_promotion(name, dtype1, dtype2):
    expected_dtype = dtypes.result_type(dtype1, dtype2)
    x1, _ = int_inputs(name, ((2, 3), ()), "uint8", seed=3)
    _, x2 = int_inputs(name, ((), (2, 3)), "uint8", seed=4)
    x1, x2 = x1.astype(dtype1), x2.astype(dtype2)
    out = getattr(ops, name)(x1, x2)
    expected = reference(name, x1, x2, expected_dtype)
    testing.assert_close(out, expected, rtol=tolerance(expected_dtype))


@pytest.mark.parametrize("name", sorted(FLOAT_RESULT))
@pytest.mark.parametrize(
    "dtype1,dtype2",
    [
        ("int8", "int16"),
        ("int32", "uint8"),
        ("bool", "float16"),
        ("bfloat16", "bfloat16"),
        ("float16", "float16"),
        ("float16", "float32"),
    ],
)
def test_float_result_ops_follow_keras_promotion(name, dtype1, dtype2):
    expected_dtype = dtypes.result_type(dtype1, dtype2, float)
    x1 = testing.random_array((2, 3), dtype1, seed=5, low=-3, high=4)
    x2 = testing.random_array((3,), dtype2, seed=6, low=1, high=4)
    out = getattr(ops, name)(x1, x2)
    expected = reference(name, x1, x2, expected_dtype)
    testing.assert_close(out, expected, rtol=tolerance(expected_dtype))


@pytest.mark.parametrize("name", sorted(COMPARISONS))
@pytest.mark.parametrize(
    "dtype1,dtype2",
    [
        ("int8", "uint8"),
        ("uint16", "uint16"),
        ("uint32", "uint32"),
        ("bool", "bool"),
        ("float16", "int32"),
        ("bfloat16", "float32"),
    ],
)
def test_comparisons_give_bool(name, dtype1, dtype2):
    x1 = testing.random_array((2, 3), dtype1, seed=7, low=0, high=3)
    x2 = testing.random_array((2, 3), dtype2, seed=8, low=0, high=3)
    promoted = dtypes.result_type(dtype1, dtype2)
    testing.assert_close(getattr(ops, name)(x1, x2), reference(name, x1, x2, promoted))


@pytest.mark.parametrize("name", sorted(INTEGER))
@pytest.mark.parametrize(
    "dtype1,dtype2",
    [
        ("int8", "int8"),
        ("uint8", "int16"),
        ("uint8", "uint8"),
        ("uint16", "uint16"),
        ("uint32", "uint32"),
        ("int16", "int32"),
    ],
)
def test_integer_ops_follow_keras_promotion(name, dtype1, dtype2):
    expected_dtype = dtypes.result_type(dtype1, dtype2)
    x1, _ = int_inputs(name, ((2, 3), ()), dtype1, seed=9)
    _, x2 = int_inputs(name, ((), (3,)), dtype2, seed=10)
    expected = reference(name, x1, x2, expected_dtype)
    testing.assert_close(getattr(ops, name)(x1, x2), expected)


def test_shifts_wrap_and_keep_the_sign():
    x = np.array([1, 5, -8, 127], dtype="int8")
    testing.assert_close(ops.left_shift(x, 4), np.left_shift(x, np.int8(4)))
    testing.assert_close(ops.bitwise_right_shift(x, 2), np.right_shift(x, np.int8(2)))
    u = np.array([1, 3, 40000, 65535], dtype="uint16")
    testing.assert_close(ops.bitwise_left_shift(u, 3), np.left_shift(u, np.uint16(3)))
    w = np.array([1, 3, 2**31 + 5, 2**32 - 1], dtype="uint32")
    testing.assert_close(ops.left_shift(w, 7), np.left_shift(w, np.uint32(7)))
    testing.assert_close(ops.right_shift(w, 7), np.right_shift(w, np.uint32(7)))


@pytest.mark.parametrize("name", ["bitwise_and", "bitwise_or", "bitwise_xor"])
def test_bitwise_logic_on_bools(name):
    x1 = testing.random_array((4, 3), "bool", seed=11)
    x2 = testing.random_array((3,), "bool", seed=12)
    testing.assert_close(getattr(ops, name)(x1, x2), INTEGER[name](x1, x2))


# The Keras results on bools of the arithmetic ops (NumPy gives ints or raises).
BOOL_ARITHMETIC = {
    "add": np.logical_or,
    "subtract": np.logical_xor,
    "multiply": np.logical_and,
    "maximum": np.logical_or,
    "minimum": np.logical_and,
    "fmax": np.logical_or,
    "fmin": np.logical_and,
    "floor_divide": np.logical_and,
    "power": lambda x1, x2: x1 | ~x2,
}


@pytest.mark.parametrize("name", sorted(BOOL_ARITHMETIC))
def test_arithmetic_on_bools_stays_bool(name):
    x1 = testing.random_array((4, 3), "bool", seed=13)
    x2 = testing.random_array((4, 3), "bool", seed=14)
    testing.assert_close(getattr(ops, name)(x1, x2), BOOL_ARITHMETIC[name](x1, x2))


@pytest.mark.parametrize("name", ["mod", "fmod"])
def test_modulo_of_bools_is_int32(name):
    x1 = testing.random_array((5,), "bool", seed=15)
    out = getattr(ops, name)(x1, np.ones((5,), bool))
    testing.assert_close(out, np.zeros((5,), "int32"))


@pytest.mark.parametrize("name", sorted(SAME_DTYPE))
def test_python_scalars_are_weak(name):
    x, _ = int_inputs(name, ((4,), ()), "int8", seed=16)
    scalar = 2
    expected = SAME_DTYPE[name](x, np.int8(scalar))
    testing.assert_close(getattr(ops, name)(x, scalar), expected)
    f = testing.random_array((4,), "float16", seed=17, low=0.5, high=3)
    assert testing.to_numpy(getattr(ops, name)(f, 1.5)).dtype == np.float16


@pytest.mark.parametrize("name", sorted(FLOAT_RESULT))
def test_float_result_with_python_scalars(name):
    x = testing.random_array((4,), "int8", seed=18, low=-3, high=4)
    testing.assert_close(
        getattr(ops, name)(x, 2), FLOAT_RESULT[name](x.astype("float32"), np.float32(2))
    )
    f = testing.random_array((4,), "float16", seed=19)
    assert testing.to_numpy(getattr(ops, name)(f, 1.5)).dtype == np.float16
    assert testing.to_numpy(getattr(ops, name)(1, 2)).dtype == np.float32


def test_maximum_and_minimum_propagate_nan_fmax_and_fmin_ignore_it():
    x1 = np.array([1.0, np.nan, np.nan, -2.0], "float32")
    x2 = np.array([np.nan, 3.0, np.nan, 5.0], "float32")
    for name in ("maximum", "minimum", "fmax", "fmin"):
        testing.assert_close(getattr(ops, name)(x1, x2), SAME_DTYPE[name](x1, x2))


def test_mod_fmod_and_floor_divide_signs():
    x1 = np.array([7, -7, 7, -7], "int32")
    x2 = np.array([3, 3, -3, -3], "int32")
    for name in ("mod", "fmod", "floor_divide"):
        testing.assert_close(getattr(ops, name)(x1, x2), SAME_DTYPE[name](x1, x2))
        f1, f2 = (x1 + 0.5).astype("float32"), x2.astype("float32")
        testing.assert_close(getattr(ops, name)(f1, f2), SAME_DTYPE[name](f1, f2))


def test_divide_no_nan_gives_zero_for_zero_divisors():
    x1 = np.array([1.0, 0.0, np.nan, np.inf, 3.0], "float32")
    x2 = np.array([0.0, 0.0, 0.0, 0.0, 2.0], "float32")
    expected = np.array([0, 0, 0, 0, 1.5], "float32")
    testing.assert_close(ops.divide_no_nan(x1, x2), expected)
    ints = np.array([4, 2], "int8")
    testing.assert_close(ops.divide_no_nan(ints, 0), np.zeros(2, "float32"))


def test_heaviside_special_values():
    x1 = np.array([-2.0, 0.0, -0.0, 3.0, np.nan, -np.inf, np.inf], "float32")
    testing.assert_close(ops.heaviside(x1, 0.5), np.heaviside(x1, np.float32(0.5)))
    x2 = np.array([0.25, 0.75], "float32")
    zeros = np.zeros((3, 1), "float32")
    testing.assert_close(ops.heaviside(zeros, x2), np.tile(x2, (3, 1)))


def test_hypot_does_not_overflow():
    x1 = np.array([300.0, 0.0, 3e4, np.inf, np.nan], "float16")
    x2 = np.array([400.0, 0.0, 4e4, np.nan, 1.0], "float16")
    testing.assert_close(ops.hypot(x1, x2), np.hypot(x1, x2), rtol=1e-3)
    big = np.array([3e30, -1e-30], "float32")
    testing.assert_close(ops.hypot(big, 4e30), np.hypot(big, np.float32(4e30)))


@pytest.mark.parametrize("name", ["logaddexp", "logaddexp2"])
def test_logaddexp_extremes(name):
    x1 = np.array([1000.0, -1000.0, np.inf, -np.inf, -np.inf, 0.0, np.nan], "float32")
    x2 = np.array([1000.0, -1000.0, np.inf, -np.inf, 2.0, np.inf, 1.0], "float32")
    with np.errstate(invalid="ignore"):
        testing.assert_close(getattr(ops, name)(x1, x2), FLOAT_RESULT[name](x1, x2))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32"])
def test_nextafter_steps_one_ulp(dtype):
    x1 = np.array([1.0, 1.0, 0.0, 0.0, -2.0, -2.0, 3.0, np.inf, 1.0, np.nan], dtype)
    x2 = np.array([2.0, 0.0, 1.0, -1.0, -3.0, 0.0, 3.0, 0.0, np.nan, 1.0], dtype)
    out = testing.to_numpy(ops.nextafter(x1, x2))
    expected = np.nextafter(x1, x2)
    assert out.dtype == expected.dtype
    bits = "uint16" if dtype != "float32" else "uint32"
    nan = np.isnan(expected)
    np.testing.assert_array_equal(np.isnan(out), nan)
    np.testing.assert_array_equal(out[~nan].view(bits), expected[~nan].view(bits))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "int32"])
def test_ldexp(dtype):
    x1 = testing.random_array((2, 4), dtype, seed=20, low=-3, high=4)
    x2 = np.array([-3, 0, 2, 9], "int32")
    expected_dtype = dtypes.result_type(dtype, float)
    expected = np.ldexp(x1.astype("float32"), x2).astype(expected_dtype)
    testing.assert_close(ops.ldexp(x1, x2), expected, rtol=0, atol=0)
    expected = (x1.astype("float32") * 8).astype(expected_dtype)
    testing.assert_close(ops.ldexp(x1, np.int8(3)), expected)


@pytest.mark.parametrize(
    "dtype1,dtype2", [("int8", "uint8"), ("uint32", "uint16"), ("int32", "int32")]
)
def test_gcd_and_lcm_edge_values(dtype1, dtype2):
    low = 0 if dtype1.startswith("u") else -12
    x1 = np.array([0, 0, 12, 7, low, 9], dtype1)
    x2 = np.array([0, 5, 8, 1, 6, 12], dtype2)
    promoted = dtypes.result_type(dtype1, dtype2)
    for name in ("gcd", "lcm"):
        expected = reference(name, x1, x2, promoted)
        testing.assert_close(getattr(ops, name)(x1, x2), expected)


def test_isclose_and_allclose():
    x1 = np.array([1.0, 1.0001, np.inf, -np.inf, np.inf, np.nan, 1e-9, 0.0], "float32")
    x2 = np.array([1.0, 1.0, np.inf, np.inf, 1e30, np.nan, 0.0, 1e-7], "float32")
    testing.assert_close(ops.isclose(x1, x2), np.isclose(x1, x2))
    for options in ({"equal_nan": True}, {"rtol": 1e-3, "atol": 1e-6}):
        testing.assert_close(
            ops.isclose(x1, x2, **options), np.isclose(x1, x2, **options)
        )
    ints = np.array([[1, 2, 3]], "int32")
    column = np.array([[1], [3]], "int8")
    expected = np.isclose(ints.astype("float32"), column.astype("float32"), atol=1)
    testing.assert_close(ops.isclose(ints, column, atol=1), expected)
    testing.assert_close(ops.allclose(x1[:2], x2[:2], rtol=1e-3), np.array(True))
    testing.assert_close(ops.allclose(x1, x2), np.array(False))
    testing.assert_close(ops.allclose(x1[5:6], x2[5:6], equal_nan=True), np.array(True))
    testing.assert_close(ops.allclose(np.zeros((0, 3), "float32"), 1.0), np.array(True))


@pytest.mark.parametrize(
    "dtype1,dtype2",
    [("int32", "int32"), ("uint16", "uint8"), ("bool", "bool"), ("float32", "int8")],
)
@pytest.mark.parametrize("invert", [False, True])
def test_isin_matches_numpy(dtype1, dtype2, invert):
    x1 = testing.random_array((3, 4), dtype1, seed=21, low=0, high=8)
    x2 = testing.random_array((2, 2), dtype2, seed=22, low=0, high=8)
    if dtype1 == "float32":
        x1 = np.round(x1)
    promoted = dtypes.result_type(dtype1, dtype2)
    expected = np.isin(x1.astype(promoted), x2.astype(promoted), invert=invert)
    testing.assert_close(ops.isin(x1, x2, invert=invert), expected)


def test_isin_special_cases():
    x1 = np.array([1.0, np.nan, 2.0, -np.inf], "float32")
    x2 = np.array([np.nan, 2.0, -np.inf, 5.0], "float32")
    testing.assert_close(ops.isin(x1, x2), np.isin(x1, x2))
    testing.assert_close(ops.isin(x1, np.zeros((0,), "float32")), np.zeros(4, bool))
    empty = np.zeros((0, 2), "int32")
    testing.assert_close(ops.isin(empty, x2), np.zeros((0, 2), bool))
    testing.assert_close(ops.isin(np.int32(3), [1, 3]), np.array(True))
    testing.assert_close(ops.isin(x1, x2, assume_unique=True), np.isin(x1, x2))


@pytest.mark.parametrize(
    "shapes", [((2, 3), (3,), (2, 1)), ((), (4,), ()), ((0, 2), (2,), ())]
)
def test_where_broadcasts_and_promotes(shapes):
    condition = testing.random_array(shapes[0], "bool", seed=23)
    x1 = testing.random_array(shapes[1], "int8", seed=24)
    x2 = testing.random_array(shapes[2], "float16", seed=25)
    expected = np.where(condition, x1.astype("float16"), x2)
    testing.assert_close(ops.where(condition, x1, x2), expected)


def test_where_with_scalars_and_numeric_condition():
    condition = np.array([[0, 2], [-1, 0]], "int32")
    expected = np.where(condition, 1, 0).astype("int32")
    testing.assert_close(ops.where(condition, 1, 0), expected)
    x = np.array([1, 2], "uint8")
    expected = np.where(condition, x, np.uint8(7))
    testing.assert_close(ops.where(condition, x, 7), expected)
    expected = np.where(condition, 1.5, x).astype("float32")
    testing.assert_close(ops.where(condition, 1.5, x), expected)


@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 0, 3)])
def test_where_with_condition_only_gives_int32_indices(shape):
    condition = testing.random_array(shape, "int32", seed=26, low=0, high=2)
    out = ops.where(condition)
    expected = np.nonzero(condition)
    assert isinstance(out, tuple) and len(out) == len(shape)
    for index, reference_index in zip(out, expected):
        testing.assert_close(index, reference_index.astype("int32"))


@pytest.mark.parametrize("name", ALL_OPS)
def test_symbolic_shapes_and_dtypes(name):
    op = getattr(ops, name)
    if name in INTEGER:
        dtype1, dtype2, expected = "uint8", "int8", "int16"
    elif name in COMPARISONS:
        dtype1, dtype2, expected = "float32", "int32", "bool"
    elif name in FLOAT_RESULT:
        dtype1, dtype2, expected = "int8", "int32", "float32"
    else:
        dtype1, dtype2, expected = "int8", "float16", "float16"
    out = op(testing.symbolic((None, 1, 3), dtype1), testing.symbolic((4, 1), dtype2))
    testing.assert_spec(out, (None, 4, 3), expected)
    out = op(testing.symbolic((2, None), dtype1), 3)
    testing.assert_spec(out, (2, None), "float32" if name in FLOAT_RESULT else (
        "bool" if name in COMPARISONS else dtype1
    ))
    with pytest.raises(ValueError, match="cannot be broadcast"):
        op(testing.symbolic((2, 3), dtype1), testing.symbolic((4,), dtype2))


def _held(expected):
    """The dtype the engine holds the NumPy `expected` in: 64 bits, except on JAX
    without x64."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(expected).dtype)


# Regression: two KerasTensors of one 64-bit dtype reported the 32-bit promoted dtype,
# where the eager ops keep the dtype of inputs that share it, as NumPy does.
@pytest.mark.parametrize(
    "name, dtype",
    [
        *[(name, "float64") for name in ("add", "multiply", "maximum", "fmod", "mod")],
        *[(name, "int64") for name in ("subtract", "minimum", "floor_divide")],
        *[(name, "int64") for name in ("bitwise_and", "left_shift", "gcd", "lcm")],
    ],
)
def test_one_64_bit_dtype_symbolic_matches_eager(name, dtype):
    x1 = testing.random_array((2, 3), dtype, seed=30, low=1, high=9)
    x2 = testing.random_array((3,), dtype, seed=31, low=1, high=5)
    expected = INTEGER.get(name, SAME_DTYPE.get(name))(x1, x2)
    out = getattr(ops, name)(
        ops.convert_to_tensor(x1, dtype=dtype), ops.convert_to_tensor(x2, dtype=dtype)
    )
    testing.assert_close(out, expected.astype(_held(expected)))
    spec = getattr(ops, name)(
        testing.symbolic((None, 3), dtype), testing.symbolic((3,), dtype)
    )
    testing.assert_spec(spec, (None, 3), _held(expected))


@pytest.mark.parametrize(
    "name, second",
    [
        ("multiply", 2.5),
        ("divide", 2.5),
        ("true_divide", 2.5),
        ("divide", "itself"),
        ("divide_no_nan", "itself"),
        ("hypot", "itself"),
    ],
)
def test_float64_with_a_python_number_or_divided_narrows_as_keras(name, second):
    # Regression: on torch, float64 * 2.5, float64 / 2.5 and divide_no_nan of two
    # float64 tensors kept float64 while the other backends and the KerasTensor gave
    # float32: a Python number, and the float result of divide-like ops, go through
    # Keras promotion, which narrows 64 bits.
    x = testing.random_array((2, 3), "float64", seed=32, low=1.0, high=3.0)
    reference = {**SAME_DTYPE, **FLOAT_RESULT}[name]
    expected = reference(x, x if second == "itself" else second).astype("float32")
    tensor = ops.convert_to_tensor(x, dtype="float64")
    op = getattr(ops, name)
    testing.assert_close(op(tensor, tensor if second == "itself" else second), expected)
    symbol = testing.symbolic((None, 3), "float64")
    spec = op(symbol, symbol if second == "itself" else second)
    testing.assert_spec(spec, (None, 3), "float32")


def test_where_of_one_64_bit_dtype_keeps_it():
    condition = testing.random_array((2, 3), "bool", seed=33)
    x1 = testing.random_array((2, 3), "float64", seed=34)
    x2 = testing.random_array((3,), "float64", seed=35)
    expected = np.where(condition, x1, x2)
    out = ops.where(
        condition,
        ops.convert_to_tensor(x1, dtype="float64"),
        ops.convert_to_tensor(x2, dtype="float64"),
    )
    testing.assert_close(out, expected.astype(_held(expected)))
    spec = ops.where(
        testing.symbolic((2, 3), "bool"),
        testing.symbolic((2, 3), "float64"),
        testing.symbolic((3,), "float64"),
    )
    testing.assert_spec(spec, (2, 3), _held(expected))


def test_symbolic_specs_of_the_other_ops():
    a = testing.symbolic((None, 3))
    b = testing.symbolic((2, 1), "bfloat16")
    testing.assert_spec(ops.isclose(a, b), (2, 3), "bool")
    testing.assert_spec(ops.allclose(a, b), (), "bool")
    testing.assert_spec(ops.isin(a, testing.symbolic((7,), "int32")), (None, 3), "bool")
    exponents = testing.symbolic((3,), "int32")
    testing.assert_spec(ops.ldexp(b, exponents), (2, 3), "bfloat16")
    testing.assert_spec(ops.ldexp(testing.symbolic((3,), "int8"), 2), (3,), "float32")
    testing.assert_spec(ops.mod(testing.symbolic((3,), "bool"), True), (3,), "int32")
    testing.assert_spec(ops.fmod(testing.symbolic((3,), "uint8"), 2), (3,), "uint8")
    condition = testing.symbolic((None, 1, 3), "bool")
    testing.assert_spec(ops.where(condition, b, 1), (None, 2, 3), "bfloat16")
    testing.assert_spec(ops.where(condition, 1, 2.0), (None, 1, 3), "float32")
    out = ops.where(True, a, testing.symbolic((3,), "int8"))
    testing.assert_spec(out, (None, 3), "float32")
    indices = ops.where(condition)
    assert len(indices) == 3
    for index in indices:
        testing.assert_spec(index, (None,), "int32")


@pytest.mark.parametrize(
    "name", ["bitwise_and", "bitwise_xor", "gcd", "lcm", "left_shift"]
)
def test_integer_ops_reject_floats(name):
    x = testing.random_array((3,), "float32", seed=27)
    with pytest.raises(TypeError, match="expects integer.*promote to float32"):
        getattr(ops, name)(x, 2)
    with pytest.raises(TypeError, match="integer"):
        getattr(ops, name)(testing.symbolic((3,)), 2)


def test_bad_arguments_raise_clear_errors():
    x = testing.random_array((3,), "float32", seed=28)
    with pytest.raises(TypeError, match="bitwise_right_shift.*integer tensors.*bool"):
        ops.bitwise_right_shift(np.array([True, False]), np.array([True, True]))
    with pytest.raises(TypeError, match="ldexp.*integer.*x2.*float32"):
        ops.ldexp(x, x)
    with pytest.raises(TypeError, match="ldexp"):
        ops.ldexp(testing.symbolic((3,)), testing.symbolic((3,)))
    with pytest.raises(ValueError, match="`rtol` must be a non-negative.*got -1"):
        ops.isclose(x, x, rtol=-1)
    with pytest.raises(ValueError, match="`atol`"):
        ops.allclose(testing.symbolic((3,)), x, atol="big")
    with pytest.raises(ValueError, match="both `x1` and `x2` or neither"):
        ops.where(x > 0, x)
    with pytest.raises(ValueError, match="both `x1` and `x2` or neither"):
        ops.where(testing.symbolic((3,), "bool"), x2=x)
    with pytest.raises(ValueError, match="rank >= 1"):
        ops.where(np.array(True))


def traced(function):
    """`function` compiled by the backend's tracer (jax.jit, tf.function) if any."""
    name = testing.backend_name()
    if name == "jax":
        import jax

        return jax.jit(function)
    if name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


@pytest.mark.parametrize(
    "name,dtype",
    [
        ("gcd", "int16"),
        ("lcm", "uint32"),
        ("hypot", "float32"),
        ("logaddexp", "float32"),
        ("nextafter", "float16"),
        ("heaviside", "float32"),
        ("fmax", "float32"),
        ("fmod", "int8"),
        ("power", "uint16"),
        ("divide_no_nan", "float32"),
        ("isclose", "float32"),
        ("isin", "int32"),
        ("less", "bool"),
    ],
)
def test_ops_work_under_tracing(name, dtype):
    if dtype in ("float16", "float32"):
        x1, x2 = float_inputs(name, ((2, 3), (3,)), dtype, seed=29)
    else:
        x1, x2 = int_inputs(name, ((2, 3), (3,)), dtype, seed=29)
    x1_tensor = ops.convert_to_tensor(x1)
    x2_tensor = ops.convert_to_tensor(x2)
    op = getattr(ops, name)
    eager = testing.to_numpy(op(x1_tensor, x2_tensor))
    testing.assert_close(traced(op)(x1_tensor, x2_tensor), eager, rtol=0, atol=0)


def test_where_and_allclose_under_tracing():
    condition = ops.convert_to_tensor(np.array([True, False, True]))
    x = ops.convert_to_tensor(np.array([1.0, 2.0, 3.0], "float32"))
    out = traced(lambda c, v: ops.where(c, v, -v))(condition, x)
    testing.assert_close(out, np.array([1.0, -2.0, 3.0], "float32"))
    testing.assert_close(traced(ops.allclose)(x, x + 1e-7), np.array(True))


def test_every_public_op_is_tested():
    from keras.ops import binary

    tested = set(ALL_OPS) | {"allclose", "isclose", "isin", "ldexp", "where"}
    assert tested == set(binary.__all__)
