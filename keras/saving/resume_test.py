"""Resuming from a saved model: train 2 epochs, save, load, train 1 more epoch gives the
same losses and weights as 3 epochs straight (optimizer state, iteration count, learning
rate schedule all travel in the .keras file). As in Keras 3, the state of seed
generators (Dropout) is not saved, so the model here has no Dropout."""

import numpy as np

import keras
from keras import layers


def make_model():
    keras.utils.set_random_seed(7)
    model = keras.Sequential(
        [
            keras.Input((6,)),
            layers.Dense(16, activation="relu"),
            layers.Dense(16, activation="tanh"),
            layers.Dense(4),
        ]
    )
    schedule = keras.optimizers.schedules.ExponentialDecay(0.02, decay_steps=5, decay_rate=0.7)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule, amsgrad=True),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((96, 6)).astype("float32")
    y = rng.integers(0, 4, 96).astype("int32")
    return x, y


def fit(model, epochs, initial_epoch=0):
    x, y = data()
    history = model.fit(
        x, y, batch_size=16, epochs=epochs, initial_epoch=initial_epoch, shuffle=False, verbose=0
    )
    return history.history["loss"]


def test_resume_after_load_equals_uninterrupted_training(tmp_path):
    straight = make_model()
    straight_losses = fit(straight, 3)

    first = make_model()
    first_losses = fit(first, 2)
    path = tmp_path / "checkpoint.keras"
    first.save(path)
    del first
    resumed = keras.saving.load_model(path)
    assert int(resumed.optimizer.iterations.numpy()) == 12
    resumed_losses = fit(resumed, 3, initial_epoch=2)

    assert len(resumed_losses) == 1
    np.testing.assert_allclose(first_losses, straight_losses[:2], rtol=0, atol=1e-6)
    np.testing.assert_allclose(resumed_losses[0], straight_losses[2], rtol=0, atol=1e-5)
    for a, b in zip(resumed.get_weights(), straight.get_weights()):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-5)
    # The third epoch changed the weights: the comparison is not between two no-ops.
    assert straight_losses[2] != straight_losses[1]


def test_model_checkpoint_writes_loadable_keras_files(tmp_path):
    model = make_model()
    x, y = data()
    pattern = str(tmp_path / "epoch{epoch}.keras")
    model.fit(
        x,
        y,
        batch_size=16,
        epochs=2,
        shuffle=False,
        verbose=0,
        callbacks=[keras.callbacks.ModelCheckpoint(pattern)],
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch1.keras", "epoch2.keras"]
    last = keras.saving.load_model(tmp_path / "epoch2.keras")
    for a, b in zip(last.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(
        last.optimizer.iterations.numpy(), model.optimizer.iterations.numpy()
    )
    first = keras.saving.load_model(tmp_path / "epoch1.keras")
    assert int(first.optimizer.iterations.numpy()) == 6
