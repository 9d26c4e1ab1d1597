"""PyDatasetAdapter: order, shuffling, workers, infinite datasets, epoch hooks."""

import math
import threading

import numpy as np
import pytest

from keras.trainers.data_adapters import PyDatasetAdapter
from keras.utils import PyDataset


class Indexed(PyDataset):
    """Batch i holds the sample indices i*batch_size ... as both x and y."""

    def __init__(self, n, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        self.batch_size = batch_size
        self.x = np.random.default_rng(0).normal(size=(n, 2)).astype("float32")
        self.events = []
        self.threads = set()

    def __len__(self):
        return math.ceil(self.n / self.batch_size)

    def __getitem__(self, index):
        self.threads.add(threading.get_ident())
        if not 0 <= index < len(self):
            raise IndexError(index)
        start = index * self.batch_size
        rows = np.arange(start, min(start + self.batch_size, self.n))
        return self.x[rows], rows

    def on_epoch_begin(self):
        self.events.append("begin")

    def on_epoch_end(self):
        self.events.append("end")


class Endless(PyDataset):
    """An infinite dataset that stops after `stop` batches by raising IndexError."""

    def __init__(self, stop=None, **kwargs):
        super().__init__(**kwargs)
        self.stop = stop

    @property
    def num_batches(self):
        return None

    def __getitem__(self, index):
        if self.stop is not None and index >= self.stop:
            raise IndexError(index)
        return np.full((2, 1), index, dtype="float32")


def _labels(adapter):
    return [b[1].tolist() for b in adapter.get_numpy_iterator()]


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"workers": 3},
        {"workers": 4, "max_queue_size": 2},
        {"workers": 2, "use_multiprocessing": True},
    ],
)
def test_batches_in_index_order(kwargs):
    dataset = Indexed(11, 3, **kwargs)
    adapter = PyDatasetAdapter(dataset)
    assert adapter.num_batches == 4
    batches = list(adapter.get_numpy_iterator())
    labels = [b[1].tolist() for b in batches]
    assert labels == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]]
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), dataset.x)
    assert all(b[2] is None for b in batches)


def test_threads_build_batches_in_parallel():
    dataset = Indexed(40, 2, workers=4)
    list(PyDatasetAdapter(dataset).get_numpy_iterator())
    assert threading.get_ident() not in dataset.threads
    serial = Indexed(40, 2)
    list(PyDatasetAdapter(serial).get_numpy_iterator())
    assert serial.threads == {threading.get_ident()}


@pytest.mark.parametrize("workers", [1, 3])
def test_shuffle_reorders_batches_every_epoch(workers):
    np.random.seed(0)
    adapter = PyDatasetAdapter(Indexed(40, 4, workers=workers), shuffle=True)
    first, second = _labels(adapter), _labels(adapter)
    expected = [list(range(i, i + 4)) for i in range(0, 40, 4)]
    assert sorted(first) == expected and sorted(second) == expected
    assert first != expected and first != second


def test_epoch_hooks_reach_the_dataset():
    dataset = Indexed(4, 2)
    adapter = PyDatasetAdapter(dataset)
    adapter.on_epoch_begin()
    list(adapter.get_numpy_iterator())
    adapter.on_epoch_end()
    assert dataset.events == ["begin", "end"]


@pytest.mark.parametrize("workers", [1, 3])
def test_infinite_dataset_with_steps_per_epoch(workers):
    adapter = PyDatasetAdapter(Endless(workers=workers), steps_per_epoch=3)
    assert adapter.num_batches == 3
    first = [int(b[0][0, 0]) for b in adapter.get_numpy_iterator()]
    second = [int(b[0][0, 0]) for b in adapter.get_numpy_iterator()]
    assert first == [0, 1, 2] and second == [3, 4, 5]


@pytest.mark.parametrize("workers", [1, 3])
def test_infinite_dataset_ends_at_index_error(workers):
    adapter = PyDatasetAdapter(Endless(stop=5, workers=workers))
    assert adapter.num_batches is None
    assert len(list(adapter.get_numpy_iterator())) == 5


def test_index_error_of_a_finite_dataset_propagates():
    class Broken(Indexed):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            if index == 2:  # fewer batches than __len__ promises
                raise IndexError(index)
            return super().__getitem__(index)

    with pytest.raises(IndexError):
        list(PyDatasetAdapter(Broken(4, 2)).get_numpy_iterator())


def test_steps_per_epoch_repeats_a_finite_dataset():
    adapter = PyDatasetAdapter(Indexed(4, 2), steps_per_epoch=3)
    assert _labels(adapter) == [[0, 1], [2, 3], [0, 1]]
    assert _labels(adapter) == [[2, 3], [0, 1], [2, 3]]


def test_class_weight():
    adapter = PyDatasetAdapter(Indexed(4, 4), class_weight={0: 3.0, 2: 0.5})
    (_, _, weights), = adapter.get_numpy_iterator()
    np.testing.assert_array_equal(weights, [3.0, 1.0, 0.5, 1.0])
