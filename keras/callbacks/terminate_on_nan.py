"""TerminateOnNaN: stops training when the loss becomes NaN or infinite."""

import math

from keras.callbacks.callback import Callback
from keras.callbacks.logs import scalar


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite.

    By default training stops gracefully (`model.stop_training = True`, so
    `on_train_end` still runs for every callback). With `raise_error=True` a
    `RuntimeError` is raised at once instead, which skips the `on_train_end` cleanup
    (useful to keep a `BackupAndRestore` checkpoint).

    Args:
        raise_error: Whether to raise a `RuntimeError` rather than stop gracefully.

    Example:

    >>> model.fit(x, y, callbacks=[keras.callbacks.TerminateOnNaN()])
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        value = scalar(loss)
        if value is None or math.isfinite(value):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}: loss={value}. "
                "Training terminated."
            )
        print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
        self.model.stop_training = True
