"""LeakyReLU: NumPy reference, the deprecated `alpha`, argument errors."""

import numpy as np
import pytest

from keras.layers.activations.leaky_relu import LeakyReLU
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize("negative_slope", [0.0, 0.3, 0.01, 1.5])
@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 2)])
def test_matches_numpy(negative_slope, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        LeakyReLU,
        init_kwargs={"negative_slope": negative_slope},
        input_data=x,
        expected_output=np.where(x >= 0, x, negative_slope * x),
        expected_output_shape=shape,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(x.shape[:-1]) > 0.3,
        expected_mask_shape=x.shape[:-1],
    )


def test_default_and_config():
    layer = LeakyReLU()
    assert layer.negative_slope == 0.3
    assert layer.get_config()["negative_slope"] == 0.3


def test_alpha_is_deprecated():
    with pytest.warns(UserWarning, match="alpha"):
        layer = LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    assert "alpha" not in layer.get_config()


@pytest.mark.parametrize("negative_slope", [-0.1, None, "0.2"])
def test_invalid_negative_slope(negative_slope):
    with pytest.raises(ValueError, match="negative_slope"):
        LeakyReLU(negative_slope=negative_slope)
