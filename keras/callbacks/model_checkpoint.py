"""ModelCheckpoint: saves the model or its weights during training."""

import math
import os
import warnings

from keras.callbacks import monitor as monitor_lib
from keras.callbacks.callback import Callback
from keras.callbacks.logs import scalar
from keras.callbacks.save_freq import BatchCounter
from keras.callbacks.save_freq import check_save_freq


class ModelCheckpoint(Callback):
    """Saves the model (`.keras`) or its weights (`.weights.h5`) during training.

    `filepath` may hold format fields filled from `epoch` (1-based), `batch` (1-based,
    when saving every `save_freq` batches) and the logs, e.g.
    `"ckpt/{epoch:02d}-{val_loss:.2f}.keras"`. With `save_best_only`, a file is written
    only when the monitored value beats the best so far (a fixed `filepath` then always
    holds the best model).

    Args:
        filepath: Path to save to; must end in `.weights.h5` when
            `save_weights_only=True`, else in `.keras`.
        monitor: Name of the log compared when `save_best_only=True`.
        verbose: 1 prints a message at each save decision.
        save_best_only: Whether to save only when the monitored value improves.
        save_weights_only: Whether to save only the weights (`model.save_weights`)
            rather than the whole model (`model.save`).
        mode: `"min"`, `"max"` or `"auto"` (a metric the model declares, else names
            containing "acc" are maximised and others minimised).
        save_freq: `"epoch"` to save at the end of each epoch, or an integer: save
            every that many training batches.
        initial_value_threshold: Best value to start from with `save_best_only`.

    Example:

    >>> checkpoint = keras.callbacks.ModelCheckpoint(
    ...     "best.weights.h5", monitor="val_loss", save_best_only=True,
    ...     save_weights_only=True)
    >>> model.fit(x, y, validation_split=0.2, epochs=5, callbacks=[checkpoint])
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.mode = monitor_lib.check_mode(mode, "ModelCheckpoint")
        self.save_freq = save_freq
        self.best = initial_value_threshold
        self._monitor_direction = None
        self._current_epoch = 0
        check_save_freq(save_freq, "ModelCheckpoint")
        self._batches = BatchCounter(save_freq)
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                "ModelCheckpoint: with save_weights_only=True, `filepath` must end in "
                f"'.weights.h5' (the Keras weights format). Received: "
                f"filepath={self.filepath}"
            )
        if not save_weights_only and not self.filepath.endswith(".keras"):
            raise ValueError(
                "ModelCheckpoint: `filepath` must end in '.keras' (the Keras model "
                "format), or in '.weights.h5' with save_weights_only=True. Received: "
                f"filepath={self.filepath}"
            )

    def _resolve_direction(self):
        if self.mode != "auto":
            return "down" if self.mode == "min" else "up"
        direction = monitor_lib.model_metric_direction(self._model, self.monitor)
        if direction is not None:
            return direction
        if "acc" in self.monitor or self.monitor.startswith("fmeasure"):
            return "up"
        return "down"

    def _improved(self, current):
        if self._monitor_direction is None:
            self._monitor_direction = self._resolve_direction()
        if self.best is None:
            self.best = -math.inf if self._monitor_direction == "up" else math.inf
        if self._monitor_direction == "up":
            return current > self.best
        return current < self.best

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch
        self._batches.start_epoch()

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch" and self._batches.batch_done(batch):
            self._save(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _file_path(self, epoch, batch, logs):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f"ModelCheckpoint: cannot fill `filepath`={self.filepath!r}: the logs "
                f"have no {error}. Available fields: {', '.join(sorted(fields))}"
            ) from None

    def _save(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._file_path(epoch, batch, logs)
        if self.save_best_only:
            if self.monitor not in logs:
                warnings.warn(
                    f"ModelCheckpoint can save the best model only with "
                    f"{self.monitor} available in the logs; skipping.",
                    stacklevel=2,
                )
                return
            current = scalar(logs[self.monitor])
            if current is None or math.isnan(current):
                warnings.warn(
                    f"ModelCheckpoint can save the best model only when "
                    f"`{self.monitor}` is a number. Received: {logs[self.monitor]!r}",
                    stacklevel=2,
                )
                return
            if not self._improved(current):
                if self.verbose > 0:
                    print(
                        f"\nEpoch {epoch + 1}: {self.monitor} did not improve from "
                        f"{self.best:.5f}",
                        flush=True,
                    )
                return
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{self.best:.5f} to {current:.5f}, saving model to {filepath}",
                    flush=True,
                )
            self.best = current
        elif self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: saving model to {filepath}", flush=True)
        self._write(filepath)

    def _write(self, filepath):
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                "ModelCheckpoint: `filepath` names an existing directory; give a file "
                f"path. Filepath used: {filepath}"
            )
        directory = os.path.dirname(filepath)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
