"""Dtype names: standardisation from strings, Python types and the active engine's dtypes."""

import numpy as np
import pytest

import keras
from keras.backends import active
from keras.backends.common import dtypes


@pytest.mark.parametrize(
    "given,expected",
    [
        (None, "float32"),
        ("float32", "float32"),
        ("float", "float32"),
        ("int", "int64"),
        (float, "float32"),
        (int, "int64"),
        (bool, "bool"),
        (str, "string"),
        ("double", "float64"),
        (np.float16, "float16"),
        (np.dtype("uint8"), "uint8"),
        (np.dtype("complex64"), "complex64"),
        ("bfloat16", "bfloat16"),
    ],
)
def test_standardize_dtype(given, expected):
    assert keras.backend.standardize_dtype(given) == expected


@pytest.mark.parametrize("dtype", ["float16", "float32", "int8", "int32", "uint8", "bool"])
def test_standardize_the_active_engines_dtype(dtype):
    tensor = active.convert_to_tensor(np.zeros((2,), dtype=dtype))
    assert dtypes.standardize_dtype(tensor.dtype) == dtype


def test_unknown_dtype_is_a_clear_error():
    with pytest.raises(ValueError, match="Invalid dtype: 'float33'.*'float32'"):
        dtypes.standardize_dtype("float33")


def test_float_and_int_predicates():
    assert keras.backend.is_float_dtype("bfloat16")
    assert keras.backend.is_float_dtype(np.float64)
    assert not keras.backend.is_float_dtype("int32")
    assert keras.backend.is_int_dtype("uint16")
    assert not keras.backend.is_int_dtype("bool")


def test_floatx_changes_the_default(monkeypatch):
    keras.config.set_floatx("float16")
    try:
        assert dtypes.standardize_dtype(None) == "float16"
        assert dtypes.infer_dtype(1.5) == "float16"
        assert keras.Variable(1.0).dtype == "float16"
    finally:
        keras.config.set_floatx("float32")


@pytest.mark.parametrize(
    "value,expected",
    [
        (2**31 - 1, "int32"),
        (2**31, "int64"),
        (1j, "complex64"),
        ([], "float32"),
        ([True, 2], "int32"),
        ([np.int8(1), np.int16(2)], "int64"),
    ],
)
def test_infer_dtype_of_python_values(value, expected):
    assert dtypes.infer_dtype(value) == expected


def test_numpy_dtype_covers_ml_dtypes():
    assert dtypes.numpy_dtype("bfloat16").name == "bfloat16"
    assert dtypes.numpy_dtype("float8_e4m3fn").name == "float8_e4m3fn"
    assert dtypes.numpy_dtype("string") == np.dtype(object)


def test_result_type_keeping_64_keeps_a_64_bit_input_dtype():
    assert dtypes.result_type("float64") == "float32"
    assert dtypes.result_type_keeping_64("float64") == "float64"
    assert dtypes.result_type_keeping_64("float64", "int32") == "float64"
    assert dtypes.result_type_keeping_64("int64", "uint8") == "int64"
    assert dtypes.result_type_keeping_64("float64", float) == "float64"
    # No 64-bit input: the same as result_type (int64 + float32 stays float32).
    assert dtypes.result_type_keeping_64("int64", "float32") == "float32"
    assert dtypes.result_type_keeping_64("uint64", "int64") == "float32"
    assert dtypes.result_type_keeping_64("int32", float) == "float32"
