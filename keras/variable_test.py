"""keras.Variable on the active backend, checked against NumPy."""

import numpy as np
import pytest

import keras
from keras.backends import active


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


def test_value_shape_dtype_and_numpy(rng):
    data = rng.standard_normal((3, 4)).astype("float32")
    v = keras.Variable(data, name="kernel")
    assert v.shape == (3, 4) and v.ndim == 2 and len(v) == 3
    assert v.dtype == "float32"
    assert v.name == "kernel" and v.path == "kernel"
    assert active.is_tensor(v.value)
    np.testing.assert_array_equal(v.numpy(), data)
    np.testing.assert_array_equal(np.asarray(v), data)
    np.testing.assert_array_equal(active.convert_to_numpy(v), data)


def test_default_dtype_is_floatx_and_dtype_is_applied():
    assert keras.Variable([1, 2, 3]).dtype == "float32"
    v = keras.Variable(np.array([1.7, -2.2]), dtype="int32")
    assert v.dtype == "int32"
    np.testing.assert_array_equal(v.numpy(), np.array([1, -2], dtype="int32"))
    assert v.numpy().dtype == np.int32


def test_callable_initializer_needs_shape(rng):
    def init(shape, dtype=None):
        return np.full(shape, 0.5, dtype=dtype)

    v = keras.Variable(init, shape=(2, 5), dtype="float32")
    np.testing.assert_array_equal(v.numpy(), np.full((2, 5), 0.5, "float32"))
    with pytest.raises(ValueError, match="`shape` is required"):
        keras.Variable(init)


def test_assign_checks_shape_and_casts(rng):
    v = keras.Variable(np.zeros((2, 3), "float32"), name="w")
    new = rng.standard_normal((2, 3))
    v.assign(new)
    np.testing.assert_allclose(v.numpy(), new.astype("float32"))
    assert v.numpy().dtype == np.float32
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*shape \(3, 2\)"):
        v.assign(np.zeros((3, 2)))
    np.testing.assert_allclose(v.numpy(), new.astype("float32"))


def test_assign_add_and_sub(rng):
    start = rng.standard_normal((4,)).astype("float32")
    delta = rng.standard_normal((4,)).astype("float32")
    v = keras.Variable(start)
    v.assign_add(delta)
    np.testing.assert_allclose(v.numpy(), start + delta, rtol=1e-6)
    v.assign_sub(2 * delta)
    np.testing.assert_allclose(v.numpy(), start - delta, rtol=1e-6)


def test_trainable_flag_and_options():
    v = keras.Variable(1.0, trainable=False, aggregation="sum")
    assert not v.trainable and v.aggregation == "sum"
    v.trainable = True
    assert v.trainable
    with pytest.raises(ValueError, match="aggregation"):
        keras.Variable(1.0, aggregation="median")


def test_names_paths_and_scopes():
    with keras.name_scope("block1"):
        with keras.name_scope("dense"):
            v = keras.Variable(0.0, name="bias")
    assert v.name == "bias" and v.path == "block1/dense/bias"
    with pytest.raises(ValueError, match="without '/'"):
        keras.Variable(0.0, name="a/b")
    first, second = keras.Variable(0.0), keras.Variable(0.0)
    assert first.name != second.name


def test_clear_session_resets_default_names():
    keras.backend.clear_session()
    assert keras.Variable(0.0).name == "variable"
    assert keras.Variable(0.0).name == "variable_1"


def test_bad_initial_shape_is_a_clear_error():
    with pytest.raises(ValueError, match=r"shape \(2,\).*shape=\(3,\)"):
        keras.Variable(np.zeros(2), shape=(3,))
