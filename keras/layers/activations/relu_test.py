"""ReLU: cap, threshold and slope against a NumPy reference; argument errors."""

import numpy as np
import pytest

from keras.layers.activations.relu import ReLU
from keras.layers.testing import run_layer_test


def _reference(x, max_value, negative_slope, threshold):
    y = np.where(x >= threshold, x, negative_slope * (x - threshold))
    if max_value is not None:
        y = np.minimum(y, max_value)
    return y


@pytest.mark.parametrize(
    "max_value, negative_slope, threshold",
    [
        (None, 0.0, 0.0),
        (1.0, 0.0, 0.0),
        (None, 0.2, 0.0),
        (6.0, 0.1, 0.5),
        (2.0, 0.0, 1.0),
    ],
)
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 5)])
def test_matches_numpy(max_value, negative_slope, threshold, shape):
    x = (np.random.default_rng(0).standard_normal(shape) * 3).astype("float32")
    run_layer_test(
        ReLU,
        init_kwargs={
            "max_value": max_value,
            "negative_slope": negative_slope,
            "threshold": threshold,
        },
        input_data=x,
        expected_output=_reference(x, max_value, negative_slope, threshold),
        expected_output_shape=shape,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(x.shape[:-1]) > 0.3,
        expected_mask_shape=x.shape[:-1],
        atol=1e-6,
    )


def test_config():
    config = ReLU(max_value=3.0, negative_slope=0.1, threshold=0.5).get_config()
    assert (config["max_value"], config["negative_slope"], config["threshold"]) == (
        3.0,
        0.1,
        0.5,
    )


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"max_value": -1.0}, "max_value"),
        ({"negative_slope": -0.1}, "negative_slope"),
        ({"negative_slope": None}, "negative_slope"),
        ({"threshold": -2.0}, "threshold"),
        ({"threshold": "1"}, "threshold"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ReLU(**kwargs)
