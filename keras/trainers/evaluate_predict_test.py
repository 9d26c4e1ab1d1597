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


def _bce(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_evaluate_reports_each_outputs_loss_for_dict_outputs():
    # Issue 14: Keras 3 logs `<output>_loss` (unweighted) next to `loss` when two or
    # more outputs have a loss; `loss` is their weighted sum plus the weight penalties.
    rng = np.random.default_rng(7)
    x = rng.standard_normal((50, 4)).astype("float32")
    y = {
        "spend": rng.standard_normal((50, 1)).astype("float32"),
        "churn": (rng.random((50, 1)) > 0.5).astype("float32"),
    }
    inputs = keras.Input((4,))
    spend = layers.Dense(1, kernel_regularizer="l2", name="spend_head")(inputs)
    churn = layers.Dense(1, activation="sigmoid", name="churn_head")(inputs)
    model = keras.Model(inputs, {"spend": spend, "churn": churn})
    model.compile(
        optimizer="sgd",
        loss={"spend": "mse", "churn": "binary_crossentropy"},
        loss_weights={"spend": 0.5, "churn": 2.0},
    )
    spend_kernel, spend_bias = model.get_layer("spend_head").get_weights()
    churn_kernel, churn_bias = model.get_layer("churn_head").get_weights()
    spend_mse = float(np.mean((x @ spend_kernel + spend_bias - y["spend"]) ** 2))
    churn_bce = _bce(y["churn"], _sigmoid(x @ churn_kernel + churn_bias))
    penalty = 0.01 * float(np.sum(spend_kernel**2))

    # Batches of 7 leave a last batch of 1: each log is still the mean over samples.
    logs = model.evaluate(x, y, batch_size=7, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "spend_loss", "churn_loss"}
    np.testing.assert_allclose(logs["spend_loss"], spend_mse, rtol=1e-4)
    np.testing.assert_allclose(logs["churn_loss"], churn_bce, rtol=1e-4)
    np.testing.assert_allclose(
        logs["loss"], 0.5 * spend_mse + 2.0 * churn_bce + penalty, rtol=1e-4
    )
    values = model.evaluate(x, y, batch_size=7, verbose=0)
    assert model.metrics_names[0] == "loss" and len(values) == 3
    np.testing.assert_allclose(
        values, [logs[name] for name in model.metrics_names], rtol=1e-6
    )


def test_per_output_losses_need_two_outputs_with_a_loss():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((12, 3)).astype("float32")
    ya = rng.standard_normal((12, 1)).astype("float32")
    yb = rng.standard_normal((12, 2)).astype("float32")
    inputs = keras.Input((3,))
    a = layers.Dense(1, name="head_a")(inputs)
    b = layers.Dense(2, name="head_b")(inputs)

    # List outputs are named after their layers.
    both = keras.Model(inputs, [a, b])
    both.compile(optimizer="sgd", loss=["mse", "mae"])
    logs = both.evaluate(x, [ya, yb], verbose=0, return_dict=True)
    assert set(logs) == {"loss", "head_a_loss", "head_b_loss"}
    np.testing.assert_allclose(
        logs["loss"], logs["head_a_loss"] + logs["head_b_loss"], rtol=1e-5
    )
    pred_a, pred_b = both.predict(x, verbose=0)
    np.testing.assert_allclose(
        logs["head_b_loss"], np.mean(np.abs(pred_b - yb)), rtol=1e-4
    )

    # One loss among two outputs, and one output: `loss` alone.
    one_of_two = keras.Model(inputs, [a, b])
    one_of_two.compile(optimizer="sgd", loss=["mse", None])
    logs = one_of_two.evaluate(x, [ya, yb], verbose=0, return_dict=True)
    assert set(logs) == {"loss"}
    np.testing.assert_allclose(logs["loss"], np.mean((pred_a - ya) ** 2), rtol=1e-4)
    single = keras.Model(inputs, a)
    single.compile(optimizer="sgd", loss="mse")
    assert set(single.evaluate(x, ya, verbose=0, return_dict=True)) == {"loss"}
