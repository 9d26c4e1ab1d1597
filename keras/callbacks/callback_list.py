"""CallbackList: dispatches every hook to a list of callbacks."""

from keras.callbacks.callback import Callback
from keras.callbacks.history import History
from keras.callbacks.logs import pythonify_logs
from keras.callbacks.progbar_logger import ProgbarLogger


class CallbackList(Callback):
    """A list of callbacks that a trainer drives as one callback.

    Every hook is forwarded to each callback in order, with the same logs dict (so a
    callback that adds a key, such as `learning_rate`, is seen by the ones after it).
    Logs are given sorted by key with nested dicts flattened; at the begin and end of
    an epoch or a run their values are Python floats, while batch hooks receive the
    trainer's values unconverted so that logging a batch does not wait on the device.

    Args:
        callbacks: A list of `Callback` instances (or one), or `None`.
        add_history: Whether to add a `History` callback if none is in `callbacks`.
        add_progbar: Whether to add a `ProgbarLogger` if none is in `callbacks`.
        model: The model the callbacks act on (`set_model` is called with it).
        **params: Passed to each callback's `set_params` (`verbose`, `epochs`,
            `steps`).

    Example:

    >>> callbacks = keras.callbacks.CallbackList(
    ...     [keras.callbacks.TerminateOnNaN()], add_history=True, model=model,
    ...     verbose=1, epochs=3, steps=10)
    """

    def __init__(
        self,
        callbacks=None,
        add_history=False,
        add_progbar=False,
        model=None,
        **params,
    ):
        super().__init__()
        if callbacks is None:
            callbacks = []
        elif isinstance(callbacks, Callback):
            callbacks = [callbacks]
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            _check_callback(callback)
        self._history = _first(self.callbacks, History)
        self._progbar = _first(self.callbacks, ProgbarLogger)
        if add_history and self._history is None:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and self._progbar is None:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def append(self, callback):
        _check_callback(callback)
        self.callbacks.append(callback)

    def set_params(self, params):
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def _dispatch(self, hook, *args, logs=None, convert=True):
        if convert:
            logs = pythonify_logs(logs, convert)
            for callback in self.callbacks:
                getattr(callback, hook)(*args, logs)
            return
        # Batch hooks run every step: skip the callbacks whose hook is the base no-op.
        methods = [getattr(callback, hook) for callback in self.callbacks]
        methods = [m for m in methods if _acts(m, hook)]
        if methods:
            logs = pythonify_logs(logs, convert)
            for method in methods:
                method(*args, logs)

    def on_batch_begin(self, batch, logs=None):
        self._dispatch("on_batch_begin", batch, logs=logs, convert=False)

    def on_batch_end(self, batch, logs=None):
        self._dispatch("on_batch_end", batch, logs=logs, convert=False)

    def on_epoch_begin(self, epoch, logs=None):
        self._dispatch("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        self._dispatch("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._dispatch("on_train_batch_begin", batch, logs=logs, convert=False)

    def on_train_batch_end(self, batch, logs=None):
        self._dispatch("on_train_batch_end", batch, logs=logs, convert=False)

    def on_test_batch_begin(self, batch, logs=None):
        self._dispatch("on_test_batch_begin", batch, logs=logs, convert=False)

    def on_test_batch_end(self, batch, logs=None):
        self._dispatch("on_test_batch_end", batch, logs=logs, convert=False)

    def on_predict_batch_begin(self, batch, logs=None):
        self._dispatch("on_predict_batch_begin", batch, logs=logs, convert=False)

    def on_predict_batch_end(self, batch, logs=None):
        self._dispatch("on_predict_batch_end", batch, logs=logs, convert=False)

    def on_train_begin(self, logs=None):
        self._dispatch("on_train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self._dispatch("on_train_end", logs=logs)

    def on_test_begin(self, logs=None):
        self._dispatch("on_test_begin", logs=logs)

    def on_test_end(self, logs=None):
        self._dispatch("on_test_end", logs=logs)

    def on_predict_begin(self, logs=None):
        self._dispatch("on_predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        self._dispatch("on_predict_end", logs=logs)


# Hooks whose base implementation calls another hook.
_FORWARDED = {
    "on_train_batch_begin": "on_batch_begin",
    "on_train_batch_end": "on_batch_end",
}


def _acts(method, hook):
    """Whether the bound hook `method` may do something: it is not the base Callback's
    no-op (nor the base's forwarding to a hook that is)."""
    if getattr(method, "__func__", None) is not getattr(Callback, hook):
        return True
    forwarded = _FORWARDED.get(hook)
    return forwarded is not None and _acts(getattr(method.__self__, forwarded), forwarded)


def _first(callbacks, kind):
    return next((c for c in callbacks if isinstance(c, kind)), None)


def _check_callback(callback):
    if not isinstance(callback, Callback):
        raise TypeError(
            "CallbackList: each element of `callbacks` must be a "
            f"keras.callbacks.Callback instance. Received: {callback!r} of type "
            f"{type(callback).__name__}"
        )
