"""OrbaxCheckpoint: steps written during fit, kept, restored by load_model and
load_weights with the model's predictions and optimizer state; Keras 3.15.1's
checkpoint folders (testdata/keras3_orbax, testdata/make_orbax_fixture.py) load here."""

import os

import numpy as np
import pytest

import keras
from keras.callbacks import orbax_state

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, name="d1"), keras.layers.Dense(2, name="d2")],
        name="seq",
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _data():
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    return x, (x.sum(1) > 0).astype("int32")


def _numpy(value):
    return np.asarray(keras.ops.convert_to_numpy(value))


def test_steps_and_restore(tmp_path):
    model = _model()
    x, y = _data()
    root = str(tmp_path / "ckpt")
    model.fit(
        x, y, epochs=3, batch_size=16, verbose=0,
        callbacks=[keras.callbacks.OrbaxCheckpoint(root, max_to_keep=2)],
    )
    assert orbax_state.steps(root) == [1, 2]
    expected = model.predict(x[:8], verbose=0)
    loaded = keras.saving.load_model(root)
    np.testing.assert_allclose(loaded.predict(x[:8], verbose=0), expected, rtol=1e-6)
    assert int(_numpy(loaded.optimizer.iterations)) == 12
    for mine, theirs in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_allclose(_numpy(theirs), _numpy(mine), rtol=1e-6)
    fresh = _model()
    fresh.load_weights(root)
    np.testing.assert_allclose(fresh.predict(x[:8], verbose=0), expected, rtol=1e-6)


def test_batch_frequency_best_only_and_weights_only(tmp_path):
    model = _model()
    x, y = _data()
    root = str(tmp_path / "batches")
    model.fit(
        x, y, epochs=2, batch_size=16, verbose=0,
        callbacks=[keras.callbacks.OrbaxCheckpoint(root, save_freq=3, max_to_keep=None, save_weights_only=True)],
    )
    assert orbax_state.steps(root) == [3, 6]
    with pytest.raises(ValueError, match="weights only"):
        keras.saving.load_model(root)
    best = str(tmp_path / "best")
    callback = keras.callbacks.OrbaxCheckpoint(
        best, monitor="loss", save_best_only=True, max_to_keep=None, initial_value_threshold=-1.0
    )
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[callback])
    assert orbax_state.steps(best) == []  # nothing beats a loss of -1


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="max_to_keep"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), max_to_keep=0)
    with pytest.raises(ValueError, match="save_freq"):
        keras.callbacks.OrbaxCheckpoint(str(tmp_path), save_freq="often")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="no Orbax checkpoint"):
        keras.saving.load_model(str(empty))
    model = _model()
    model.build((None, 4))
    with pytest.raises(ValueError, match="no Orbax checkpoint"):
        model.load_weights(str(empty))


def test_keras3_checkpoint_loads():
    data = np.load(os.path.join(HERE, "keras3_orbax.npz"))
    root = os.path.join(HERE, "keras3_orbax")
    assert orbax_state.steps(root) == [0, 1]
    model = keras.saving.load_model(root)
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)
    assert int(_numpy(model.optimizer.iterations)) == int(data["iterations"])
    fresh = _model()
    fresh.load_weights(root)
    np.testing.assert_allclose(fresh.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)
