import numpy as np
import pytest

import keras
from keras import layers


def test_evaluate_and_predict_match_numpy():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((50, 4)).astype("float32")
    y = rng.standard_normal((50, 2)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    kernel, bias = model.get_weights()
    expected = x @ kernel + bias
    np.testing.assert_allclose(model.predict(x, batch_size=7, verbose=0), expected, rtol=1e-5, atol=1e-6)
    loss, mae = model.evaluate(x, y, batch_size=7, verbose=0)
    np.testing.assert_allclose(loss, np.mean((expected - y) ** 2), rtol=1e-5)
    np.testing.assert_allclose(mae, np.mean(np.abs(expected - y)), rtol=1e-5)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "mae"}


def test_predict_on_a_generator_and_dict_outputs():
    inputs = keras.Input((3,))
    model = keras.Model(inputs, {"double": layers.Add()([inputs, inputs]), "same": layers.Identity()(inputs)})
    x = np.arange(12, dtype="float32").reshape(4, 3)

    def batches():
        yield x[:2]
        yield x[2:]

    out = model.predict(batches(), verbose=0)
    np.testing.assert_allclose(out["double"], 2 * x)
    np.testing.assert_allclose(out["same"], x)


def test_evaluate_without_targets_says_the_data_has_none():
    # jax said "No loss to compute", as if the model had no loss; every backend now
    # names what is missing: the targets.
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(0).standard_normal((6, 4)).astype("float32")
    with pytest.raises(ValueError, match="no targets `y` for the compiled loss"):
        model.evaluate(x, verbose=0)
