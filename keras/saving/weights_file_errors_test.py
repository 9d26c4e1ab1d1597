"""Weights files: bad files and arguments, mismatches, safe saving, optimizer state."""

import os
import re

import h5py
import numpy as np
import pytest

import keras
from keras import layers
from keras.backends import active
from keras.saving import weights_file


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def mlp(hidden=3):
    return keras.Sequential(
        [keras.Input((4,)), layers.Dense(hidden, activation="relu"), layers.Dense(2)]
    )


def saved(tmp_path, model=None, name="m.weights.h5"):
    model = model or mlp()
    path = tmp_path / name
    model.save_weights(path)
    return path


class FakeOptimizer:
    """Anything with `variables` and `apply_gradients` is treated as an optimizer."""

    def __init__(self, shapes, name="adam"):
        self.name = name
        self.variables = [keras.Variable(np.zeros(s, "float32")) for s in shapes]

    def apply_gradients(self, grads_and_vars):
        return None


def test_wrong_suffix_is_rejected(tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`.*model\.h5"):
        mlp().save_weights(tmp_path / "model.h5")
    with pytest.raises(ValueError, match="File format not supported"):
        mlp().load_weights(tmp_path / "model.weights.npz")
    with pytest.raises(FileNotFoundError, match="model.h5"):
        mlp().load_weights(tmp_path / "model.h5")
    with pytest.raises(NotImplementedError, match="max_shard_size"):
        mlp().save_weights(tmp_path / "m.weights.h5", max_shard_size=1)
    with pytest.raises(ValueError, match="Invalid keyword arguments"):
        mlp().load_weights(tmp_path / "m.weights.h5", by_nme=True)


def test_missing_file_and_unbuilt_model(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.weights.h5"):
        mlp().load_weights(tmp_path / "nope.weights.h5")
    unbuilt = keras.Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="not yet been built"):
        unbuilt.save_weights(tmp_path / "u.weights.h5")
    with pytest.raises(ValueError, match="not yet been built"):
        weights_file.load_weights(unbuilt, saved(tmp_path))


def test_file_that_is_not_hdf5(tmp_path):
    path = tmp_path / "text.weights.h5"
    path.write_text("print('never run')\n")
    with pytest.raises(ValueError, match="not a readable HDF5 weights file"):
        mlp().load_weights(path)


def test_truncated_file(tmp_path):
    path = saved(tmp_path)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(ValueError, match="not a readable HDF5|truncated|could not be"):
        mlp().load_weights(path)


def test_shape_mismatch_names_the_path_and_both_shapes(tmp_path):
    path = saved(tmp_path, mlp(hidden=5))
    model = mlp(hidden=3)
    before = model.get_weights()
    with pytest.raises(ValueError) as info:
        model.load_weights(path)
    message = str(info.value)
    assert "layers/dense/vars" in message
    assert "(4, 3)" in message and "(4, 5)" in message
    assert "layers/dense_1/vars" in message and "(3, 2)" in message
    # Nothing was assigned: the file is checked before any variable changes.
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(old, new)


def two_heads(units):
    x = keras.Input((4,))
    return keras.Model(x, [layers.Dense(5)(x), layers.Dense(units)(x)])


def test_skip_mismatch_warns_and_loads_the_rest(tmp_path):
    source = two_heads(2)
    path = saved(tmp_path, source)
    target = two_heads(7)
    before = target.layers[2].get_weights()
    with pytest.warns(UserWarning, match=r"layers/dense_1/vars.*\(4, 7\).*\(4, 2\)"):
        target.load_weights(path, skip_mismatch=True)
    loaded = target.layers[1].get_weights()
    for a, b in zip(source.layers[1].get_weights(), loaded):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(before, target.layers[2].get_weights()):
        np.testing.assert_array_equal(a, b)


def test_missing_group_is_named(tmp_path):
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        del f["layers/dense_1"]
    with pytest.raises(ValueError, match="no group 'layers/dense_1/vars' for its 2"):
        mlp().load_weights(path)


def test_wrong_variable_count_and_non_numeric_data(tmp_path):
    path = saved(tmp_path)
    with h5py.File(path, "a") as f:
        del f["layers/dense/vars/1"]
        del f["layers/dense_1/vars/1"]
        f["layers/dense_1/vars"].create_dataset("1", data=np.array([b"x", b"y"]))
    with pytest.raises(ValueError) as info:
        mlp().load_weights(path)
    assert re.search(r"layers/dense/vars.*2 variables.*holds 1", str(info.value))
    assert "weights must be numeric" in str(info.value)


def test_interrupted_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = saved(tmp_path)
    original = path.read_bytes()
    calls = []
    real_write = weights_file._write_array

    def failing_write(group, key, value):
        calls.append(key)
        if len(calls) == 3:
            raise KeyboardInterrupt("simulated interruption")
        real_write(group, key, value)

    monkeypatch.setattr(weights_file, "_write_array", failing_write)
    with pytest.raises(KeyboardInterrupt):
        mlp(hidden=6).save_weights(path)
    assert path.read_bytes() == original
    assert os.listdir(tmp_path) == [path.name]


def test_overwrite_false_refuses_an_existing_file(tmp_path):
    path = saved(tmp_path)
    original = path.read_bytes()
    with pytest.raises(FileExistsError, match="overwrite=False"):
        mlp().save_weights(path, overwrite=False)
    assert path.read_bytes() == original
    fresh = tmp_path / "new.weights.h5"
    mlp().save_weights(fresh, overwrite=False)
    assert fresh.exists()


def test_optimizer_helpers_round_trip(tmp_path):
    source = FakeOptimizer([(), (4, 3), (3,)])
    for i, variable in enumerate(source.variables):
        variable.assign(data(variable.shape, i) if variable.shape else np.float32(7))
    with h5py.File(tmp_path / "o.h5", "w") as f:
        weights_file.save_optimizer_variables(f, source)
    with h5py.File(tmp_path / "o.h5", "r") as f:
        assert sorted(f["optimizer/vars"]) == ["0", "1", "2"]
        assert f["optimizer/vars"].attrs["name"] == "adam"
        target = FakeOptimizer([(), (4, 3), (3,)])
        assert weights_file.load_optimizer_variables(f, target)
        unbuilt = FakeOptimizer([()])
        expected = "has 1 variables whereas the saved optimizer has 3"
        with pytest.warns(UserWarning, match=expected):
            assert not weights_file.load_optimizer_variables(f, unbuilt)
    for a, b in zip(source.variables, target.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_model_optimizer_is_saved_under_optimizer(tmp_path):
    model = mlp()
    model.optimizer = FakeOptimizer([(), (2,)])
    model.optimizer.variables[1].assign(np.array([1.5, -2.0], "float32"))
    path = saved(tmp_path, model)
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(f["optimizer/vars/1"][()], [1.5, -2.0])
    fresh = mlp()
    fresh.optimizer = FakeOptimizer([(), (2,)])
    fresh.load_weights(path, objects_to_skip=[fresh.layers[0]])
    np.testing.assert_array_equal(fresh.optimizer.variables[1].numpy(), [1.5, -2.0])
    assert not np.array_equal(
        fresh.layers[0].get_weights()[0], model.layers[0].get_weights()[0]
    )


def test_bfloat16_variables_are_tagged(tmp_path):
    class Half(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(3,), initializer="ones", dtype="bfloat16")

        def call(self, x):
            return x

    layer = Half()
    try:
        layer.build((None, 3))
        layer.w.assign(np.array([0.5, 1.5, -2.0], "float32"))
    except (TypeError, ValueError, RuntimeError) as error:
        pytest.skip(f"bfloat16 variables unsupported on this backend: {error}")
    model = keras.Sequential([keras.Input((3,)), layer])
    path = saved(tmp_path, model)
    with h5py.File(path, "r") as f:
        assert f["layers/half/vars/0"].attrs["dtype"] == "bfloat16"
    fresh_layer = Half()
    fresh = keras.Sequential([keras.Input((3,)), fresh_layer])
    fresh.load_weights(path)
    values = np.asarray(active.convert_to_numpy(fresh_layer.w.value), "float32")
    np.testing.assert_array_equal(values, [0.5, 1.5, -2.0])
