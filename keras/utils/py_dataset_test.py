"""PyDataset: the base class contract (batches by index, sizes, parallel settings)."""

import math

import numpy as np
import pytest

from keras.utils import PyDataset
from keras.utils import Sequence


class Squares(PyDataset):
    def __init__(self, n, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x = np.arange(n, dtype="float32")
        self.batch_size = batch_size

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index):
        batch = self.x[index * self.batch_size : (index + 1) * self.batch_size]
        return batch, batch**2


def test_defaults_and_settings():
    dataset = Squares(10, 4)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (
        1,
        False,
        10,
    )
    dataset = Squares(10, 4, workers=3, use_multiprocessing=True, max_queue_size=2)
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (
        3,
        True,
        2,
    )


def test_num_batches_from_len_and_getitem():
    dataset = Squares(10, 4)
    assert dataset.num_batches == 3
    x, y = dataset[2]
    np.testing.assert_array_equal(x, [8.0, 9.0])
    np.testing.assert_array_equal(y, [64.0, 81.0])


def test_sequence_is_an_alias():
    assert Sequence is PyDataset


def test_subclass_without_super_init_gets_defaults():
    class NoInit(PyDataset):
        def __init__(self):
            self.size = 2

        def __len__(self):
            return self.size

    dataset = NoInit()
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (
        1,
        False,
        10,
    )


def test_missing_methods_are_explained():
    dataset = PyDataset()
    with pytest.raises(NotImplementedError, match="__getitem__"):
        dataset[0]
    with pytest.raises(NotImplementedError, match="__len__.*num_batches"):
        dataset.num_batches


def test_infinite_dataset_overrides_num_batches():
    class Endless(PyDataset):
        @property
        def num_batches(self):
            return None

    assert Endless().num_batches is None


def test_epoch_hooks_do_nothing_by_default():
    dataset = Squares(4, 2)
    assert dataset.on_epoch_begin() is None
    assert dataset.on_epoch_end() is None


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"workers": -1}, "workers"),
        ({"workers": 1.5}, "workers"),
        ({"max_queue_size": 0}, "max_queue_size"),
    ],
)
def test_invalid_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PyDataset(**kwargs)
