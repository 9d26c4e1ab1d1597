"""BackupAndRestore: resumes an interrupted `fit` from its last backup."""

import os
import tempfile
import zipfile

import numpy as np

from keras.backends import active
from keras.callbacks.callback import Callback
from keras.callbacks.save_freq import BatchCounter
from keras.callbacks.save_freq import check_save_freq

_BACKUP = "latest.npz"
_PREVIOUS = "latest.npz.bkp"
_TEMP_PREFIX = ".latest-"
# What a backup that cannot be read raises from np.load or from a missing entry.
_READ_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


class BackupAndRestore(Callback):
    """Backs up the training state so that an interrupted `fit` can resume.

    The model weights, the optimizer variables and the position reached (epoch and
    step) are saved in `backup_dir` at the end of each epoch, or every `save_freq`
    training batches. Each backup is written to a temporary file then renamed, so a
    crash while saving leaves the previous backup intact. When `fit` starts, a backup
    found in `backup_dir` is restored and training resumes where it stopped: this
    callback's `_initial_epoch` and `_initial_step` (and `model._initial_epoch`) tell
    the trainer the epoch to start from and how many of its steps are already done.
    After a `fit` that completes, the backup is deleted (unless
    `delete_checkpoint=False`).

    The model must be the same (same weights in the same order) as the one backed up.

    Args:
        backup_dir: Directory holding the backup; it should not be shared with other
            callbacks or runs.
        save_freq: `"epoch"` to back up at the end of each epoch, or an integer: back
            up every that many training batches.
        double_checkpoint: Whether to keep the previous backup too, restored when the
            latest one cannot be read.
        delete_checkpoint: Whether to delete the backup when training completes.

    Example:

    >>> callback = keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    >>> model.fit(x, y, epochs=10, callbacks=[callback])  # interrupted at epoch 4
    >>> model.fit(x, y, epochs=10, callbacks=[callback])  # resumes at epoch 4
    """

    def __init__(
        self,
        backup_dir,
        save_freq="epoch",
        double_checkpoint=False,
        delete_checkpoint=True,
    ):
        super().__init__()
        if not backup_dir:
            raise ValueError(
                "BackupAndRestore: `backup_dir` must be a non-empty path. Received: "
                f"backup_dir={backup_dir!r}"
            )
        check_save_freq(save_freq, "BackupAndRestore")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._backup_path = os.path.join(self.backup_dir, _BACKUP)
        self._previous_path = os.path.join(self.backup_dir, _PREVIOUS)
        self._initial_epoch = 0
        self._initial_step = 0
        self._current_epoch = 0
        self._batches = BatchCounter(save_freq)

    def on_train_begin(self, logs=None):
        model = self.model
        if getattr(model, "built", True) is False:
            raise ValueError(
                "BackupAndRestore: the model must be built before `fit()` so that its "
                f"weights can be restored. Model {model} is unbuilt; build it by "
                "calling it on a batch of data."
            )
        self._initial_epoch, self._initial_step = 0, 0
        self._batches = BatchCounter(self.save_freq)
        state = self._read_backup()
        if state is not None:
            self._restore(state)
        if hasattr(model, "_initial_epoch"):
            model._initial_epoch = self._initial_epoch
        self._current_epoch = self._initial_epoch

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch
        # A resumed epoch starts at the first step not yet done.
        self._batches.start_epoch(
            self._initial_step if epoch == self._initial_epoch else 0
        )

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch" and self._batches.batch_done(batch):
            self._save(self._current_epoch, batch + 1)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch + 1, 0)

    def on_train_end(self, logs=None):
        if not self.delete_checkpoint or not os.path.isdir(self.backup_dir):
            return
        for name in os.listdir(self.backup_dir):
            if name in (_BACKUP, _PREVIOUS) or name.startswith(_TEMP_PREFIX):
                os.remove(os.path.join(self.backup_dir, name))
        if not os.listdir(self.backup_dir):
            os.rmdir(self.backup_dir)

    def _save(self, epoch, step):
        arrays = {"epoch": np.int64(epoch), "step": np.int64(step)}
        for i, weight in enumerate(self.model.get_weights()):
            arrays[f"model_{i}"] = _storable(weight)
        for i, variable in enumerate(self._optimizer_variables()):
            arrays[f"optimizer_{i}"] = _storable(active.convert_to_numpy(variable))
        os.makedirs(self.backup_dir, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(
            dir=self.backup_dir, prefix=_TEMP_PREFIX, suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
                f.flush()
                os.fsync(f.fileno())
            if self.double_checkpoint and os.path.exists(self._backup_path):
                os.replace(self._backup_path, self._previous_path)
            os.replace(temp_path, self._backup_path)
        finally:
            if os.path.exists(temp_path):
                os.remove(temp_path)

    def _read_backup(self):
        """The saved arrays as a dict, or `None` when there is no backup."""
        paths = [self._backup_path]
        if self.double_checkpoint:
            paths.append(self._previous_path)
        errors = []
        for path in paths:
            if not os.path.exists(path):
                continue
            try:
                with np.load(path, allow_pickle=False) as data:
                    state = {key: data[key] for key in data.files}
                if "epoch" not in state or "step" not in state:
                    raise KeyError("the backup has no 'epoch'/'step' entries")
                return state
            except _READ_ERRORS as error:
                errors.append(f"{path}: {error!r}")
        if errors:
            raise ValueError(
                "BackupAndRestore: cannot read the backup in "
                f"{self.backup_dir} ({'; '.join(errors)}). Delete it to start "
                "training over."
            )
        return None

    def _restore(self, state):
        model_arrays = _numbered(state, "model_")
        _check_match("model weights", model_arrays, self.model.get_weights())
        self.model.set_weights(model_arrays)
        optimizer_arrays = _numbered(state, "optimizer_")
        variables = self._optimizer_variables()
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer_arrays and not variables and hasattr(optimizer, "build"):
            # A fresh optimizer creates its variables on first use; make them now.
            optimizer.build(self.model.trainable_variables)
            variables = self._optimizer_variables()
        _check_match("optimizer variables", optimizer_arrays, variables)
        for variable, array in zip(variables, optimizer_arrays):
            variable.assign(array)
        self._initial_epoch = int(state["epoch"])
        self._initial_step = int(state["step"])

    def _optimizer_variables(self):
        optimizer = getattr(self.model, "optimizer", None)
        return list(getattr(optimizer, "variables", None) or [])


def _storable(array):
    array = np.asarray(array)
    # Extension floats (bfloat16, float8) would load back as raw bytes; float32 holds
    # them exactly, and assigning casts back to the variable's dtype.
    return array.astype("float32") if array.dtype.kind == "V" else array


def _numbered(state, prefix):
    count = sum(1 for key in state if key.startswith(prefix))
    return [state[f"{prefix}{i}"] for i in range(count)]


def _check_match(what, saved, current):
    saved_shapes = [tuple(np.shape(a)) for a in saved]
    current_shapes = [tuple(np.shape(v)) for v in current]
    if saved_shapes != current_shapes:
        raise ValueError(
            f"BackupAndRestore: the backup holds {len(saved)} {what} with shapes "
            f"{saved_shapes}, but the model has {len(current)} with shapes "
            f"{current_shapes}. The backup was written by a different model; use "
            "another `backup_dir` or delete it."
        )
