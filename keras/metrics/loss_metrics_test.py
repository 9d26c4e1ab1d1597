"""Metrics that average a loss: probabilistic, hinge, regression and correlation ones,
each checked against a NumPy formula over weighted batches."""

import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

EPS = 1e-7
N = 12
SIZES = [4, 5, 3]


def _rng(seed):
    return np.random.default_rng(seed)


def _probabilities(seed, shape=(N, 4)):
    p = _rng(seed).uniform(0.05, 0.95, shape).astype("float32")
    return p


def _weights(seed=9):
    return _rng(seed).uniform(0.1, 2.0, N).astype("float32")


def _weighted_mean(per_sample, weights):
    return np.sum(per_sample * weights) / np.sum(weights)


def _bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _cce(t, p):
    p = p / p.sum(axis=-1, keepdims=True)
    return -np.sum(t * np.log(np.clip(p, EPS, 1 - EPS)), axis=-1)


def _hinge_labels(t):
    return 2 * t - 1 if np.all((t == 0) | (t == 1)) else t


def _binary_labels(seed, shape=(N, 4)):
    return _rng(seed).integers(0, 2, shape).astype("float32")


def _one_hot(seed, classes=4):
    return np.eye(classes, dtype="float32")[_rng(seed).integers(0, classes, N)]


def _regression(seed, shape=(N, 3), low=0.1, high=3.0):
    rng = _rng(seed)
    return (
        rng.uniform(low, high, shape).astype("float32"),
        rng.uniform(low, high, shape).astype("float32"),
    )


def _pearson(t, p):
    tc, pc = t - t.mean(-1, keepdims=True), p - p.mean(-1, keepdims=True)
    return np.mean(tc / tc.std(-1, keepdims=True) * pc / pc.std(-1, keepdims=True), -1)


def _ccc(t, p):
    mt, mp = t.mean(-1, keepdims=True), p.mean(-1, keepdims=True)
    cov = 2 * (t - mt) * (p - mp)
    den = t.var(-1, keepdims=True) + p.var(-1, keepdims=True) + (mt - mp) ** 2
    return np.mean(cov / (den + EPS), -1)


def _cosine(t, p):
    tn = t / np.linalg.norm(t, axis=-1, keepdims=True)
    pn = p / np.linalg.norm(p, axis=-1, keepdims=True)
    return np.sum(tn * pn, axis=-1)


