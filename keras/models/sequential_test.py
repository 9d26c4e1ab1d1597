import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def forward(weights, x, activations):
    for (kernel, bias), act in zip(zip(weights[::2], weights[1::2]), activations):
        x = x @ kernel + bias
        if act == "relu":
            x = np.maximum(x, 0)
    return x


def test_built_from_input_and_matches_numpy():
    model = keras.Sequential(
        [keras.Input((5,)), layers.Dense(8, activation="relu"), layers.Dense(3)]
    )
    assert model.built
    assert [type(l).__name__ for l in model.layers] == ["Dense", "Dense"]
    assert len(model.weights) == 4
    x = data((4, 5))
    out = active.convert_to_numpy(model(x))
    expected = forward(model.get_weights(), x, ["relu", None])
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert model.output_shape == (None, 3)


def test_deferred_build_on_first_call():
    model = keras.Sequential([layers.Dense(4), layers.Dense(2)])
    assert not model.built
    assert model.weights == []
    out = model(data((3, 6)))
    assert model.built and tuple(out.shape) == (3, 2)
    assert [w.shape for w in model.weights] == [(6, 4), (4,), (4, 2), (2,)]


def test_input_shape_argument_builds_at_once():
    model = keras.Sequential([layers.Dense(4, input_shape=(7,)), layers.Dense(1)])
    assert model.built
    assert model.input_shape == (None, 7)


def test_explicit_build():
    model = keras.Sequential([layers.Dense(4)])
    model.build((None, 3))
    assert model.built and model.weights[0].shape == (3, 4)
    with pytest.raises(ValueError, match="cannot be built without an input shape"):
        keras.Sequential([layers.Dense(4)]).build()


def test_add_and_pop():
    model = keras.Sequential()
    model.add(keras.Input((4,)))
    model.add(layers.Dense(3))
    model.add(layers.Dense(2))
    assert model.output_shape == (None, 2)
    popped = model.pop()
    assert isinstance(popped, layers.Dense) and popped.units == 2
    assert model.output_shape == (None, 3)
    assert len(model.layers) == 1
    model.pop()
    with pytest.raises(IndexError, match="no layers to pop"):
        model.pop()


def test_add_rejects_bad_values():
    model = keras.Sequential([layers.Dense(2, name="same")])
    with pytest.raises(TypeError, match="expects a keras.layers.Layer instance"):
        model.add("dense")
    with pytest.raises(ValueError, match="should have unique names"):
        model.add(layers.Dense(2, name="same"))
    with pytest.raises(ValueError, match="Input can only be the first layer"):
        model.add(keras.Input((3,)))


def test_nested_sequential():
    inner = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(4)])
    model = keras.Sequential([keras.Input((3,)), inner, layers.Dense(1)])
    assert len(model.weights) == 6
    x = data((2, 3))
    w = model.get_weights()
    expected = forward(w, x, ["relu", None, None])
    np.testing.assert_allclose(
        active.convert_to_numpy(model(x)), expected, rtol=1e-5, atol=1e-5
    )


def test_training_flag_reaches_dropout():
    model = keras.Sequential([keras.Input((100,)), layers.Dropout(0.5, seed=1)])
    x = np.ones((4, 100), "float32")
    np.testing.assert_array_equal(active.convert_to_numpy(model(x)), x)
    trained = active.convert_to_numpy(model(x, training=True))
    assert 0.2 < np.mean(trained == 0) < 0.8
    assert set(np.unique(trained)) <= {0.0, 2.0}


def test_config_round_trip():
    model = keras.Sequential(
        [keras.Input((5,)), layers.Dense(8, activation="relu"), layers.Dense(3)],
        name="mlp",
    )
    clone = keras.Sequential.from_config(model.get_config())
    assert clone.name == "mlp" and clone.built
    assert [l.get_config() for l in clone.layers] == [l.get_config() for l in model.layers]
    clone.set_weights(model.get_weights())
    x = data((2, 5))
    np.testing.assert_allclose(
        active.convert_to_numpy(clone(x)), active.convert_to_numpy(model(x)), rtol=1e-6
    )


def test_wrong_input_shape_is_a_clear_error():
    model = keras.Sequential([keras.Input((5,)), layers.Dense(2)])
    with pytest.raises(ValueError, match="expected shape=\\(None, 5\\), found shape=\\(2, 4\\)"):
        model(data((2, 4)))
