"""PyDatasetAdapter: batches from a `keras.utils.PyDataset`, optionally in parallel."""

import collections
import concurrent.futures
import itertools

import numpy as np

from keras.trainers.data_adapters.data_adapter import DataAdapter
from keras.trainers.data_adapters.data_adapter import batch_to_numpy
from keras.trainers.data_adapters.data_adapter import standardize_shuffle

# The dataset a worker process reads, set once per process by the pool initializer so
# that only batch indices travel to the workers.
_worker_dataset = None


def _set_worker_dataset(dataset):
    global _worker_dataset
    _worker_dataset = dataset


def _get_worker_batch(index):
    return _worker_dataset[index]


class PyDatasetAdapter(DataAdapter):
    """Reads the batches of a `PyDataset` by index, one pass per epoch.

    With `workers > 1` (or `use_multiprocessing=True`) up to `max_queue_size` batches
    are built ahead in a pool of threads (or processes), and are still yielded in index
    order, so results do not depend on the number of workers. An infinite dataset
    (`num_batches` None) is read at indices 0, 1, 2, ... until `__getitem__` raises
    IndexError or StopIteration.

    Args:
        dataset: the `PyDataset`.
        steps_per_epoch: batches per epoch (see `data_adapter` on repetition).
        shuffle: True (or "batch") reshuffles the order of the batches at every pass,
            with NumPy's global generator; False reads them in order.
        class_weight: dict {class index: weight} turned into `sample_weight`.
    """

    def __init__(self, dataset, steps_per_epoch=None, shuffle=False, class_weight=None):
        super().__init__(steps_per_epoch=steps_per_epoch, class_weight=class_weight)
        self._dataset = dataset
        self._shuffle = bool(standardize_shuffle(shuffle))

    @property
    def _pass_num_batches(self):
        return self._dataset.num_batches

    def on_epoch_begin(self):
        self._dataset.on_epoch_begin()

    def on_epoch_end(self):
        self._dataset.on_epoch_end()

    def _indices(self):
        count = self._dataset.num_batches
        if count is None:
            return itertools.count()
        if self._shuffle:
            return iter(np.random.permutation(count).tolist())
        return iter(range(count))

    def _iterate_pass(self):
        dataset = self._dataset
        parallel = dataset.workers > 1 or dataset.use_multiprocessing
        batches = self._parallel_batches if parallel else self._serial_batches
        for batch in batches(self._indices()):
            yield batch_to_numpy(batch)

    def _end_of_data(self):
        """Whether IndexError/StopIteration from `__getitem__` ends the pass."""
        return self._dataset.num_batches is None

    def _serial_batches(self, indices):
        for index in indices:
            try:
                batch = self._dataset[index]
            except (IndexError, StopIteration):
                if self._end_of_data():
                    return
                raise
            yield batch

    def _parallel_batches(self, indices):
        """`dataset[i]` for each of `indices`, in order, built ahead by a pool."""
        dataset = self._dataset
        if dataset.use_multiprocessing:
            pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=max(dataset.workers, 1),
                initializer=_set_worker_dataset,
                initargs=(dataset,),
            )
            get_batch = _get_worker_batch
        else:
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=dataset.workers)
            get_batch = dataset.__getitem__
        pending = collections.deque()
        try:
            for index in itertools.islice(indices, dataset.max_queue_size):
                pending.append(pool.submit(get_batch, index))
            while pending:
                try:
                    batch = pending.popleft().result()
                except (IndexError, StopIteration):
                    if self._end_of_data():
                        return
                    raise
                for index in itertools.islice(indices, 1):
                    pending.append(pool.submit(get_batch, index))
                yield batch
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
