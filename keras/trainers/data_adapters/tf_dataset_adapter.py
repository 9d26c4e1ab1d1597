"""TFDatasetAdapter: batches from a `tf.data.Dataset` (TensorFlow imported on use)."""

from keras.trainers.data_adapters.data_adapter import DataAdapter
from keras.trainers.data_adapters.data_adapter import batch_to_numpy


def is_tf_dataset(x):
    """Whether `x` is a `tf.data.Dataset`; imports TensorFlow only for its own types."""
    if not type(x).__module__.startswith("tensorflow"):
        return False
    import tensorflow as tf

    return isinstance(x, tf.data.Dataset)


class TFDatasetAdapter(DataAdapter):
    """Reads the batches of a batched `tf.data.Dataset` as NumPy arrays.

    Each element is `x`, `(x, y)` or `(x, y, sample_weight)`. The number of batches is
    the dataset's cardinality, or None when infinite or unknown; the batch size is not
    read from the dataset (None). `shuffle` is the dataset's own business.

    Args:
        dataset: the `tf.data.Dataset`, already batched.
        steps_per_epoch: batches per epoch (see `data_adapter` on repetition).
        class_weight: dict {class index: weight} turned into `sample_weight`.
    """

    def __init__(self, dataset, steps_per_epoch=None, class_weight=None):
        super().__init__(steps_per_epoch=steps_per_epoch, class_weight=class_weight)
        self._dataset = dataset

    @property
    def _pass_num_batches(self):
        cardinality = int(self._dataset.cardinality())
        # tf.data marks infinite (-1) and unknown (-2) cardinality with negatives.
        return cardinality if cardinality >= 0 else None

    def _iterate_pass(self):
        for batch in self._dataset.as_numpy_iterator():
            yield batch_to_numpy(batch)
