"""Tests of the Concatenate layer and `concatenate`."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import Input
from keras.layers.merging.concatenate import Concatenate
from keras.layers.merging.concatenate import concatenate
from keras.layers.testing import run_layer_test


def _inputs(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype("float32") for s in shapes]


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_run_layer_test():
    run_layer_test(
        Concatenate,
        input_shape=[(2, 3), (2, 3)],
        expected_output_shape=(2, 6),
        supports_masking=True,
        input_mask=[np.array([True, False]), np.array([False, False])],
        expected_mask_shape=(2,),
    )


@pytest.mark.parametrize(
    "shapes, axis",
    [
        ([(2, 3), (2, 4)], -1),
        ([(2, 3), (2, 4), (2, 1)], 1),
        ([(2, 3, 4), (2, 5, 4)], 1),
        ([(2, 3, 4), (2, 5, 4)], -2),
        ([(2, 3, 4), (2, 3, 2)], 2),
        ([(3, 2, 5, 4), (3, 2, 1, 4)], 2),
        ([(2, 3), (4, 3)], 0),
    ],
    ids=str,
)
def test_matches_numpy(shapes, axis):
    xs = _inputs(shapes, seed=len(shapes))
    expected = np.concatenate(xs, axis=axis)
    run_layer_test(
        Concatenate,
        init_kwargs={"axis": axis},
        input_data=xs,
        expected_output_shape=expected.shape,
        expected_output=expected,
    )


@pytest.mark.parametrize(
    "shapes, axis, expected",
    [
        ([(None, 3), (None, 4)], -1, (None, 7)),
        ([(None, 3, 4), (None, None, 4)], 1, (None, None, 4)),
        ([(None, 3, None), (None, 3, 2)], 1, (None, 6, 2)),
        ([(2, 3), (None, 5)], -1, (2, 8)),
    ],
)
def test_symbolic_shapes(shapes, axis, expected):
    assert Concatenate(axis=axis).compute_output_shape(shapes) == expected
    out = Concatenate(axis=axis)([KerasTensor(s) for s in shapes])
    assert out.shape == expected


def test_functional_form():
    a = Input(shape=(4, 3))
    b = Input(shape=(4, 5))
    out = concatenate([a, b], name="cat")
    assert out.shape == (None, 4, 8)
    layer = out._keras_history.operation
    assert type(layer) is Concatenate
    assert layer.axis == -1 and layer.name == "cat"
    out = concatenate([Input(shape=(2, 3)), Input(shape=(5, 3))], axis=1)
    assert out.shape == (None, 7, 3)
    xs = _inputs([(2, 3), (2, 2)])
    np.testing.assert_allclose(_numpy(concatenate(xs)), np.concatenate(xs, -1))


def test_integer_inputs_keep_their_dtype():
    xs = [np.arange(6, dtype="int32").reshape(2, 3), np.ones((2, 1), "int32")]
    out = Concatenate()(xs)
    assert dtypes.standardize_dtype(out.dtype) == "int32"
    np.testing.assert_array_equal(_numpy(out), np.concatenate(xs, -1))


def test_config():
    config = Concatenate(axis=1, name="c").get_config()
    assert config["axis"] == 1
    assert set(config) == {"name", "trainable", "dtype", "axis"}
    assert Concatenate.from_config(config).axis == 1


def test_single_tensor_is_rejected():
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        Concatenate()(_inputs([(2, 3)])[0])


def test_mismatched_shapes():
    match = "matching shapes except for the concatenation axis"
    with pytest.raises(ValueError, match=f"{match}.*sizes on axis 1 differ"):
        Concatenate(axis=-1)(_inputs([(2, 3, 4), (2, 5, 4)]))
    with pytest.raises(ValueError, match=f"{match}.*ranks differ"):
        Concatenate()([KerasTensor((None, 3)), KerasTensor((None, 3, 4))])
    with pytest.raises(ValueError, match=f"{match}.*sizes on axis 0 differ"):
        Concatenate()(_inputs([(2, 3), (3, 3)]))


def test_axis_out_of_range():
    match = "`axis`=3 is out of range for inputs of rank 3"
    with pytest.raises(ValueError, match=match):
        Concatenate(axis=3)([KerasTensor((None, 3, 4))] * 2)


def test_masks_follow_the_concatenation():
    xs = _inputs([(2, 4, 3), (2, 4, 5)])
    m = np.array([[True, False, True, True], [False, False, True, False]])
    layer = Concatenate()
    np.testing.assert_array_equal(_numpy(layer.compute_mask(xs, [m, m])), m)
    # An unmasked input is valid everywhere.
    out = _numpy(layer.compute_mask(xs, [m, None]))
    np.testing.assert_array_equal(out, np.ones((2, 4), bool))
    assert layer.compute_mask(xs, None) is None
    assert layer.compute_mask(xs, [None, None]) is None


def test_masks_along_the_time_axis():
    xs = _inputs([(2, 3, 4), (2, 2, 4)])
    m1 = np.array([[True, False, True], [False, False, True]])
    m2 = np.array([[False, True], [True, True]])
    out = _numpy(Concatenate(axis=1).compute_mask(xs, [m1, m2]))
    np.testing.assert_array_equal(out, np.concatenate([m1, m2], axis=1))


def test_symbolic_masks():
    a = KerasTensor((None, 4, 3))
    b = KerasTensor((None, 2, 3))
    a._keras_mask = KerasTensor((None, 4), dtype="bool")
    out = Concatenate(axis=1)([a, b])
    assert out.shape == (None, 6, 3)
    assert out._keras_mask.shape == (None, 6)
