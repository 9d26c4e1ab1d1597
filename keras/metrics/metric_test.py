import numpy as np
import pytest

import keras
from keras import metrics
from keras.metrics import testing


class WeightedTotal(metrics.Metric):
    """Sum of values times a scale, plus a count (a small custom metric)."""

    def __init__(self, scale=1.0, name="weighted_total", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.scale = scale
        self.total = self.add_variable((), "zeros", name="total")
        self.count = self.add_weight(name="count")

    def update_state(self, values):
        values = keras.ops.convert_to_tensor(values, dtype=self.dtype)
        self.total.assign_add(keras.ops.sum(values) * self.scale)
        self.count.assign_add(keras.ops.cast(keras.ops.size(values), self.dtype))

    def result(self):
        return self.total.value / self.count.value

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}


class Pair(metrics.Metric):
    """A metric made of two tracked sub-metrics."""

    def __init__(self, name="pair"):
        super().__init__(name=name)
        self.mean = metrics.Mean(name="inner_mean")
        self.sum = metrics.Sum(name="inner_sum")

    def update_state(self, values):
        self.mean.update_state(values)
        self.sum.update_state(values)

    def result(self):
        return self.sum.result() - self.mean.result()


def test_custom_metric_update_result_reset():
    rng = np.random.default_rng(0)
    a = rng.normal(size=5).astype("float32")
    b = rng.normal(size=(2, 3)).astype("float32")
    m = WeightedTotal(scale=2.0)
    m.update_state(a)
    m.update_state(b)
    expected = 2.0 * (a.sum() + b.sum()) / 11
    np.testing.assert_allclose(testing.to_numpy(m.result()), expected, rtol=1e-5)
    m.reset_state()
    assert [float(v.numpy()) for v in m.variables] == [0.0, 0.0]


def test_variables_order_paths_and_trainability():
    m = WeightedTotal()
    paths = [v.path for v in m.variables]
    assert paths == ["weighted_total/total", "weighted_total/count"]
    assert all(not v.trainable for v in m.variables)
    assert m.variables[0].aggregation == "sum"
    assert m._metric_variables() == m.variables


def test_call_updates_then_returns_result():
    m = WeightedTotal()
    first = m(np.array([1.0, 3.0], "float32"))
    np.testing.assert_allclose(testing.to_numpy(first), 2.0)
    second = m(np.array([8.0], "float32"))
    np.testing.assert_allclose(testing.to_numpy(second), 4.0)


def test_sub_metrics_are_tracked():
    m = Pair()
    assert [v.path for v in m.variables] == [
        "inner_mean/total",
        "inner_mean/count",
        "inner_sum/total",
    ]
    m.update_state(np.array([1.0, 2.0, 3.0], "float32"))
    np.testing.assert_allclose(testing.to_numpy(m.result()), 4.0)
    m.reset_state()
    assert all(float(v.numpy()) == 0.0 for v in m.variables)


def test_stateless_methods_leave_variables_alone():
    m = WeightedTotal(scale=3.0)
    m.update_state(np.array([1.0], "float32"))
    before = [v.numpy().copy() for v in m.variables]
    state = [v.value for v in m.variables]
    state = m.stateless_update_state(state, np.array([2.0, 4.0], "float32"))
    np.testing.assert_allclose([testing.to_numpy(s) for s in state], [21.0, 3.0])
    np.testing.assert_allclose(testing.to_numpy(m.stateless_result(state)), 7.0)
    np.testing.assert_allclose([v.numpy() for v in m.variables], before)
    reset = m.stateless_reset_state()
    assert [float(testing.to_numpy(v)) for v in reset] == [0.0, 0.0]
    np.testing.assert_allclose([v.numpy() for v in m.variables], before)


def test_stateless_update_checks_state_length():
    m = WeightedTotal()
    with pytest.raises(ValueError, match="one value per variable.*got 1"):
        m.stateless_update_state([m.variables[0].value], np.array([1.0], "float32"))
    with pytest.raises(ValueError, match="stateless_result"):
        m.stateless_result([])


def test_default_names_are_unique_snake_case():
    class MyFancyMetric(metrics.Metric):
        pass

    first, second = MyFancyMetric(), MyFancyMetric()
    assert first.name == "my_fancy_metric"
    assert second.name == "my_fancy_metric_1"
    with pytest.raises(NotImplementedError, match="update_state"):
        first.update_state(1.0)
    with pytest.raises(NotImplementedError, match="result"):
        first.result()


def test_uninitialized_subclass_error():
    class Broken(metrics.Metric):
        def __init__(self):
            self.total = self.add_variable((), "zeros")

    with pytest.raises(RuntimeError, match="super\\(\\).__init__"):
        Broken()


def test_bad_name():
    with pytest.raises(ValueError, match="`name` must be a non-empty string"):
        metrics.Mean(name="")


def test_config_round_trip_and_repr():
    m = WeightedTotal(scale=0.5, name="wt", dtype="float32")
    clone = WeightedTotal.from_config(m.get_config())
    assert clone.get_config() == {"name": "wt", "dtype": "float32", "scale": 0.5}
    assert repr(m) == "<WeightedTotal name=wt>"


def test_layer_collects_metric_variables():
    class Tracking(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.seen = metrics.Mean(name="seen")

        def call(self, x):
            self.seen.update_state(x)
            return x

    layer = Tracking()
    paths = [v.path for v in layer.variables]
    assert "seen/total" in paths and "seen/count" in paths
    assert layer.trainable_variables == []


def test_stateless_update_covers_sub_metric_state():
    m = Pair()
    values = np.array([1.0, 2.0, 3.0], "float32")
    state = m.stateless_update_state([v.value for v in m.variables], values)
    np.testing.assert_allclose([testing.to_numpy(s) for s in state], [6.0, 3.0, 6.0])
    np.testing.assert_allclose(testing.to_numpy(m.stateless_result(state)), 4.0)
    assert all(float(v.numpy()) == 0.0 for v in m.variables)
