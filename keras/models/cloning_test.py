import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def same_outputs(a, b, x):
    np.testing.assert_allclose(
        active.convert_to_numpy(a(x)), active.convert_to_numpy(b(x)), rtol=1e-6, atol=1e-6
    )


def test_clone_sequential_has_new_weights_and_same_architecture():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(2)])
    clone = keras.models.clone_model(model)
    assert clone is not model
    assert [l.get_config() for l in clone.layers] == [l.get_config() for l in model.layers]
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    assert not np.allclose(clone.get_weights()[0], model.get_weights()[0])
    clone.set_weights(model.get_weights())
    same_outputs(model, clone, data((2, 4)))


def test_clone_functional_keeps_shared_layers_shared():
    shared = layers.Dense(3)
    a, b = keras.Input((4,)), keras.Input((4,))
    model = keras.Model([a, b], [shared(a), shared(b)])
    clone = keras.models.clone_model(model)
    assert len(clone.weights) == 2
    clone.set_weights(model.get_weights())
    x, y = data((2, 4)), data((2, 4), 1)
    for got, want in zip(clone([x, y]), model([x, y])):
        np.testing.assert_allclose(
            active.convert_to_numpy(got), active.convert_to_numpy(want), rtol=1e-6
        )


def test_clone_function_and_input_tensors():
    x = keras.Input((4,))
    model = keras.Model(x, layers.Dense(2, activation="relu")(x))

    def to_linear(layer):
        config = layer.get_config()
        config["activation"] = "linear"
        return layer.__class__.from_config(config)

    new_input = keras.Input((4,), name="new_input")
    clone = keras.models.clone_model(model, input_tensors=new_input, clone_function=to_linear)
    assert clone.layers[1].get_config()["activation"] == "linear"
    assert clone.inputs[0] is new_input


def test_clone_rejects_non_models():
    with pytest.raises(ValueError, match="expects a keras Model"):
        keras.models.clone_model(layers.Dense(2))
