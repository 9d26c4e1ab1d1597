"""LearningRateScheduler: sets the learning rate from a function of the epoch."""

import numpy as np

from keras.callbacks.callback import Callback
from keras.callbacks.learning_rate import get_learning_rate
from keras.callbacks.learning_rate import set_learning_rate


class LearningRateScheduler(Callback):
    """Sets the optimizer's learning rate at the start of each epoch.

    `schedule(epoch, learning_rate)` receives the epoch index (0-based) and the current
    learning rate as a float and returns the new one (a float). A function taking only
    the epoch is accepted too. The learning rate is added to the epoch's logs as
    `"learning_rate"`.

    Args:
        schedule: Function `(epoch, learning_rate) -> learning_rate`.
        verbose: 1 prints the learning rate set at each epoch.

    Example:

    >>> def schedule(epoch, lr):
    ...     return lr if epoch < 10 else lr * 0.9
    >>> callback = keras.callbacks.LearningRateScheduler(schedule)
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                "LearningRateScheduler: `schedule` must be a function of the epoch "
                f"(and learning rate). Received: {schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        current = get_learning_rate(self.model, "LearningRateScheduler")
        try:
            learning_rate = self.schedule(epoch, current)
        except TypeError:
            # A schedule written for the older one-argument signature.
            learning_rate = self.schedule(epoch)
        if isinstance(learning_rate, np.generic) or (
            isinstance(learning_rate, np.ndarray) and learning_rate.ndim == 0
        ):
            learning_rate = learning_rate.item()
        if isinstance(learning_rate, bool) or not isinstance(
            learning_rate, (int, float)
        ):
            raise ValueError(
                "LearningRateScheduler: the output of `schedule` must be a float. "
                f"Received: {learning_rate!r} at epoch {epoch}"
            )
        set_learning_rate(self.model, float(learning_rate))
        if self.verbose > 0:
            print(
                f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                f"{float(learning_rate)}.",
                flush=True,
            )

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(
                self.model, "LearningRateScheduler"
            )
