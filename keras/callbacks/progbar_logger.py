"""ProgbarLogger: prints the progress bar of fit, evaluate and predict."""

from keras.callbacks.callback import Callback
from keras.utils.progbar import Progbar


class ProgbarLogger(Callback):
    """Prints metrics and progress to stdout with a `keras.utils.Progbar`.

    `fit` adds one when `verbose` is not 0. It reads `verbose`, `epochs` and `steps`
    from the params: with `verbose=1` the bar is redrawn as batches end, with
    `verbose=2` one line is printed per epoch. During `fit` the validation run is not
    drawn; its metrics appear (with a `val_` prefix) on the epoch's final line.
    """

    def __init__(self):
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_train_end(self, logs=None):
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._start_progbar()
        if self.verbose and self.epochs > 1:
            print(f"Epoch {epoch + 1}/{self.epochs}", flush=True)

    def on_train_batch_end(self, batch, logs=None):
        self._advance(batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._finish(logs)

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_progbar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._advance(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finish(logs)

    def on_predict_begin(self, logs=None):
        self._start_progbar()

    def on_predict_batch_end(self, batch, logs=None):
        # Predict logs hold the batch outputs, which are not metrics.
        self._advance(batch, None)

    def on_predict_end(self, logs=None):
        self._finish(None)

    def _start_progbar(self):
        self.seen = 0
        self.progbar = Progbar(self.target, verbose=self.verbose, unit_name="step")

    def _advance(self, batch, logs):
        if self.progbar is None:
            self._start_progbar()
        self.seen = batch + 1
        if self.verbose == 1:
            self.progbar.update(self.seen, list((logs or {}).items()), finalize=False)

    def _finish(self, logs):
        if self.progbar is None:
            self._start_progbar()
        if self.target is None:
            # Steps were unknown (a generator): the run's length is now known.
            self.target = self.seen
            self.progbar.target = self.seen
        self.progbar.update(self.target, list((logs or {}).items()), finalize=True)
