"""ELU: NumPy reference for several alphas; argument errors."""

import numpy as np
import pytest

from keras.layers.activations.elu import ELU
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
@pytest.mark.parametrize("shape", [(4, 3), (2, 3, 2)])
def test_matches_numpy(alpha, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    run_layer_test(
        ELU,
        init_kwargs={"alpha": alpha},
        input_data=x,
        expected_output=np.where(x > 0, x, alpha * np.expm1(x)),
        expected_output_shape=shape,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(x.shape[:-1]) > 0.3,
        expected_mask_shape=x.shape[:-1],
    )


def test_config():
    config = ELU(alpha=0.7).get_config()
    assert config["alpha"] == 0.7
    assert ELU.from_config(config).alpha == 0.7


def test_invalid_alpha():
    with pytest.raises(ValueError, match="alpha"):
        ELU(alpha="big")
