"""BatchNormalization against NumPy: training and inference values, moving statistics
(after direct calls and after fit), masks, trainable=False, renorm, configs."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.backends import active
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.testing import run_layer_test

TRAINS = active.name in ("jax", "torch", "tensorflow")


def _data(shape, seed=0):
    return (np.random.default_rng(seed).normal(size=shape) * 2 + 1).astype("float32")


def _reference(x, axis, mean, variance, gamma=None, beta=None, epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = -1
    out = (x - mean.reshape(shape)) / np.sqrt(variance.reshape(shape) + epsilon)
    if gamma is not None:
        out = out * gamma.reshape(shape)
    if beta is not None:
        out = out + beta.reshape(shape)
    return out


@pytest.mark.parametrize("axis,shape", [(-1, (4, 5)), (-1, (3, 4, 6)), (1, (2, 3, 5, 5))])
def test_layer_test_in_inference(axis, shape):
    run_layer_test(
        BatchNormalization,
        init_kwargs={"axis": axis},
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=2,
        expected_num_non_trainable_variables=2,
        supports_masking=True,
    )


@pytest.mark.parametrize("axis", [-1, 1])
def test_training_call_normalizes_with_batch_statistics_and_updates_moving_ones(axis):
    x = _data((6, 3, 4))
    layer = BatchNormalization(axis=axis, momentum=0.8)
    layer.build(x.shape)
    gamma = np.linspace(0.5, 1.5, x.shape[axis]).astype("float32")
    beta = np.linspace(-1, 1, x.shape[axis]).astype("float32")
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    out = ops.convert_to_numpy(layer(x, training=True))
    axes = tuple(a for a in range(3) if a != axis % 3)
    mean, variance = x.mean(axes), x.var(axes)
    np.testing.assert_allclose(
        out, _reference(x, axis, mean, variance, gamma, beta), rtol=1e-4, atol=1e-5
    )
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_mean), 0.2 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer.moving_variance), 0.8 + 0.2 * variance, rtol=1e-5
    )
    # Inference uses the moving statistics.
    inference = ops.convert_to_numpy(layer(x, training=False))
    expected = _reference(
        x, axis, 0.2 * mean, 0.8 + 0.2 * variance, gamma, beta
    )
    np.testing.assert_allclose(inference, expected, rtol=1e-4, atol=1e-5)


def test_masked_steps_are_left_out_of_the_statistics():
    x = _data((4, 5, 3))
    mask = np.random.default_rng(1).random((4, 5)) > 0.3
    layer = BatchNormalization(momentum=0.0)
    out = ops.convert_to_numpy(layer(x, training=True, mask=mask))
    kept = x[mask]
    mean, variance = kept.mean(0), kept.var(0)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_mean), mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_variance), variance, rtol=1e-4)
    np.testing.assert_allclose(out, _reference(x, -1, mean, variance), rtol=1e-4, atol=1e-5)


def test_a_frozen_layer_runs_in_inference_mode_even_in_training():
    x = _data((8, 3))
    layer = BatchNormalization()
    layer.build(x.shape)
    layer.moving_mean.assign(np.array([1.0, -1.0, 0.5], "float32"))
    layer.moving_variance.assign(np.array([2.0, 0.5, 1.0], "float32"))
    layer.trainable = False
    out = ops.convert_to_numpy(layer(x, training=True))
    expected = _reference(x, -1, np.array([1.0, -1.0, 0.5]), np.array([2.0, 0.5, 1.0]))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_mean), [1.0, -1.0, 0.5])


def test_float16_inputs_are_normalized_in_float32():
    x = _data((16, 4))
    layer = BatchNormalization(dtype="mixed_float16")
    out = layer(x.astype("float16"), training=True)
    assert ops.dtype(out) == "float16"
    mean, variance = x.astype("float16").astype("float32").mean(0), x.astype(
        "float16"
    ).astype("float32").var(0)
    np.testing.assert_allclose(
        ops.convert_to_numpy(out).astype("float32"),
        _reference(x.astype("float16").astype("float32"), -1, mean, variance),
        rtol=1e-2,
        atol=1e-2,
    )
    assert ops.dtype(layer.moving_mean) == "float32"


@pytest.mark.skipif(not TRAINS, reason=f"the {active.name} backend does not train")
def test_moving_statistics_after_fit_match_numpy():
    # One epoch of fit over 3 batches: the moving statistics follow each batch's
    # statistics of the inputs (the layer is first, so its inputs do not change).
    x = _data((24, 3))
    y = np.zeros((24, 1), "float32")
    model = keras.Sequential(
        [keras.Input((3,)), BatchNormalization(momentum=0.5), keras.layers.Dense(1)]
    )
    model.compile("sgd", "mse")
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    mean, variance = np.zeros(3), np.ones(3)
    for start in range(0, 24, 8):
        batch = x[start : start + 8]
        mean = 0.5 * mean + 0.5 * batch.mean(0)
        variance = 0.5 * variance + 0.5 * batch.var(0)
    bn = model.layers[0]
    np.testing.assert_allclose(ops.convert_to_numpy(bn.moving_mean), mean, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ops.convert_to_numpy(bn.moving_variance), variance, rtol=1e-4)
    # predict uses the moving statistics.
    dense = model.layers[1]
    kernel = ops.convert_to_numpy(dense.kernel)
    bias = ops.convert_to_numpy(dense.bias)
    gamma = ops.convert_to_numpy(bn.gamma)
    beta = ops.convert_to_numpy(bn.beta)
    expected = _reference(x, -1, mean, variance, gamma, beta) @ kernel + bias
    np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-4)


def test_renorm_corrects_towards_the_renorm_statistics():
    x = _data((10, 4))
    layer = BatchNormalization(
        renorm=True, renorm_clipping={"rmax": 1.5, "dmax": 0.5}, renorm_momentum=0.9
    )
    layer.build(x.shape)
    assert [w.name for w in layer.non_trainable_weights] == [
        "moving_mean",
        "moving_variance",
        "moving_stddev",
        "renorm_mean",
        "renorm_stddev",
    ]
    renorm_mean = np.array([0.5, -0.5, 1.0, 0.0], "float32")
    renorm_stddev = np.array([1.0, 2.0, 3.0, 0.5], "float32")
    layer.renorm_mean.assign(renorm_mean)
    layer.renorm_stddev.assign(renorm_stddev)
    out = ops.convert_to_numpy(layer(x, training=True))
    mean, std = x.mean(0), np.sqrt(x.var(0) + 1e-3)
    # Only rmax is given: r is not clipped from below (rmin defaults to 0, as Keras).
    r = np.minimum(std / renorm_stddev, 1.5)
    d = np.clip((mean - renorm_mean) / renorm_stddev, -0.5, 0.5)
    np.testing.assert_allclose(out, (x - mean) / std * r + d, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer.renorm_mean), 0.9 * renorm_mean + 0.1 * mean, rtol=1e-5
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer.renorm_stddev), 0.9 * renorm_stddev + 0.1 * std, rtol=1e-5
    )
    # The moving variance follows the moving standard deviation.
    moving_stddev = 0.99 + 0.01 * std
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_stddev), moving_stddev, rtol=1e-5)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer.moving_variance), moving_stddev**2 - 1e-3, rtol=1e-5
    )
    np.testing.assert_allclose(ops.convert_to_numpy(layer.moving_mean), 0.01 * mean, rtol=1e-4)


def test_config_round_trip_and_weight_names():
    layer = BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False, synchronized=True)
    config = layer.get_config()
    assert config["axis"] == 1 and config["synchronized"] is True
    clone = BatchNormalization.from_config(config)
    assert clone.get_config() == config
    layer = BatchNormalization()
    layer.build((2, 3))
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]


def test_bad_arguments():
    with pytest.raises(TypeError, match="`axis` must be an int"):
        BatchNormalization(axis=[1, 2])
    with pytest.raises(ValueError, match="renorm_clipping"):
        BatchNormalization(renorm=True, renorm_clipping={"rmx": 2.0})
    with pytest.raises(ValueError, match="out of range"):
        BatchNormalization(axis=3).build((2, 3))
