import numpy as np
import pytest

from keras import ops
from keras.layers.regularization.dropout import Dropout
from keras.layers.testing import run_layer_test


def _ones(shape):
    return np.ones(shape, dtype="float32")


def test_harness_inference():
    run_layer_test(
        Dropout,
        init_kwargs={"rate": 0.5, "seed": 1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_non_trainable_variables=1,
        expected_num_seed_generators=1,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random((2, 3)) > 0.3,
        expected_mask_shape=(2, 3),
    )


def test_harness_training():
    run_layer_test(
        Dropout,
        init_kwargs={"rate": 0.5, "noise_shape": (None, 1, 4), "seed": 1},
        input_shape=(2, 3, 4),
        training=True,
        expected_output_shape=(2, 3, 4),
        expected_num_non_trainable_weights=0,
        expected_num_non_trainable_variables=1,
        expected_num_seed_generators=1,
        supports_masking=True,
    )


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((5, 7)).astype("float32")
    layer = Dropout(0.4, seed=0)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x)), x)
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x, training=False)), x)


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_drop_fraction_and_scale(rate):
    out = ops.convert_to_numpy(Dropout(rate, seed=3)(_ones((400, 250)), training=True))
    dropped = out == 0
    assert abs(dropped.mean() - rate) < 0.01
    np.testing.assert_allclose(out[~dropped], 1.0 / (1.0 - rate), rtol=1e-6)


def test_scales_the_kept_values_of_random_inputs():
    x = np.random.default_rng(1).standard_normal((50, 40)).astype("float32") + 10.0
    out = ops.convert_to_numpy(Dropout(0.25, seed=2)(x, training=True))
    kept = out != 0
    np.testing.assert_allclose(out[kept], x[kept] / 0.75, rtol=1e-5)


def test_same_seed_same_mask_and_calls_differ():
    x = _ones((20, 30))
    first = Dropout(0.5, seed=11)
    second = Dropout(0.5, seed=11)
    a = ops.convert_to_numpy(first(x, training=True))
    b = ops.convert_to_numpy(second(x, training=True))
    np.testing.assert_array_equal(a, b)
    c = ops.convert_to_numpy(first(x, training=True))
    assert not np.array_equal(a, c)


def test_noise_shape_shares_the_mask():
    x = _ones((8, 6, 10))
    out = ops.convert_to_numpy(
        Dropout(0.5, noise_shape=(None, 1, 10), seed=4)(x, training=True)
    )
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1, :], out.shape))


def test_rate_zero_and_one():
    x = _ones((3, 4))
    zero = Dropout(0.0)
    np.testing.assert_array_equal(ops.convert_to_numpy(zero(x, training=True)), x)
    assert zero.non_trainable_variables == []
    one = Dropout(1.0)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(one(x, training=True)), np.zeros_like(x)
    )


def test_config():
    config = Dropout(0.3, noise_shape=(None, 1), seed=5, name="drop").get_config()
    assert config["rate"] == 0.3
    assert config["noise_shape"] == (None, 1)
    assert config["seed"] == 5
    assert config["name"] == "drop"


@pytest.mark.parametrize("rate", [-0.1, 1.5, "half", None])
def test_invalid_rate(rate):
    with pytest.raises(ValueError, match="`rate` must be a float between 0 and 1"):
        Dropout(rate)
