"""keras.distribution on JAX with 8 host CPU devices in one process: data-parallel
training gives the weights of one-device training, ModelParallel shards the variables
its LayoutMap names and trains, distribute_tensor places as asked, and evaluate/predict
under a distribution equal their one-device results.

JAX must be told to make 8 CPU devices before it starts: this file needs a process of
its own (its Bazel target is not grouped) and sets XLA_FLAGS on import.
"""

import os

_FLAG = "--xla_force_host_platform_device_count=8"
if _FLAG not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {_FLAG}".strip()

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import keras  # noqa: E402
from keras import distribution  # noqa: E402

CPUS = [f"cpu:{i}" for i in range(8)]


@pytest.fixture(autouse=True)
def eight_devices():
    count = distribution.get_device_count("cpu")
    assert count == 8, (
        f"JAX has {count} CPU devices, 8 are needed: run this file in a process of its "
        "own (bazel test //keras/distribution:jax_distribution_test), so that it sets "
        "XLA_FLAGS before JAX starts."
    )
    yield
    distribution.set_distribution(None)


def _data(samples=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((samples, 6)).astype("float32")
    y = rng.standard_normal((samples, 3)).astype("float32")
    return x, y


def _model(weights=None):
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(16, activation="relu", name="d1"),
            keras.layers.BatchNormalization(name="bn"),
            keras.layers.Dense(3, name="d2"),
        ]
    )
    if weights is not None:
        model.set_weights(weights)
    model.compile(keras.optimizers.Adam(0.01), "mse", metrics=["mae"])
    return model


def _shard_shapes(variable):
    return {tuple(s.data.shape) for s in variable.value.addressable_shards}


def test_devices_are_listed_with_their_ids():
    assert distribution.list_devices("cpu") == CPUS
    assert distribution.get_device_count("cpu") == 8
    assert distribution.list_devices("tpu") == []
    with pytest.raises(ValueError, match="`device_type` must be one of"):
        distribution.list_devices("abacus")
    mesh = distribution.DeviceMesh((2,), ["batch"], ["cpu:0", "cpu:99"])
    with pytest.raises(ValueError, match=r"does not have: \['cpu:99'\]"):
        distribution.DataParallel(device_mesh=mesh)


def test_distribute_tensor_places_as_asked():
    mesh = distribution.DeviceMesh((2, 4), ["batch", "model"], CPUS)
    assert dict(mesh.backend_mesh.shape) == {"batch": 2, "model": 4}
    value = np.arange(32, dtype="float32").reshape(4, 8)
    both = distribution.distribute_tensor(value, distribution.TensorLayout(("batch", "model"), mesh))
    assert tuple(both.sharding.spec) == ("batch", "model")
    np.testing.assert_array_equal(np.asarray(both), value)
    # The device at mesh position (1, 2), cpu:6, holds rows 2:4 and columns 4:6.
    shard = next(s for s in both.addressable_shards if s.device.id == 6)
    np.testing.assert_array_equal(np.asarray(shard.data), value[2:4, 4:6])
    columns = distribution.distribute_tensor(value, distribution.TensorLayout((None, "model"), mesh))
    assert {tuple(s.data.shape) for s in columns.addressable_shards} == {(4, 2)}
    assert len(columns.sharding.device_set) == 8
    # Inside a traced function (a compiled step: jax.jit) it constrains the layout of
    # the result.
    layout = distribution.TensorLayout(("batch", None), mesh)
    traced = keras.Model._traced(lambda t: distribution.distribute_tensor(t * 2.0, layout))(
        value
    )
    assert traced.sharding.is_equivalent_to(layout.backend_layout, 2)
    np.testing.assert_allclose(np.asarray(traced), value * 2.0)


