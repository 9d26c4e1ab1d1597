"""GroupNormalization against NumPy: groups, axes, both data formats, errors."""

import numpy as np
import pytest

from keras import ops
from keras.layers.normalization.group_normalization import GroupNormalization
from keras.layers.testing import run_layer_test


def _data(shape, seed=0):
    return (np.random.default_rng(seed).normal(size=shape) * 2 - 1).astype("float32")


def _reference(x, groups, axis, gamma, beta, epsilon=1e-3):
    # Move channels last, split them into groups, normalize each (sample, group).
    x = np.moveaxis(x, axis, -1)
    shape = x.shape
    grouped = x.reshape(shape[0], -1, groups, shape[-1] // groups)
    mean = grouped.mean((1, 3), keepdims=True)
    variance = grouped.var((1, 3), keepdims=True)
    out = ((grouped - mean) / np.sqrt(variance + epsilon)).reshape(shape)
    out = out * gamma + beta
    return np.moveaxis(out, -1, axis)


@pytest.mark.parametrize(
    "groups,axis,shape",
    [
        (2, -1, (3, 5, 6)),
        (3, -1, (2, 4, 5, 6)),
        (1, -1, (2, 7, 4)),
        (4, -1, (2, 3, 4)),
        (2, 1, (2, 6, 5, 3)),
    ],
)
def test_values_against_numpy(groups, axis, shape):
    x = _data(shape)
    channels = shape[axis]
    gamma = np.linspace(0.5, 1.5, channels).astype("float32")
    beta = np.linspace(-1, 1, channels).astype("float32")
    layer = GroupNormalization(groups=groups, axis=axis)
    layer.build(shape)
    layer.gamma.assign(gamma)
    layer.beta.assign(beta)
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer(x)),
        _reference(x, groups, axis % len(shape), gamma, beta),
        rtol=1e-4,
        atol=1e-4,
    )
    run_layer_test(
        GroupNormalization,
        init_kwargs={"groups": groups, "axis": axis},
        input_data=x,
        expected_output_shape=shape,
        expected_num_trainable_weights=2,
        supports_masking=True,
    )


def test_config_and_errors():
    layer = GroupNormalization(groups=4, axis=1, epsilon=1e-5)
    config = layer.get_config()
    assert config["groups"] == 4 and config["axis"] == 1
    assert GroupNormalization.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="must divide"):
        GroupNormalization(groups=4).build((2, 6))
    with pytest.raises(ValueError, match="more than"):
        GroupNormalization(groups=8).build((2, 6))
    with pytest.raises(ValueError, match="positive int"):
        GroupNormalization(groups=0)
