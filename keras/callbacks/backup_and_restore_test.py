"""BackupAndRestore: a fit killed part-way resumes to the uninterrupted result."""

import os

import numpy as np
import pytest

import keras

from keras import callbacks
from keras.callbacks import testing

EPOCHS, STEPS = 3, 5


class Crash(Exception):
    pass


def crash_at(epoch, step):
    """A callback that kills training after batch `step` of `epoch`."""
    state = {}

    def on_epoch_begin(e, logs):
        state["epoch"] = e

    def on_train_batch_end(batch, logs):
        if (state["epoch"], batch) == (epoch, step):
            raise Crash()

    return callbacks.LambdaCallback(
        on_epoch_begin=on_epoch_begin, on_train_batch_end=on_train_batch_end
    )


def state_of(model):
    optimizer_state = [np.array(v.numpy()) for v in model.optimizer.variables]
    return model.get_weights() + optimizer_state


def assert_same_state(a, b):
    for x, y in zip(state_of(a), state_of(b), strict=True):
        np.testing.assert_allclose(x, y, rtol=1e-6)


def uninterrupted():
    model = testing.FakeModel()
    testing.fit(model, [], EPOCHS, STEPS)
    return model


# Batches are counted across epochs (5 per epoch): with save_freq=2 backups follow
# global batches 2, 4, 6 (epoch 1, index 0), 8 (epoch 1, index 2), ...
@pytest.mark.parametrize(
    "save_freq, crash, resume",
    [
        (2, (1, 3), (1, 3)),  # last backup after epoch 1's batch index 2
        (2, (1, 2), (1, 3)),  # backed up by that very batch before the crash
        (3, (1, 2), (1, 1)),  # backups at global batches 3, 6
        ("epoch", (1, 3), (1, 0)),  # backed up at the end of epoch 0
    ],
)
def test_resume_after_a_crash_mid_epoch(tmp_path, save_freq, crash, resume):
    backup_dir = str(tmp_path / "backup")
    crashed = testing.FakeModel()
    with pytest.raises(Crash):
        testing.fit(
            crashed,
            [
                callbacks.BackupAndRestore(backup_dir, save_freq=save_freq),
                crash_at(*crash),
            ],
            EPOCHS,
            STEPS,
        )
    assert os.listdir(backup_dir) == ["latest.npz"]

    model = testing.FakeModel(seed=1)  # a new process: fresh weights
    model._initial_epoch = 0
    callback = callbacks.BackupAndRestore(backup_dir, save_freq=save_freq)
    history = testing.fit(model, [callback], EPOCHS, STEPS)
    assert (callback._initial_epoch, callback._initial_step) == resume
    assert model._initial_epoch == resume[0]
    assert model.steps_run[0] == resume
    assert len(model.steps_run) == EPOCHS * STEPS - (resume[0] * STEPS + resume[1])
    assert history.epoch == list(range(resume[0], EPOCHS))
    assert_same_state(model, uninterrupted())
    # The run completed: the backup is gone.
    assert not os.path.exists(backup_dir)


def test_no_backup_starts_from_zero_and_keeps_checkpoint_when_asked(tmp_path):
    backup_dir = tmp_path / "backup"
    model = testing.FakeModel()
    callback = callbacks.BackupAndRestore(backup_dir, delete_checkpoint=False)
    testing.fit(model, [callback], EPOCHS, STEPS)
    assert (callback._initial_epoch, callback._initial_step) == (0, 0)
    assert_same_state(model, uninterrupted())
    with np.load(backup_dir / "latest.npz") as data:
        assert int(data["epoch"]) == EPOCHS and int(data["step"]) == 0
    # A later fit resumes after the last epoch: nothing left to run.
    again = testing.FakeModel(seed=2)
    testing.fit(again, [callbacks.BackupAndRestore(backup_dir)], EPOCHS, STEPS)
    assert again.steps_run == []
    assert_same_state(again, model)


def test_bfloat16_variables_round_trip(tmp_path):
    def model_with_bfloat16(value):
        model = testing.FakeModel()
        model.optimizer.variables.append(
            keras.Variable(np.array([value, -value], "float32"), dtype="bfloat16")
        )
        return model

    keep = dict(delete_checkpoint=False)
    testing.fit(
        model_with_bfloat16(1.5), [callbacks.BackupAndRestore(tmp_path, **keep)], 1, 1
    )
    restored = model_with_bfloat16(0.25)
    testing.fit(restored, [callbacks.BackupAndRestore(tmp_path, **keep)], 1, 1)
    variable = restored.optimizer.variables[-1]
    assert variable.dtype == "bfloat16"
    np.testing.assert_array_equal(variable.numpy().astype("float32"), [1.5, -1.5])


def test_deletion_keeps_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    testing.fit(testing.FakeModel(), [callbacks.BackupAndRestore(tmp_path)], 1, 2)
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_lazily_built_optimizer_is_built_before_restoring(tmp_path):
    with pytest.raises(Crash):
        testing.fit(
            testing.FakeModel(),
            [callbacks.BackupAndRestore(tmp_path / "b"), crash_at(2, 0)],
            EPOCHS,
            STEPS,
        )
    model = testing.FakeModel(build_lazily=True)
    assert model.optimizer.variables == []
    testing.fit(model, [callbacks.BackupAndRestore(tmp_path / "b")], EPOCHS, STEPS)
    assert model.optimizer.built
    assert_same_state(model, uninterrupted())


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    backup_dir = tmp_path / "b"
    with pytest.raises(Crash):
        testing.fit(
            testing.FakeModel(),
            [
                callbacks.BackupAndRestore(backup_dir, double_checkpoint=True),
                crash_at(2, 0),
            ],
            EPOCHS,
            STEPS,
        )
    assert sorted(os.listdir(backup_dir)) == ["latest.npz", "latest.npz.bkp"]
    (backup_dir / "latest.npz").write_bytes(b"truncated")
    model = testing.FakeModel(seed=3)
    callback = callbacks.BackupAndRestore(backup_dir, double_checkpoint=True)
    testing.fit(model, [callback], EPOCHS, STEPS)
    assert callback._initial_epoch == 1  # the backup from before the last one
    assert_same_state(model, uninterrupted())


def test_unreadable_backup_is_a_clear_error(tmp_path):
    tmp_path.joinpath("latest.npz").write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="cannot read the backup in .*Delete it"):
        testing.fit(testing.FakeModel(), [callbacks.BackupAndRestore(tmp_path)], 1, 1)


def test_backup_of_another_model_is_rejected(tmp_path):
    callback = callbacks.BackupAndRestore(tmp_path, delete_checkpoint=False)
    testing.fit(testing.FakeModel(), [callback], 1, 1)
    other = testing.FakeModel(shapes=((4, 2), (2,)))
    expected = r"2 model weights with shapes \[\(3, 2\), \(2,\)\]"
    with pytest.raises(ValueError, match=expected):
        testing.fit(other, [callbacks.BackupAndRestore(tmp_path)], 1, 1)


def test_unbuilt_model_and_arguments():
    model = testing.FakeModel()
    model.built = False
    callback = callbacks.BackupAndRestore("/nonexistent/backup")
    with pytest.raises(ValueError, match="must be built before `fit\\(\\)`"):
        testing.fit(model, [callback], 1, 1)
    with pytest.raises(ValueError, match="`backup_dir` must be a non-empty path"):
        callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq='batch'"):
        callbacks.BackupAndRestore("/tmp/x", save_freq="batch")
