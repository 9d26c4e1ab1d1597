import numpy as np
import pytest

from keras import ops
from keras.layers.regularization.alpha_dropout import AlphaDropout
from keras.layers.testing import run_layer_test

ALPHA = 1.6732632423543772848170429916717
SCALE = 1.0507009873554804934193349852946


def _affine(rate):
    saturation = -ALPHA * SCALE
    a = ((1 - rate) * (1 + rate * saturation**2)) ** -0.5
    b = -a * saturation * rate
    return a, b, a * saturation + b


@pytest.mark.parametrize("training", [None, True])
def test_harness(training):
    run_layer_test(
        AlphaDropout,
        init_kwargs={"rate": 0.2, "noise_shape": (None, 1, 4), "seed": 1},
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
    np.testing.assert_array_equal(ops.convert_to_numpy(AlphaDropout(0.3)(x)), x)


@pytest.mark.parametrize("rate", [0.1, 0.3])
def test_matches_numpy_reference_and_keeps_moments(rate):
    x = np.random.default_rng(1).standard_normal((400, 250)).astype("float32")
    out = ops.convert_to_numpy(AlphaDropout(rate, seed=2)(x, training=True))
    a, b, dropped_value = _affine(rate)
    dropped = np.isclose(out, dropped_value, rtol=1e-6, atol=1e-6)
    dropped &= ~np.isclose(a * x + b, dropped_value, rtol=1e-6, atol=1e-6)
    assert abs(dropped.mean() - rate) < 0.01
    kept = ~dropped
    np.testing.assert_allclose(out[kept], (a * x + b)[kept], rtol=1e-5, atol=1e-5)
    # Zero mean, unit variance in -> zero mean, unit variance out.
    assert abs(out.mean()) < 0.02
    assert abs(out.std() - 1.0) < 0.02


def test_noise_shape_shares_the_mask():
    x = np.ones((6, 5, 4), dtype="float32")
    out = ops.convert_to_numpy(
        AlphaDropout(0.5, noise_shape=(None, 1, None), seed=3)(x, training=True)
    )
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1, :], out.shape))


def test_same_seed_same_output():
    x = np.random.default_rng(2).standard_normal((10, 10)).astype("float32")
    a = AlphaDropout(0.4, seed=5)(x, training=True)
    b = AlphaDropout(0.4, seed=5)(x, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(a), ops.convert_to_numpy(b))


def test_config():
    config = AlphaDropout(0.2, noise_shape=(None, 3), seed=3).get_config()
    assert config["rate"] == 0.2
    assert config["seed"] == 3
    assert config["noise_shape"] == (None, 3)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="`rate` must be a float between 0 and 1"):
        AlphaDropout(-0.1)
    layer = AlphaDropout(0.5, noise_shape=(None, 1))
    with pytest.raises(ValueError, match="`noise_shape` must have the rank"):
        layer(np.ones((2, 3, 4), dtype="float32"), training=True)
