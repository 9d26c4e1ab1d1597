import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

EPS = 1e-7
N = 30
SIZES = [12, 10, 8]


def _data(seed=0, shape=(N,)):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, shape).astype("float32")
    y_pred = np.clip(0.3 * y_true + 0.7 * rng.random(shape), 0, 1).astype("float32")
    weights = rng.uniform(0.1, 2.0, shape[0]).astype("float32")
    return y_true, y_pred, weights


def _thresholds(num_thresholds):
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [-EPS] + inner + [1 + EPS]


def _riemann(x, y, method):
    """Area of the curve through (x, y), x falling, with the given heights."""
    if method == "interpolation":
        heights = (y[:-1] + y[1:]) / 2
    elif method == "minoring":
        heights = np.minimum(y[:-1], y[1:])
    else:
        heights = np.maximum(y[:-1], y[1:])
    return np.sum((x[:-1] - x[1:]) * heights, axis=0)


def _interpolated_pr(tp, fp, fn):
    """Davis & Goadrich: precision integrated over recall between each pair of
    thresholds, assuming tp grows linearly with the number of positive predictions."""
    total = 0.0
    for i in range(len(tp) - 1):
        p0, p1 = tp[i] + fp[i], tp[i + 1] + fp[i + 1]
        d_tp, d_p = tp[i] - tp[i + 1], p0 - p1
        if d_p <= 0 or tp[i + 1] + fn[i + 1] <= 0:
            continue
        slope = d_tp / d_p
        intercept = tp[i + 1] - slope * p1
        ratio = p0 / p1 if (p0 > 0 and p1 > 0) else 1.0
        total += slope * (d_tp + intercept * np.log(ratio)) / (tp[i + 1] + fn[i + 1])
    return total


def _auc_reference(y_true, y_pred, weights, thresholds, curve, method):
    tp, fp, tn, fn = testing.confusion_counts(y_true, y_pred, weights, thresholds)
    if curve == "PR" and method == "interpolation":
        return _interpolated_pr(tp, fp, fn)
    recall = testing.safe_ratio(tp, tp + fn)
    if curve == "ROC":
        return _riemann(testing.safe_ratio(fp, fp + tn), recall, method)
    return _riemann(recall, testing.safe_ratio(tp, tp + fp), method)


@pytest.mark.parametrize("curve", ["ROC", "PR"])
@pytest.mark.parametrize("method", ["interpolation", "minoring", "majoring"])
@pytest.mark.parametrize("num_thresholds", [200, 9])
def test_matches_numpy(curve, method, num_thresholds):
    y_true, y_pred, weights = _data()
    expected = _auc_reference(
        y_true, y_pred, weights, _thresholds(num_thresholds), curve, method
    )
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.AUC(num_thresholds, curve=curve, summation_method=method),
        batches,
        expected,
        rtol=1e-4,
    )


def _exact_roc_auc(y_true, y_pred, weights):
    """P(score of a positive > score of a negative), weighted; ties count half."""
    pos, neg = y_true == 1, y_true == 0
    diff = y_pred[pos][:, None] - y_pred[neg][None, :]
    pair_weights = weights[pos][:, None] * weights[neg][None, :]
    wins = (diff > 0) + 0.5 * (diff == 0)
    return np.sum(pair_weights * wins) / np.sum(pair_weights)


def test_roc_approaches_exact_rank_auc():
    y_true, y_pred, weights = _data(1, shape=(200,))
    m = metrics.AUC(num_thresholds=2000)
    m.update_state(y_true, y_pred, sample_weight=weights)
    exact = _exact_roc_auc(y_true, y_pred, weights)
    np.testing.assert_allclose(testing.to_numpy(m.result()), exact, atol=2e-3)


def test_documented_example_and_logits():
    y_true = np.array([0, 0, 1, 1], "float32")
    y_pred = np.array([0, 0.5, 0.3, 0.9], "float32")
    m = metrics.AUC(num_thresholds=3)
    m.update_state(y_true, y_pred)
    np.testing.assert_allclose(testing.to_numpy(m.result()), 0.75, rtol=1e-6)
    logits = np.log(y_pred.clip(1e-6, 1 - 1e-6) / (1 - y_pred.clip(1e-6, 1 - 1e-6)))
    m = metrics.AUC(num_thresholds=3, from_logits=True)
    m.update_state(y_true, logits)
    np.testing.assert_allclose(testing.to_numpy(m.result()), 0.75, rtol=1e-5)


