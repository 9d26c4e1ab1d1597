"""The preprocessing layers with tf.data on every backend: `adapt` streaming a batched
Dataset (and its `steps`), and `dataset.map(layer)`, where the layers get tf graph
tensors. Kept in one file so one process pays TensorFlow's import."""

import json
import os

import numpy as np
import tensorflow as tf

from keras.layers.preprocessing.category_encoding import CategoryEncoding
from keras.layers.preprocessing.discretization import Discretization
from keras.layers.preprocessing.hashed_crossing import HashedCrossing
from keras.layers.preprocessing.hashing import Hashing
from keras.layers.preprocessing.normalization import Normalization

BOUNDARIES = [-1.0, 0.0, 0.5, 2.0]
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _data(shape, seed):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=shape) * 3.0 + 1.5).astype("float32")


def _counts(indices, depth):
    """Explicit loops: how often each index occurs in each row."""
    out = np.zeros((indices.shape[0], depth), "float32")
    for row in range(indices.shape[0]):
        for index in indices[row]:
            out[row, index] += 1.0
    return out


def _mapped(layer, values, batch_size=4):
    dataset = tf.data.Dataset.from_tensor_slices(values).batch(batch_size).map(layer)
    return np.concatenate(list(dataset.as_numpy_iterator()))


def test_normalization_adapt_streams_batches_and_honours_steps():
    x = _data((10, 3), seed=3)
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(4)  # batches 4, 4, 2
    layer = Normalization()
    layer.adapt(dataset)
    np.testing.assert_allclose(layer.mean[0], x.mean(0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.variance[0], x.var(0), rtol=1e-5, atol=1e-5)
    layer.adapt(dataset, steps=2)
    np.testing.assert_allclose(layer.mean[0], x[:8].mean(0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.variance[0], x[:8].var(0), rtol=1e-5, atol=1e-5)


def test_normalization_and_its_inverse_inside_dataset_map():
    x = _data((6, 3), seed=4)
    layer = Normalization()
    layer.adapt(x)
    mean, std = x.mean(0), x.std(0)
    y = _mapped(layer, x)
    np.testing.assert_allclose(y, (x - mean) / std, rtol=1e-4, atol=1e-4)
    inverse = Normalization(mean=mean.tolist(), variance=(std**2).tolist(), invert=True)
    np.testing.assert_allclose(_mapped(inverse, y), x, rtol=1e-4, atol=1e-4)


def test_discretization_adapt_on_a_dataset_and_inside_dataset_map():
    x = np.arange(100.0, dtype="float32").reshape(-1, 1)
    layer = Discretization(num_bins=4)
    layer.adapt(tf.data.Dataset.from_tensor_slices(x).batch(16))
    expected = np.quantile(x, [0.25, 0.5, 0.75], method="inverted_cdf")
    np.testing.assert_allclose(layer.bin_boundaries, expected, atol=1e-3)
    v = _data((6, 3), seed=5)
    ints = Discretization(bin_boundaries=BOUNDARIES)
    np.testing.assert_array_equal(_mapped(ints, v), np.digitize(v, BOUNDARIES))
    counts = Discretization(bin_boundaries=BOUNDARIES, output_mode="count")
    np.testing.assert_array_equal(
        _mapped(counts, v), _counts(np.digitize(v, BOUNDARIES), 5)
    )


def test_category_encoding_inside_dataset_map():
    ids = np.random.default_rng(6).integers(0, 6, size=(6, 3)).astype("int32")
    layer = CategoryEncoding(num_tokens=6, output_mode="count")
    np.testing.assert_array_equal(_mapped(layer, ids), _counts(ids, 6))
    one_hot = CategoryEncoding(num_tokens=6, output_mode="one_hot")
    np.testing.assert_array_equal(
        _mapped(one_hot, ids[:, :1]), np.eye(6, dtype="float32")[ids[:, 0]]
    )


def test_hashing_inside_dataset_map_matches_keras():
    with open(os.path.join(HERE, "hashing_expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    strings = np.array(expected["strings"]).reshape(-1, 1)
    for case in expected["string_cases"][:2]:
        y = _mapped(Hashing(**case["kwargs"]), strings)
        np.testing.assert_array_equal(y.ravel(), case["bins"])


# The layers' one keras.ops implementation, traced as TensorFlow ops: the remaining
# output modes, call arguments and ranks.


def test_normalization_over_several_axes_inside_dataset_map():
    x = _data((8, 2, 3), seed=7)
    layer = Normalization(axis=(1, 2))
    layer.adapt(x)
    y = _mapped(layer, x)
    expected = np.zeros_like(x)
    for i in range(2):
        for j in range(3):
            column = x[:, i, j].astype("float64")
            expected[:, i, j] = (column - column.mean()) / column.std()
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-4)


def test_discretization_encodings_and_int64_indices_inside_dataset_map():
    v = _data((8,), seed=8)
    ids = np.digitize(v, BOUNDARIES)
    one_hot = Discretization(bin_boundaries=BOUNDARIES, output_mode="one_hot")
    expected = np.eye(5, dtype="float32")[ids]
    np.testing.assert_array_equal(_mapped(one_hot, v), expected)
    rows = _data((6, 3), seed=9)
    multi_hot = Discretization(bin_boundaries=BOUNDARIES, output_mode="multi_hot")
    expected = np.minimum(_counts(np.digitize(rows, BOUNDARIES), 5), 1)
    np.testing.assert_array_equal(_mapped(multi_hot, rows), expected)
    # Indices are TensorFlow's int64 inside tf.data, as in Keras 3, on every backend.
    ints = Discretization(bin_boundaries=BOUNDARIES)
    dataset = tf.data.Dataset.from_tensor_slices(rows).batch(3).map(ints)
    assert dataset.element_spec.dtype == tf.int64


def test_category_encoding_count_weights_inside_dataset_map():
    rng = np.random.default_rng(10)
    ids = rng.integers(0, 5, size=(6, 4)).astype("int64")
    weights = rng.uniform(size=(6, 4)).astype("float32")
    layer = CategoryEncoding(num_tokens=5, output_mode="count")
    dataset = tf.data.Dataset.from_tensor_slices((ids, weights)).batch(3)
    y = np.concatenate(
        [b.numpy() for b in dataset.map(lambda i, w: layer(i, count_weights=w))]
    )
    expected = np.zeros((6, 5), "float32")
    for row in range(6):
        for col in range(4):
            expected[row, ids[row, col]] += weights[row, col]
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)


def test_hashing_one_hot_and_hashed_crossing_inside_dataset_map():
    with open(os.path.join(HERE, "hashing_expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    strings = np.array(expected["strings"])
    case = expected["string_cases"][0]
    depth = case["kwargs"]["num_bins"]
    layer = Hashing(**case["kwargs"], output_mode="one_hot")
    y = _mapped(layer, strings.reshape(-1, 1))
    np.testing.assert_array_equal(y, np.eye(depth, dtype="float32")[case["bins"]])
    crossing = expected["crossing"]
    ints = np.array(expected["ints"], dtype="int64")
    for mode in ("int", "one_hot"):
        crosser = HashedCrossing(num_bins=crossing["num_bins"], output_mode=mode)
        dataset = tf.data.Dataset.from_tensor_slices((ints, strings)).batch(4)
        mapped = dataset.map(lambda a, b: crosser((a, b)))
        y = np.concatenate([batch.numpy() for batch in mapped])
        bins = np.array(crossing["bins"])
        if mode == "one_hot":
            bins = np.eye(crossing["num_bins"], dtype="float32")[bins]
        np.testing.assert_array_equal(y, bins)
