"""keras.config.set_max_epochs / set_max_steps_per_epoch: the caps fit, evaluate and
predict obey, and their environment variables."""

import numpy as np
import pytest

import keras
import keras.config
from keras.trainers import training_limits

_TRAINS = keras.config.backend() not in ("numpy", "openvino")
needs_training = pytest.mark.skipif(
    not _TRAINS, reason="numpy and openvino do not train: fit needs autodiff"
)


@pytest.fixture(autouse=True)
def no_caps_left_behind():
    yield
    keras.config.set_max_epochs(None)
    keras.config.set_max_steps_per_epoch(None)


class _CountBatches(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train, self.test, self.predict, self.epochs = [], [], [], []

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append(epoch)

    def on_train_batch_end(self, batch, logs=None):
        self.train.append(batch)

    def on_test_batch_end(self, batch, logs=None):
        self.test.append(batch)

    def on_predict_batch_end(self, batch, logs=None):
        self.predict.append(batch)


def _model(compiled=True):
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    if compiled:
        model.compile(optimizer="sgd", loss="mse")
    return model


def _data(n=40):
    x = np.arange(2 * n, dtype="float32").reshape(n, 2) / n
    return x, x.sum(axis=1, keepdims=True)


def test_defaults_setters_and_bad_values():
    assert keras.config.max_epochs() is None
    assert keras.config.max_steps_per_epoch() is None
    keras.config.set_max_epochs(3)
    keras.config.set_max_steps_per_epoch(2)
    assert keras.config.max_epochs() == 3
    assert keras.config.max_steps_per_epoch() == 2
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match="max_epochs"):
            keras.config.set_max_epochs(bad)
        with pytest.raises(ValueError, match="max_steps_per_epoch"):
            keras.config.set_max_steps_per_epoch(bad)
    assert training_limits.cap_steps(None) == 2
    assert training_limits.cap_steps(5) == 2 and training_limits.cap_steps(1) == 1


def test_environment_variables_set_the_initial_caps(monkeypatch):
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "4")
    monkeypatch.setenv("KERAS_MAX_STEPS_PER_EPOCH", "7")
    monkeypatch.setattr(training_limits, "_limits", {})  # as in a fresh process
    assert keras.config.max_epochs() == 4
    assert keras.config.max_steps_per_epoch() == 7
    monkeypatch.setenv("KERAS_MAX_EPOCHS", "many")
    monkeypatch.setattr(training_limits, "_limits", {})
    with pytest.raises(ValueError, match="KERAS_MAX_EPOCHS"):
        keras.config.max_epochs()


def test_evaluate_and_predict_stop_at_the_step_cap():
    model = _model()
    x, y = _data()
    keras.config.set_max_steps_per_epoch(3)
    counter = _CountBatches()
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 3"):
        predictions = model.predict(x, batch_size=4, verbose=0, callbacks=[counter])
    assert counter.predict == [0, 1, 2]
    # The capped predictions are those of the first 3 batches.
    assert predictions.shape == (12, 1)
    keras.config.set_max_steps_per_epoch(None)
    np.testing.assert_allclose(
        predictions, model.predict(x[:12], batch_size=4, verbose=0), rtol=1e-5
    )
    keras.config.set_max_steps_per_epoch(2)
    model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[counter])
    assert counter.test == [0, 1]


def test_a_cap_above_the_data_changes_nothing():
    model = _model()
    x, _ = _data(8)
    keras.config.set_max_steps_per_epoch(50)
    counter = _CountBatches()
    model.predict(x, batch_size=4, verbose=0, callbacks=[counter])
    assert counter.predict == [0, 1]


@needs_training
def test_fit_runs_at_most_the_capped_epochs_and_steps():
    model = _model()
    x, y = _data()
    keras.config.set_max_epochs(2)
    keras.config.set_max_steps_per_epoch(3)
    counter = _CountBatches()
    with pytest.warns(UserWarning, match="Limiting epochs to 2"):
        history = model.fit(
            x, y, batch_size=4, epochs=5, verbose=0, callbacks=[counter],
            validation_data=(x, y),
        )
    assert len(history.history["loss"]) == 2 and counter.epochs == [0, 1]
    assert counter.train == [0, 1, 2, 0, 1, 2]
    assert counter.test == [0, 1, 2, 0, 1, 2]
    assert int(keras.ops.convert_to_numpy(model.optimizer.iterations)) == 6
    # An explicit steps_per_epoch under the cap is kept.
    model.fit(x, y, batch_size=4, epochs=1, steps_per_epoch=2, verbose=0)
    assert int(keras.ops.convert_to_numpy(model.optimizer.iterations)) == 8
