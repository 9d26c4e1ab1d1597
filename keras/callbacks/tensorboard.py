"""TensorBoard: writes the logs of `fit` and `evaluate` as TensorBoard event files."""

import os
import time
import warnings

import numpy as np

from keras.backends import active
from keras.callbacks import learning_rate
from keras.callbacks.callback import Callback


def _check_profile_batch(profile_batch):
    """0 (off), a batch number, or a (start, stop) pair / "start,stop" string."""
    value = profile_batch
    if isinstance(value, str):
        value = tuple(int(p) for p in value.split(","))
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return (value, value)
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, int) and v >= 0 for v in value)
        and value[0] <= value[1]
    ):
        return tuple(value)
    raise ValueError(
        "profile_batch must be a non-negative integer or a pair of non-negative "
        f"integers (start, stop) with start <= stop. Received: profile_batch={profile_batch!r}"
    )


def _image_of(value):
    """A weight as a grey image: 2-D (rows, last axis), scaled to 0..255."""
    array = np.asarray(value, np.float64)
    if array.ndim == 0:
        return None
    matrix = array.reshape(1, -1) if array.ndim == 1 else array.reshape(-1, array.shape[-1])
    low, high = matrix.min(), matrix.max()
    scaled = (matrix - low) / (high - low) if high > low else np.zeros_like(matrix)
    return (scaled * 255).round().astype(np.uint8)[..., None]


class TensorBoard(Callback):
    """Writes TensorBoard logs: scalars, weight histograms and images, the model.

    `fit` writes to `log_dir/train` the epoch's training logs as "epoch_<name>" (plus
    "epoch_learning_rate" and, with `write_steps_per_second`, "epoch_steps_per_second"),
    and, with `update_freq` "batch" or N, each (or every N-th) batch's logs as
    "batch_<name>" at the global batch number; validation logs go to
    `log_dir/validation` as "epoch_<name>" (without "val_"). Evaluations write
    "evaluation_<name>_vs_iterations" to `log_dir/validation` at the number of
    training batches done so far. Histograms ("<variable path>/histogram") and images
    ("<variable path>/image") of the model's weights are written every
    `histogram_freq` epochs. `write_graph` writes the model's config for TensorBoard's
    graph dashboard. View them with `tensorboard --logdir <log_dir>`.

    Args:
        log_dir: Where to write the event files.
        histogram_freq: Epochs between weight histograms (0: none).
        write_graph: Whether to write the model's config.
        write_images: Whether to write weights as images (with the histograms).
        write_steps_per_second: Whether to log the training steps per second.
        update_freq: "epoch", "batch", or an integer N (every N batches).
        profile_batch: Batches to profile; accepted and checked, but profiling is not
            available in this keras (a warning says so when it is asked for).
        embeddings_freq: Epochs between embedding visualizations; not available in
            this keras (a warning says so when it is asked for).
        embeddings_metadata: Accepted for compatibility.
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
    ):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        if not isinstance(histogram_freq, int) or histogram_freq < 0:
            raise ValueError(
                f"histogram_freq must be a non-negative integer. Received: {histogram_freq!r}"
            )
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and (
            not isinstance(update_freq, int) or isinstance(update_freq, bool) or update_freq < 1
        ):
            raise ValueError(
                'update_freq must be "epoch", "batch" or a positive integer. '
                f"Received: update_freq={update_freq!r}"
            )
        self.update_freq = update_freq
        self._profile_range = _check_profile_batch(profile_batch)
        if self._profile_range != (0, 0):
            warnings.warn(
                "TensorBoard: profile_batch is not supported by this keras; no profile "
                "is written. Use the engine's profiler (jax.profiler, torch.profiler, "
                "tf.profiler) around fit() instead.",
                stacklevel=2,
            )
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        if embeddings_freq:
            warnings.warn(
                "TensorBoard: embeddings_freq is not supported by this keras; no "
                "embedding projector data is written.",
                stacklevel=2,
            )
        self._writers = {}
        self._batches = 0
        self._training = False

    # Writers, one per subfolder, made on first use and closed at the end of fit.
    def _writer(self, which):
        from keras.callbacks.event_file import EventFileWriter

        if which not in self._writers:
            self._writers[which] = EventFileWriter(os.path.join(self.log_dir, which))
        return self._writers[which]

    def _close(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _iterations(self):
        optimizer = getattr(self.model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        if iterations is None:
            return 0
        return int(np.asarray(active.convert_to_numpy(iterations)))

    def on_train_begin(self, logs=None):
        self._training = True
        self._batches = self._iterations()
        if self.write_graph:
            try:
                config = self.model.to_json()
            except (NotImplementedError, TypeError, ValueError) as error:
                warnings.warn(f"TensorBoard: the model's config cannot be written ({error}).")
            else:
                self._writer("train").model_config(config)

    def on_train_end(self, logs=None):
        self._training = False
        self._close()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()
        self._epoch_batches = 0

    def on_train_batch_begin(self, batch, logs=None):
        self._batch_start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        self._epoch_batches += 1
        if self.update_freq == "epoch" or self._batches % self.update_freq:
            return
        writer = self._writer("train")
        if self.write_steps_per_second:
            seconds = time.perf_counter() - self._batch_start
            writer.scalar("batch_steps_per_second", 1.0 / max(seconds, 1e-12), self._batches)
        for name, value in (logs or {}).items():
            writer.scalar(f"batch_{name}", value, self._batches)
        writer.flush()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = self._writer("train")
        for name, value in logs.items():
            if not name.startswith("val_"):
                train.scalar(f"epoch_{name}", value, epoch)
        try:
            rate = learning_rate.get_learning_rate(self.model, "TensorBoard")
        except (ValueError, TypeError):
            rate = None
        if rate is not None and "learning_rate" not in logs:
            train.scalar("epoch_learning_rate", rate, epoch)
        if self.write_steps_per_second:
            seconds = time.perf_counter() - self._epoch_start
            train.scalar("epoch_steps_per_second", self._epoch_batches / max(seconds, 1e-12), epoch)
        validation = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if validation:
            writer = self._writer("validation")
            for name, value in validation.items():
                writer.scalar(f"epoch_{name}", value, epoch)
            writer.flush()
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_weights(train, epoch)
        train.flush()

    def _write_weights(self, writer, epoch):
        for weight in self.model.weights:
            value = np.asarray(active.convert_to_numpy(weight))
            if not np.issubdtype(value.dtype, np.number):
                continue
            name = weight.path.replace(":", "_")
            writer.histogram(f"{name}/histogram", value, epoch)
            if self.write_images:
                image = _image_of(value)
                if image is not None:
                    writer.image(f"{name}/image", image, epoch)

    def on_test_begin(self, logs=None):
        if not self._training:
            self._batches = self._iterations()

    def on_test_end(self, logs=None):
        writer = self._writer("validation")
        for name, value in (logs or {}).items():
            writer.scalar(f"evaluation_{name}_vs_iterations", value, self._batches)
        writer.flush()
        if not self._training:
            self._close()
