"""The per-sample functions keras.metrics exports, against NumPy formulas."""

import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

EPS = 1e-7


def _rng(seed):
    return np.random.default_rng(seed)


def _probs(seed, shape=(6, 4)):
    return _rng(seed).uniform(0.05, 0.95, shape).astype("float32")


def _labels(seed, shape=(6, 4)):
    return _rng(seed).integers(0, 2, shape).astype("float32")


def _normal(seed, shape=(6, 4), scale=2.0):
    return (scale * _rng(seed).normal(size=shape)).astype("float32")


def _bce(t, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _binary_focal(t, p, gamma=2.0, alpha=None):
    p_t = t * p + (1 - t) * (1 - p)
    loss = (1 - p_t) ** gamma * _bce(t, p)
    if alpha is not None:
        loss = (t * alpha + (1 - t) * (1 - alpha)) * loss
    return loss.mean(-1)


def _categorical_focal(t, p, alpha=0.25, gamma=2.0):
    p = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS)
    return np.sum(alpha * (1 - p) ** gamma * -t * np.log(p), -1)


def _huber(t, p, delta):
    e = np.abs(p - t)
    return np.mean(np.where(e <= delta, 0.5 * e**2, delta * e - 0.5 * delta**2), -1)


one_hot = np.eye(4, dtype="float32")[_rng(20).integers(0, 4, 6)]

# name -> (function call on the backend, NumPy reference value)
CASES = {
    "huber": (
        lambda: metrics.huber(_normal(1), _normal(2)),
        _huber(_normal(1), _normal(2), 1.0),
    ),
    "huber_delta": (
        lambda: metrics.huber(_normal(1), _normal(2), delta=2.5),
        _huber(_normal(1), _normal(2), 2.5),
    ),
    "log_cosh": (
        lambda: metrics.log_cosh(_normal(3), _normal(4)),
        np.mean(np.log(np.cosh(_normal(4) - _normal(3))), -1),
    ),
    "log_cosh_large": (
        # log(cosh(x)) of large x must not overflow to inf.
        lambda: metrics.log_cosh(
            np.zeros((1, 2), "float32"), np.array([[200.0, -300.0]], "float32")
        ),
        np.array([np.mean([200.0 - np.log(2.0), 300.0 - np.log(2.0)])]),
    ),
    "binary_focal_crossentropy": (
        lambda: metrics.binary_focal_crossentropy(_labels(5), _probs(6)),
        _binary_focal(_labels(5), _probs(6)),
    ),
    "binary_focal_crossentropy_balanced_logits": (
        lambda: metrics.binary_focal_crossentropy(
            _labels(5), _normal(7), apply_class_balancing=True, alpha=0.3, gamma=1.5,
            from_logits=True,
        ),
        _binary_focal(_labels(5), _sigmoid(_normal(7)), gamma=1.5, alpha=0.3),
    ),
    "categorical_focal_crossentropy": (
        lambda: metrics.categorical_focal_crossentropy(one_hot, _probs(8)),
        _categorical_focal(one_hot, _probs(8)),
    ),
    "categorical_focal_crossentropy_logits": (
        lambda: metrics.categorical_focal_crossentropy(
            one_hot, _normal(9), alpha=0.5, gamma=1.0, from_logits=True
        ),
        _categorical_focal(one_hot, _softmax(_normal(9)), alpha=0.5, gamma=1.0),
    ),
    "binary_crossentropy": (
        lambda: metrics.binary_crossentropy(_labels(10), _probs(11)),
        _bce(_labels(10), _probs(11)).mean(-1),
    ),
    "categorical_crossentropy": (
        lambda: metrics.categorical_crossentropy(one_hot, _probs(12)),
        -np.sum(one_hot * np.log(_probs(12) / _probs(12).sum(-1, keepdims=True)), -1),
    ),
    "sparse_categorical_crossentropy_ignore_class": (
        lambda: metrics.sparse_categorical_crossentropy(
            np.array([0, 1, 2, 3, 1, 0], "int32"), _probs(13), ignore_class=1
        ),
        np.where(
            np.array([0, 1, 2, 3, 1, 0]) == 1,
            0.0,
            -np.log(
                (_probs(13) / _probs(13).sum(-1, keepdims=True))[
                    np.arange(6), [0, 1, 2, 3, 1, 0]
                ]
            ),
        ),
    ),
    "mean_absolute_percentage_error": (
        lambda: metrics.mean_absolute_percentage_error(_normal(14), _normal(15)),
        100 * np.mean(np.abs((_normal(14) - _normal(15)) / np.abs(_normal(14))), -1),
    ),
    "mean_squared_logarithmic_error_clips_negatives": (
        lambda: metrics.mean_squared_logarithmic_error(_normal(16), _normal(17)),
        np.mean(
            (
                np.log1p(np.maximum(_normal(16), EPS))
                - np.log1p(np.maximum(_normal(17), EPS))
            )
            ** 2,
            -1,
        ),
    ),
    "kl_divergence_clips": (
        lambda: metrics.kl_divergence(_labels(18), _probs(19)),
        np.sum(
            np.clip(_labels(18), EPS, 1)
            * np.log(np.clip(_labels(18), EPS, 1) / _probs(19)),
            -1,
        ),
    ),
    "squared_hinge": (
        lambda: metrics.squared_hinge(_labels(21), _normal(22)),
        np.mean(np.maximum(1 - (2 * _labels(21) - 1) * _normal(22), 0) ** 2, -1),
    ),
    "poisson": (
        lambda: metrics.poisson(_probs(23), _probs(24)),
        np.mean(_probs(24) - _probs(23) * np.log(_probs(24) + EPS), -1),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_function_matches_numpy(case):
    call, expected = CASES[case]
    np.testing.assert_allclose(testing.to_numpy(call()), expected, rtol=1e-4, atol=1e-5)


def test_functions_give_one_value_per_sample():
    for fn in (
        metrics.mean_squared_error,
        metrics.mean_absolute_error,
        metrics.hinge,
        metrics.categorical_hinge,
        metrics.poisson,
    ):
        result = fn(_probs(1, (3, 5, 2)), _probs(2, (3, 5, 2)))
        assert testing.to_numpy(result).shape == (3, 5)
