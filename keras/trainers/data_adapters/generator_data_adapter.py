"""GeneratorDataAdapter: batches from a Python generator or iterator."""

from keras.trainers.data_adapters.data_adapter import DataAdapter
from keras.trainers.data_adapters.data_adapter import batch_to_numpy


class GeneratorDataAdapter(DataAdapter):
    """Reads batches from a generator yielding `x`, `(x, y)` or `(x, y, sample_weight)`.

    A generator cannot be restarted: each epoch continues where the last one stopped,
    so a finite generator is exhausted after one pass and later epochs are empty. Give
    `steps_per_epoch` to split an endless generator into epochs. The number of batches
    and their size are unknown (None).

    Args:
        generator: the generator or iterator.
        steps_per_epoch: batches per epoch, or None to read until exhausted.

    `class_weight` is not supported (as in Keras): yield sample weights instead.
    """

    def __init__(self, generator, steps_per_epoch=None):
        super().__init__(steps_per_epoch=steps_per_epoch)
        self._generator = generator

    def _iterate_pass(self):
        for batch in self._generator:
            yield batch_to_numpy(batch)
