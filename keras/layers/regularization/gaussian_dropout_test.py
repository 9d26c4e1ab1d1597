import numpy as np
import pytest

from keras import ops
from keras.layers.regularization.gaussian_dropout import GaussianDropout
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize("training", [None, True])
def test_harness(training):
    run_layer_test(
        GaussianDropout,
        init_kwargs={"rate": 0.3, "seed": 1},
        input_shape=(2, 3, 4),
        training=training,
        expected_output_shape=(2, 3, 4),
        expected_num_non_trainable_variables=1,
        expected_num_seed_generators=1,
        supports_masking=True,
        # fit() trains whatever `training` is given here: one fit per case.
        run_training_check=training is None,
        input_mask=np.random.default_rng(2).random((2, 3, 4)[:-1]) > 0.3,
        expected_mask_shape=(2, 3, 4)[:-1],
    )


def test_identity_at_inference():
    x = np.random.default_rng(0).standard_normal((3, 5)).astype("float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(GaussianDropout(0.3)(x)), x)


@pytest.mark.parametrize("rate", [0.1, 0.5])
def test_multiplicative_noise_statistics(rate):
    x = np.random.default_rng(1).uniform(1.0, 3.0, (300, 300)).astype("float32")
    out = ops.convert_to_numpy(GaussianDropout(rate, seed=2)(x, training=True))
    noise = out / x
    expected_std = np.sqrt(rate / (1 - rate))
    assert abs(noise.mean() - 1.0) < 0.01
    assert abs(noise.std() - expected_std) < 0.01 * expected_std


def test_same_seed_same_noise():
    x = np.ones((10, 10), dtype="float32")
    a = GaussianDropout(0.4, seed=5)(x, training=True)
    b = GaussianDropout(0.4, seed=5)(x, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))


def test_rate_one_gives_zeros():
    x = np.ones((2, 3), dtype="float32")
    out = GaussianDropout(1.0)(x, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(out), np.zeros_like(x))


def test_config():
    config = GaussianDropout(0.2, seed=3).get_config()
    assert config["rate"] == 0.2 and config["seed"] == 3


@pytest.mark.parametrize("rate", [-0.5, 1.01])
def test_invalid_rate(rate):
    with pytest.raises(ValueError, match="`rate` must be a float between 0 and 1"):
        GaussianDropout(rate)
