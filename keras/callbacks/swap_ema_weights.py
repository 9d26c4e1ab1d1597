"""SwapEMAWeights: evaluates with the optimizer's moving-average weights."""

import numpy as np

from keras.backends import active
from keras.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swaps the model weights with their exponential moving average (EMA) for eval.

    Before `evaluate` (and validation) and `predict`, the model's trainable weights
    are exchanged in place with the optimizer's EMA of them; afterwards they are
    exchanged back. To be used with an optimizer created with `use_ema=True`.

    With `swap_on_epoch=True` the EMA weights are also swapped in at the end of each
    epoch (so that later callbacks such as `ModelCheckpoint` save them) and swapped
    out at the start of the next; at the end of training the model keeps the EMA
    weights, as the optimizer would leave it.

    Args:
        swap_on_epoch: Whether to also swap at `on_epoch_end`/`on_epoch_begin`.

    Example:

    >>> model.compile(optimizer=keras.optimizers.SGD(use_ema=True), loss="mse")
    >>> model.fit(x, y, validation_data=(xv, yv),
    ...           callbacks=[keras.callbacks.SwapEMAWeights()])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False
        self._swapped_for_run = False
        self._ema_values = None

    def _pairs(self):
        optimizer = getattr(self.model, "optimizer", None)
        averages = getattr(optimizer, "_model_variables_moving_average", None)
        if averages is None:
            raise ValueError(
                "SwapEMAWeights must be used with an optimizer created with "
                "`use_ema=True`. Received: use_ema="
                f"{getattr(optimizer, 'use_ema', None)}"
            )
        variables = list(self.model.trainable_variables)
        if len(variables) != len(averages):
            raise ValueError(
                f"SwapEMAWeights: the optimizer holds {len(averages)} moving averages "
                f"but the model has {len(variables)} trainable variables."
            )
        return list(zip(variables, averages))

    def _swap(self):
        for variable, average in self._pairs():
            # A copy: on torch the NumPy view would follow the in-place assign.
            value = np.array(active.convert_to_numpy(variable))
            variable.assign(average)
            average.assign(value)
        self._ema_weights_in_model = not self._ema_weights_in_model

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap()
            self._ema_values = None

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap()
            # Kept to restore at the end of training: the optimizer's final step may
            # copy its (now swapped-out) averages into the model.
            self._ema_values = [
                np.array(active.convert_to_numpy(v))
                for v in self.model.trainable_variables
            ]

    def on_train_end(self, logs=None):
        if self._ema_values is not None:
            for (variable, average), value in zip(self._pairs(), self._ema_values):
                variable.assign(value)
                average.assign(value)
            self._ema_values = None
            self._ema_weights_in_model = False

    def _begin_run(self):
        self._swapped_for_run = not self._ema_weights_in_model
        if self._swapped_for_run:
            self._swap()

    def _end_run(self):
        if self._swapped_for_run:
            self._swap()
            self._swapped_for_run = False

    def on_test_begin(self, logs=None):
        self._begin_run()

    def on_test_end(self, logs=None):
        self._end_run()

    def on_predict_begin(self, logs=None):
        self._begin_run()

    def on_predict_end(self, logs=None):
        self._end_run()
