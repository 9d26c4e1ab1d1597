import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

EPS = 1e-7
N, C = 14, 4
SIZES = [6, 5, 3]


def _data(seed=0):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, (N, C)).astype("float32")
    y_pred = np.clip(0.4 * y_true + 0.6 * rng.random((N, C)), 0, 1).astype("float32")
    weights = rng.uniform(0.1, 2.0, N).astype("float32")
    return y_true, y_pred, weights


def _fbeta_reference(y_true, y_pred, weights, average, beta, threshold):
    if threshold is None:
        pred = (y_pred >= y_pred.max(-1, keepdims=True)) & (np.abs(y_pred) > 1e-9)
    else:
        pred = y_pred > threshold
    pred = pred.astype("float64")
    w = np.ones(len(y_true)) if weights is None else weights
    w = w[:, None]
    axis = None if average == "micro" else 0
    tp = np.sum(w * pred * y_true, axis=axis)
    fp = np.sum(w * pred * (1 - y_true), axis=axis)
    fn = np.sum(w * (1 - pred) * y_true, axis=axis)
    support = np.sum(w * y_true, axis=axis)
    precision = tp / (tp + fp + EPS)
    recall = tp / (tp + fn + EPS)
    score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall + EPS)
    if average == "weighted":
        return np.sum(score * support / (np.sum(support) + EPS))
    if average is not None:
        return np.mean(score)
    return score


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
@pytest.mark.parametrize("beta", [1.0, 2.0, 0.5])
@pytest.mark.parametrize("threshold", [None, 0.6])
def test_fbeta_matches_numpy(average, beta, threshold):
    y_true, y_pred, weights = _data()
    expected = _fbeta_reference(y_true, y_pred, weights, average, beta, threshold)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.FBetaScore(average=average, beta=beta, threshold=threshold),
        batches,
        expected,
        rtol=1e-4,
    )


@pytest.mark.parametrize("average", [None, "macro"])
def test_f1_is_fbeta_one(average):
    y_true, y_pred, _ = _data(1)
    expected = _fbeta_reference(y_true, y_pred, None, average, 1.0, 0.5)
    batches = testing.split([y_true, y_pred, None], SIZES)
    testing.check_metric(
        lambda: metrics.F1Score(average=average, threshold=0.5), batches, expected
    )


def test_documented_values():
    y_true = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]], "float32")
    y_pred = np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]], "float32")
    f1 = metrics.F1Score(threshold=0.5)
    f1.update_state(y_true, y_pred)
    np.testing.assert_allclose(
        testing.to_numpy(f1.result()), [0.5, 0.8, 0.6666667], rtol=1e-5
    )
    fb = metrics.FBetaScore(beta=2.0, threshold=0.5)
    fb.update_state(y_true, y_pred)
    np.testing.assert_allclose(
        testing.to_numpy(fb.result()), [0.3846154, 0.90909094, 0.8333334], rtol=1e-5
    )


def test_all_zero_row_has_no_positive_prediction():
    m = metrics.F1Score(average="micro")
    y_true = np.array([[1, 0], [0, 1]], "float32")
    m.update_state(y_true, np.array([[0, 0], [0.2, 0.9]], "float32"))
    # Only the second row predicts (class 1, correctly): tp 1, fn 1.
    np.testing.assert_allclose(testing.to_numpy(m.result()), 2 / 3, rtol=1e-5)


def test_errors():
    with pytest.raises(ValueError, match="`average` must be one of"):
        metrics.FBetaScore(average="samples")
    with pytest.raises(ValueError, match="`beta` must be a Python float"):
        metrics.FBetaScore(beta=2)
    with pytest.raises(ValueError, match="`beta` must be > 0"):
        metrics.FBetaScore(beta=-1.0)
    with pytest.raises(ValueError, match="`threshold` must be in \\(0, 1\\]"):
        metrics.F1Score(threshold=1.5)
    with pytest.raises(ValueError, match="`threshold` must be a Python float"):
        metrics.F1Score(threshold=1)
    with pytest.raises(ValueError, match="expects 2D inputs"):
        metrics.F1Score().update_state(np.zeros(3, "float32"), np.zeros(3, "float32"))


def test_configs():
    fb = metrics.FBetaScore(average="macro", beta=0.5, threshold=0.3, name="fb")
    assert fb.get_config() == {
        "name": "fb",
        "dtype": "float32",
        "average": "macro",
        "beta": 0.5,
        "threshold": 0.3,
    }
    testing.check_config(fb)
    f1 = metrics.F1Score(average="weighted")
    assert f1.get_config() == {
        "name": "f1_score",
        "dtype": "float32",
        "average": "weighted",
        "threshold": None,
    }
    testing.check_config(f1)
    assert f1.variables == []
    f1.reset_state()
    assert float(testing.to_numpy(f1.result())) == 0.0
