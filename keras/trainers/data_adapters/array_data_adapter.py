"""ArrayDataAdapter: batches sliced from in-memory arrays and tensors."""

import math

import numpy as np

from keras.backends.common import tree
from keras.trainers.data_adapters import array_utils
from keras.trainers.data_adapters import class_weight as class_weight_lib
from keras.trainers.data_adapters.data_adapter import DataAdapter
from keras.trainers.data_adapters.data_adapter import standardize_shuffle


class ArrayDataAdapter(DataAdapter):
    """Slices batches out of NumPy arrays, engine tensors and lists of numbers.

    The data is converted to NumPy once (floating point arrays to
    `keras.config.floatx()`, as Keras does). `x`, `y` and `sample_weight` may each be
    a nested list, tuple or dict of arrays; all arrays must share their first
    dimension. A single `sample_weight` array with a nested `y` applies to every
    output.

    Args:
        x: the inputs.
        y: the targets, or None.
        sample_weight: per-sample weights, or None.
        batch_size: samples per batch (default 32); the last batch of a pass holds
            the remainder.
        steps_per_epoch: batches per epoch (see `data_adapter` on repetition).
        shuffle: True reshuffles the samples at every pass; "batch" keeps each batch
            a contiguous slice and shuffles the order of the batches (cheap for data
            read from disk such as HDF5); False keeps the order. Shuffles draw from
            NumPy's global generator, so `keras.utils.set_random_seed` (or
            `np.random.seed`) makes them repeatable.
        class_weight: dict {class index: weight} turned into `sample_weight`.
    """

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=None,
        steps_per_epoch=None,
        shuffle=False,
        class_weight=None,
    ):
        super().__init__(steps_per_epoch=steps_per_epoch, class_weight=class_weight)
        shuffle = standardize_shuffle(shuffle)
        if batch_size is None:
            batch_size = 32
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size < 1
        ):
            raise ValueError(
                "`batch_size` must be a positive int; received "
                f"batch_size={batch_size!r}."
            )
        x, y, sample_weight = (
            array_utils.cast_floats_to_floatx(
                array_utils.convert_to_numpy_structure(value, argument)
            )
            for value, argument in (
                (x, "x"),
                (y, "y"),
                (sample_weight, "sample_weight"),
            )
        )
        if class_weight is not None:
            class_weight_lib.check_class_weight_targets(y, sample_weight)
            if y is None:
                raise ValueError("`class_weight` needs targets `y`; received y=None.")
        sample_weight = _match_outputs(y, sample_weight)
        self._num_samples = array_utils.num_samples((x, y, sample_weight))
        self._data = (x, y, sample_weight)
        self._batch_size = int(batch_size)
        self._shuffle = shuffle

    @property
    def num_samples(self):
        return self._num_samples

    @property
    def _pass_num_batches(self):
        return math.ceil(self._num_samples / self._batch_size)

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def has_partial_batch(self):
        return self._num_samples % self._batch_size != 0

    @property
    def partial_batch_size(self):
        return (self._num_samples % self._batch_size) or None

    def _iterate_pass(self):
        n, size = self._num_samples, self._batch_size
        starts = np.arange(0, n, size)
        if self._shuffle == "batch":
            starts = np.random.permutation(starts)
        order = np.random.permutation(n) if self._shuffle is True else None
        for start in starts:
            stop = min(start + size, n)
            if order is None:
                index = slice(start, stop)
            else:
                index = order[start:stop]
            yield tree.map_structure(
                lambda a, i=index: None if a is None else a[i], self._data
            )


def _match_outputs(y, sample_weight):
    """One `sample_weight` per output of a nested `y` (a single one is shared)."""
    if sample_weight is None or not isinstance(y, (list, tuple, dict)):
        return sample_weight
    if isinstance(sample_weight, (list, tuple, dict)):
        try:
            tree.map_structure(lambda _, w: w, y, sample_weight)
        except (ValueError, TypeError) as error:
            raise ValueError(
                "`sample_weight` must be one array or one array per output in `y`, "
                f"with the structure of `y`; received y with structure "
                f"{_describe(y)} and sample_weight with structure "
                f"{_describe(sample_weight)}."
            ) from error
        return sample_weight
    if sample_weight.ndim > 1 and not (
        sample_weight.ndim == 2 and sample_weight.shape[1] == 1
    ):
        raise ValueError(
            "With several outputs, a single `sample_weight` array must hold one weight "
            f"per sample (shape (n,) or (n, 1)); received shape {sample_weight.shape}. "
            "Pass one array per output for other weights."
        )
    return tree.map_structure(lambda _: sample_weight, y)


def _describe(structure):
    return tree.map_structure(lambda a: "array" if a is not None else None, structure)
