"""EarlyStopping: stops training when a monitored metric stops improving."""

import numpy as np

from keras.callbacks import monitor as monitor_lib
from keras.callbacks.callback import Callback
from keras.callbacks.logs import scalar


class EarlyStopping(Callback):
    """Stops training when a monitored metric has stopped improving.

    At the end of each epoch (from `start_from_epoch` on) the monitored value counts as
    an improvement when it beats the best so far by more than `min_delta`. After
    `patience` epochs without one, `model.stop_training` is set. With a `baseline`,
    the wait restarts only on improvements that also beat the baseline.

    Args:
        monitor: Name of the log to monitor, e.g. `"val_loss"`.
        min_delta: Smallest change that counts as an improvement (absolute value).
        patience: Epochs without improvement after which training stops.
        verbose: 1 prints a message when stopping (and when restoring weights).
        mode: `"min"`, `"max"` or `"auto"` (a loss is minimised; for other metrics the
            model's metric of that name says which way is better).
        baseline: A value the metric must beat for the wait to restart.
        restore_best_weights: Whether to restore, at the end of training, the weights
            of the epoch with the best value (whether or not training stopped early).
        start_from_epoch: Epochs to let pass before monitoring starts.

    Example:

    >>> callback = keras.callbacks.EarlyStopping(monitor="loss", patience=3)
    >>> history = model.fit(x, y, epochs=10, callbacks=[callback])
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__()
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = patience
        self.verbose = verbose
        self.mode = monitor_lib.check_mode(mode, "EarlyStopping")
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0
        self._monitor_direction = None

    def _resolve_direction(self):
        if self.mode != "auto":
            return "down" if self.mode == "min" else "up"
        direction = monitor_lib.model_metric_direction(self._model, self.monitor)
        if direction is None:
            raise ValueError(
                f"EarlyStopping received monitor={self.monitor!r} but cannot tell "
                "whether that metric should be maximised or minimised. Pass "
                "mode='max' to stop on the highest value, or mode='min' to stop on "
                "the lowest."
            )
        return direction

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        if self._monitor_direction == "up":
            return value - self.min_delta > reference
        return value + self.min_delta < reference

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self._monitor_direction is None:
            self._monitor_direction = self._resolve_direction()
        value = self.get_monitor_value(logs)
        current = None if value is None else scalar(value)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something improves, the first monitored epoch is the best.
            self.best_weights = _copy(self.model.get_weights())
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = _copy(self.model.get_weights())
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping", flush=True)
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}.",
                    flush=True,
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value in `logs`, or `None` (with a warning) if missing."""
        logs = logs or {}
        if self.monitor not in logs:
            monitor_lib.warn_missing("Early stopping", self.monitor, logs)
            return None
        return logs[self.monitor]


def _copy(weights):
    # Snapshots must not alias the live weights (a NumPy view of a torch tensor).
    return [np.array(w, copy=True) for w in weights]
