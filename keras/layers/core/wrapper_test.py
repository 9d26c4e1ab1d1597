"""Wrapper: holds a layer, tracks its weights, nests its config and rebuilds it."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops

RNG = np.random.default_rng(2)
X = RNG.standard_normal((3, 4)).astype("float32")


class Doubled(layers.Wrapper):
    """Twice the wrapped layer's output (a minimal Wrapper subclass)."""

    def call(self, inputs):
        return 2.0 * self.layer(inputs)


def test_subclass_calls_and_tracks_the_wrapped_layer():
    wrapper = Doubled(layers.Dense(2, name="inner"), name="twice")
    got = ops.convert_to_numpy(wrapper(X))
    kernel, bias = (ops.convert_to_numpy(w) for w in wrapper.layer.weights)
    np.testing.assert_allclose(got, 2.0 * (X @ kernel + bias), rtol=1e-5, atol=1e-6)
    paths = [w.path for w in wrapper.weights]
    assert paths == ["twice/inner/kernel", "twice/inner/bias"]
    assert len(wrapper.trainable_weights) == 2


def test_build_builds_the_wrapped_layer():
    wrapper = Doubled(layers.Dense(2))
    wrapper.build((None, 4))
    assert wrapper.layer.built
    assert wrapper.layer.kernel.shape == (4, 2)


def test_config_nests_the_serialized_layer_and_from_config_rebuilds_it():
    wrapper = Doubled(layers.Dense(2, activation="relu", name="inner"), name="w")
    config = wrapper.get_config()
    assert list(config) == ["name", "trainable", "dtype", "layer"]
    assert config["layer"]["module"] == "keras.layers"
    assert config["layer"]["class_name"] == "Dense"
    assert config["layer"]["config"]["activation"] == "relu"
    assert "build_config" not in config["layer"]
    again = Doubled.from_config(config)
    assert isinstance(again.layer, layers.Dense) and again.layer.name == "inner"
    assert again.get_config() == config
    wrapper.build((None, 4))
    assert wrapper.get_config()["layer"]["build_config"] == {"input_shape": [None, 4]}


def test_saved_model_with_a_wrapper_reloads(tmp_path):
    model = keras.Sequential([keras.Input((4,)), Doubled(layers.Dense(2))])
    path = str(tmp_path / "m.keras")
    model.save(path)
    again = keras.saving.load_model(path, custom_objects={"Doubled": Doubled})
    np.testing.assert_allclose(
        ops.convert_to_numpy(again.predict(X, verbose=0)),
        ops.convert_to_numpy(model.predict(X, verbose=0)),
        rtol=1e-6,
    )


def test_layer_argument_must_be_a_layer():
    with pytest.raises(ValueError, match="`layer` must be a `keras.layers.Layer`.*3"):
        layers.Wrapper(3)
