"""class_weight turned into per-sample weights, alone and through the adapters."""

import numpy as np
import pytest

from keras.trainers.data_adapters import ArrayDataAdapter
from keras.trainers.data_adapters import class_weight_to_sample_weight

WEIGHTS = {0: 0.5, 1: 2.0, 2: 4.0}


def _reference(labels, class_weight):
    return np.array([class_weight.get(int(c), 1.0) for c in labels], dtype="float32")


@pytest.mark.parametrize("n, seed", [(8, 0), (33, 1)])
def test_integer_labels(n, seed):
    labels = np.random.default_rng(seed).integers(0, 4, size=(n,))  # 3 is not listed
    expected = _reference(labels, WEIGHTS)
    weights = class_weight_to_sample_weight(labels, WEIGHTS)
    np.testing.assert_array_equal(weights, expected)
    column = labels.reshape(n, 1)
    weights = class_weight_to_sample_weight(column, WEIGHTS)
    np.testing.assert_array_equal(weights, expected)


def test_one_hot_labels_use_argmax():
    labels = np.random.default_rng(2).integers(0, 3, size=(12,))
    one_hot = np.eye(3, dtype="float32")[labels] * 0.8 + 0.05
    weights = class_weight_to_sample_weight(one_hot, WEIGHTS)
    np.testing.assert_array_equal(weights, _reference(labels, WEIGHTS))
    assert weights.dtype == np.float32


def test_float_labels_are_rounded():
    weights = class_weight_to_sample_weight(np.array([0.0, 1.0, 2.0]), WEIGHTS)
    np.testing.assert_array_equal(weights, [0.5, 2.0, 4.0])


def test_labels_of_higher_rank_are_rejected():
    with pytest.raises(ValueError, match=r"shape \(n,\), \(n, 1\) or one-hot"):
        class_weight_to_sample_weight(np.zeros((2, 3, 4)), WEIGHTS)


def test_through_the_array_adapter():
    x = np.random.default_rng(0).normal(size=(10, 2)).astype("float32")
    y = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 0])
    adapter = ArrayDataAdapter(x, y, batch_size=4, class_weight=WEIGHTS)
    weights = np.concatenate([b[2] for b in adapter.get_numpy_iterator()])
    np.testing.assert_array_equal(weights, _reference(y, WEIGHTS))


def test_multi_output_and_sample_weight_are_rejected():
    x = np.ones((4, 2))
    y = np.array([0, 1, 0, 1])
    with pytest.raises(ValueError, match="single output"):
        ArrayDataAdapter(x, [y, y], class_weight=WEIGHTS)
    with pytest.raises(ValueError, match="class_weight` and `sample_weight"):
        ArrayDataAdapter(x, y, sample_weight=np.ones(4), class_weight=WEIGHTS)
    with pytest.raises(ValueError, match="needs targets"):
        ArrayDataAdapter(x, class_weight=WEIGHTS)


@pytest.mark.parametrize(
    "class_weight, match",
    [([1.0, 2.0], "must be a dict"), ({"a": 1.0}, "keys"), ({0: "high"}, "values")],
)
def test_invalid_class_weight(class_weight, match):
    with pytest.raises(ValueError, match=match):
        ArrayDataAdapter(np.ones((2, 1)), np.zeros(2), class_weight=class_weight)
