import numpy as np
import pytest

from keras import metrics
from keras.metrics import testing


def _rng():
    return np.random.default_rng(3)


def _values_batches(shape=(10, 3), weight_shape=(10,)):
    rng = _rng()
    values = rng.normal(size=shape).astype("float32")
    weights = rng.uniform(0, 2, size=weight_shape).astype("float32")
    return values, weights


def _run(metric, values, weights, sizes):
    for batch in testing.split([values, weights], sizes):
        metric.update_state(batch[0], sample_weight=batch[1])
    return testing.to_numpy(metric.result())


@pytest.mark.parametrize("shape", [(10,), (10, 3), (10, 2, 4)])
def test_mean_unweighted_matches_numpy(shape):
    values, _ = _values_batches(shape)
    m = metrics.Mean()
    result = _run(m, values, None, [4, 6])
    per_sample = values.reshape(10, -1).mean(axis=1)
    np.testing.assert_allclose(result, per_sample.mean(), rtol=1e-5)
    assert m.count.numpy() == 10.0


@pytest.mark.parametrize("shape", [(10,), (10, 3), (10, 2, 4)])
def test_mean_weighted_per_sample(shape):
    values, weights = _values_batches(shape)
    result = _run(metrics.Mean(), values, weights, [3, 3, 4])
    per_sample = values.reshape(10, -1).mean(axis=1)
    expected = np.sum(per_sample * weights) / np.sum(weights)
    np.testing.assert_allclose(result, expected, rtol=1e-5)


def test_mean_weights_of_values_shape():
    values, weights = _values_batches((10, 3), (10, 3))
    result = _run(metrics.Mean(), values, weights, [5, 5])
    expected = np.sum(values * weights) / np.sum(weights)
    np.testing.assert_allclose(result, expected, rtol=1e-5)


def test_mean_weights_with_trailing_axis():
    values, weights = _values_batches((10,), (10, 1))
    result = _run(metrics.Mean(), values, weights, [10])
    expected = np.sum(values * weights[:, 0]) / np.sum(weights)
    np.testing.assert_allclose(result, expected, rtol=1e-5)


def test_mean_scalar_counts_one():
    m = metrics.Mean()
    m.update_state(2.0)
    m.update_state(4.0)
    np.testing.assert_allclose(testing.to_numpy(m.result()), 3.0)


def test_mean_empty_is_zero_and_reset():
    m = metrics.Mean(name="my_mean", dtype="float32")
    assert float(testing.to_numpy(m.result())) == 0.0
    m.update_state([1.0, 5.0])
    m.reset_state()
    assert float(testing.to_numpy(m.result())) == 0.0
    assert [v.path for v in m.variables] == ["my_mean/total", "my_mean/count"]
    assert all(not v.trainable for v in m.variables)


@pytest.mark.parametrize("shape", [(10,), (10, 3)])
def test_sum_weighted(shape):
    values, weights = _values_batches(shape)
    result = _run(metrics.Sum(), values, weights, [2, 8])
    expected = np.sum(values.reshape(10, -1).sum(axis=1) * weights)
    np.testing.assert_allclose(result, expected, rtol=1e-5)
    unweighted = _run(metrics.Sum(), values, None, [5, 5])
    np.testing.assert_allclose(unweighted, values.sum(), rtol=1e-5)


def test_sum_call_returns_running_total():
    m = metrics.Sum()
    np.testing.assert_allclose(testing.to_numpy(m([1.0, 2.0])), 3.0)
    np.testing.assert_allclose(testing.to_numpy(m([4.0])), 7.0)


def squared_gap(y_true, y_pred, power=2.0):
    return (y_true - y_pred) ** power


def test_mean_metric_wrapper_matches_numpy():
    rng = _rng()
    y_true = rng.normal(size=(12, 4)).astype("float32")
    y_pred = rng.normal(size=(12, 4)).astype("float32")
    weights = rng.uniform(0, 1, size=(12,)).astype("float32")
    batches = testing.split([y_true, y_pred, weights], [5, 7])
    per_sample = np.mean(np.abs(y_true - y_pred) ** 3, axis=1)
    expected = np.sum(per_sample * weights) / np.sum(weights)

    def factory():
        return metrics.MeanMetricWrapper(
            lambda t, p, power: abs(t - p) ** power, name="gap", power=3.0
        )

    testing.check_metric(factory, batches, expected)


def test_mean_metric_wrapper_config_round_trip():
    import keras

    fn = keras.saving.register_keras_serializable(package="MetricsTest")(squared_gap)
    m = metrics.MeanMetricWrapper(fn, name="gap", power=3.0)
    config = m.get_config()
    assert config["power"] == 3.0 and config["name"] == "gap"
    clone = metrics.MeanMetricWrapper.from_config(config)
    assert clone._fn is fn and clone._fn_kwargs == {"power": 3.0}
    clone.update_state(np.array([1.0, 3.0], "float32"), np.array([0.0, 1.0], "float32"))
    np.testing.assert_allclose(testing.to_numpy(clone.result()), 4.5)


def test_mean_metric_wrapper_rejects_non_callable():
    with pytest.raises(TypeError, match="`fn` must be a callable"):
        metrics.MeanMetricWrapper("not a function")


def test_mean_and_sum_config():
    for metric in (metrics.Mean(name="m", dtype="float32"), metrics.Sum(name="s")):
        clone = testing.check_config(metric)
        assert clone.name == metric.name


def test_mean_dtype_sets_state_dtype():
    m = metrics.Mean(dtype="float16")
    assert m.dtype == "float16"
    assert all(v.dtype == "float16" for v in m.variables)
    m.update_state(np.array([1.0, 2.0], dtype="float32"))
    np.testing.assert_allclose(testing.to_numpy(m.result()), 1.5)