# name -> (factory, (y_true, y_pred), per-sample NumPy reference)
CASES = {
    "binary_crossentropy": (
        metrics.BinaryCrossentropy,
        (_binary_labels(1), _probabilities(2)),
        lambda t, p: _bce(t, p).mean(-1),
    ),
    "binary_crossentropy_logits_smoothing": (
        lambda: metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.2),
        (_binary_labels(1), _rng(3).normal(size=(N, 4)).astype("float32")),
        lambda t, p: _bce(t * 0.8 + 0.1, 1 / (1 + np.exp(-p))).mean(-1),
    ),
    "categorical_crossentropy": (
        metrics.CategoricalCrossentropy,
        (_one_hot(4), _probabilities(5)),
        _cce,
    ),
    "categorical_crossentropy_logits_smoothing": (
        lambda: metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
        (_one_hot(4), _rng(6).normal(size=(N, 4)).astype("float32")),
        lambda t, p: _cce(t * 0.9 + 0.1 / 4, _softmax(p)),
    ),
    "kl_divergence": (
        metrics.KLDivergence,
        (_probabilities(7), _probabilities(8)),
        lambda t, p: np.sum(t * np.log(t / p), -1),
    ),
    "poisson": (
        metrics.Poisson,
        _regression(10),
        lambda t, p: np.mean(p - t * np.log(p + EPS), -1),
    ),
    "hinge": (
        metrics.Hinge,
        (_binary_labels(11), _rng(12).normal(size=(N, 4)).astype("float32")),
        lambda t, p: np.mean(np.maximum(1 - _hinge_labels(t) * p, 0), -1),
    ),
    "hinge_signed_labels": (
        metrics.Hinge,
        (2 * _binary_labels(11) - 1, _rng(12).normal(size=(N, 4)).astype("float32")),
        lambda t, p: np.mean(np.maximum(1 - t * p, 0), -1),
    ),
    "squared_hinge": (
        metrics.SquaredHinge,
        (_binary_labels(13), _rng(14).normal(size=(N, 4)).astype("float32")),
        lambda t, p: np.mean(np.maximum(1 - _hinge_labels(t) * p, 0) ** 2, -1),
    ),
    "categorical_hinge": (
        metrics.CategoricalHinge,
        (_one_hot(15), _rng(16).normal(size=(N, 4)).astype("float32")),
        lambda t, p: np.maximum(
            np.max((1 - t) * p, -1) - np.sum(t * p, -1) + 1, 0
        ),
    ),
    "mean_squared_error": (
        metrics.MeanSquaredError,
        _regression(17),
        lambda t, p: np.mean((t - p) ** 2, -1),
    ),
    "mean_absolute_error": (
        metrics.MeanAbsoluteError,
        _regression(18),
        lambda t, p: np.mean(np.abs(t - p), -1),
    ),
    "mean_absolute_percentage_error": (
        metrics.MeanAbsolutePercentageError,
        _regression(19),
        lambda t, p: 100 * np.mean(np.abs((t - p) / t), -1),
    ),
    "mean_squared_logarithmic_error": (
        metrics.MeanSquaredLogarithmicError,
        _regression(20),
        lambda t, p: np.mean((np.log1p(t) - np.log1p(p)) ** 2, -1),
    ),
    "logcosh": (
        metrics.LogCoshError,
        _regression(21, low=-3.0),
        lambda t, p: np.mean(np.log(np.cosh(p - t)), -1),
    ),
    "cosine_similarity": (
        metrics.CosineSimilarity,
        _regression(22, low=-2.0),
        _cosine,
    ),
    "pearson_correlation": (
        metrics.PearsonCorrelation,
        _regression(23, shape=(N, 6)),
        _pearson,
    ),
    "concordance_correlation": (
        metrics.ConcordanceCorrelation,
        _regression(24, shape=(N, 6)),
        _ccc,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_weighted_mean_over_batches(case):
    factory, (y_true, y_pred), reference = CASES[case]
    weights = _weights()
    expected = _weighted_mean(reference(y_true, y_pred), weights)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(factory, batches, expected, rtol=1e-4)


@pytest.mark.parametrize("case", ["mean_squared_error", "hinge", "categorical_hinge"])
def test_unweighted(case):
    factory, (y_true, y_pred), reference = CASES[case]
    expected = reference(y_true, y_pred).mean()
    batches = testing.split([y_true, y_pred, None], SIZES)
    testing.check_metric(factory, batches, expected, rtol=1e-4)


def test_sparse_categorical_crossentropy():
    labels = _rng(30).integers(0, 4, N).astype("int32")
    probs = _probabilities(31)
    weights = _weights()
    expected = _weighted_mean(_cce(np.eye(4)[labels], probs), weights)
    for shape in [(N,), (N, 1)]:
        batches = testing.split([labels.reshape(shape), probs, weights], SIZES)
        testing.check_metric(metrics.SparseCategoricalCrossentropy, batches, expected)
    logits = _rng(32).normal(size=(N, 4)).astype("float32")
    expected = _weighted_mean(_cce(np.eye(4)[labels], _softmax(logits)), weights)
    batches = testing.split([labels, logits, weights], SIZES)
    testing.check_metric(
        lambda: metrics.SparseCategoricalCrossentropy(from_logits=True),
        batches,
        expected,
    )


def test_root_mean_squared_error():
    y_true, y_pred = _regression(33)
    weights = _weights()
    expected = np.sqrt(_weighted_mean(((y_true - y_pred) ** 2).mean(-1), weights))
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(metrics.RootMeanSquaredError, batches, expected)
    # Rank-1 labels against (batch, 1) predictions line up instead of broadcasting.
    m = metrics.RootMeanSquaredError()
    m.update_state(y_true[:, 0], y_pred[:, :1])
    expected = np.sqrt(np.mean((y_true[:, 0] - y_pred[:, 0]) ** 2))
    np.testing.assert_allclose(testing.to_numpy(m.result()), expected, rtol=1e-5)


def test_cosine_similarity_axis():
    y_true, y_pred = _regression(34, shape=(N, 3, 2), low=-1.0)
    m = metrics.CosineSimilarity(axis=1)
    m.update_state(y_true, y_pred)
    tn = y_true / np.linalg.norm(y_true, axis=1, keepdims=True)
    pn = y_pred / np.linalg.norm(y_pred, axis=1, keepdims=True)
    expected = np.sum(tn * pn, axis=1).mean()
    np.testing.assert_allclose(testing.to_numpy(m.result()), expected, rtol=1e-5)


def test_correlation_functions_documented_values():
    y_true = np.array([[0, 1, 0.5], [1, 1, 0.2]], dtype="float32")
    y_pred = np.array([[0.1, 0.9, 0.5], [1, 0.9, 0.2]], dtype="float32")
    ccc = testing.to_numpy(metrics.concordance_correlation(y_true, y_pred))
    np.testing.assert_allclose(ccc, [0.97560976, 0.98765432], rtol=1e-5)
    pearson = testing.to_numpy(metrics.pearson_correlation(y_true, y_pred))
    np.testing.assert_allclose(pearson, _pearson(y_true, y_pred), rtol=1e-5)


NAMES = {
    metrics.BinaryCrossentropy: "binary_crossentropy",
    metrics.CategoricalCrossentropy: "categorical_crossentropy",
    metrics.SparseCategoricalCrossentropy: "sparse_categorical_crossentropy",
    metrics.KLDivergence: "kl_divergence",
    metrics.Poisson: "poisson",
    metrics.Hinge: "hinge",
    metrics.SquaredHinge: "squared_hinge",
    metrics.CategoricalHinge: "categorical_hinge",
    metrics.MeanSquaredError: "mean_squared_error",
    metrics.MeanAbsoluteError: "mean_absolute_error",
    metrics.MeanAbsolutePercentageError: "mean_absolute_percentage_error",
    metrics.MeanSquaredLogarithmicError: "mean_squared_logarithmic_error",
    metrics.RootMeanSquaredError: "root_mean_squared_error",
    metrics.LogCoshError: "logcosh",
    metrics.CosineSimilarity: "cosine_similarity",
    metrics.PearsonCorrelation: "pearson_correlation",
    metrics.ConcordanceCorrelation: "concordance_correlation",
}


@pytest.mark.parametrize("cls", list(NAMES), ids=lambda c: c.__name__)
def test_default_name_and_config(cls):
    metric = cls()
    assert metric.name == NAMES[cls]
    testing.check_config(metric)


def test_configs_keep_arguments():
    bce = metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    assert bce.get_config() == {
        "name": "binary_crossentropy",
        "dtype": "float32",
        "from_logits": True,
        "label_smoothing": 0.1,
    }
    cce = testing.check_config(metrics.CategoricalCrossentropy(axis=1))
    assert cce.axis == 1
    scce = testing.check_config(metrics.SparseCategoricalCrossentropy(from_logits=True))
    assert scce.from_logits is True
    cos = testing.check_config(metrics.CosineSimilarity(axis=0, name="cos"))
    assert (cos.axis, cos.name) == (0, "cos")