def test_data_parallel_fit_matches_one_device_training(monkeypatch):
    x, y = _data()
    reference = _model()
    start = reference.get_weights()
    reference.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)

    data_parallel = distribution.DataParallel(devices=CPUS)
    with data_parallel.scope():
        model = _model(start)
        kernel = model.get_layer("d1").kernel
        assert len(kernel.value.sharding.device_set) == 8
        assert _shard_shapes(kernel) == {(6, 16)}  # replicated
        batches = _record_batches(monkeypatch)
        model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
        # Each batch of 16 (x and y) was split over the 8 devices: 2 rows each.
        assert len(batches) >= 2 * 4 * 3
        assert set(batches) == {frozenset({(2, 6)}), frozenset({(2, 3)})}
        assert len(kernel.value.sharding.device_set) == 8
        assert _shard_shapes(kernel) == {(6, 16)}
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def _record_batches(monkeypatch):
    """Records, for each array the trainer distributes, the set of the shapes of the
    pieces its devices hold."""
    from keras.backends import active

    place = active.distribution.distribute_data_input
    pieces = []

    def spy(data, layout, batch_dim_name):
        placed = place(data, layout, batch_dim_name)
        pieces.append(frozenset(tuple(s.data.shape) for s in placed.addressable_shards))
        return placed

    monkeypatch.setattr(active.distribution, "distribute_data_input", spy)
    return pieces


def test_evaluate_and_predict_under_the_distribution_equal_one_device():
    x, y = _data(samples=60, seed=1)  # the last batch of 12 is not split 8 ways
    reference = _model()
    weights = reference.get_weights()
    want_loss = reference.evaluate(x, y, batch_size=16, verbose=0)
    want = reference.predict(x, batch_size=16, verbose=0)
    distribution.set_distribution(distribution.DataParallel())
    model = _model(weights)
    got_loss = model.evaluate(x, y, batch_size=16, verbose=0)
    got = model.predict(x, batch_size=16, verbose=0)
    assert isinstance(got, np.ndarray) and got.shape == (60, 3)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_loss, want_loss, rtol=1e-5)
    np.testing.assert_allclose(model.predict_on_batch(x[:8]), want[:8], rtol=1e-5, atol=1e-6)


def _layout_map():
    mesh = distribution.DeviceMesh((2, 4), ["batch", "model"], CPUS)
    layout_map = distribution.LayoutMap(mesh)
    # Keys match whole paths; a Sequential's layers are under its name, as in Keras 3
    # ("sequential/d1/kernel").
    layout_map[".*/d1/kernel"] = (None, "model")
    layout_map[".*/d1/bias"] = ("model",)
    layout_map[".*/d2/kernel"] = ("model", None)
    return layout_map


def test_model_parallel_shards_the_named_variables_and_trains():
    x, y = _data()
    reference = _model()
    start = reference.get_weights()
    reference.fit(x, y, batch_size=16, epochs=4, shuffle=False, verbose=0)

    parallel = distribution.ModelParallel(layout_map=_layout_map(), batch_dim_name="batch")
    with parallel.scope():
        model = _model(start)
        d1, d2 = model.get_layer("d1"), model.get_layer("d2")
        want = parallel.layout_map[d1.kernel.path].backend_layout
        assert d1.kernel.value.sharding.is_equivalent_to(want, 2)
        assert tuple(want.spec) == (None, "model")
        assert _shard_shapes(d1.kernel) == {(6, 4)}
        assert _shard_shapes(d1.bias) == {(4,)}
        assert _shard_shapes(d2.kernel) == {(4, 3)}
        assert _shard_shapes(d2.bias) == {(3,)}  # not in the map: replicated
        history = model.fit(x, y, batch_size=16, epochs=4, shuffle=False, verbose=0)
        losses = history.history["loss"]
        assert losses[-1] < losses[0]
        # Training kept the layouts, and assigning keeps them too.
        assert _shard_shapes(d1.kernel) == {(6, 4)}
        assert _shard_shapes(d2.kernel) == {(4, 3)}
        # Adam's slots are laid out as their model variables.
        slots = [v for v in model.optimizer.variables if "d1_kernel" in v.path]
        assert len(slots) == 2
        assert all(_shard_shapes(v) == {(6, 4)} for v in slots)
    for got, want in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    d1.kernel.assign(np.ones((6, 16), "float32"))
    assert _shard_shapes(d1.kernel) == {(6, 4)}
    np.testing.assert_array_equal(d1.kernel.numpy(), np.ones((6, 16)))


def test_model_parallel_layout_must_fit_the_variable():
    layout_map = _layout_map()
    layout_map[".*/d2/bias"] = (None, "model")
    with distribution.ModelParallel(layout_map=layout_map).scope():
        with pytest.raises(ValueError, match="one axis per dimension"):
            _model()
