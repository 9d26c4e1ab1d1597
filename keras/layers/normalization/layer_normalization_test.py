"""LayerNormalization against NumPy: axes, center/scale, rms_scaling, float16, configs."""

import numpy as np
import pytest

from keras import ops
from keras.layers.normalization.layer_normalization import LayerNormalization
from keras.layers.testing import run_layer_test


def _data(shape, seed=0):
    return (np.random.default_rng(seed).normal(size=shape) * 3 + 2).astype("float32")


def _reference(x, axes, gamma=None, beta=None, epsilon=1e-3):
    mean = x.mean(axes, keepdims=True)
    variance = x.var(axes, keepdims=True)
    out = (x - mean) / np.sqrt(variance + epsilon)
    shape = [x.shape[a] if a in axes else 1 for a in range(x.ndim)]
    if gamma is not None:
        out = out * gamma.reshape(shape)
    if beta is not None:
        out = out + beta.reshape(shape)
    return out


@pytest.mark.parametrize(
    "axis,shape,axes",
    [(-1, (4, 7), (1,)), (-1, (2, 3, 5), (2,)), ([1, 2], (2, 3, 5), (1, 2)), (1, (2, 3, 5), (1,))],
)
def test_values_against_numpy(axis, shape, axes):
    x = _data(shape)
    layer = LayerNormalization(axis=axis)
    layer.build(shape)
    param_shape = tuple(shape[a] for a in axes)
    assert tuple(layer.gamma.shape) == param_shape and tuple(layer.beta.shape) == param_shape
    gamma = np.random.default_rng(1).uniform(0.5, 1.5, param_shape).astype("float32")
    beta = np.random.default_rng(2).uniform(-1, 1, param_shape).astype("float32")
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    expected = _reference(x, axes, gamma, beta)
    run_layer_test(
        LayerNormalization,
        init_kwargs={"axis": axis},
        input_data=x,
        expected_output_shape=shape,
        expected_num_trainable_weights=2,
        supports_masking=True,
    )
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), expected, rtol=1e-4, atol=1e-4)


def test_without_center_and_scale():
    x = _data((3, 6))
    layer = LayerNormalization(center=False, scale=False, epsilon=1e-5)
    assert ops.convert_to_numpy(layer(x)).shape == (3, 6)
    assert layer.weights == []
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)), _reference(x, (1,), epsilon=1e-5), rtol=1e-4, atol=1e-4
    )


def test_rms_scaling_divides_the_uncentered_inputs_by_the_standard_deviation():
    x = _data((3, 6))
    with pytest.warns(UserWarning, match="deprecated"):
        layer = LayerNormalization(rms_scaling=True)
    layer.build(x.shape)
    gamma = np.linspace(1, 2, 6).astype("float32")
    layer.gamma.assign(gamma)
    assert [w.name for w in layer.weights] == ["gamma"]
    expected = x / np.sqrt(x.var(-1, keepdims=True) + 1e-3) * gamma
    np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), expected, rtol=1e-4, atol=1e-4)
    assert layer.get_config()["rms_scaling"] is True


def test_float16_policy():
    x = _data((4, 8))
    layer = LayerNormalization(dtype="mixed_float16")
    out = layer(x.astype("float16"))
    assert ops.dtype(out) == "float16"
    np.testing.assert_allclose(
        ops.convert_to_numpy(out).astype("float32"),
        _reference(x.astype("float16").astype("float32"), (1,)),
        atol=2e-2,
    )


def test_config_keeps_axis_as_a_list():
    config = LayerNormalization(axis=1).get_config()
    assert config["axis"] == [1] and config["epsilon"] == 1e-3
    assert LayerNormalization.from_config(config).get_config() == config
    config = LayerNormalization(axis=(1, 2)).get_config()
    assert config["axis"] == [1, 2]


def test_bad_arguments():
    with pytest.raises(TypeError, match="`axis` must be an int"):
        LayerNormalization(axis="last")
    with pytest.raises(ValueError, match="out of range"):
        LayerNormalization(axis=2).build((3, 4))
    with pytest.raises(ValueError, match="must be defined"):
        LayerNormalization().build((3, None))
