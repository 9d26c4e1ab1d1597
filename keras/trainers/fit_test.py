import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active


def regression_data(n=256, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 5)).astype("float32")
    w = rng.standard_normal((5, 1)).astype("float32")
    return x, (x @ w + 0.5).astype("float32")


def classification_data(n=300, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int32") + (x[:, 2] > 1).astype("int32")
    return x, y


def mlp(outputs=1, activation=None):
    return keras.Sequential(
        [keras.Input((5,)), layers.Dense(16, activation="relu"), layers.Dense(outputs, activation=activation)]
    )


def test_fit_reduces_the_loss_and_returns_history():
    x, y = regression_data()
    model = mlp()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=32, epochs=30, verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 30 and set(history.history) == {"loss", "mae"}
    assert losses[-1] < 0.2 * losses[0]
    assert history.epoch == list(range(30))
    evaluated = model.evaluate(x, y, verbose=0, return_dict=True)
    mse = np.mean((model.predict(x, verbose=0) - y) ** 2)
    np.testing.assert_allclose(evaluated["loss"], mse, rtol=1e-4)


def test_accuracy_resolves_for_sparse_labels():
    x, y = classification_data()
    model = keras.Sequential([keras.Input((4,)), layers.Dense(32, activation="relu"), layers.Dense(3)])
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = model.fit(x, y, batch_size=30, epochs=20, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    logits = model.predict(x, verbose=0)
    _, accuracy = model.evaluate(x, y, verbose=0)
    np.testing.assert_allclose(accuracy, np.mean(logits.argmax(axis=1) == y), rtol=1e-6)


def test_validation_split_and_validation_data():
    x, y = regression_data(200)
    model = mlp()
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    assert set(history.history) == {"loss", "val_loss"}
    val = model.evaluate(x[150:], y[150:], verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][-1], val, rtol=1e-5)
    history = model.fit(x, y, epochs=1, validation_data=(x[:10], y[:10]), verbose=0)
    assert "val_loss" in history.history


def test_sample_weight_zero_ignores_samples():
    x, y = regression_data(64)
    model = mlp()
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    model.fit(x[32:], y[32:], sample_weight=np.zeros((32,), "float32"), epochs=1, batch_size=32, verbose=0)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_allclose(a, b, atol=1e-7)


def test_train_and_test_on_batch():
    x, y = regression_data(32)
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    first = model.train_on_batch(x, y)
    second = model.test_on_batch(x, y)
    assert second < first
    out = model.predict_on_batch(x)
    assert out.shape == (32, 1)


def test_early_stopping_stops_training():
    x, y = regression_data(64)
    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
    history = model.fit(x, y, epochs=20, verbose=0, callbacks=[stopper])
    assert len(history.history["loss"]) < 5


def test_dropout_and_regularization_losses_in_training():
    x, y = regression_data(64)
    model = keras.Sequential(
        [keras.Input((5,)), layers.Dense(8, kernel_regularizer="l2"), layers.Dropout(0.5), layers.Dense(1)]
    )
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert len(model.losses) == 1


def test_multi_input_multi_output_with_loss_weights():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    h = layers.Concatenate()([a, b])
    out1 = layers.Dense(1, name="reg")(h)
    out2 = layers.Dense(1, activation="sigmoid", name="cls")(h)
    model = keras.Model({"a": a, "b": b}, [out1, out2])
    model.compile(optimizer="adam", loss=["mse", "binary_crossentropy"], loss_weights=[1.0, 0.5])
    rng = np.random.default_rng(0)
    xa = rng.standard_normal((40, 3)).astype("float32")
    xb = rng.standard_normal((40, 2)).astype("float32")
    y1 = xa.sum(axis=1, keepdims=True)
    y2 = (xb[:, :1] > 0).astype("float32")
    history = model.fit({"a": xa, "b": xb}, [y1, y2], epochs=3, batch_size=8, verbose=0)
    assert len(history.history["loss"]) == 3
    preds = model.predict({"a": xa, "b": xb}, verbose=0)
    assert preds[0].shape == (40, 1) and preds[1].shape == (40, 1)


def test_fit_before_compile_is_a_clear_error():
    with pytest.raises(RuntimeError, match="must call `compile\\(\\)`"):
        mlp().fit(np.ones((2, 5)), np.ones((2, 1)))


def test_run_eagerly_gives_the_same_result():
    x, y = regression_data(32)
    results = []
    for eager in (False, True):
        model = mlp()
        model.set_weights([np.full(w.shape, 0.1, "float32") for w in model.weights])
        model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", run_eagerly=eager)
        results.append(model.fit(x, y, epochs=3, batch_size=8, shuffle=False, verbose=0).history["loss"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5)


def test_lazily_built_metrics_work_in_compiled_steps():
    x, y = regression_data(64)
    model = mlp()
    model.compile(optimizer="sgd", loss="mse", metrics=[keras.metrics.R2Score()])
    history = model.fit(x, y, epochs=2, verbose=0)
    pred = model.predict(x, verbose=0)
    r2 = 1 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["r2_score"], r2, rtol=1e-4, atol=1e-5)
    assert "r2_score" in history.history


def test_fit_on_a_generator_and_a_py_dataset():
    x, y = regression_data(64)

    def generator():
        while True:
            for i in range(0, 64, 16):
                yield x[i : i + 16], y[i : i + 16]

    model = mlp()
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    history = model.fit(generator(), steps_per_epoch=4, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3

    class Batches(keras.utils.PyDataset):
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return x[index * 16 : (index + 1) * 16], y[index * 16 : (index + 1) * 16]

    history = model.fit(Batches(), epochs=2, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] * 1.5
    np.testing.assert_allclose(
        model.evaluate(Batches(), verbose=0), model.evaluate(x, y, batch_size=16, verbose=0), rtol=1e-5
    )


class _TrackedLossNet(keras.Model):
    """Issue 14: a `compute_loss` of its own that updates metrics it lists itself."""

    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(16, activation="relu")
        self.head = layers.Dense(1)
        self.total_tracker = keras.metrics.Mean(name="total")
        self.mse_tracker = keras.metrics.Mean(name="mse")
        self.penalty_tracker = keras.metrics.Mean(name="penalty")

    def call(self, x):
        hidden = self.hidden(x)
        self.add_loss(1e-3 * ops.mean(ops.square(hidden)))
        return self.head(hidden)

    def compute_loss(
        self, x=None, y=None, y_pred=None, sample_weight=None, training=True
    ):
        mse = ops.mean(ops.square(y - y_pred))
        penalty = ops.sum(self.losses)
        total = mse + penalty
        self.total_tracker.update_state(total)
        self.mse_tracker.update_state(mse)
        self.penalty_tracker.update_state(penalty)
        return total

    @property
    def metrics(self):
        return [self.total_tracker, self.mse_tracker, self.penalty_tracker]


@pytest.mark.parametrize("run_eagerly", [False, True])
def test_custom_compute_loss_updates_its_trackers_and_trains(run_eagerly):
    # jax computed the compiled loss instead of the model's `compute_loss` (here only
    # the `add_loss` penalty): the trackers stayed 0 and the model did not learn.
    x, y = regression_data(256)
    keras.utils.set_random_seed(0)
    model = _TrackedLossNet()
    model.compile(optimizer=keras.optimizers.Adam(0.01), run_eagerly=run_eagerly)
    history = model.fit(x, y, batch_size=32, epochs=15, verbose=0).history
    assert set(history) == {"total", "mse", "penalty"}
    assert all(value > 0 for value in history["mse"] + history["penalty"])
    np.testing.assert_allclose(
        history["total"], np.add(history["mse"], history["penalty"]), rtol=1e-5
    )
    assert history["mse"][-1] < 0.2 * history["mse"][0]

    pred = model.predict(x, verbose=0)
    mse = float(np.mean((pred - y) ** 2))
    assert mse < 0.1 * float(np.var(y))
    kernel, bias = model.hidden.get_weights()
    penalty = 1e-3 * float(np.mean(np.maximum(x @ kernel + bias, 0.0) ** 2))
    # One batch: the trackers' means are this batch's values.
    logs = model.evaluate(x, y, batch_size=256, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["mse"], mse, rtol=1e-4)
    np.testing.assert_allclose(logs["penalty"], penalty, rtol=1e-4)
    np.testing.assert_allclose(logs["total"], mse + penalty, rtol=1e-4)


def test_fit_history_has_each_outputs_loss():
    # Issue 14: `<output>_loss` per output (unweighted), in the history and validation.
    rng = np.random.default_rng(5)
    x = rng.standard_normal((96, 4)).astype("float32")
    y = {
        "spend": (x @ rng.standard_normal((4, 1))).astype("float32"),
        "churn": (x[:, :1] > 0).astype("float32"),
    }
    inputs = keras.Input((4,))
    hidden = layers.Dense(8, activation="relu")(inputs)
    outputs = {
        "spend": layers.Dense(1)(hidden),
        "churn": layers.Dense(1, activation="sigmoid")(hidden),
    }
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss={"spend": "mse", "churn": "binary_crossentropy"},
        loss_weights={"spend": 0.5, "churn": 2.0},
    )
    history = model.fit(
        x, y, batch_size=20, epochs=4, validation_data=(x, y), verbose=0
    ).history
    names = {"loss", "spend_loss", "churn_loss"}
    assert set(history) == names | {f"val_{name}" for name in names}
    for prefix in ("", "val_"):
        np.testing.assert_allclose(
            history[f"{prefix}loss"],
            0.5 * np.array(history[f"{prefix}spend_loss"])
            + 2.0 * np.array(history[f"{prefix}churn_loss"]),
            rtol=1e-5,
        )
    assert history["spend_loss"][-1] < history["spend_loss"][0]
    pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(
        history["val_spend_loss"][-1],
        np.mean((pred["spend"] - y["spend"]) ** 2),
        rtol=1e-4,
    )


def test_a_metric_with_a_vector_result_is_logged_as_an_array():
    # F1Score(average=None) has one value per class: fit's history and evaluate keep the
    # vector (a float() of it used to raise), and it matches the metric on the predictions.
    x, labels = classification_data()
    y = np.eye(3, dtype="float32")[labels]
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
    model.compile("adam", "categorical_crossentropy", metrics=[keras.metrics.F1Score()])
    history = model.fit(x, y, batch_size=300, epochs=2, verbose=0)
    assert np.shape(history.history["f1_score"][-1]) == (3,)
    assert isinstance(history.history["loss"][-1], float)
    logs = model.evaluate(x, y, batch_size=300, verbose=0, return_dict=True)
    reference = keras.metrics.F1Score()
    reference.update_state(y, model.predict(x, verbose=0))
    np.testing.assert_allclose(logs["f1_score"], ops.convert_to_numpy(reference.result()), rtol=1e-5)
