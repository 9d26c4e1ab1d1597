import numpy as np
import pytest

from keras import ops
from keras.layers.regularization.activity_regularization import ActivityRegularization
from keras.layers.testing import run_layer_test


def test_harness():
    run_layer_test(
        ActivityRegularization,
        init_kwargs={"l1": 0.1, "l2": 0.2},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_losses=1,
        expected_num_seed_generators=0,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random((2, 3)) > 0.3,
        expected_mask_shape=(2, 3),
    )


@pytest.mark.parametrize("l1,l2", [(0.01, 0.0), (0.0, 0.02), (0.3, 0.05)])
@pytest.mark.parametrize("shape", [(3, 4), (2, 5, 3)])
def test_loss_matches_numpy(l1, l2, shape):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    layer = ActivityRegularization(l1=l1, l2=l2)
    out = layer(x)
    np.testing.assert_array_equal(ops.convert_to_numpy(out), x)
    assert len(layer.losses) == 1
    expected = l1 * np.abs(x).sum() + l2 * np.square(x).sum()
    np.testing.assert_allclose(
        float(ops.convert_to_numpy(layer.losses[0])), expected, rtol=1e-5
    )


def test_losses_are_replaced_on_each_call():
    layer = ActivityRegularization(l2=1.0)
    layer(np.ones((2, 2), dtype="float32"))
    layer(np.full((2, 2), 2.0, dtype="float32"))
    assert len(layer.losses) == 1
    np.testing.assert_allclose(float(ops.convert_to_numpy(layer.losses[0])), 16.0)


def test_config():
    config = ActivityRegularization(l1=0.5, l2=0.25).get_config()
    assert config["l1"] == 0.5 and config["l2"] == 0.25
    assert "activity_regularizer" not in config


@pytest.mark.parametrize("kwargs", [{"l1": -1.0}, {"l2": "big"}])
def test_invalid_factors(kwargs):
    with pytest.raises(ValueError, match="must be a float >= 0"):
        ActivityRegularization(**kwargs)
