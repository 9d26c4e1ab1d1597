"""keras.RematScope, keras.remat and keras.device through the public API: which layers
a scope selects, that rematerialized training gives the same weights, that torch and
TensorFlow really recompute (the forward runs again in the backward pass), and the
errors. (JAX's jax.checkpoint is checked in keras/backends/jax/layer_test.py.)"""

import numpy as np
import pytest

import keras
from keras.backends import active

TRAINS = active.name in ("jax", "torch", "tensorflow")
RECOMPUTES = active.name in ("torch", "tensorflow")  # a Python-level second forward


class Counting(keras.layers.Layer):
    """A dense layer counting how often its call runs."""

    calls = 0

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4), initializer="ones")

    def call(self, x):
        type(self).calls += 1
        return keras.ops.tanh(keras.ops.matmul(x, self.kernel) * 0.1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (4,)


def model_with(scope=None):
    keras.utils.set_random_seed(3)
    if scope is None:
        layers = [keras.layers.Dense(8, activation="relu", name="d1"), Counting(name="c")]
    else:
        with scope:
            layers = [keras.layers.Dense(8, activation="relu", name="d1"), Counting(name="c")]
    model = keras.Sequential([keras.Input((5,))] + layers + [keras.layers.Dense(1, name="out")])
    return model


def selected(layer):
    scope = layer.__dict__.get("_remat_scope")
    return None if scope is None else scope.mode


def test_scope_marks_the_layers_made_inside_it():
    with keras.RematScope("full"):
        inside = keras.layers.Dense(2)
        with keras.RematScope(None):
            off = keras.layers.Dense(2)
    outside = keras.layers.Dense(2)
    assert selected(inside) == "full"
    assert selected(off) is None
    assert selected(outside) is None


def test_invalid_modes_are_rejected():
    with pytest.raises(ValueError, match="Invalid mode 'bogus'"):
        keras.RematScope("bogus")
    with pytest.raises(ValueError, match="layer_names"):
        keras.RematScope("list_of_layers")
    with pytest.raises(ValueError, match="callable"):
        keras.remat(3)


@pytest.mark.parametrize(
    "scope",
    [
        lambda: keras.RematScope("full"),
        lambda: keras.RematScope("activations"),
        lambda: keras.RematScope("larger_than", output_size_threshold=10),
        lambda: keras.RematScope("list_of_layers", layer_names=["c"]),
    ],
    ids=["full", "activations", "larger_than", "list_of_layers"],
)
def test_same_outputs_and_training_with_remat(scope):
    x = np.random.default_rng(0).standard_normal((16, 5)).astype("float32")
    y = np.random.default_rng(1).standard_normal((16, 1)).astype("float32")
    plain, remat = model_with(), model_with(scope())
    np.testing.assert_allclose(plain.predict(x, verbose=0), remat.predict(x, verbose=0), rtol=1e-6)
    if not TRAINS:
        return
    for model in (plain, remat):
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    for a, b in zip(plain.get_weights(), remat.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def _calls_per_step(scope):
    x = np.ones((4, 5), "float32")
    model = model_with(scope)
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    model.train_on_batch(x, np.ones((4, 1), "float32"))  # builds
    Counting.calls = 0
    model.train_on_batch(x, np.ones((4, 1), "float32"))
    return Counting.calls


@pytest.mark.skipif(not RECOMPUTES, reason="torch and TensorFlow recompute in Python; "
                    "JAX's checkpoint is checked in its own backend test")
def test_selected_layer_runs_again_in_the_backward_pass():
    assert _calls_per_step(None) == 1
    assert _calls_per_step(keras.RematScope("list_of_layers", layer_names=["c"])) == 2
    assert _calls_per_step(keras.RematScope("list_of_layers", layer_names=["d1"])) == 1
    # The Counting output is 4x4 = 16 elements: above 10, not above 100.
    assert _calls_per_step(keras.RematScope("larger_than", output_size_threshold=10)) == 2
    assert _calls_per_step(keras.RematScope("larger_than", output_size_threshold=100)) == 1


def test_remat_function_gives_the_same_values():
    f = keras.remat(lambda x, scale=2.0: keras.ops.sin(x) * scale)
    x = keras.ops.convert_to_tensor(np.linspace(-1, 1, 6).astype("float32"))
    np.testing.assert_allclose(
        keras.ops.convert_to_numpy(f(x)), np.sin(np.linspace(-1, 1, 6)) * 2, rtol=1e-6
    )


def test_device_cpu_and_errors():
    with keras.device("cpu:0"):
        x = keras.ops.ones((2, 2))
        y = keras.ops.convert_to_tensor(np.arange(3))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(x), np.ones((2, 2)))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(y), np.arange(3))
    with keras.device("cpu"):
        keras.ops.zeros((1,))
    with pytest.raises(ValueError, match="<type>:<index>"):
        keras.device("cpu:first")
    with pytest.raises(ValueError, match="must be a string"):
        keras.device(0)
    if active.name == "tensorflow":
        return  # tf.device falls back to the CPU for an absent device, as in Keras 3
    with pytest.raises(RuntimeError, match="gpu"):
        with keras.device("gpu:0"):
            keras.ops.ones((1,))
