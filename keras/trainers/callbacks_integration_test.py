"""Callbacks driven by the real trainer: resume after a crash, checkpoints, LR changes."""

import numpy as np
import pytest

import keras
from keras import layers


def data():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((64, 4)).astype("float32")
    return x, (x @ rng.standard_normal((4, 1))).astype("float32")


def make_model():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="tanh"), layers.Dense(1)])
    rng = np.random.default_rng(9)
    model.set_weights([rng.standard_normal(w.shape).astype("float32") * 0.3 for w in model.weights])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    return model


class Crash(keras.callbacks.Callback):
    def __init__(self, epoch, batch):
        super().__init__()
        self.at = (epoch, batch)
        self.epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_begin(self, batch, logs=None):
        if (self.epoch, batch) == self.at:
            raise RuntimeError("simulated crash")


def test_backup_and_restore_resumes_mid_epoch_exactly(tmp_path):
    x, y = data()
    straight = make_model()
    straight.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)

    backup = str(tmp_path / "backup")
    crashed = make_model()
    with pytest.raises(RuntimeError, match="simulated crash"):
        crashed.fit(
            x, y, batch_size=8, epochs=3, shuffle=False, verbose=0,
            callbacks=[keras.callbacks.BackupAndRestore(backup, save_freq=2), Crash(1, 5)],
        )
    resumed = make_model()  # a fresh process would start from scratch like this
    history = resumed.fit(
        x, y, batch_size=8, epochs=3, shuffle=False, verbose=0,
        callbacks=[keras.callbacks.BackupAndRestore(backup, save_freq=2)],
    )
    assert len(history.history["loss"]) == 2  # epochs 1 (rest of it) and 2
    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_model_checkpoint_best_weights_only(tmp_path):
    x, y = data()
    model = make_model()
    path = str(tmp_path / "best.weights.h5")
    checkpoint = keras.callbacks.ModelCheckpoint(
        path, monitor="loss", save_best_only=True, save_weights_only=True
    )
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[checkpoint])
    best_epoch = int(np.argmin(history.history["loss"]))
    restored = make_model()
    restored.load_weights(path)
    assert best_epoch == 2  # the loss falls every epoch at this learning rate
    for a, b in zip(restored.get_weights(), model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_learning_rate_scheduler_sets_the_optimizer():
    x, y = data()
    model = make_model()
    scheduler = keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[scheduler])
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.05, 0.1 / 3], rtol=1e-6)
    np.testing.assert_allclose(float(np.asarray(model.optimizer.learning_rate)), 0.1 / 3, rtol=1e-6)


def test_early_stopping_restores_best_weights():
    x, y = data()
    model = make_model()

    class Snapshots(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.weights = []

        def on_epoch_end(self, epoch, logs=None):
            self.weights.append(self.model.get_weights())
            if epoch == 1:
                self.model.optimizer.learning_rate = 5.0  # later epochs get worse

    snaps = Snapshots()
    stopper = keras.callbacks.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    history = model.fit(x, y, batch_size=64, epochs=10, verbose=0, callbacks=[snaps, stopper])
    losses = history.history["loss"]
    assert len(losses) < 10
    best = int(np.argmin(losses))
    assert best < len(losses) - 1
    for a, b in zip(model.get_weights(), snaps.weights[best]):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_progress_bar_prints_epochs(capsys):
    x, y = data()
    model = make_model()
    model.fit(x, y, batch_size=16, epochs=2, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "4/4" in out and "loss:" in out
