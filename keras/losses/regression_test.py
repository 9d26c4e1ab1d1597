"""Regression losses against NumPy references: functions, classes, configs."""

import numpy as np
import pytest

import keras
from keras import losses
from keras.ops import testing

EPSILON = 1e-7
SHAPES = [(6,), (6, 4), (6, 3, 4)]


def ref_mse(t, p):
    return np.mean((t - p) ** 2, axis=-1)


def ref_mae(t, p):
    return np.mean(np.abs(t - p), axis=-1)


def ref_mape(t, p):
    return 100 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), EPSILON)), axis=-1)


def ref_msle(t, p):
    first = np.log(np.maximum(p, EPSILON) + 1)
    second = np.log(np.maximum(t, EPSILON) + 1)
    return np.mean((first - second) ** 2, axis=-1)


def ref_log_cosh(t, p):
    return np.mean(np.log(np.cosh(p - t)), axis=-1)


def ref_huber(t, p, delta=1.0):
    e = np.abs(p - t)
    quadratic, linear = 0.5 * e**2, delta * e - 0.5 * delta**2
    return np.mean(np.where(e <= delta, quadratic, linear), axis=-1)


def ref_cosine(t, p, axis=-1):
    tn = t / np.linalg.norm(t, axis=axis, keepdims=True)
    pn = p / np.linalg.norm(p, axis=axis, keepdims=True)
    return -np.sum(tn * pn, axis=axis)


CASES = [
    (losses.mean_squared_error, losses.MeanSquaredError, ref_mse),
    (losses.mean_absolute_error, losses.MeanAbsoluteError, ref_mae),
    (
        losses.mean_absolute_percentage_error,
        losses.MeanAbsolutePercentageError,
        ref_mape,
    ),
    (
        losses.mean_squared_logarithmic_error,
        losses.MeanSquaredLogarithmicError,
        ref_msle,
    ),
    (losses.log_cosh, losses.LogCosh, ref_log_cosh),
    (losses.huber, losses.Huber, ref_huber),
    (losses.cosine_similarity, losses.CosineSimilarity, ref_cosine),
]
IDS = [case[0].__name__ for case in CASES]


def inputs(shape, seed=0):
    y_true = testing.random_array(shape, seed=seed, low=-2.0, high=3.0)
    y_pred = testing.random_array(shape, seed=seed + 1, low=-2.0, high=3.0)
    return y_true, y_pred


@pytest.mark.parametrize("function, cls, reference", CASES, ids=IDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_function_matches_numpy(function, cls, reference, shape):
    y_true, y_pred = inputs(shape)
    expected = reference(y_true.astype("float64"), y_pred.astype("float64"))
    testing.assert_close(
        function(y_true, y_pred), expected.astype("float32"), rtol=1e-4, atol=1e-5
    )


@pytest.mark.parametrize("function, cls, reference", CASES, ids=IDS)
@pytest.mark.parametrize("reduction", ["sum_over_batch_size", "sum", None])
def test_class_reduces_weighted_losses(function, cls, reference, reduction):
    y_true, y_pred = inputs((6, 3, 4), seed=5)
    weights = testing.random_array((6,), seed=7, low=0.0, high=2.0)
    per_sample = reference(y_true.astype("float64"), y_pred.astype("float64"))
    weighted = per_sample * weights[:, None]
    expected = {
        "sum_over_batch_size": weighted.sum() / weighted.size,
        "sum": weighted.sum(),
        None: weighted,
    }[reduction]
    result = cls(reduction=reduction)(y_true, y_pred, sample_weight=weights)
    testing.assert_close(result, np.asarray(expected, "float32"), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("function, cls, reference", CASES, ids=IDS)
def test_class_config_round_trip(function, cls, reference):
    loss = cls(reduction="sum", name="custom")
    config = loss.get_config()
    assert config["name"] == "custom" and config["reduction"] == "sum"
    assert "fn" not in config
    again = cls.from_config(config)
    assert again.get_config() == config
    y_true, y_pred = inputs((4, 3), seed=9)
    testing.assert_close(again(y_true, y_pred), loss(y_true, y_pred))


def test_default_names():
    assert losses.MeanSquaredError().name == "mean_squared_error"
    assert losses.Huber().name == "huber_loss"
    assert losses.LogCosh().name == "log_cosh"
    assert losses.CosineSimilarity().name == "cosine_similarity"
    assert losses.MeanAbsolutePercentageError().name == (
        "mean_absolute_percentage_error"
    )


@pytest.mark.parametrize("delta", [0.25, 2.0])
def test_huber_delta(delta):
    y_true, y_pred = inputs((5, 4), seed=11)
    expected = ref_huber(y_true, y_pred, delta).mean()
    testing.assert_close(
        losses.Huber(delta=delta)(y_true, y_pred), np.float32(expected), rtol=1e-5
    )
    assert losses.Huber(delta=delta).get_config()["delta"] == delta


@pytest.mark.parametrize("delta", [-1.0, "1", float("nan")])
def test_huber_rejects_bad_delta(delta):
    with pytest.raises(ValueError, match="`delta` must be a non-negative"):
        losses.Huber(delta=delta)


@pytest.mark.parametrize("axis", [0, 1])
def test_cosine_similarity_axis(axis):
    y_true, y_pred = inputs((5, 4), seed=13)
    testing.assert_close(
        losses.cosine_similarity(y_true, y_pred, axis=axis),
        ref_cosine(y_true, y_pred, axis).astype("float32"),
        rtol=1e-5,
    )
    loss = losses.CosineSimilarity(axis=axis)
    assert loss.get_config()["axis"] == axis
    testing.assert_close(
        loss(y_true, y_pred), np.float32(ref_cosine(y_true, y_pred, axis).mean())
    )


def test_cosine_similarity_of_a_zero_vector_is_zero():
    y_true, y_pred = np.zeros((1, 3), "float32"), np.ones((1, 3), "float32")
    result = losses.cosine_similarity(y_true, y_pred)
    testing.assert_close(result, np.zeros(1, "float32"))


def test_log_cosh_does_not_overflow():
    y_pred = np.array([[200.0, -200.0]], "float32")
    result = losses.log_cosh(np.zeros((1, 2), "float32"), y_pred)
    testing.assert_close(result, np.array([200.0 - np.log(2.0)], "float32"), rtol=1e-6)


def test_labels_of_rank_one_less_with_trailing_axis():
    y_true = testing.random_array((6,), seed=15)
    y_pred = testing.random_array((6, 1), seed=16)
    result = losses.mean_squared_error(y_true, y_pred)
    testing.assert_close(result, ((y_true - y_pred[:, 0]) ** 2).astype("float32"))


def test_integer_inputs_compute_in_floatx():
    y_true, y_pred = np.array([[1, 2]], "int32"), np.array([[2, 4]], "int32")
    result = losses.mean_absolute_error(y_true, y_pred)
    assert keras.backend.standardize_dtype(result.dtype) == keras.config.floatx()
    testing.assert_close(result, np.array([1.5], "float32"))
