"""AugMix and RandAugment: shapes, ranges, seeds, inference identity, configs, values
of the deterministic compositions, tf.data and a model."""

import numpy as np
import pytest

from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.testing import FIT_GAPS
from keras.models import Model


def _images(shape=(2, 6, 6, 3), seed=0):
    return np.random.default_rng(seed).uniform(0, 255, shape).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _auto_contrast(x):
    """NumPy reference: each image and channel stretched to [0, 255]."""
    out = np.empty_like(x)
    for b in range(x.shape[0]):
        for c in range(x.shape[-1]):
            lo, hi = x[b, :, :, c].min(), x[b, :, :, c].max()
            out[b, :, :, c] = (x[b, :, :, c] - lo) * (255.0 / (hi - lo))
    return out


# Small layers: one chain of one op keeps the jax compilations short.
SMALL = {
    "AugMix": {"num_chains": 1, "chain_depth": 1, "all_ops": False},
    "RandAugment": {"num_ops": 1},
}


@pytest.mark.parametrize("name", ["AugMix", "RandAugment"])
def test_shape_dtype_range_seed_and_inference(name):
    x = _images()
    layer = getattr(layers, name)(seed=3, **SMALL[name])
    out = _np(layer(x))
    assert out.shape == x.shape and out.dtype == np.float32
    assert np.all((out >= -1e-3) & (out <= 255 + 1e-3))
    assert not np.allclose(out, x)
    again = _np(getattr(layers, name)(seed=3, **SMALL[name])(x))
    np.testing.assert_allclose(out, again, rtol=1e-5, atol=1e-3)
    # Identity when not training.
    np.testing.assert_array_equal(_np(layer(x, training=False)), x)
    # Integer images come back as floats.
    assert _np(layer(x.astype("uint8"))).dtype == np.float32
    # channels_first matches channels_last up to the layout.
    first = getattr(layers, name)(seed=3, data_format="channels_first", **SMALL[name])
    np.testing.assert_allclose(
        _np(first(np.transpose(x, (0, 3, 1, 2)))),
        np.transpose(out, (0, 3, 1, 2)),
        rtol=1e-4,
        atol=1e-2,
    )


def test_configs_match_keras_defaults_and_round_trip():
    augmix = layers.AugMix()
    config = augmix.get_config()
    expected = {
        "value_range": (0, 255),
        "num_chains": 3,
        "chain_depth": 3,
        "factor": (0, 0.3),
        "alpha": 1.0,
        "all_ops": True,
        "interpolation": "bilinear",
        "seed": None,
        "data_format": "channels_last",
    }
    assert {k: config[k] for k in expected} == expected
    assert augmix._op_names[-4:] == (
        "random_brightness",
        "random_color_degeneration",
        "random_contrast",
        "random_sharpness",
    )
    assert len(layers.AugMix(all_ops=False)._op_names) == 7
    rand = layers.RandAugment()
    config = rand.get_config()
    expected = {
        "value_range": (0, 255),
        "num_ops": 2,
        "factor": (0, 0.5),
        "interpolation": "bilinear",
        "seed": None,
    }
    assert {k: config[k] for k in expected} == expected
    assert len(rand._op_names) == 11
    # num_ops=0 is accepted (as in Keras) and is the identity.
    x = _images()
    np.testing.assert_array_equal(_np(layers.RandAugment(num_ops=0)(x)), x)
    # The posterization bit depth follows the strength, as in Keras.
    assert rand.random_posterization.factor == (1, 4)
    assert augmix.random_posterization.factor == (1, 2)
    for layer in (
        layers.AugMix(value_range=(0, 1), num_chains=2, factor=(0.1, 0.2), seed=4),
        layers.RandAugment(num_ops=3, factor=0.2, interpolation="nearest", seed=5),
    ):
        config = layer.get_config()
        clone = type(layer).from_config(config)
        assert clone.get_config() == config


