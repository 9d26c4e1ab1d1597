"""Masking: zeroes padded timesteps and computes their mask (NumPy reference)."""

import numpy as np
import pytest

from keras import ops
from keras.layers.core.masking import Masking
from keras.layers.testing import run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _padded(shape, mask_value, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype("float32")
    x[:, 1] = mask_value
    x[0, -1] = mask_value
    return x


@pytest.mark.parametrize("mask_value", [0.0, -1.0, 5.5])
@pytest.mark.parametrize("shape", [(2, 4, 3), (3, 5, 1), (2, 3, 2, 2)])
def test_matches_numpy(mask_value, shape):
    x = _padded(shape, mask_value, seed=0)
    keep = np.any(x != mask_value, axis=-1)
    expected = x * keep[..., None]
    layer, _ = run_layer_test(
        Masking,
        init_kwargs={"mask_value": mask_value},
        input_data=x,
        expected_output=expected,
        expected_output_shape=shape,
        supports_masking=True,
        expected_mask_shape=shape[:-1],
    )
    np.testing.assert_array_equal(_np(layer.compute_mask(x, None)), keep)
    out = layer(x)
    mask = getattr(out, "_keras_mask", None)
    if mask is not None:  # NumPy arrays cannot carry a mask attribute.
        np.testing.assert_array_equal(_np(mask), keep)


def test_partially_matching_timestep_is_kept():
    x = np.array([[[0.0, 1.0], [0.0, 0.0]]], dtype="float32")
    np.testing.assert_array_equal(
        _np(Masking().compute_mask(x, None)), np.array([[True, False]])
    )


def test_config():
    layer = Masking(mask_value=-2.0)
    config = layer.get_config()
    assert config["mask_value"] == -2.0
    assert Masking.from_config(config).mask_value == -2.0
