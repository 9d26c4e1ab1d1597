"""EarlyStopping against a step-by-step reference of its rule."""

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import testing


def reference_stop(values, patience, min_delta, maximize, baseline=None, start=0):
    """(epoch at which training stops or None, best epoch) by the documented rule."""
    sign = 1.0 if maximize else -1.0
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(values):
        if epoch < start:
            continue
        wait += 1
        if best is None or sign * (value - best) > min_delta:
            best, best_epoch = value, epoch
            if baseline is None or sign * (value - baseline) > min_delta:
                wait = 0
            continue
        if wait >= patience and epoch > 0:
            return epoch, best_epoch
    return None, best_epoch


def run(callback, values, key="val_loss", model=None):
    model = model or testing.FakeModel()
    history = testing.fit(
        model, [callback], len(values), 1, epoch_logs=lambda e: {key: values[e]}
    )
    return model, history


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("patience", [0, 1, 3])
@pytest.mark.parametrize("min_delta", [0.0, 0.05])
def test_patience_and_min_delta_match_reference(seed, patience, min_delta):
    values = np.random.default_rng(seed).uniform(0, 1, size=12).tolist()
    callback = callbacks.EarlyStopping(patience=patience, min_delta=-min_delta)
    model, history = run(callback, values)
    stop, _ = reference_stop(values, patience, min_delta, maximize=False)
    expected_epochs = len(values) if stop is None else stop + 1
    assert len(history.epoch) == expected_epochs
    assert callback.stopped_epoch == (stop or 0)
    assert model.stop_training == (stop is not None)


def test_handcrafted_sequence():
    # Improves at 0, 1, 3; no improvement at 4, 5 -> stops at epoch 5 (patience 2).
    callback = callbacks.EarlyStopping(monitor="loss", patience=2)
    _, history = run(callback, [1.0, 0.8, 0.9, 0.7, 0.75, 0.72, 0.1], key="loss")
    assert history.epoch == [0, 1, 2, 3, 4, 5]
    assert callback.stopped_epoch == 5 and callback.best == 0.7


def test_min_delta_ignores_small_improvements():
    callback = callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=0.1)
    _, history = run(callback, [1.0, 0.95, 0.92, 0.5], key="loss")
    assert history.epoch == [0, 1]


@pytest.mark.parametrize(
    "mode, metrics", [("max", []), ("auto", [testing.FakeMetric("acc", "up")])]
)
def test_maximised_metric(mode, metrics):
    values = [0.5, 0.6, 0.55, 0.58, 0.7]
    callback = callbacks.EarlyStopping(monitor="val_acc", patience=2, mode=mode)
    _, history = run(callback, values, "val_acc", testing.FakeModel(metrics=metrics))
    stop, _ = reference_stop(values, 2, 0.0, maximize=True)
    assert stop == 3 and history.epoch == [0, 1, 2, 3]


def test_auto_mode_reads_metric_direction_inside_containers():
    class Container:
        name = "compile_metrics"
        metrics = [testing.FakeMetric("mae", "down")]

    callback = callbacks.EarlyStopping(monitor="val_mae", patience=0)
    model = testing.FakeModel(metrics=[Container()])
    _, history = run(callback, [3.0, 2.0, 2.5], "val_mae", model)
    assert history.epoch == [0, 1, 2] and callback.stopped_epoch == 2


def test_auto_mode_without_a_known_direction_is_an_error():
    callback = callbacks.EarlyStopping(monitor="val_custom")
    with pytest.raises(ValueError, match="monitor='val_custom'.*mode='max'"):
        run(callback, [1.0, 2.0], "val_custom")


@pytest.mark.parametrize(
    "values, baseline, expected_stop",
    [
        ([1.0, 1.1, 1.2, 0.7], None, 2),
        ([1.0, 1.1, 1.2, 0.7], 0.5, 1),  # epoch 0 misses the baseline: no reset
        ([1.0, 0.4, 0.45, 0.5], 0.5, 3),  # epoch 1 beats it: the wait restarts
    ],
)
def test_baseline(values, baseline, expected_stop):
    callback = callbacks.EarlyStopping(monitor="loss", patience=2, baseline=baseline)
    _, history = run(callback, values, "loss")
    stop, _ = reference_stop(values, 2, 0.0, False, baseline=baseline)
    assert stop == expected_stop
    assert len(history.epoch) == (len(values) if stop is None else stop + 1)


def test_restore_best_weights():
    values = [1.0, 0.4, 0.6, 0.7, 0.8, 0.9]
    weights_by_epoch = []
    recorder = callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: weights_by_epoch.append(model.get_weights())
    )
    model = testing.FakeModel()
    callback = callbacks.EarlyStopping(
        monitor="loss", patience=2, restore_best_weights=True, verbose=1
    )
    history = testing.fit(
        model,
        [recorder, callback],
        len(values),
        2,
        epoch_logs=lambda e: {"loss": values[e]},
    )
    assert history.epoch == [0, 1, 2, 3]
    assert callback.best_epoch == 1
    for restored, best in zip(model.get_weights(), weights_by_epoch[1]):
        np.testing.assert_array_equal(restored, best)
    assert not np.array_equal(weights_by_epoch[1][0], weights_by_epoch[3][0])


def test_restore_best_weights_when_training_does_not_stop(capsys):
    values = [0.5, 0.7, 0.6]
    model = testing.FakeModel()
    snapshots = []
    recorder = callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: snapshots.append(model.get_weights())
    )
    callback = callbacks.EarlyStopping(
        monitor="loss", patience=5, restore_best_weights=True, verbose=1
    )
    testing.fit(
        model, [recorder, callback], 3, 1, epoch_logs=lambda e: {"loss": values[e]}
    )
    np.testing.assert_array_equal(model.get_weights()[0], snapshots[0][0])
    out = capsys.readouterr().out
    assert out == "Restoring model weights from the end of the best epoch: 1.\n"


def test_start_from_epoch():
    values = [5.0, 6.0, 7.0, 1.0, 2.0, 3.0]
    callback = callbacks.EarlyStopping(monitor="loss", patience=1, start_from_epoch=3)
    _, history = run(callback, values, "loss")
    stop, _ = reference_stop(values, 1, 0.0, False, start=3)
    assert stop == 4 and history.epoch == [0, 1, 2, 3, 4]


def test_verbose_message(capsys):
    callback = callbacks.EarlyStopping(monitor="loss", verbose=1)
    run(callback, [1.0, 2.0, 3.0], "loss")
    assert capsys.readouterr().out == "Epoch 2: early stopping\n"


def test_missing_monitor_warns_and_continues():
    callback = callbacks.EarlyStopping(monitor="val_loss")
    with pytest.warns(UserWarning, match="`val_loss` which is not available.*loss"):
        _, history = run(callback, [1.0, 2.0, 3.0], "loss")
    assert history.epoch == [0, 1, 2]


def test_unknown_mode_falls_back_to_auto():
    with pytest.warns(UserWarning, match="unknown `mode`='up'"):
        callback = callbacks.EarlyStopping(mode="up")
    assert callback.mode == "auto"
    assert callbacks.EarlyStopping(min_delta=-0.5).min_delta == 0.5
