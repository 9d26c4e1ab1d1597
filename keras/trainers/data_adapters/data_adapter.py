"""DataAdapter: the one interface the training loop reads data through.

Every adapter yields, per epoch, tuples `(x, y, sample_weight)` of NumPy arrays (or
nested structures of them), with None for a part the data does not have.

`steps_per_epoch` and epochs: without it, each call of `get_numpy_iterator()` makes one
full pass over the data (a generator continues where it stopped, so a finite one is
exhausted after its first pass). With it, the adapter keeps one stream of batches
across epochs: an epoch takes the next `steps_per_epoch` batches, and a finite dataset
that runs out starts a fresh pass (reshuffled, if shuffling) within the same epoch. A
source that cannot start again (a Python generator) ends the epoch early instead,
and every later epoch is empty.
"""

import numpy as np

from keras.trainers.data_adapters import array_utils
from keras.trainers.data_adapters import class_weight as class_weight_lib
from keras.utils.data_utils import unpack_x_y_sample_weight


def standardize_shuffle(shuffle):
    """`shuffle` as True, False or "batch"; a ValueError for anything else."""
    if isinstance(shuffle, (bool, np.bool_)):
        return bool(shuffle)
    if shuffle == "batch":
        return shuffle
    raise ValueError(
        f"`shuffle` must be True, False or 'batch'; received shuffle={shuffle!r}."
    )


def batch_to_numpy(batch):
    """A batch as produced by a source (`x`, `(x, y)`, ...) as NumPy `(x, y, sw)`."""
    x, y, sample_weight = unpack_x_y_sample_weight(batch)
    return (
        array_utils.convert_to_numpy_structure(x, "x"),
        array_utils.convert_to_numpy_structure(y, "y"),
        array_utils.convert_to_numpy_structure(sample_weight, "sample_weight"),
    )


class DataAdapter:
    """Base class: batching, `steps_per_epoch` and `class_weight` for every source.

    Subclasses implement `_iterate_pass()` (one pass over the data, yielding
    `(x, y, sample_weight)` with NumPy leaves) and `_pass_num_batches` (the batches in
    one pass, or None when unknown or infinite).
    """

    def __init__(self, steps_per_epoch=None, class_weight=None):
        if steps_per_epoch is not None and (
            isinstance(steps_per_epoch, bool)
            or not isinstance(steps_per_epoch, int)
            or steps_per_epoch < 1
        ):
            raise ValueError(
                "`steps_per_epoch` must be None or a positive int; received "
                f"steps_per_epoch={steps_per_epoch!r}."
            )
        class_weight_lib.check_class_weight(class_weight)
        self._steps_per_epoch = steps_per_epoch
        self._class_weight = class_weight
        self._stream = None

    def _iterate_pass(self):
        raise NotImplementedError

    @property
    def _pass_num_batches(self):
        return None

    @property
    def num_batches(self):
        """The batches one epoch yields: `steps_per_epoch` if given, else one pass.

        None when unknown (a generator, an infinite dataset).
        """
        if self._steps_per_epoch is not None:
            return self._steps_per_epoch
        return self._pass_num_batches

    @property
    def steps_per_epoch(self):
        return self._steps_per_epoch

    @property
    def batch_size(self):
        """The size of the full batches, or None when unknown."""
        return None

    @property
    def has_partial_batch(self):
        """Whether the last batch of a pass is smaller; None when unknown."""
        return None

    @property
    def partial_batch_size(self):
        """The size of the smaller last batch, or None (none, or unknown)."""
        return None

    def on_epoch_begin(self):
        """Called by the training loop before each epoch."""

    def on_epoch_end(self):
        """Called by the training loop after each epoch."""

    def get_numpy_iterator(self):
        """Yields one epoch of `(x, y, sample_weight)` tuples of NumPy arrays."""
        if self._steps_per_epoch is None:
            self._stream = None
            for batch in self._iterate_pass():
                yield self._apply_class_weight(batch)
            return
        if self._stream is None:
            self._stream = self._endless_stream()
        for _ in range(self._steps_per_epoch):
            batch = next(self._stream, None)
            if batch is None:
                self._stream = None
                return
            yield self._apply_class_weight(batch)

    def _endless_stream(self):
        while True:
            count = 0
            for batch in self._iterate_pass():
                count += 1
                yield batch
            if count == 0:
                return

    def _apply_class_weight(self, batch):
        if self._class_weight is None:
            return batch
        x, y, sample_weight = batch
        if y is None:
            raise ValueError(
                "`class_weight` needs targets `y`, but the data yielded a batch "
                "without them."
            )
        class_weight_lib.check_class_weight_targets(y, sample_weight)
        weights = class_weight_lib.class_weight_to_sample_weight(y, self._class_weight)
        return x, y, weights
