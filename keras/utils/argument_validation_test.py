"""Tests of the argument checks shared by the public ops and the layers."""

import numpy as np
import pytest

from keras.backends.common import config
from keras.utils import argument_validation


def test_is_int():
    assert argument_validation.is_int(3)
    assert argument_validation.is_int(np.int64(-2))
    assert not argument_validation.is_int(True)
    assert not argument_validation.is_int(2.0)
    assert not argument_validation.is_int("2")


def test_check_number_and_bool():
    assert argument_validation.check_number(0.5, "alpha") == 0.5
    assert argument_validation.check_number(np.float32(2), "alpha") == 2
    with pytest.raises(TypeError, match=r"`alpha` must be a number; got alpha=True"):
        argument_validation.check_number(True, "alpha")
    with pytest.raises(TypeError, match=r"`alpha` must be a number; got alpha='1'"):
        argument_validation.check_number("1", "alpha")
    assert argument_validation.check_bool(False, "from_logits") is False
    with pytest.raises(TypeError, match="`from_logits` must be True or False"):
        argument_validation.check_bool(1, "from_logits")


@pytest.mark.parametrize("value", [1, 7, np.int32(3)])
def test_check_positive_int_accepts(value):
    out = argument_validation.check_positive_int(value, "units")
    assert out == int(value) and type(out) is int


@pytest.mark.parametrize("value", [0, -1, 2.0, True, None])
def test_check_positive_int_rejects(value):
    with pytest.raises(ValueError, match="`units` must be a positive int"):
        argument_validation.check_positive_int(value, "units")


def test_layer_name_begins_the_message():
    with pytest.raises(ValueError, match=r"^Dense: `units` must be a positive int; "):
        argument_validation.check_positive_int(0, "units", "Dense")
    with pytest.raises(ValueError, match=r"got units=0\.$"):
        argument_validation.check_positive_int(0, "units", "Dense")


@pytest.mark.parametrize("value", [0, 0.25, 1, np.float64(0.5)])
def test_check_fraction_accepts(value):
    assert argument_validation.check_fraction(value, "rate") is value


@pytest.mark.parametrize("value", [-0.1, 1.5, True, "0.5", None])
def test_check_fraction_rejects(value):
    with pytest.raises(ValueError, match="Dropout: `rate` must be a float between 0"):
        argument_validation.check_fraction(value, "rate", "Dropout")


def test_standardize_tuple():
    assert argument_validation.standardize_tuple(2, 3, "strides") == (2, 2, 2)
    out = argument_validation.standardize_tuple([1, np.int64(4)], 2, "strides")
    assert out == (1, 4) and all(type(v) is int for v in out)
    zero = argument_validation.standardize_tuple(0, 2, "padding", minimum=0)
    assert zero == (0, 0)
    for bad in [(1, 2, 3), (0, 1), 0, (1.0, 2), "22", None, True]:
        with pytest.raises(ValueError, match="a tuple of 2 ints, each >= 1"):
            argument_validation.standardize_tuple(bad, 2, "strides")


def test_standardize_edge_pairs():
    edge = argument_validation.standardize_edge_pairs
    assert edge(2, 2, "padding") == ((2, 2), (2, 2))
    assert edge((1, 3), 2, "padding") == ((1, 1), (3, 3))
    assert edge(((1, 2), (0, 4)), 2, "cropping") == ((1, 2), (0, 4))
    assert edge([np.int64(1), [2, 3]], 2, "padding") == ((1, 1), (2, 3))
    for bad in [-1, (1,), ((1, 2, 3), 1), ((1, -1), 0), (1.5, 1), "ab"]:
        with pytest.raises(ValueError, match="ZeroPadding2D: `padding` must be an int"):
            edge(bad, 2, "padding", "ZeroPadding2D")


def test_standardize_data_format():
    assert argument_validation.standardize_data_format("channels_first") == (
        "channels_first"
    )
    expected = config.image_data_format()
    assert argument_validation.standardize_data_format(None) == expected
    with pytest.raises(ValueError, match="`data_format` must be 'channels_last' or"):
        argument_validation.standardize_data_format("NHWC")


def test_standardize_padding():
    assert argument_validation.standardize_padding("SAME") == "same"
    assert argument_validation.standardize_padding("valid") == "valid"
    for bad in ["full", None, 1]:
        with pytest.raises(ValueError, match="`padding` must be 'valid' or 'same'"):
            argument_validation.standardize_padding(bad)
