"""TFDatasetAdapter (run under the tensorflow backend, where TensorFlow is loaded)."""

import numpy as np
import pytest
import tensorflow as tf

from keras.trainers.data_adapters import TFDatasetAdapter
from keras.trainers.data_adapters import get_data_adapter


def _data(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)).astype("float32"), rng.integers(0, 3, size=(n,))


@pytest.mark.parametrize("n, batch_size, sizes", [(10, 4, [4, 4, 2]), (8, 4, [4, 4])])
def test_batches_and_cardinality(n, batch_size, sizes):
    x, y = _data(n)
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)
    adapter = get_data_adapter(dataset)
    assert isinstance(adapter, TFDatasetAdapter)
    assert adapter.num_batches == len(sizes)
    batches = list(adapter.get_numpy_iterator())
    assert [len(b[0]) for b in batches] == sizes
    assert all(isinstance(b[0], np.ndarray) for b in batches)
    np.testing.assert_allclose(np.concatenate([b[0] for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    assert all(b[2] is None for b in batches)


def test_dict_inputs_and_sample_weights():
    x, y = _data(6)
    w = np.linspace(0.1, 0.6, 6).astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices(({"a": x}, y, w)).batch(6)
    (bx, by, bw), = get_data_adapter(dataset).get_numpy_iterator()
    np.testing.assert_allclose(bx["a"], x)
    np.testing.assert_allclose(bw, w)


def test_infinite_dataset_with_steps_per_epoch():
    dataset = tf.data.Dataset.range(100).batch(2).repeat()
    adapter = get_data_adapter(dataset, steps_per_epoch=3)
    assert adapter.num_batches == 3
    assert TFDatasetAdapter(dataset).num_batches is None
    first = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    second = [b[0].tolist() for b in adapter.get_numpy_iterator()]
    assert first == [[0, 1], [2, 3], [4, 5]]
    assert second == [[6, 7], [8, 9], [10, 11]]


def test_class_weight():
    x, _ = _data(4)
    y = np.array([0, 1, 2, 1])
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    adapter = get_data_adapter(dataset, class_weight={1: 5.0, 2: 0.25})
    (_, _, weights), = adapter.get_numpy_iterator()
    np.testing.assert_array_equal(weights, [1.0, 5.0, 0.25, 5.0])


def test_tf_tensors_are_arrays_not_datasets():
    x, y = _data(5)
    adapter = get_data_adapter(tf.constant(x), tf.constant(y), batch_size=2)
    assert adapter.num_batches == 3


def test_targets_with_a_dataset_are_rejected():
    x, y = _data(4)
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(2)
    match = "`y` must be None when `x` is a tf.data.Dataset"
    with pytest.raises(ValueError, match=match):
        get_data_adapter(dataset, y)
