"""OrbaxCheckpoint: saves the model's state with orbax-checkpoint during training."""

import os

from keras.callbacks import orbax_state
from keras.callbacks.model_checkpoint import ModelCheckpoint
from keras.callbacks.save_freq import BatchCounter
from keras.callbacks.save_freq import check_save_freq


class OrbaxCheckpoint(ModelCheckpoint):
    """Saves the model's variables, optimizer and metric state (and, unless
    `save_weights_only`, its config) as Orbax checkpoints in `directory`: one step
    folder per save, named after the epoch (0-based) or, with an integer `save_freq`,
    after the number of training batches done; the `max_to_keep` latest are kept.
    The layout is Keras 3.15.1's (see keras/callbacks/orbax_state.py), so
    `keras.saving.load_model(directory)` and `model.load_weights(directory)` restore
    the latest step here and in Keras 3.

    Args:
        directory: The checkpoint root folder.
        monitor, verbose, save_best_only, mode, initial_value_threshold: as in
            `ModelCheckpoint` (with `save_best_only`, a step is written only when
            the monitored value improves).
        save_freq: "epoch" or a number of training batches between saves.
        max_to_keep: How many of the latest steps to keep (None: all).
        save_on_background: Accepted for compatibility: saves here finish before
            training goes on.
        save_weights_only: Whether to leave the model's config out.
    """

    def __init__(
        self,
        directory,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
        max_to_keep=1,
        save_on_background=True,
        save_weights_only=False,
    ):
        check_save_freq(save_freq, "OrbaxCheckpoint")
        if max_to_keep is not None and (not isinstance(max_to_keep, int) or max_to_keep < 1):
            raise ValueError(
                "OrbaxCheckpoint: `max_to_keep` must be a positive integer or None. "
                f"Received: max_to_keep={max_to_keep!r}"
            )
        # ModelCheckpoint checks a file name's suffix; a checkpoint root has none.
        super().__init__(
            "unused.keras",
            monitor=monitor,
            verbose=verbose,
            save_best_only=save_best_only,
            mode=mode,
            save_freq=save_freq,
            initial_value_threshold=initial_value_threshold,
        )
        self.directory = os.fspath(directory)
        self.filepath = self.directory
        self.save_weights_only = save_weights_only
        self.max_to_keep = max_to_keep
        self.save_on_background = save_on_background
        self._batches = BatchCounter(save_freq)
        self._batches_done = 0

    def on_train_batch_end(self, batch, logs=None):
        self._batches_done += 1
        super().on_train_batch_end(batch, logs)

    def _file_path(self, epoch, batch, logs):
        step = epoch if batch is None else self._batches_done
        return os.path.join(self.directory, str(step))

    def _write(self, filepath):
        directory, step = os.path.split(filepath)
        orbax_state.save(directory, int(step), self.model, self.save_weights_only)
        orbax_state.keep_latest(directory, self.max_to_keep)
