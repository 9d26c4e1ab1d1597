"""The openvino trainer: predict and evaluate run the model as one compiled OpenVINO graph
per input signature; fit is a clear error."""

import numpy as np
import pytest

import keras
from keras import layers


def _mlp(seed=0):
    rng = np.random.default_rng(seed)
    model = keras.Sequential(
        [keras.Input((6,)), layers.Dense(16, activation="relu"), layers.Dense(3)]
    )
    model.set_weights([rng.standard_normal(w.shape).astype("float32") for w in model.weights])
    return model


def _reference(model, x):
    w0, b0, w1, b1 = model.get_weights()
    return np.maximum(x @ w0 + b0, 0) @ w1 + b1


def test_predict_compiles_one_graph_per_batch_shape():
    model = _mlp()
    x = np.random.default_rng(1).standard_normal((70, 6)).astype("float32")
    predicted = model.predict(x, batch_size=32, verbose=0)
    np.testing.assert_allclose(predicted, _reference(model, x), rtol=1e-5, atol=1e-5)
    cache = model._openvino_forward
    # Batches of 32, 32 and 6 rows: two signatures, each traced and compiled once.
    assert len(cache) == 2
    compiled = [entry.compiled for entry in cache.values()]
    model.predict(x, batch_size=32, verbose=0)
    assert [entry.compiled for entry in cache.values()] == compiled
    # The graph takes the batch as a Parameter and holds the weights as constants.
    graph = compiled[0].get_runtime_model()
    assert len(graph.inputs) == 1
    assert len(graph.outputs) == 1


def test_compiled_predictions_match_the_eager_call():
    model = _mlp(3)
    x = np.random.default_rng(2).standard_normal((8, 6)).astype("float32")
    eager = keras.ops.convert_to_numpy(model(x))
    np.testing.assert_allclose(model.predict_on_batch(x), eager, rtol=1e-6, atol=1e-6)


def test_new_weights_rebuild_the_graph():
    model = _mlp()
    x = np.ones((4, 6), "float32")
    before = model.predict(x, verbose=0)
    model.set_weights([w * 2 for w in model.get_weights()])
    after = model.predict(x, verbose=0)
    np.testing.assert_allclose(after, _reference(model, x), rtol=1e-5, atol=1e-5)
    assert not np.allclose(before, after)


def test_multi_input_functional_model():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    merged = layers.Concatenate()([layers.Dense(4)(a), b])
    model = keras.Model({"a": a, "b": b}, [layers.Dense(1)(merged), merged])
    rng = np.random.default_rng(4)
    x = {
        "a": rng.standard_normal((10, 3)).astype("float32"),
        "b": rng.standard_normal((10, 2)).astype("float32"),
    }
    first, second = model.predict(x, batch_size=4, verbose=0)
    eager_first, eager_second = model(x)
    np.testing.assert_allclose(first, keras.ops.convert_to_numpy(eager_first), atol=1e-5)
    np.testing.assert_allclose(second, keras.ops.convert_to_numpy(eager_second), atol=1e-6)


class _ValueDependent(layers.Layer):
    """Python control flow on the values: cannot be traced with graph inputs."""

    def compute_output_shape(self, input_shape):
        return input_shape

    def call(self, x):
        if float(keras.ops.convert_to_numpy(keras.ops.sum(x))) > 0:
            return x * 2.0
        return x * -1.0


def test_a_model_that_needs_values_runs_eagerly():
    model = keras.Sequential([keras.Input((2,)), _ValueDependent()])
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), x * 2.0)
    assert list(model._openvino_forward.values()) == [False]


def test_evaluate_runs_the_compiled_forward_pass():
    model = _mlp()
    model.compile(loss="mse", metrics=["mae"])
    rng = np.random.default_rng(5)
    x = rng.standard_normal((20, 6)).astype("float32")
    y = rng.standard_normal((20, 3)).astype("float32")
    loss, mae = model.evaluate(x, y, batch_size=20, verbose=0)
    error = _reference(model, x) - y
    np.testing.assert_allclose(loss, np.mean(error**2), rtol=1e-5)
    np.testing.assert_allclose(mae, np.mean(np.abs(error)), rtol=1e-5)
    assert len(model._openvino_forward) == 1


def test_fit_is_a_clear_error():
    model = _mlp()
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(NotImplementedError, match="openvino backend"):
        model.fit(np.zeros((4, 6), "float32"), np.zeros((4, 3), "float32"), verbose=0)
