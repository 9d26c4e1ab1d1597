"""History: records the epoch logs of `fit`; `fit` returns it."""

from keras.callbacks.callback import Callback


class History(Callback):
    """Records each epoch's logs; `model.fit` adds one and returns it.

    Attributes:
        epoch: The epoch indices seen since the last `on_train_begin`.
        history: Dict from metric name to the list of its values, one per epoch.

    Example:

    >>> history = model.fit(x, y, epochs=3)
    >>> history.history["loss"]  # three values
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(value)
        # Set here rather than in set_model so that the model points at the History
        # of its latest fit even when callbacks are reused.
        self.model.history = self
