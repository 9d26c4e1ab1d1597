"""TorchDataLoaderAdapter: batches from a `torch.utils.data.DataLoader`."""

from keras.trainers.data_adapters.data_adapter import DataAdapter
from keras.trainers.data_adapters.data_adapter import batch_to_numpy


def is_torch_data_loader(x):
    """Whether `x` is a torch DataLoader; imports PyTorch only for its own types."""
    if not type(x).__module__.startswith("torch"):
        return False
    import torch.utils.data

    return isinstance(x, torch.utils.data.DataLoader)


class TorchDataLoaderAdapter(DataAdapter):
    """Reads the batches of a `DataLoader`, converting its tensors to NumPy.

    Each batch is `x`, `(x, y)` or `(x, y, sample_weight)` (the list the default
    collation makes of a tuple counts as a tuple). Sizes come from the loader when it
    knows them: the number of batches is `len(loader)` and the batch size
    `loader.batch_size` (None for an iterable dataset or a custom batch sampler).
    Shuffling is the loader's business (its own `shuffle` argument).

    Args:
        data_loader: the `torch.utils.data.DataLoader`.
        steps_per_epoch: batches per epoch (see `data_adapter` on repetition).

    `class_weight` is not supported (as in Keras): return sample weights instead.
    """

    def __init__(self, data_loader, steps_per_epoch=None):
        super().__init__(steps_per_epoch=steps_per_epoch)
        self._loader = data_loader

    def _num_samples(self):
        try:
            return len(self._loader.dataset)
        except TypeError:  # an IterableDataset without __len__
            return None

    @property
    def _pass_num_batches(self):
        try:
            return len(self._loader)
        except TypeError:
            return None

    @property
    def batch_size(self):
        return self._loader.batch_size

    @property
    def has_partial_batch(self):
        n, size = self._num_samples(), self.batch_size
        if n is None or size is None:
            return None
        return not self._loader.drop_last and n % size != 0

    @property
    def partial_batch_size(self):
        if not self.has_partial_batch:
            return None
        return self._num_samples() % self.batch_size

    def _iterate_pass(self):
        for batch in self._loader:
            yield batch_to_numpy(batch)
