import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing

N = 15
SIZES = [6, 4, 5]


def _data(outputs=3, seed=0):
    rng = np.random.default_rng(seed)
    scale = np.array([1.0, 3.0, 0.5][:outputs])
    y_true = (rng.normal(size=(N, outputs)) * scale).astype("float32")
    y_pred = (y_true + rng.normal(scale=0.5, size=(N, outputs))).astype("float32")
    weights = rng.uniform(0.2, 2.0, N).astype("float32")
    return y_true, y_pred, weights


def _r2_reference(y_true, y_pred, weights, aggregation="uniform_average", p=0):
    w = weights[:, None]
    mean = np.sum(w * y_true, 0) / np.sum(w, 0)
    total = np.sum(w * (y_true - mean) ** 2, 0)
    residual = np.sum(w * (y_true - y_pred) ** 2, 0)
    scores = 1 - residual / total
    if aggregation == "uniform_average":
        score = scores.mean()
    elif aggregation == "variance_weighted_average":
        score = np.sum(total * scores) / np.sum(total)
    else:
        score = scores
    if p:
        n = y_true.size
        score = 1 - (1 - score) * (n - 1) / (n - p - 1)
    return score


@pytest.mark.parametrize(
    "aggregation", ["uniform_average", "variance_weighted_average", None]
)
def test_r2_matches_numpy(aggregation):
    y_true, y_pred, weights = _data()
    expected = _r2_reference(y_true, y_pred, weights, aggregation)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.R2Score(class_aggregation=aggregation),
        batches,
        expected,
        rtol=1e-4,
        atol=1e-5,
    )


def test_r2_unweighted_one_output_rank_1():
    y_true, y_pred, _ = _data(outputs=1, seed=2)
    expected = _r2_reference(y_true, y_pred, np.ones(N, "float32"))
    batches = testing.split([y_true[:, 0], y_pred[:, 0], None], SIZES)
    testing.check_metric(metrics.R2Score, batches, expected, rtol=1e-4)


def test_adjusted_r2():
    y_true, y_pred, weights = _data(seed=3)
    expected = _r2_reference(y_true, y_pred, weights, p=4)
    batches = testing.split([y_true, y_pred, weights], SIZES)
    testing.check_metric(
        lambda: metrics.R2Score(num_regressors=4), batches, expected, rtol=1e-4
    )


def test_adjusted_r2_falls_back_with_too_many_regressors():
    y_true, y_pred, weights = _data(seed=4)
    m = metrics.R2Score(num_regressors=N * 3)
    m.update_state(y_true, y_pred, sample_weight=weights)
    np.testing.assert_allclose(
        testing.to_numpy(m.result()), _r2_reference(y_true, y_pred, weights), rtol=1e-4
    )


def test_documented_example():
    m = metrics.R2Score()
    m.update_state(
        np.array([[1], [4], [3]], "float32"), np.array([[2], [4], [4]], "float32")
    )
    np.testing.assert_allclose(testing.to_numpy(m.result()), 0.57142854, rtol=1e-5)


def test_errors():
    with pytest.raises(ValueError, match="`class_aggregation` must be one of"):
        metrics.R2Score(class_aggregation="median")
    with pytest.raises(ValueError, match="`num_regressors` must be a non-negative"):
        metrics.R2Score(num_regressors=-1)
    with pytest.raises(ValueError, match="expects 2D inputs"):
        cube = np.zeros((2, 3, 4), "float32")
        metrics.R2Score().update_state(cube, cube)


def test_config_and_reset_before_build():
    m = metrics.R2Score(class_aggregation=None, num_regressors=2, name="r2")
    assert m.get_config() == {
        "name": "r2",
        "dtype": "float32",
        "class_aggregation": None,
        "num_regressors": 2,
    }
    testing.check_config(m)
    assert m.variables == []
    m.reset_state()
    assert float(testing.to_numpy(m.result())) == 0.0
