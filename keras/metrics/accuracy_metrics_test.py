import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

N, C = 12, 5
SIZES = [5, 4, 3]


def _data(seed=0):
    rng = np.random.default_rng(seed)
    scores = rng.random((N, C)).astype("float32")
    labels = rng.integers(0, C, N).astype("int32")
    # Make some predictions right so accuracies are not all zero.
    labels[::3] = scores[::3].argmax(axis=1)
    weights = rng.uniform(0.1, 2.0, N).astype("float32")
    return scores, labels, weights


def _weighted_mean(per_sample, weights):
    return np.sum(per_sample * weights) / np.sum(weights)


def _top_k_reference(labels, scores, k):
    label_scores = scores[np.arange(len(labels)), labels]
    return ((scores > label_scores[:, None]).sum(axis=1) < k).astype("float32")


def test_accuracy():
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 3, (N, 2)).astype("float32")
    y_pred = rng.integers(0, 3, (N, 2)).astype("float32")
    _, _, weights = _data()
    expected = _weighted_mean((y_true == y_pred).mean(axis=1), weights)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(metrics.Accuracy, batches, expected)


@pytest.mark.parametrize("threshold", [0.5, 0.3])
def test_binary_accuracy(threshold):
    rng = np.random.default_rng(2)
    y_true = rng.integers(0, 2, (N, 3)).astype("float32")
    y_pred = rng.random((N, 3)).astype("float32")
    _, _, weights = _data()
    per_sample = (y_true == (y_pred > threshold)).mean(axis=1)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.BinaryAccuracy(threshold=threshold),
        batches,
        _weighted_mean(per_sample, weights),
    )


def test_binary_accuracy_function_and_rank_alignment():
    result = metrics.binary_accuracy(
        np.array([1.0, 0.0], "float32"), np.array([[0.7], [0.6]], "float32")
    )
    np.testing.assert_allclose(testing.to_numpy(result), [1.0, 0.0])
    with pytest.raises(ValueError, match="`threshold` must be in the open interval"):
        metrics.BinaryAccuracy(threshold=1.0)


def test_categorical_accuracy():
    scores, labels, weights = _data()
    one_hot = np.eye(C, dtype="float32")[labels]
    expected = _weighted_mean(scores.argmax(1) == labels, weights)
    batches = testing.split([one_hot, scores, weights], SIZES)
    testing.check_metric(metrics.CategoricalAccuracy, batches, expected)
    per_sample = metrics.categorical_accuracy(one_hot, scores)
    np.testing.assert_allclose(
        testing.to_numpy(per_sample), scores.argmax(1) == labels
    )


@pytest.mark.parametrize("label_shape", [(N,), (N, 1)])
def test_sparse_categorical_accuracy(label_shape):
    scores, labels, weights = _data()
    expected = _weighted_mean(scores.argmax(1) == labels, weights)
    batches = testing.split([labels.reshape(label_shape), scores, weights], SIZES)
    testing.check_metric(metrics.SparseCategoricalAccuracy, batches, expected)
    labels = labels.reshape(label_shape)
    per_sample = metrics.sparse_categorical_accuracy(labels, scores)
    assert testing.to_numpy(per_sample).shape == label_shape


def test_sparse_categorical_accuracy_sequence():
    rng = np.random.default_rng(4)
    scores = rng.random((4, 6, C)).astype("float32")
    labels = rng.integers(0, C, (4, 6)).astype("int32")
    result = metrics.sparse_categorical_accuracy(labels, scores)
    np.testing.assert_allclose(testing.to_numpy(result), scores.argmax(-1) == labels)


@pytest.mark.parametrize("k", [1, 2, 4])
def test_top_k_categorical_accuracy(k):
    scores, labels, weights = _data()
    one_hot = np.eye(C, dtype="float32")[labels]
    expected = _weighted_mean(_top_k_reference(labels, scores, k), weights)
    batches = testing.split([one_hot, scores, weights], SIZES)
    testing.check_metric(
        lambda: metrics.TopKCategoricalAccuracy(k=k), batches, expected
    )


@pytest.mark.parametrize("k", [1, 3])
def test_sparse_top_k_categorical_accuracy(k):
    scores, labels, weights = _data()
    expected = _weighted_mean(_top_k_reference(labels, scores, k), weights)
    batches = testing.split([labels, scores, weights], SIZES)
    testing.check_metric(
        lambda: metrics.SparseTopKCategoricalAccuracy(k=k), batches, expected
    )


def test_top_k_ties_all_count():
    scores = np.array([[0.5, 0.5, 0.1], [0.2, 0.2, 0.2]], dtype="float32")
    result = metrics.sparse_top_k_categorical_accuracy(
        np.array([1, 2], "int32"), scores, k=1
    )
    np.testing.assert_allclose(testing.to_numpy(result), [1.0, 1.0])


def test_sparse_top_k_from_sorted_ids():
    scores, labels, weights = _data()
    sorted_ids = np.argsort(-scores, axis=1, kind="stable")[:, :3].astype("int32")
    ranks = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1)
    in_top2 = (ranks[np.arange(N), labels] < 2).astype("float32")
    batches = testing.split([labels, sorted_ids, weights], SIZES)
    testing.check_metric(
        lambda: metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
        batches,
        _weighted_mean(in_top2, weights),
    )


def test_default_names_and_configs():
    cases = [
        (metrics.Accuracy(), "accuracy", {}),
        (metrics.BinaryAccuracy(threshold=0.3), "binary_accuracy", {"threshold": 0.3}),
        (metrics.CategoricalAccuracy(), "categorical_accuracy", {}),
        (metrics.SparseCategoricalAccuracy(), "sparse_categorical_accuracy", {}),
        (metrics.TopKCategoricalAccuracy(k=3), "top_k_categorical_accuracy", {"k": 3}),
        (
            metrics.SparseTopKCategoricalAccuracy(k=2, from_sorted_ids=True),
            "sparse_top_k_categorical_accuracy",
            {"k": 2, "from_sorted_ids": True},
        ),
    ]
    for metric, name, extra in cases:
        assert metric.name == name
        assert metric.get_config() == {"name": name, "dtype": "float32", **extra}
        assert metric._direction == "up"
        testing.check_config(metric)
