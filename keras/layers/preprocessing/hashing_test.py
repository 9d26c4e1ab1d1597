"""Hashing and HashedCrossing against bins Keras 3.15.1 produced (testdata/, see
make_fixture.py), the encodings, symbolic use, config and argument errors (tf.data:
tf_data_test)."""

import json
import os

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.preprocessing.hashed_crossing import HashedCrossing
from keras.layers.preprocessing.hashing import Hashing

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")

with open(os.path.join(HERE, "hashing_expected.json"), encoding="utf-8") as _f:
    EXPECTED = json.load(_f)
STRINGS = np.array(EXPECTED["strings"]).reshape(-1, 1)
INTS = np.array(EXPECTED["ints"], dtype="int64").reshape(-1, 1)



@pytest.mark.parametrize(
    "case", EXPECTED["string_cases"], ids=lambda c: repr(c["kwargs"])
)
def test_strings_hash_as_keras(case):
    y = ops.convert_to_numpy(Hashing(**case["kwargs"])(STRINGS))
    assert y.shape == STRINGS.shape
    np.testing.assert_array_equal(y.ravel(), case["bins"])


@pytest.mark.parametrize("case", EXPECTED["int_cases"], ids=lambda c: repr(c["kwargs"]))
def test_ints_hash_as_keras(case):
    y = ops.convert_to_numpy(Hashing(**case["kwargs"])(INTS))
    np.testing.assert_array_equal(y.ravel(), case["bins"])


def test_ints_given_as_backend_tensors():
    case = EXPECTED["int_cases"][0]
    small = INTS[:7].astype("int32")  # int32 tensors on every backend
    y = Hashing(**case["kwargs"])(ops.convert_to_tensor(small))
    np.testing.assert_array_equal(ops.convert_to_numpy(y).ravel(), case["bins"][:7])


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_encodings_of_the_keras_bins(mode):
    case = EXPECTED["string_cases"][0]  # num_bins=7
    bins = np.array(case["bins"])
    layer = Hashing(num_bins=7, output_mode=mode)
    if mode == "one_hot":
        y = ops.convert_to_numpy(layer(STRINGS))
        expected = np.zeros((len(bins), 7), "float32")
        for row, b in enumerate(bins):
            expected[row, b] = 1.0
    else:
        y = ops.convert_to_numpy(layer(STRINGS.reshape(1, -1)))
        expected = np.zeros((1, 7), "float32")
        for b in bins:
            expected[0, b] = 1.0 if mode == "multi_hot" else expected[0, b] + 1.0
    assert layer.compute_dtype == "float32"
    np.testing.assert_array_equal(y, expected)


def test_hashed_crossing_as_keras():
    crossing = EXPECTED["crossing"]
    layer = HashedCrossing(num_bins=crossing["num_bins"])
    y = layer((INTS[:, 0], STRINGS[:, 0]))
    np.testing.assert_array_equal(ops.convert_to_numpy(y), crossing["bins"])
    y = layer((INTS, STRINGS))  # (batch, 1) in, (batch, 1) out
    np.testing.assert_array_equal(ops.convert_to_numpy(y)[:, 0], crossing["bins"])
    one_hot = HashedCrossing(num_bins=13, output_mode="one_hot")
    y = ops.convert_to_numpy(one_hot((INTS[:, 0], STRINGS[:, 0])))
    np.testing.assert_array_equal(y, np.eye(13, dtype="float32")[crossing["bins"]])


def test_symbolic_shapes_and_dtypes():
    inputs = keras.Input((3,), dtype="int32")
    assert Hashing(num_bins=4)(inputs).shape == (None, 3)
    assert "int" in Hashing(num_bins=4)(inputs).dtype
    assert Hashing(num_bins=4, output_mode="multi_hot")(inputs).shape == (None, 4)
    a, b = keras.Input((1,), dtype="int32"), keras.Input((1,), dtype="int32")
    assert HashedCrossing(num_bins=5)((a, b)).shape == (None, 1)
    assert HashedCrossing(num_bins=5, output_mode="one_hot")((a, b)).shape == (None, 5)


def test_configs_match_keras_and_round_trip():
    config = Hashing(num_bins=5, mask_value=0, salt=3).get_config()
    assert list(config) == [
        "name", "trainable", "dtype", "num_bins", "salt", "mask_value", "output_mode",
        "sparse",
    ]
    assert config["salt"] == [3, 3] and config["dtype"]["config"]["name"] == "int64"
    assert Hashing.from_config(config).get_config() == config
    one_hot = Hashing(num_bins=5, output_mode="one_hot").get_config()
    assert one_hot["dtype"]["config"]["name"] == "float32"
    config = HashedCrossing(num_bins=7).get_config()
    assert list(config) == ["num_bins", "output_mode", "sparse", "name", "dtype"]
    assert config["dtype"] == "int64"
    assert HashedCrossing.from_config(config).get_config() == config


def test_argument_errors():
    with pytest.raises(ValueError, match="`output_mode`.*output_mode='bad'"):
        Hashing(num_bins=3, output_mode="bad")
    with pytest.raises(ValueError, match="`num_bins`.*num_bins=None"):
        Hashing(num_bins=None)
    with pytest.raises(ValueError, match="`num_bins`.*num_bins=0"):
        Hashing(num_bins=0)
    with pytest.raises(ValueError, match="`salt`.*salt='x'"):
        Hashing(num_bins=3, salt="x")
    with pytest.raises(ValueError, match="`output_mode`.*output_mode='count'"):
        HashedCrossing(num_bins=3, output_mode="count")
    with pytest.raises(ValueError, match="`inputs`.*two or more"):
        HashedCrossing(num_bins=3)(np.array([1, 2]))
    with pytest.raises(ValueError, match="one shape"):
        HashedCrossing(num_bins=3)((np.array([1, 2]), np.array([1, 2, 3])))
