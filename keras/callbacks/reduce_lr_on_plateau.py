"""ReduceLROnPlateau: lowers the learning rate when a metric stops improving."""

import math

import numpy as np

from keras.callbacks import monitor as monitor_lib
from keras.callbacks.callback import Callback
from keras.callbacks.learning_rate import get_learning_rate
from keras.callbacks.learning_rate import set_learning_rate
from keras.callbacks.logs import scalar


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` when a metric has stopped improving.

    At the end of each epoch the monitored value improves when it beats the best so
    far by more than `min_delta`. After `patience` epochs without improvement the
    learning rate becomes `max(learning_rate * factor, min_lr)` (unless it is already
    at `min_lr`), then `cooldown` epochs pass before waiting starts again. The learning
    rate is added to the epoch's logs as `"learning_rate"`.

    Args:
        monitor: Name of the log to monitor.
        factor: Factor by which the learning rate is multiplied; below 1.
        patience: Epochs without improvement before the learning rate is reduced.
        verbose: 1 prints a message at each reduction.
        mode: `"min"`, `"max"` or `"auto"` (names containing "acc" are maximised,
            others minimised).
        min_delta: Smallest change that counts as an improvement.
        cooldown: Epochs after a reduction during which no reduction happens.
        min_lr: Lower bound on the learning rate.

    Example:

    >>> reduce_lr = keras.callbacks.ReduceLROnPlateau(
    ...     monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    >>> model.fit(x, y, validation_split=0.2, callbacks=[reduce_lr])
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
    ):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau: `factor` must be below 1.0 (the learning rate is "
                f"multiplied by it). Received: factor={factor}"
            )
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = monitor_lib.check_mode(mode, "ReduceLROnPlateau")
        self.min_delta = min_delta
        self.cooldown = cooldown
        self.min_lr = min_lr
        self._reset()

    def _reset(self):
        self._maximize = self.mode == "max" or (
            self.mode == "auto" and "acc" in self.monitor
        )
        self.best = -math.inf if self._maximize else math.inf
        self.cooldown_counter = 0
        self.wait = 0

    def _improved(self, current):
        if self._maximize:
            return current > self.best + self.min_delta
        return current < self.best - self.min_delta

    def in_cooldown(self):
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = get_learning_rate(self.model, "ReduceLROnPlateau")
        if self.monitor not in logs:
            monitor_lib.warn_missing("Learning rate reduction", self.monitor, logs)
            return
        current = scalar(logs[self.monitor])
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improved(current):
            self.best = current
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        old_lr = logs["learning_rate"]
        # Compared in float32: a learning rate stored in float32 may sit just above
        # a min_lr given as a Python float.
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            set_learning_rate(self.model, new_lr)
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate "
                    f"to {new_lr}.",
                    flush=True,
                )
            self.cooldown_counter = self.cooldown
            self.wait = 0
