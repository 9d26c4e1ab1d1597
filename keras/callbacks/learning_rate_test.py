"""LearningRateScheduler and ReduceLROnPlateau against reference computations."""

import math

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import testing


def learning_rate(model):
    return float(model.optimizer.learning_rate.numpy())


def record_learning_rates(model):
    rates = []
    recorder = callbacks.LambdaCallback(
        on_epoch_begin=lambda e, logs: rates.append(learning_rate(model))
    )
    return recorder, rates


@pytest.mark.parametrize("initial", [0.1, 0.003])
def test_scheduler_with_two_argument_schedule(initial):
    model = testing.FakeModel(learning_rate=initial)
    scheduler = callbacks.LearningRateScheduler(
        lambda epoch, lr: lr if epoch < 2 else lr * math.exp(-0.5)
    )
    recorder, rates = record_learning_rates(model)
    history = testing.fit(model, [scheduler, recorder], 5, 1)
    expected = initial * np.exp(-0.5 * np.maximum(np.arange(5) - 1, 0))
    np.testing.assert_allclose(rates, expected, rtol=1e-6)
    np.testing.assert_allclose(history.history["learning_rate"], expected, rtol=1e-6)


def test_scheduler_with_one_argument_schedule_and_numpy_output(capsys):
    model = testing.FakeModel()
    scheduler = callbacks.LearningRateScheduler(
        lambda epoch: np.float32(0.5) ** epoch, verbose=1
    )
    recorder, rates = record_learning_rates(model)
    testing.fit(model, [scheduler, recorder], 3, 1)
    np.testing.assert_allclose(rates, [1.0, 0.5, 0.25])
    assert capsys.readouterr().out == "".join(
        f"\nEpoch {e + 1}: LearningRateScheduler setting learning rate to {r}.\n"
        for e, r in enumerate([1.0, 0.5, 0.25])
    )


def test_scheduler_errors():
    with pytest.raises(TypeError, match="`schedule` must be a function"):
        callbacks.LearningRateScheduler(0.1)
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: "fast")
    with pytest.raises(ValueError, match="must be a float. Received: 'fast'"):
        testing.fit(testing.FakeModel(), [scheduler], 1, 1)

    model = testing.FakeModel()
    model.optimizer = None
    with pytest.raises(ValueError, match="needs a model compiled with an optimizer"):
        testing.fit(model, [callbacks.LearningRateScheduler(lambda e, lr: lr)], 1, 1)


def reference_plateau(values, lr, factor, patience, min_delta, cooldown, min_lr):
    """Learning rate at the start of each epoch (and after the last) by the rule,
    for a minimised metric."""
    best = np.inf
    wait = cool = 0
    rates = [lr]
    for value in values:
        if cool > 0:
            cool -= 1
            wait = 0
        if value < best - min_delta:
            best, wait = value, 0
        elif cool == 0:
            wait += 1
            if wait >= patience and lr > np.float32(min_lr):
                lr = max(lr * factor, min_lr)
                cool, wait = cooldown, 0
        rates.append(lr)
    return rates


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize(
    "factor, patience, min_delta, cooldown, min_lr",
    [(0.1, 2, 1e-4, 0, 0.0), (0.5, 1, 0.02, 2, 0.02), (0.2, 3, 0.0, 1, 1e-4)],
)
def test_reduce_on_plateau_matches_reference(
    seed, factor, patience, min_delta, cooldown, min_lr
):
    rng = np.random.default_rng(seed)
    values = (1.0 / np.arange(1, 16) + rng.uniform(0, 0.3, size=15)).tolist()
    model = testing.FakeModel(learning_rate=0.1)
    callback = callbacks.ReduceLROnPlateau(
        monitor="loss",
        factor=factor,
        patience=patience,
        min_delta=min_delta,
        cooldown=cooldown,
        min_lr=min_lr,
    )
    recorder, rates = record_learning_rates(model)
    history = testing.fit(
        model, [recorder, callback], 15, 1, epoch_logs=lambda e: {"loss": values[e]}
    )
    expected = reference_plateau(
        values, 0.1, factor, patience, min_delta, cooldown, min_lr
    )
    np.testing.assert_allclose(rates, expected[:-1], rtol=1e-6)
    np.testing.assert_allclose(learning_rate(model), expected[-1], rtol=1e-6)
    logged = history.history["learning_rate"]
    np.testing.assert_allclose(logged, expected[:-1], rtol=1e-6)


def test_handcrafted_plateau(capsys):
    model = testing.FakeModel(learning_rate=1.0)
    callback = callbacks.ReduceLROnPlateau(
        monitor="val_acc", factor=0.5, patience=2, min_lr=0.3, verbose=1
    )
    values = [0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
    recorder, rates = record_learning_rates(model)
    testing.fit(
        model, [recorder, callback], 8, 1, epoch_logs=lambda e: {"val_acc": values[e]}
    )
    # "acc" is maximised; no improvement from epoch 2: halved at 3 and 5, floor 0.3.
    np.testing.assert_allclose(rates, [1, 1, 1, 1, 0.5, 0.5, 0.3, 0.3], rtol=1e-6)
    assert capsys.readouterr().out == (
        "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.5.\n"
        "\nEpoch 6: ReduceLROnPlateau reducing learning rate to 0.3.\n"
    )


def test_plateau_mode_max_and_missing_monitor():
    model = testing.FakeModel(learning_rate=0.1)
    callback = callbacks.ReduceLROnPlateau(monitor="score", mode="max", patience=1)
    testing.fit(model, [callback], 3, 1, epoch_logs=lambda e: {"score": 1.0 - e})
    np.testing.assert_allclose(learning_rate(model), 0.001, rtol=1e-5)
    with pytest.warns(UserWarning, match="`val_loss` which is not available"):
        testing.fit(testing.FakeModel(), [callbacks.ReduceLROnPlateau()], 1, 1)


def test_plateau_factor_must_be_below_one():
    with pytest.raises(ValueError, match="`factor` must be below 1.0.*factor=1.5"):
        callbacks.ReduceLROnPlateau(factor=1.5)
