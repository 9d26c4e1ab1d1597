"""Models pickle (and deep-copy) through the `.keras` format, as in Keras 3: before
and after fit, with their optimizer state, and with custom classes that were never
registered."""

import copy
import pickle

import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active

TRAINS = keras.backend.backend() not in ("numpy", "openvino")
needs_training = pytest.mark.skipif(
    not TRAINS,
    reason="the numpy and openvino backends do not train (no automatic differentiation)",
)

RNG = np.random.default_rng(0)
X = RNG.standard_normal((16, 4)).astype("float32")
Y = RNG.standard_normal((16, 1)).astype("float32")


class Scale(layers.Layer):
    """A custom layer nobody registered: multiplies by a trained scalar."""

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(), initializer="ones", name="factor")

    def call(self, x):
        return x * self.factor


class TwoDense(keras.Model):
    """A custom subclassed model, also unregistered."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def sequential():
    return keras.Sequential([keras.Input((4,)), layers.Dense(3), Scale(), layers.Dense(1)])


def functional():
    inputs = keras.Input((4,))
    return keras.Model(inputs, layers.Dense(1)(Scale()(layers.Dense(3)(inputs))))


def subclassed():
    model = TwoDense(units=5)
    model(X[:1])
    return model


def predict(model):
    return np.asarray(active.convert_to_numpy(model.predict(X, verbose=0)))


@pytest.mark.parametrize("make", [sequential, functional, subclassed])
def test_pickle_keeps_predictions(make):
    model = make()
    clone = pickle.loads(pickle.dumps(model))
    assert type(clone) is type(model)
    assert clone is not model
    np.testing.assert_allclose(predict(clone), predict(model), rtol=1e-6)
    assert [tuple(w.shape) for w in clone.weights] == [tuple(w.shape) for w in model.weights]


def test_deepcopy_is_independent():
    model = functional()
    clone = copy.deepcopy(model)
    np.testing.assert_allclose(predict(clone), predict(model), rtol=1e-6)
    clone.weights[0].assign(np.zeros(clone.weights[0].shape, "float32"))
    assert not np.allclose(predict(clone), predict(model))


@needs_training
@pytest.mark.parametrize("make", [sequential, functional, subclassed])
def test_pickle_after_fit_keeps_the_optimizer_and_trains_on(make):
    model = make()
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, Y, epochs=2, batch_size=8, verbose=0)
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_allclose(predict(clone), predict(model), rtol=1e-6)
    assert int(active.convert_to_numpy(clone.optimizer.iterations)) == 4
    # Both continue identically: the Adam moments travelled too.
    model.fit(X, Y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    clone.fit(X, Y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_allclose(predict(clone), predict(model), rtol=1e-5, atol=1e-6)