def test_argument_errors():
    with pytest.raises(ValueError, match="num_ops"):
        layers.RandAugment(num_ops=-1)
    with pytest.raises(ValueError, match="factor"):
        layers.RandAugment(factor=1.5)
    with pytest.raises(ValueError, match="value_range"):
        layers.RandAugment(value_range=(255, 0))
    with pytest.raises(ValueError, match="interpolation"):
        layers.RandAugment(interpolation="cubic-ish")
    with pytest.raises(ValueError, match="num_chains"):
        layers.AugMix(num_chains=0)
    with pytest.raises(ValueError, match="chain_depth"):
        layers.AugMix(chain_depth=1.5)
    with pytest.raises(ValueError, match="alpha"):
        layers.AugMix(alpha=0)
    with pytest.raises(TypeError, match="all_ops"):
        layers.AugMix(all_ops="yes")


def test_deterministic_compositions_against_numpy():
    x = _images()
    # RandAugment with every step choosing auto contrast (index 9): auto contrast
    # is idempotent, so two steps give one auto contrast.
    rand = layers.RandAugment(num_ops=2, seed=1)
    choices = ops.convert_to_tensor(np.full((2, 2), 9, "int32"))
    out = _np(rand.transform_images(x, {"choices": choices}))
    np.testing.assert_allclose(out, _auto_contrast(x), rtol=1e-4, atol=1e-2)
    # AugMix at factor 0: shear (index 0) is then the identity. One chain of auto
    # contrast, one of shear, mixed with known weights.
    augmix = layers.AugMix(num_chains=2, chain_depth=1, factor=0.0, seed=1)
    transformation = {
        "choices": ops.convert_to_tensor(np.array([[[5], [0]], [[0], [5]]], "int32")),
        "chain_weights": ops.convert_to_tensor(
            np.array([[0.3, 0.7], [0.9, 0.1]], "float32")
        ),
        "mix_weight": ops.convert_to_tensor(np.array([0.6, 0.25], "float32")),
    }
    out = _np(augmix.transform_images(x, transformation))
    ac = _auto_contrast(x)
    expected = np.empty_like(x)
    for b, (w_ac, m) in enumerate(((0.3, 0.6), (0.1, 0.25))):
        chains = w_ac * ac[b] + (1.0 - w_ac) * x[b]
        expected[b] = (1.0 - m) * x[b] + m * chains
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-2)
    # The drawn weights: Dirichlet chain weights sum to 1, the mix weight in [0, 1].
    drawn = augmix.draw(ops.convert_to_tensor(x))
    np.testing.assert_allclose(_np(drawn["chain_weights"]).sum(1), 1.0, rtol=1e-5)
    assert np.all((_np(drawn["mix_weight"]) >= 0) & (_np(drawn["mix_weight"]) <= 1))
    choices = _np(drawn["choices"])
    assert choices.shape == (2, 2, 1)
    assert np.all((choices >= 0) & (choices < 11))


def test_run_in_tf_data():
    tf = pytest.importorskip("tensorflow")
    x = _images((4, 6, 6, 3))
    for name in ("AugMix", "RandAugment"):
        layer = getattr(layers, name)(seed=2, **SMALL[name])
        # A static batch size: the TensorFlow affine transform of a batch of unknown
        # size fails (in RandomRotation alone too), a gap outside these layers.
        batches = tf.data.Dataset.from_tensor_slices(x).batch(2, drop_remainder=True)
        dataset = batches.map(layer)
        out = np.concatenate([b.numpy() for b in dataset])
        assert out.shape == x.shape, name
        assert np.all((out >= -1e-3) & (out <= 255 + 1e-3)), name
        assert not np.allclose(out, x), name


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_a_model_trains_through_the_layers():
    x = _images((4, 6, 6, 3)) / 255.0
    y = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    inputs = layers.Input((6, 6, 3))
    # AugMix only (RandAugment shares its code path): each layer in a compiled
    # train step costs seconds of jax compilation.
    augmented = layers.AugMix(value_range=(0, 1), seed=3, **SMALL["AugMix"])(inputs)
    dense = layers.Dense(2)
    model = Model(inputs, dense(layers.Flatten()(augmented)))
    model.compile(optimizer="sgd", loss="mse")
    kernel = _np(dense.kernel).copy()
    history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.allclose(_np(dense.kernel), kernel)
    # predict runs the layers in inference mode: the identity.
    np.testing.assert_allclose(
        model.predict(x, verbose=0),
        _np(dense(layers.Flatten()(x))),
        rtol=1e-5,
        atol=1e-5,
    )
