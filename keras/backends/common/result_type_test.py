"""keras.backend.result_type against the table observed from Keras 3.15 (see testdata/)."""

import json
import pathlib

import numpy as np
import pytest

import keras
from keras.backends import active

TABLE = json.loads(
    (pathlib.Path(__file__).parent / "testdata" / "keras3_result_type.json").read_text()
)
PYTHON = {"int": int, "float": float, "bool": bool, "complex": complex}


def test_every_pair_of_dtypes():
    wrong = {}
    for pair, expected in TABLE["pairs"].items():
        a, b = pair.split(",")
        got = keras.backend.result_type(a, b)
        if got != expected:
            wrong[pair] = (got, expected)
    assert not wrong
    assert len(TABLE["pairs"]) == 225


def test_dtypes_with_python_scalars_are_weak():
    for pair, expected in TABLE["weak"].items():
        a, b = pair.split(",")
        assert keras.backend.result_type(a, PYTHON[b]) == expected, pair


def test_python_types_alone():
    for key, expected in TABLE["python"].items():
        args = [PYTHON[k] for k in key.split(",") if k]
        assert keras.backend.result_type(*args) == expected, key


def test_symmetric_and_accepts_backend_dtypes():
    x = active.convert_to_tensor(np.zeros(2, "int8"))
    assert keras.backend.result_type(x.dtype, "uint8") == "int16"
    assert keras.backend.result_type("uint8", x.dtype) == "int16"


def test_floatx_sets_the_precision_of_weak_results():
    keras.config.set_floatx("float16")
    try:
        assert keras.backend.result_type(float) == "float16"
        assert keras.backend.result_type("int8", float) == "float16"
    finally:
        keras.config.set_floatx("float32")


def test_float8_needs_an_explicit_cast():
    with pytest.raises(ValueError, match="float8"):
        keras.backend.result_type("float8_e4m3fn", "float32")
