"""Legacy HDF5 model files: Keras 3.15.1's (testdata/legacy_h5, made by the script
there) load here with the same predictions and optimizer state; ours have the Keras 2
layout (root `model_config`/`training_config`, `layer_names`, `weight_names`), round
trip, and load in Keras 3.15.1 when its virtual environment is present."""

import json
import os
import subprocess
import textwrap

import h5py
import numpy as np
import pytest

import keras

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "legacy_h5")
KERAS3 = os.environ.get(
    "KERAS3_PYTHON", os.path.expanduser("~/.cache/keras3-bench-venv/bin/python")
)


def _build(features=4):
    keras.utils.set_random_seed(0)
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, name="in_d")], name="inner")
    inputs = keras.Input((features,))
    x = keras.layers.Dense(3, activation="relu", name="d1")(inputs)
    x = keras.layers.BatchNormalization(name="bn")(x)
    outputs = keras.layers.Dense(2, name="d2")(inner(x))
    return keras.Model(inputs, outputs, name="outer")


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _numpy(value):
    return np.asarray(keras.ops.convert_to_numpy(value))


def test_keras3_legacy_file_loads_with_the_same_predictions():
    data = np.load(os.path.join(HERE, "keras3_legacy.npz"))
    model = keras.saving.load_model(os.path.join(HERE, "keras3_legacy.h5"))
    np.testing.assert_allclose(model.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)
    assert int(_numpy(model.optimizer.iterations)) == int(data["iterations"])
    assert [layer.name for layer in model.layers][1:] == ["d1", "bn", "inner", "d2"]
    # The weights alone, into a model built here: from the model file and from a
    # Keras 2-style weights-only file.
    for name in ("keras3_legacy.h5", "keras3_legacy_weights.h5"):
        fresh = _build()
        fresh.load_weights(os.path.join(HERE, name))
        np.testing.assert_allclose(fresh.predict(data["x"], verbose=0), data["y"], rtol=1e-5, atol=1e-6)


def test_our_file_has_the_keras2_layout_and_round_trips(tmp_path):
    model = _build()
    model.compile("adam", "mse")
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    path = str(tmp_path / "m.h5")
    with pytest.warns(UserWarning, match="legacy"):
        model.save(path)
    with h5py.File(path, "r") as f:
        config = json.loads(f.attrs["model_config"])
        assert config["class_name"] == "Functional" and "module" not in config
        assert "optimizer_config" in json.loads(f.attrs["training_config"])
        names = [_text(n) for n in f["model_weights"].attrs["layer_names"]]
        assert names[1:] == ["d1", "bn", "inner", "d2"]
        weight_names = [_text(n) for n in f["model_weights"]["bn"].attrs["weight_names"]]
        assert weight_names == ["bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"]
        assert f["model_weights"]["inner"]["inner"]["in_d"]["kernel"].shape == (3, 3)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
    assert loaded.optimizer is not None


def test_errors(tmp_path):
    model = _build()
    with pytest.raises(ValueError, match="no model config"):
        keras.saving.load_model(os.path.join(HERE, "keras3_legacy_weights.h5"))
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, name="d1")])
    with pytest.raises(ValueError, match="holds weights for 4 layers, but the model"):
        other.load_weights(os.path.join(HERE, "keras3_legacy_weights.h5"))
    wider = _build(features=6)
    before = [_numpy(v) for v in wider.weights]
    with pytest.raises(ValueError, match=r"Layer 'd1' of the model expects weights of shapes \[\(6, 3\)"):
        wider.load_weights(os.path.join(HERE, "keras3_legacy_weights.h5"))
    # Nothing was assigned.
    for value, variable in zip(before, wider.weights):
        np.testing.assert_array_equal(_numpy(variable), value)
    with pytest.raises(FileNotFoundError):
        model.load_weights(str(tmp_path / "missing.h5"))


@pytest.mark.skipif(
    not os.path.exists(KERAS3),
    reason="needs the real Keras 3 in a separate virtual environment (KERAS3_PYTHON)",
)
def test_our_file_loads_in_keras3(tmp_path):
    model = _build()
    model.compile("adam", "mse")
    x = np.random.default_rng(1).normal(size=(8, 4)).astype("float32")
    path = str(tmp_path / "ours.h5")
    model.save(path)
    np.save(str(tmp_path / "x.npy"), x)
    np.save(str(tmp_path / "y.npy"), model.predict(x, verbose=0))
    script = textwrap.dedent(
        f"""
        import numpy as np, keras
        # compile=False: Keras 3.15.1 cannot compile from the training_config of a
        # legacy file, its own included (its loader fails on the optimizer/loss).
        model = keras.saving.load_model({path!r}, compile=False)
        got = model.predict(np.load("x.npy"), verbose=0)
        assert np.abs(got - np.load("y.npy")).max() < 1e-5
        print("same outputs")
        """
    )
    env = dict(os.environ, KERAS_BACKEND="numpy")
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [KERAS3, "-c", script], cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300
    )
    assert "same outputs" in result.stdout, result.stderr[-3000:]
