"""keras.activations.get, serialize and deserialize; the public names."""

import numpy as np
import pytest

import keras
from keras import activations
from keras.ops import testing

PUBLIC_NAMES = [
    "celu", "deserialize", "elu", "exponential", "gelu", "get", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear",
    "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu", "serialize",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh",
    "tanh_shrink", "threshold",
]
FUNCTIONS = sorted(set(PUBLIC_NAMES) - {"get", "serialize", "deserialize"})


def test_public_names():
    assert sorted(activations.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert callable(getattr(activations, name)), name


@pytest.mark.parametrize("name", FUNCTIONS)
def test_get_and_round_trip(name):
    fn = getattr(activations, name)
    assert activations.get(name) is fn
    serialized = activations.serialize(fn)
    # Aliases serialize to the name of the function they stand for.
    assert serialized == {"swish": "silu", "hard_swish": "hard_silu"}.get(name, name)
    assert activations.deserialize(serialized) is fn
    config = keras.saving.serialize_keras_object(fn)
    assert config == {
        "module": "keras.activations",
        "class_name": "function",
        "config": serialized,
        "registered_name": serialized,
    }
    assert activations.deserialize(config) is fn
    assert keras.saving.deserialize_keras_object(config) is fn
    assert activations.get(config) is fn


def test_get_none_and_callables():
    assert activations.get(None) is activations.linear

    def double(x):
        return x * 2

    assert activations.get(double) is double


@pytest.mark.parametrize("identifier", ["rleu", 5])
def test_get_unknown(identifier):
    with pytest.raises(ValueError, match="Could not interpret the activation"):
        activations.get(identifier)


def test_deserialize_unknown_name():
    with pytest.raises(ValueError, match=r"Unknown activation 'rleu'; expected one of"):
        activations.deserialize("rleu")


def test_registered_custom_activation():
    @keras.saving.register_keras_serializable(package="ActTest")
    def cube(x):
        return x * x * x

    serialized = activations.serialize(cube)
    assert serialized["config"] == "ActTest>cube"
    assert serialized["registered_name"] == "ActTest>cube"
    assert activations.deserialize(serialized) is cube
    assert activations.get(serialized) is cube
    assert activations.get("ActTest>cube") is cube
    x = testing.random_array((3,), seed=4)
    testing.assert_close(activations.get("ActTest>cube")(x), x**3)


def test_unregistered_custom_activation_needs_custom_objects():
    def square(x):
        return x * x

    serialized = activations.serialize(square)
    with pytest.raises(TypeError, match=r"Could not locate function 'square'"):
        activations.deserialize(serialized)
    assert activations.deserialize(serialized, {"square": square}) is square
