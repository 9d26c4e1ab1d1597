"""TorchDataLoaderAdapter (run under the torch backend, where PyTorch is loaded)."""

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader
from torch.utils.data import IterableDataset
from torch.utils.data import TensorDataset

from keras.trainers.data_adapters import TorchDataLoaderAdapter
from keras.trainers.data_adapters import get_data_adapter


def _data(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)).astype("float32"), rng.integers(0, 3, size=(n,))


@pytest.mark.parametrize(
    "n, batch_size, drop_last, sizes",
    [(10, 4, False, [4, 4, 2]), (10, 4, True, [4, 4]), (8, 4, False, [4, 4])],
)
def test_batches_and_sizes(n, batch_size, drop_last, sizes):
    x, y = _data(n)
    loader = DataLoader(
        TensorDataset(torch.from_numpy(x), torch.from_numpy(y)),
        batch_size=batch_size,
        drop_last=drop_last,
    )
    adapter = get_data_adapter(loader)
    assert isinstance(adapter, TorchDataLoaderAdapter)
    assert adapter.num_batches == len(sizes)
    assert adapter.batch_size == batch_size
    assert adapter.has_partial_batch == (sizes[-1] != batch_size)
    partial = sizes[-1] if sizes[-1] != batch_size else None
    assert adapter.partial_batch_size == partial
    batches = list(adapter.get_numpy_iterator())
    assert [len(b[0]) for b in batches] == sizes
    kept = sum(sizes)
    np.testing.assert_allclose(np.concatenate([b[0] for b in batches]), x[:kept])
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y[:kept])
    assert all(isinstance(b[0], np.ndarray) and b[2] is None for b in batches)


def test_sample_weights_and_tensors_with_grad():
    x, y = _data(6)
    w = torch.linspace(0.1, 0.6, 6, requires_grad=True)
    loader = DataLoader(
        TensorDataset(torch.from_numpy(x), torch.from_numpy(y), w), batch_size=6
    )
    (_, _, bw), = get_data_adapter(loader).get_numpy_iterator()
    np.testing.assert_allclose(bw, np.linspace(0.1, 0.6, 6), rtol=1e-6)


def test_iterable_dataset_has_unknown_sizes():
    class Stream(IterableDataset):
        def __iter__(self):
            for i in range(5):
                yield torch.tensor([float(i)]), torch.tensor(i)

    adapter = get_data_adapter(DataLoader(Stream(), batch_size=2))
    assert adapter.num_batches is None
    assert adapter.has_partial_batch is None
    labels = [b[1].tolist() for b in adapter.get_numpy_iterator()]
    assert labels == [[0, 1], [2, 3], [4]]


def test_steps_per_epoch_repeats_the_loader():
    y = np.arange(4)
    loader = DataLoader(TensorDataset(torch.from_numpy(y)), batch_size=2)
    adapter = get_data_adapter(loader, steps_per_epoch=3)
    labels = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    assert labels == [[0, 1], [2, 3], [0, 1]]


def test_targets_and_class_weight_are_rejected():
    x, y = _data(4)
    loader = DataLoader(TensorDataset(torch.from_numpy(x)), batch_size=2)
    match = "`y` must be None when `x` is a torch DataLoader"
    with pytest.raises(ValueError, match=match):
        get_data_adapter(loader, y)
    with pytest.raises(ValueError, match="`class_weight` is not supported.*DataLoader"):
        get_data_adapter(loader, class_weight={0: 1.0})
