import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active


class TwoLayer(keras.Model):
    def __init__(self, hidden=8, **kwargs):
        super().__init__(**kwargs)
        self.hidden = hidden
        self.dense1 = layers.Dense(hidden, activation="relu")
        self.dense2 = layers.Dense(2)

    def call(self, x):
        return self.dense2(self.dense1(x))


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def test_subclassed_model_forward_matches_numpy():
    model = TwoLayer()
    x = data((3, 4))
    out = active.convert_to_numpy(model(x))
    k1, b1, k2, b2 = model.get_weights()
    np.testing.assert_allclose(out, np.maximum(x @ k1 + b1, 0) @ k2 + b2, rtol=1e-5, atol=1e-5)
    assert [l.name for l in model.layers] == [model.dense1.name, model.dense2.name]


def test_build_then_summary():
    model = TwoLayer(hidden=5)
    model.build((None, 3))
    assert model.built
    assert [w.shape for w in model.weights] == [(3, 5), (5,), (5, 2), (2,)]
    lines = []
    model.summary(print_fn=lines.append)
    assert any("Total params: 32" in line for line in lines)


def test_freezing_a_sublayer():
    model = TwoLayer()
    model(data((2, 4)))
    model.dense1.trainable = False
    assert len(model.trainable_weights) == 2
    assert len(model.non_trainable_weights) == 2


def test_clone_uses_the_constructor_arguments():
    model = TwoLayer(hidden=6, name="two")
    clone = keras.models.clone_model(model)
    assert isinstance(clone, TwoLayer) and clone.hidden == 6 and clone.name == "two"


def test_functional_arguments_to_a_subclass_are_rejected():
    class Sub(keras.Model):
        pass

    x = keras.Input((2,))
    with pytest.raises(TypeError, match="not supported"):
        Sub(x, layers.Dense(1)(x))