def test_explicit_thresholds():
    y_true, y_pred, weights = _data(2)
    inner = [0.7, 0.2, 0.45]
    expected = _auc_reference(
        y_true, y_pred, weights, [-EPS, 0.2, 0.45, 0.7, 1 + EPS], "ROC", "interpolation"
    )
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(lambda: metrics.AUC(thresholds=inner), batches, expected)
    m = metrics.AUC(thresholds=inner)
    assert m.num_thresholds == 5
    np.testing.assert_allclose(m.thresholds, [-EPS, 0.2, 0.45, 0.7, 1 + EPS])


@pytest.mark.parametrize("label_weights", [None, [0.2, 1.0, 3.0]])
@pytest.mark.parametrize("num_labels", [None, 3])
def test_multi_label(label_weights, num_labels):
    y_true, y_pred, weights = _data(3, shape=(N, 3))
    thresholds = _thresholds(50)
    def per_label(curve):
        return [
            _auc_reference(
                y_true[:, i], y_pred[:, i], weights, thresholds, curve, "interpolation"
            )
            for i in range(3)
        ]

    roc_per_label = np.array(per_label("ROC"))
    if label_weights is None:
        expected = roc_per_label.mean()
    else:
        expected = np.sum(roc_per_label * label_weights) / np.sum(label_weights)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.AUC(
            50, multi_label=True, num_labels=num_labels, label_weights=label_weights
        ),
        batches,
        expected,
        rtol=1e-4,
    )
    m = metrics.AUC(50, curve="PR", multi_label=True, num_labels=3)
    testing.run_batches(m, batches)
    np.testing.assert_allclose(
        testing.to_numpy(m.result()), np.mean(per_label("PR")), rtol=1e-4
    )


def test_pooled_label_weights():
    y_true, y_pred, weights = _data(4, shape=(N, 2))
    label_weights = np.array([0.5, 2.0], "float32")
    thresholds = _thresholds(40)
    # Pooled: every entry is a sample whose weight is sample weight x label weight.
    flat_weights = (weights[:, None] * label_weights[None, :]).ravel()
    expected = _auc_reference(
        y_true.ravel(), y_pred.ravel(), flat_weights, thresholds, "ROC", "interpolation"
    )
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.AUC(40, label_weights=label_weights),
        batches,
        expected,
        rtol=1e-4,
    )


def test_errors():
    with pytest.raises(ValueError, match="`curve` must be one of"):
        metrics.AUC(curve="XYZ")
    with pytest.raises(ValueError, match="`summation_method` must be one of"):
        metrics.AUC(summation_method="trapezoid")
    with pytest.raises(ValueError, match="`num_thresholds` must be an integer > 1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="Threshold values must be in"):
        metrics.AUC(thresholds=[0.5, 2.0])
    with pytest.raises(ValueError, match="`label_weights` must be non-negative"):
        metrics.AUC(label_weights=[1.0, -1.0])
    with pytest.raises(ValueError, match="expects 2D inputs"):
        metrics.AUC(multi_label=True).update_state(
            np.zeros((2, 3, 4), "float32"), np.zeros((2, 3, 4), "float32")
        )


def test_config_round_trip():
    m = metrics.AUC(
        num_thresholds=10,
        curve="pr",
        summation_method="majoring",
        name="my_auc",
        multi_label=True,
        num_labels=2,
        label_weights=[1.0, 2.0],
        from_logits=True,
    )
    config = m.get_config()
    assert config["curve"] == "PR" and config["label_weights"] == [1.0, 2.0]
    assert len(config["thresholds"]) == 8
    clone = testing.check_config(m)
    np.testing.assert_allclose(clone.thresholds, m.thresholds)
    assert metrics.AUC().name.startswith("auc")
    lazy = metrics.AUC(multi_label=True)
    assert lazy.variables == []
    lazy.reset_state()
    assert float(testing.to_numpy(lazy.result())) == 0.0
