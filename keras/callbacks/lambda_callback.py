"""LambdaCallback: a callback built from plain functions."""

from keras.callbacks.callback import HOOKS
from keras.callbacks.callback import Callback


class LambdaCallback(Callback):
    """A callback whose hooks are the functions given.

    Each argument replaces the hook of the same name and takes the same arguments:
    `on_epoch_begin(epoch, logs)`, `on_train_batch_end(batch, logs)`,
    `on_train_begin(logs)`, ... Any other hook (`on_test_begin`, `on_predict_end`,
    ...) can be given as a keyword argument too.

    Args:
        on_epoch_begin: Called at the start of every epoch.
        on_epoch_end: Called at the end of every epoch.
        on_train_begin: Called at the start of training.
        on_train_end: Called at the end of training.
        on_train_batch_begin: Called before every training batch.
        on_train_batch_end: Called after every training batch.
        **kwargs: Other hooks, by name.

    Example:

    >>> print_epoch = keras.callbacks.LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        unknown = sorted(set(kwargs) - set(HOOKS))
        if unknown:
            raise TypeError(
                f"LambdaCallback: unknown hook(s) {unknown}; expected any of "
                f"{sorted(HOOKS)}"
            )
        hooks = dict(
            kwargs,
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            on_train_batch_begin=on_train_batch_begin,
            on_train_batch_end=on_train_batch_end,
        )
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
