"""Normalization: adapt against NumPy's mean/var, the transform and its inverse, a
fit step, saving, a Keras 3.15.1 file, config and argument errors (tf.data:
tf_data_test)."""

import os

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.preprocessing.normalization import Normalization
from keras.layers.testing import run_layer_test
from keras.layers.testing import FIT_GAPS

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _data(shape=(8, 3, 2), seed=0):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=shape) * 3.0 + 1.5).astype("float32")


def _reference(x, axis):
    """NumPy statistics over the axes not kept, shaped to broadcast."""
    keep = () if axis is None else tuple(a % x.ndim for a in np.atleast_1d(axis))
    reduce = tuple(d for d in range(x.ndim) if d not in keep)
    return np.mean(x, axis=reduce, keepdims=True), np.var(x, axis=reduce, keepdims=True)


@pytest.mark.parametrize("axis", [-1, (1, 2), None, 1])
def test_adapt_matches_numpy_mean_and_variance(axis):
    x = _data()
    layer = Normalization(axis=axis)
    layer.adapt(x)
    mean, var = _reference(x, axis)
    np.testing.assert_allclose(layer.mean, mean, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.variance, var, rtol=1e-5, atol=1e-5)
    y = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(y, (x - mean) / np.sqrt(var), rtol=1e-4, atol=1e-4)
    assert [w.name for w in layer.weights] == ["mean", "variance", "count"]


def test_adapt_on_a_tensor_and_weights_are_non_trainable():
    x = _data((6, 4))
    layer = Normalization()
    layer.adapt(ops.convert_to_tensor(x))
    assert len(layer.trainable_weights) == 0
    assert len(layer.non_trainable_weights) == 3
    np.testing.assert_allclose(layer.mean[0], x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.variance[0], x.var(0), rtol=1e-5, atol=1e-6)


def test_given_statistics_with_the_layer_harness():
    x = _data((4, 3))
    mean, var = np.array([1.0, -2.0, 0.5]), np.array([4.0, 0.25, 9.0])
    run_layer_test(
        Normalization,
        init_kwargs={"mean": mean.tolist(), "variance": var.tolist()},
        input_data=x,
        expected_output=((x - mean) / np.sqrt(var)).astype("float32"),
        expected_output_shape=(4, 3),
        supports_masking=True,
        rtol=1e-5,
        atol=1e-5,
    )


def test_invert_round_trips():
    x = _data((5, 3))
    forward = Normalization()
    forward.adapt(x)
    mean, var = _reference(x, -1)
    inverse = Normalization(
        mean=mean[0].tolist(), variance=var[0].tolist(), invert=True
    )
    z = forward(x)
    np.testing.assert_allclose(
        ops.convert_to_numpy(inverse(z)), x, rtol=1e-4, atol=1e-4
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(inverse(np.zeros((1, 3), "float32"))), mean, rtol=1e-5
    )


def test_fit_step_leaves_the_statistics_alone():
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    x = _data((8, 3), seed=5)
    norm = Normalization()
    norm.adapt(x)
    model = keras.Sequential([keras.Input((3,)), norm, keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    kernel = ops.convert_to_numpy(model.layers[-1].kernel).copy()
    history = model.fit(x, x[:, :1], epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert not np.allclose(ops.convert_to_numpy(model.layers[-1].kernel), kernel)
    np.testing.assert_allclose(norm.mean[0], x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(norm.variance[0], x.var(0), rtol=1e-5, atol=1e-6)


def test_save_and_load_keep_the_adapted_statistics(tmp_path):
    x = _data((8, 3), seed=5)
    norm = Normalization()
    norm.adapt(x)
    model = keras.Sequential([keras.Input((3,)), norm, keras.layers.Dense(1)])
    before = ops.convert_to_numpy(model.predict(x, verbose=0))
    path = str(tmp_path / "norm.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    loaded_norm = loaded.layers[0]
    np.testing.assert_allclose(loaded_norm.mean[0], x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loaded_norm.variance[0], x.var(0), rtol=1e-5, atol=1e-6)
    after = ops.convert_to_numpy(loaded.predict(x, verbose=0))
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5)


def test_keras3_file_loads_with_the_same_predictions():
    model = keras.saving.load_model(os.path.join(HERE, "normalization_model.keras"))
    with np.load(os.path.join(HERE, "normalization_expected.npz")) as arrays:
        x, probe, expected = arrays["x"], arrays["probe"], arrays["y"]
    norm = model.layers[0]
    assert type(norm).__name__ == "Normalization"
    np.testing.assert_allclose(norm.mean[0], x.mean(0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(norm.variance[0], x.var(0), rtol=1e-4, atol=1e-5)
    y = ops.convert_to_numpy(model.predict(probe, verbose=0))
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-5)


def test_config_matches_keras_and_round_trips():
    layer = Normalization(axis=(1, 2), invert=True)
    config_ = layer.get_config()
    assert list(config_) == [
        "name", "trainable", "dtype", "axis", "invert", "mean", "variance"
    ]
    assert config_["axis"] == (1, 2)
    assert Normalization.from_config(config_).get_config() == config_
    given = Normalization(mean=[1.0, 2.0], variance=[1.0, 4.0]).get_config()
    assert given["mean"] == [1.0, 2.0] and given["variance"] == [1.0, 4.0]
    assert Normalization(axis=None).get_config()["axis"] == ()


def test_argument_errors():
    with pytest.raises(ValueError, match="`mean` and `variance`.*variance=None"):
        Normalization(mean=[1.0])
    with pytest.raises(ValueError, match="`axis`.*axis='x'"):
        Normalization(axis="x")
    with pytest.raises(ValueError, match=r"`axis`.*\[-2, 2\).*axis=\(5,\)"):
        Normalization(axis=5).build((None, 3))
    with pytest.raises(ValueError, match="known sizes"):
        Normalization(axis=1).build((None, None))
    with pytest.raises(ValueError, match="`steps`.*steps=0"):
        Normalization().adapt(_data((4, 3)), steps=0)
    with pytest.raises(ValueError, match="`adapt` cannot change"):
        Normalization(mean=[0.0], variance=[1.0]).adapt(_data((4, 1)))
