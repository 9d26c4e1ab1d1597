import numpy as np
import pytest

from keras import ops
from keras.layers.regularization.gaussian_noise import GaussianNoise
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize("training", [None, True])
def test_harness(training):
    run_layer_test(
        GaussianNoise,
        init_kwargs={"stddev": 0.5, "seed": 1},
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
    np.testing.assert_array_equal(ops.convert_to_numpy(GaussianNoise(0.3)(x)), x)


@pytest.mark.parametrize("stddev", [0.1, 0.7])
def test_noise_statistics(stddev):
    x = np.random.default_rng(1).standard_normal((300, 300)).astype("float32")
    out = ops.convert_to_numpy(GaussianNoise(stddev, seed=2)(x, training=True))
    noise = out - x
    assert abs(noise.mean()) < 0.01
    assert abs(noise.std() - stddev) < 0.01 * stddev + 0.002


def test_same_seed_same_noise():
    x = np.zeros((10, 10), dtype="float32")
    a = GaussianNoise(0.2, seed=5)(x, training=True)
    b = GaussianNoise(0.2, seed=5)(x, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))


def test_config():
    config = GaussianNoise(0.25, seed=3).get_config()
    assert config["stddev"] == 0.25 and config["seed"] == 3


def test_zero_stddev_has_no_seed_generator():
    layer = GaussianNoise(0.0)
    x = np.ones((2, 2), dtype="float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x, training=True)), x)
    assert layer.non_trainable_variables == []


@pytest.mark.parametrize("stddev", [-0.5, 1.5])
def test_invalid_stddev(stddev):
    with pytest.raises(ValueError, match="`stddev` must be a float between 0 and 1"):
        GaussianNoise(stddev)
