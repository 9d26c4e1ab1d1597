"""ModelCheckpoint: which files are written, under which names, with what weights."""

import os

import numpy as np
import pytest

from keras import callbacks
from keras.callbacks import testing

VAL_LOSS = [0.9, 0.5, 0.7, 0.3, 0.4]
VAL_ACC = [0.2, 0.6, 0.5, 0.8, 0.7]


def epoch_logs(epoch):
    return {
        "loss": 1.0 / (epoch + 1),
        "val_loss": VAL_LOSS[epoch],
        "val_acc": VAL_ACC[epoch],
    }


def run(callback, model=None, epochs=5, steps=2, **kwargs):
    model = model or testing.FakeModel()
    snapshots = []
    recorder = callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: snapshots.append(model.get_weights())
    )
    testing.fit(model, [recorder, callback], epochs, steps, epoch_logs, **kwargs)
    return model, snapshots


def load(path):
    with np.load(path) as data:
        return [data[f"arr_{i}"] for i in range(len(data.files))]


def test_every_epoch_with_formatted_names(tmp_path):
    pattern = str(tmp_path / "ckpt" / "w-{epoch:02d}-{val_loss:.2f}.weights.h5")
    callback = callbacks.ModelCheckpoint(pattern, save_weights_only=True)
    model, snapshots = run(callback)
    expected = [
        str(tmp_path / "ckpt" / f"w-{e + 1:02d}-{VAL_LOSS[e]:.2f}.weights.h5")
        for e in range(5)
    ]
    assert model.saved == [("weights", p) for p in expected]
    names = sorted(os.path.basename(p) for p in expected)
    assert sorted(os.listdir(tmp_path / "ckpt")) == names
    for path, snapshot in zip(expected, snapshots):
        for saved, weight in zip(load(path), snapshot):
            np.testing.assert_array_equal(saved, weight)


def best_epochs(values, maximize, threshold=None):
    best = threshold if threshold is not None else (-np.inf if maximize else np.inf)
    epochs = []
    for epoch, value in enumerate(values):
        if (value > best) if maximize else (value < best):
            best = value
            epochs.append(epoch)
    return epochs


@pytest.mark.parametrize(
    "monitor, mode, values, maximize",
    [
        ("val_loss", "auto", VAL_LOSS, False),
        ("val_loss", "min", VAL_LOSS, False),
        ("val_acc", "auto", VAL_ACC, True),
        ("val_acc", "max", VAL_ACC, True),
        ("val_loss", "max", VAL_LOSS, True),
    ],
)
def test_save_best_only(tmp_path, monitor, mode, values, maximize):
    path = str(tmp_path / "best-{epoch}.keras")
    callback = callbacks.ModelCheckpoint(
        path, monitor=monitor, mode=mode, save_best_only=True
    )
    model, snapshots = run(callback)
    epochs = best_epochs(values, maximize)
    assert model.saved == [("model", path.format(epoch=e + 1)) for e in epochs]
    for epoch in epochs:
        saved = load(path.format(epoch=epoch + 1))
        np.testing.assert_array_equal(saved[0], snapshots[epoch][0])


def test_fixed_path_holds_the_best_weights(tmp_path):
    path = str(tmp_path / "best.weights.h5")
    callback = callbacks.ModelCheckpoint(
        path, save_best_only=True, save_weights_only=True
    )
    _, snapshots = run(callback)
    best = int(np.argmin(VAL_LOSS))
    for saved, weight in zip(load(path), snapshots[best]):
        np.testing.assert_array_equal(saved, weight)


def test_auto_mode_follows_the_model_metric_direction(tmp_path):
    # "val_acc" declared as minimised by the model's metric overrides the name rule.
    model = testing.FakeModel(metrics=[testing.FakeMetric("acc", "down")])
    callback = callbacks.ModelCheckpoint(
        str(tmp_path / "{epoch}.keras"), monitor="val_acc", save_best_only=True
    )
    run(callback, model=model)
    assert [os.path.basename(p) for _, p in model.saved] == [
        f"{e + 1}.keras" for e in best_epochs(VAL_ACC, maximize=False)
    ]


def test_initial_value_threshold(tmp_path):
    callback = callbacks.ModelCheckpoint(
        str(tmp_path / "{epoch}.keras"),
        save_best_only=True,
        initial_value_threshold=0.45,
    )
    model, _ = run(callback)
    assert [os.path.basename(p) for _, p in model.saved] == ["4.keras"]
    assert callback.best == 0.3


def test_save_every_n_batches(tmp_path):
    pattern = str(tmp_path / "e{epoch}-b{batch}.keras")
    callback = callbacks.ModelCheckpoint(pattern, save_freq=3)
    model, _ = run(callback, epochs=2, steps=4)
    # Batches are counted across epochs: saves after global batches 3 and 6, that is
    # epoch 1's batch 3 and epoch 2's batch 2 (1-based in the names).
    names = [os.path.basename(p) for _, p in model.saved]
    assert names == ["e1-b3.keras", "e2-b2.keras"]


def test_verbose_messages(tmp_path, capsys):
    path = str(tmp_path / "m.keras")
    callback = callbacks.ModelCheckpoint(path, save_best_only=True, verbose=1)
    run(callback, epochs=3)
    out = capsys.readouterr().out
    assert out == (
        f"\nEpoch 1: val_loss improved from inf to 0.90000, saving model to {path}\n"
        "\nEpoch 2: val_loss improved from 0.90000 to 0.50000, saving model to "
        f"{path}\n"
        "\nEpoch 3: val_loss did not improve from 0.50000\n"
    )
    callback = callbacks.ModelCheckpoint(path, verbose=1)
    run(callback, epochs=1)
    assert capsys.readouterr().out == f"\nEpoch 1: saving model to {path}\n"


def test_missing_monitor_warns_and_skips(tmp_path):
    callback = callbacks.ModelCheckpoint(
        str(tmp_path / "m.keras"), monitor="val_auc", save_best_only=True
    )
    with pytest.warns(UserWarning, match="only with val_auc available"):
        model, _ = run(callback, epochs=1)
    assert model.saved == []


def test_filepath_validation(tmp_path):
    with pytest.raises(ValueError, match="must end in '.weights.h5'.*filepath=w.h5"):
        callbacks.ModelCheckpoint("w.h5", save_weights_only=True)
    with pytest.raises(ValueError, match="must end in '.keras'.*filepath=model.h5"):
        callbacks.ModelCheckpoint("model.h5")
    with pytest.raises(ValueError, match="`save_freq` must be 'epoch' or a positive"):
        callbacks.ModelCheckpoint("m.keras", save_freq="batch")
    with pytest.raises(ValueError, match="save_freq=0"):
        callbacks.ModelCheckpoint("m.keras", save_freq=0)
    callback = callbacks.ModelCheckpoint(str(tmp_path / "{val_f1}.keras"))
    with pytest.raises(KeyError, match="the logs have no 'val_f1'"):
        run(callback, epochs=1)
    os.mkdir(tmp_path / "dir.keras")
    callback = callbacks.ModelCheckpoint(str(tmp_path / "dir.keras"))
    with pytest.raises(IsADirectoryError, match="names an existing directory"):
        run(callback, epochs=1)


def test_pathlike_filepath(tmp_path):
    callback = callbacks.ModelCheckpoint(tmp_path / "m.keras")
    model, _ = run(callback, epochs=1)
    assert model.saved == [("model", str(tmp_path / "m.keras"))]
