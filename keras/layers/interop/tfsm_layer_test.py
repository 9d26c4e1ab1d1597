"""TFSMLayer: a SavedModel written with tf.Module + tf.function, reloaded as a layer in
a functional model; outputs against the direct call and NumPy, variables, fine-tuning
with fit, config and argument errors."""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops

ON_TF = keras.backend.backend() == "tensorflow"
needs_tf = pytest.mark.skipif(
    not ON_TF, reason="TFSMLayer runs TensorFlow SavedModel functions: tensorflow only"
)

RNG = np.random.default_rng(0)
X = RNG.standard_normal((16, 3)).astype("float32")
Y = X @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")
W = RNG.standard_normal((3, 2)).astype("float32")
B = RNG.standard_normal((2,)).astype("float32")
V = RNG.standard_normal((2, 1)).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _write_saved_model(path):
    """A two-layer tanh MLP (trainable w and v, a frozen bias b) as a SavedModel with
    a `serve` tf.function and its serving signature; returns the tf.Module."""
    import tensorflow as tf

    class Mlp(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(W, name="w")
            self.b = tf.Variable(B, name="b", trainable=False)
            self.v = tf.Variable(V, name="v")

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
        def serve(self, x):
            return tf.matmul(tf.tanh(tf.matmul(x, self.w) + self.b), self.v)

    module = Mlp()
    tf.saved_model.save(module, str(path), signatures={"serving_default": module.serve})
    return module


def _reference(w, b, v, x):
    out = np.zeros((x.shape[0], v.shape[1]))
    for n in range(x.shape[0]):
        hidden = [
            np.tanh(sum(x[n, i] * w[i, j] for i in range(w.shape[0])) + b[j])
            for j in range(w.shape[1])
        ]
        for k in range(v.shape[1]):
            out[n, k] = sum(hidden[j] * v[j, k] for j in range(len(hidden)))
    return out


@needs_tf
def test_functional_model_predicts_as_the_saved_model(tmp_path):
    module = _write_saved_model(tmp_path / "mlp")
    layer = layers.TFSMLayer(str(tmp_path / "mlp"), call_endpoint="serve")
    inputs = keras.Input((3,))
    outputs = layer(inputs)
    assert tuple(outputs.shape) == (None, 1)
    model = keras.Model(inputs, outputs)
    predicted = _np(model.predict(X, verbose=0))
    np.testing.assert_allclose(predicted, _np(module.serve(X)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(predicted, _reference(W, B, V, X), rtol=1e-5, atol=1e-5)
    # The signature endpoint returns a dict of one output; the layer returns it bare.
    by_signature = layers.TFSMLayer(
        str(tmp_path / "mlp"), call_endpoint="serving_default"
    )
    np.testing.assert_allclose(_np(by_signature(X)), predicted, rtol=1e-6)


@needs_tf
def test_variables_are_exposed_and_fit_fine_tunes(tmp_path):
    _write_saved_model(tmp_path / "mlp")
    layer = layers.TFSMLayer(str(tmp_path / "mlp"))
    assert [tuple(v.shape) for v in layer.trainable_weights] == [(3, 2), (2, 1)]
    assert [tuple(v.shape) for v in layer.non_trainable_weights] == [(2,)]
    np.testing.assert_array_equal(_np(layer.trainable_weights[0]), W)
    inputs = keras.Input((3,))
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    losses = model.fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    assert losses[-1] < losses[0]
    w, v = (_np(x) for x in layer.trainable_weights)
    assert not np.allclose(w, W)
    np.testing.assert_array_equal(_np(layer.non_trainable_weights[0]), B)
    # The endpoint computes with the trained values.
    np.testing.assert_allclose(
        _np(layer(X)), _reference(w, B, v, X), rtol=1e-5, atol=1e-5
    )


@needs_tf
def test_config_round_trip(tmp_path):
    _write_saved_model(tmp_path / "mlp")
    layer = layers.TFSMLayer(str(tmp_path / "mlp"), name="reloaded", trainable=False)
    config = layer.get_config()
    assert config["filepath"] == str(tmp_path / "mlp")
    assert config["call_endpoint"] == "serve"
    assert config["call_training_endpoint"] is None
    assert sorted(config) == [
        "call_endpoint",
        "call_training_endpoint",
        "dtype",
        "filepath",
        "name",
        "trainable",
    ]
    clone = layers.TFSMLayer.from_config(config)
    assert clone.name == "reloaded" and not clone.trainable
    assert clone.trainable_weights == []
    np.testing.assert_allclose(_np(clone(X)), _np(layer(X)), rtol=1e-6)


@needs_tf
def test_argument_errors(tmp_path):
    _write_saved_model(tmp_path / "mlp")
    with pytest.raises(ValueError, match="`call_endpoint`='nope'"):
        layers.TFSMLayer(str(tmp_path / "mlp"), call_endpoint="nope")
    with pytest.raises(ValueError, match="`call_training_endpoint`='train'"):
        layers.TFSMLayer(str(tmp_path / "mlp"), call_training_endpoint="train")
    with pytest.raises(TypeError, match="`filepath` must be a path"):
        layers.TFSMLayer(3)
    with pytest.raises(OSError):
        layers.TFSMLayer(str(tmp_path / "missing"))


@pytest.mark.skipif(ON_TF, reason="checks the error raised on the other backends")
def test_other_backends_refuse(tmp_path):
    with pytest.raises(ValueError, match="requires the tensorflow backend"):
        layers.TFSMLayer(str(tmp_path))
