"""Callback: the base class of objects that hook into fit, evaluate and predict."""


class Callback:
    """Base class of callbacks: every hook is a no-op to override.

    A trainer calls `set_model` and `set_params` before training, then the hooks in
    order: `on_train_begin`, and for each epoch `on_epoch_begin`, per batch
    `on_train_batch_begin`/`on_train_batch_end`, validation through the `on_test_*`
    hooks, then `on_epoch_end`; finally `on_train_end`. `evaluate` and `predict` call
    the `on_test_*` and `on_predict_*` hooks. `logs` is a dict of metric values (at the
    end of an epoch, validation metrics carry a `val_` prefix).

    Attributes:
        params: The dict given to `set_params`: `verbose`, `epochs`, `steps`.
        model: The model being trained (read-only; set with `set_model`).

    Example:

    >>> class LossPrinter(keras.callbacks.Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(epoch, logs["loss"])
    """

    def __init__(self):
        self.validation_data = None
        self._model = None
        self.params = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self._model = model

    @property
    def model(self):
        # A trainer that keeps state outside the model during an epoch (JAX) writes
        # it back on request, so a callback never reads stale weights.
        if hasattr(self._model, "jax_state_sync"):
            self._model.jax_state_sync()
        return self._model

    def on_batch_begin(self, batch, logs=None):
        """Alias kept for old callbacks; called by `on_train_batch_begin`."""

    def on_batch_end(self, batch, logs=None):
        """Alias kept for old callbacks; called by `on_train_batch_end`."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of epoch `epoch` (0-based) during `fit`."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch with the epoch's metrics in `logs`."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before training batch `batch` (0-based within the epoch)."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after a training batch with the running metrics in `logs`."""
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before an `evaluate` (or validation) batch."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after an `evaluate` (or validation) batch."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before a `predict` batch."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after a `predict` batch; `logs["outputs"]` holds its outputs."""

    def on_train_begin(self, logs=None):
        """Called at the start of `fit`."""

    def on_train_end(self, logs=None):
        """Called at the end of `fit` with the last epoch's logs."""

    def on_test_begin(self, logs=None):
        """Called at the start of `evaluate` (or of validation)."""

    def on_test_end(self, logs=None):
        """Called at the end of `evaluate` (or of validation) with its metrics."""

    def on_predict_begin(self, logs=None):
        """Called at the start of `predict`."""

    def on_predict_end(self, logs=None):
        """Called at the end of `predict`."""


# Every hook a trainer may call, with the argument before `logs` if any.
HOOKS = {
    "on_batch_begin": "batch",
    "on_batch_end": "batch",
    "on_epoch_begin": "epoch",
    "on_epoch_end": "epoch",
    "on_train_batch_begin": "batch",
    "on_train_batch_end": "batch",
    "on_test_batch_begin": "batch",
    "on_test_batch_end": "batch",
    "on_predict_batch_begin": "batch",
    "on_predict_batch_end": "batch",
    "on_train_begin": None,
    "on_train_end": None,
    "on_test_begin": None,
    "on_test_end": None,
    "on_predict_begin": None,
    "on_predict_end": None,
}
