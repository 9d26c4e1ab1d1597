"""Constant, Zeros, Ones and Identity against NumPy: values, shapes, dtypes, configs."""

import json

import numpy as np
import pytest

from keras import initializers
from keras import ops
from keras.ops import testing


@pytest.mark.parametrize("dtype", ["float32", "float16", "int32"])
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3, 4)])
def test_zeros_and_ones(shape, dtype):
    testing.assert_close(initializers.Zeros()(shape, dtype), np.zeros(shape, dtype))
    testing.assert_close(initializers.Ones()(shape, dtype), np.ones(shape, dtype))


def test_default_dtype_is_floatx():
    assert ops.convert_to_numpy(initializers.Zeros()((2,))).dtype == np.float32
    assert ops.convert_to_numpy(initializers.Constant(2)((2,))).dtype == np.float32


@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
def test_constant_scalar(shape):
    testing.assert_close(
        initializers.Constant(-1.5)(shape), np.full(shape, -1.5, "float32")
    )


def test_constant_broadcasts_an_array():
    value = testing.random_array((4,), seed=1)
    expected = np.broadcast_to(value, (3, 4))
    testing.assert_close(initializers.Constant(value)((3, 4)), expected)
    tensor = ops.convert_to_tensor(value)
    testing.assert_close(initializers.Constant(tensor)((3, 4)), expected)


def test_constant_casts_to_the_dtype():
    testing.assert_close(
        initializers.Constant(3.0)((2,), dtype="int32"), np.array([3, 3], "int32")
    )


def test_constant_with_an_array_round_trips_its_config():
    value = testing.random_array((2, 3), seed=2)
    config = json.loads(json.dumps(initializers.Constant(value).get_config()))
    restored = initializers.Constant.from_config(config)
    testing.assert_close(restored((2, 3)), value)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4), (5, 2)])
def test_identity(shape):
    eye = np.eye(*shape, dtype="float32")
    testing.assert_close(initializers.Identity()(shape), eye)
    testing.assert_close(
        initializers.Identity(gain=-2.5)(shape), -2.5 * np.eye(*shape, dtype="float32")
    )


@pytest.mark.parametrize("shape", [(3,), (2, 2, 2)])
def test_identity_needs_a_matrix(shape):
    with pytest.raises(ValueError, match=r"only makes 2-D matrices.*rank"):
        initializers.Identity()(shape)


def test_aliases_are_the_classes():
    assert initializers.IdentityInitializer is initializers.Identity
    assert initializers.identity is initializers.Identity
    assert initializers.constant is initializers.Constant
    assert initializers.zeros is initializers.Zeros
    assert initializers.ones is initializers.Ones


@pytest.mark.parametrize(
    "initializer",
    [
        initializers.Constant(0.5),
        initializers.Zeros(),
        initializers.Ones(),
        initializers.Identity(gain=3.0),
    ],
)
def test_config_round_trip_and_clone(initializer):
    config = initializer.get_config()
    restored = type(initializer).from_config(config)
    assert restored.get_config() == config
    clone = initializer.clone()
    assert type(clone) is type(initializer) and clone is not initializer
    testing.assert_close(clone((3, 3)), ops.convert_to_numpy(initializer((3, 3))))


def test_base_class_must_be_subclassed():
    with pytest.raises(NotImplementedError, match="must implement __call__"):
        initializers.Initializer()((2,))
    assert initializers.Initializer().get_config() == {}
