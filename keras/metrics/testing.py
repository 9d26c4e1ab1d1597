"""Helpers of the metric tests: batches, stateless and compiled updates, configs."""

import numpy as np

from keras.backends import active
from keras.models import Model


def to_numpy(x):
    return np.asarray(active.convert_to_numpy(x))


def split(arrays, sizes):
    """Cuts each array (or None) of `arrays` along axis 0 into batches of `sizes`."""
    bounds = np.cumsum([0] + list(sizes))
    batches = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        batches.append(tuple(None if a is None else a[start:stop] for a in arrays))
    return batches


def run_batches(metric, batches):
    """Updates `metric` with each `(y_true, y_pred, sample_weight)` batch; returns
    the result as a NumPy array."""
    for y_true, y_pred, sample_weight in batches:
        metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    return to_numpy(metric.result())


def check_metric(factory, batches, expected, rtol=1e-5, atol=1e-6):
    """The accumulated result matches `expected`; reset gives the initial result; the
    stateless updates, eager and compiled, agree."""
    metric = factory()
    initial = to_numpy(metric.result()) if metric.variables else None
    np.testing.assert_allclose(run_batches(metric, batches), expected, rtol, atol)
    metric.reset_state()
    if initial is not None:
        np.testing.assert_allclose(to_numpy(metric.result()), initial, equal_nan=True)
        for variable in metric.variables:
            assert not np.any(variable.numpy()), f"{variable.path} not reset"
    # A second round after the reset gives the same result.
    np.testing.assert_allclose(run_batches(metric, batches), expected, rtol, atol)
    check_stateless(factory, batches, expected, rtol, atol)
    check_compiled(factory, batches, expected, rtol, atol)


def _built(factory, batches):
    """A metric whose (possibly lazily created) state exists, with zero values."""
    metric = factory()
    y_true, y_pred, sample_weight = batches[0]
    metric.update_state(y_true, y_pred, sample_weight=sample_weight)
    metric.reset_state()
    return metric


def check_stateless(factory, batches, expected, rtol=1e-5, atol=1e-6):
    """stateless_update_state / stateless_result reproduce the stateful result and
    leave the variables untouched; stateless_reset_state gives zeros."""
    metric = _built(factory, batches)
    state = [v.value for v in metric.variables]
    for y_true, y_pred, sample_weight in batches:
        state = metric.stateless_update_state(
            state, y_true, y_pred, sample_weight=sample_weight
        )
    for variable in metric.variables:
        assert not np.any(variable.numpy()), f"{variable.path} changed"
    result = to_numpy(metric.stateless_result(state))
    np.testing.assert_allclose(result, expected, rtol, atol)
    for value in metric.stateless_reset_state():
        assert not np.any(to_numpy(value))


def check_compiled(factory, batches, expected, rtol=1e-5, atol=1e-6):
    """The stateless update and result, compiled as the backend's trainer compiles its
    steps (`jax.jit` on JAX, `tf.function` on TensorFlow; eager elsewhere), give
    `expected`."""
    metric = _built(factory, batches)
    eager_update = metric.stateless_update_state
    update = Model._traced(eager_update)
    if update is eager_update:
        return  # nothing compiled: check_stateless ran this already
    state = [v.value for v in metric.variables]
    for y_true, y_pred, sample_weight in batches:
        state = update(state, y_true, y_pred, sample_weight=sample_weight)
    result = to_numpy(Model._traced(metric.stateless_result)(state))
    np.testing.assert_allclose(result, expected, rtol, atol)


def check_config(metric):
    """from_config(get_config()) rebuilds an equal config; serialize round-trips."""
    from keras.metrics import lookup

    config = metric.get_config()
    clone = type(metric).from_config(config)
    assert clone.get_config() == config
    restored = lookup.deserialize(lookup.serialize(metric))
    assert type(restored) is type(metric)
    assert restored.get_config() == config
    return clone


def safe_ratio(a, b):
    """a / b, 0 where b is 0 (as ops.divide_no_nan), in NumPy."""
    b = np.asarray(b)
    return np.where(b == 0, 0.0, np.asarray(a) / np.where(b == 0, 1.0, b))


def confusion_counts(y_true, y_pred, weights, thresholds):
    """NumPy reference: `(4, T)` weighted tp, fp, tn, fn where `y_pred > t` is positive
    and a non-zero label is positive; `weights` has one entry per sample (or None)."""
    if weights is None:
        weights = np.ones(len(y_pred))
    w = np.broadcast_to(weights.reshape(-1, *([1] * (y_pred.ndim - 1))), y_pred.shape)
    actual = y_true != 0
    rows = []
    for t in thresholds:
        pred = y_pred > t
        rows.append(
            [
                np.sum(w * (actual & pred)),
                np.sum(w * (~actual & pred)),
                np.sum(w * (~actual & ~pred)),
                np.sum(w * (actual & ~pred)),
            ]
        )
    return np.array(rows).T
