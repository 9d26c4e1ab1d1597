import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

N, C = 10, 4
SIZES = [4, 3, 3]
THRESHOLDS = [0.0, 0.25, 0.5, 0.8, 1.0]


def _data(seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, (N, C)).astype("float32")
    y_pred = rng.random((N, C)).astype("float32")
    weights = rng.uniform(0.1, 2.0, N).astype("float32")
    return y_true, y_pred, weights


CONDITIONS = [
    (metrics.TruePositives, 0, "true_positives"),
    (metrics.FalsePositives, 1, "false_positives"),
    (metrics.TrueNegatives, 2, "true_negatives"),
    (metrics.FalseNegatives, 3, "false_negatives"),
]


@pytest.mark.parametrize("cls,row,name", CONDITIONS)
@pytest.mark.parametrize("thresholds", [None, 0.3, THRESHOLDS])
def test_condition_counts(cls, row, name, thresholds):
    y_true, y_pred, weights = _data()
    parsed = [0.5] if thresholds is None else np.atleast_1d(thresholds)
    expected = testing.confusion_counts(y_true, y_pred, weights, parsed)[row]
    if not isinstance(thresholds, list):
        expected = expected[0]
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: cls(thresholds=thresholds), batches, expected)
    assert cls().name.startswith(name)


def test_counts_unweighted_rank_1_and_per_element_weights():
    y_true, y_pred, _ = _data(1)
    counts = testing.confusion_counts(y_true.ravel(), y_pred.ravel(), None, [0.5])
    expected = counts[0, 0]
    m = metrics.TruePositives()
    m.update_state(y_true.ravel(), y_pred.ravel())
    np.testing.assert_allclose(testing.to_numpy(m.result()), expected)
    element_weights = np.random.default_rng(2).random((N, C)).astype("float32")
    m = metrics.FalsePositives(thresholds=[0.2, 0.6])
    m.update_state(y_true, y_pred, sample_weight=element_weights)
    pred = y_pred[None] > np.array([0.2, 0.6])[:, None, None]
    expected = np.sum(element_weights * (pred & (y_true == 0)), axis=(1, 2))
    np.testing.assert_allclose(testing.to_numpy(m.result()), expected, rtol=1e-5)


def test_documented_true_positives():
    m = metrics.TruePositives()
    m.update_state(np.array([0, 1, 1, 1], "float32"), np.array([1, 0, 1, 1], "float32"))
    np.testing.assert_allclose(testing.to_numpy(m.result()), 2.0)


@pytest.mark.parametrize("cls,other", [(metrics.Precision, 1), (metrics.Recall, 3)])
@pytest.mark.parametrize("thresholds", [None, THRESHOLDS])
def test_precision_recall(cls, other, thresholds):
    y_true, y_pred, weights = _data(3)
    counts = testing.confusion_counts(y_true, y_pred, weights, thresholds or [0.5])
    expected = testing.safe_ratio(counts[0], counts[0] + counts[other])
    if thresholds is None:
        expected = expected[0]
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: cls(thresholds=thresholds), batches, expected)


def _rate(counts, other):
    return testing.safe_ratio(counts[0, 0], counts[0, 0] + counts[other, 0])


def _top_k_mask(y_pred, k):
    order = np.argsort(-y_pred, axis=-1, kind="stable")
    mask = np.zeros_like(y_pred, dtype=bool)
    np.put_along_axis(mask, order[:, :k], True, axis=-1)
    return mask


@pytest.mark.parametrize("cls,other", [(metrics.Precision, 1), (metrics.Recall, 3)])
def test_precision_recall_top_k_and_class_id(cls, other):
    y_true, y_pred, weights = _data(4)
    filtered = np.where(_top_k_mask(y_pred, 2), y_pred, -1e10)
    counts = testing.confusion_counts(y_true, filtered, weights, [-1e10])
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: cls(top_k=2), batches, _rate(counts, other))
    counts = testing.confusion_counts(y_true[:, 2], y_pred[:, 2], weights, [0.5])
    testing.check_metric(lambda: cls(class_id=2), batches, _rate(counts, other))
    counts = testing.confusion_counts(y_true[:, 1], filtered[:, 1], weights, [0.4])
    testing.check_metric(
        lambda: cls(thresholds=0.4, top_k=2, class_id=1),
        batches,
        _rate(counts, other),
    )


def test_top_k_ties_broken_by_position():
    m = metrics.Precision(top_k=1)
    y_pred = np.array([[0.5, 0.5, 0.1]], "float32")
    m.update_state(np.array([[0, 1, 0]], "float32"), y_pred)
    # Only the first of the tied scores is the top-1 prediction: a false positive.
    np.testing.assert_allclose(testing.to_numpy(m.result()), 0.0)


def test_documented_precision_recall():
    y_true = np.array([0, 1, 1, 1], "float32")
    y_pred = np.array([1, 0, 1, 1], "float32")
    for cls in (metrics.Precision, metrics.Recall):
        m = cls()
        m.update_state(y_true, y_pred)
        np.testing.assert_allclose(testing.to_numpy(m.result()), 2 / 3, rtol=1e-6)


def test_empty_precision_is_zero():
    assert float(testing.to_numpy(metrics.Precision().result())) == 0.0


def test_threshold_errors():
    with pytest.raises(ValueError, match="Threshold values must be in \\[0, 1\\]"):
        metrics.TruePositives(thresholds=1.5)
    with pytest.raises(ValueError, match="invalid: \\[-0.1\\]"):
        metrics.Precision(thresholds=[0.2, -0.1])


def test_configs():
    m = testing.check_config(metrics.FalseNegatives(thresholds=[0.1, 0.9], name="fn"))
    assert m.thresholds == [0.1, 0.9]
    p = metrics.Precision(thresholds=0.3, top_k=2, class_id=1, name="p")
    assert p.get_config() == {
        "name": "p",
        "dtype": "float32",
        "thresholds": 0.3,
        "top_k": 2,
        "class_id": 1,
    }
    testing.check_config(p)
    testing.check_config(metrics.Recall())
    assert [v.path for v in p.variables] == ["p/true_positives", "p/false_positives"]
