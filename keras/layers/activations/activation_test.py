"""Activation: applies a named or given activation (NumPy reference)."""

import numpy as np
import pytest

from keras import ops
from keras.layers.activations.activation import Activation
from keras.layers.testing import run_layer_test


def _reference(name, x):
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return x


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "softmax", "linear"])
@pytest.mark.parametrize("shape", [(2, 3), (2, 4, 5)])
def test_matches_numpy(name, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        Activation,
        init_kwargs={"activation": name},
        input_data=x,
        expected_output=_reference(name, x),
        expected_output_shape=shape,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(x.shape[:-1]) > 0.3,
        expected_mask_shape=x.shape[:-1],
    )


def test_callable_and_none():
    x = np.array([[-1.0, 2.0]], dtype="float32")
    doubled = Activation(lambda t: t * 2.0)
    np.testing.assert_allclose(ops.convert_to_numpy(doubled(x)), 2 * x)
    identity = Activation(None)
    np.testing.assert_allclose(ops.convert_to_numpy(identity(x)), x)
    assert identity.get_config()["activation"] == "linear"


def test_config():
    layer = Activation("relu", name="act")
    config = layer.get_config()
    assert config["activation"] == "relu"
    assert Activation.from_config(config).get_config() == config


def test_unknown_activation():
    with pytest.raises(ValueError, match="nope"):
        Activation("nope")
