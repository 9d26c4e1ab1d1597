"""The augmentation layers mapped over a `tf.data.Dataset` (TensorFlow ops whatever
the backend), and inside a trained model."""

import numpy as np
import pytest

from keras import layers
from keras import ops
from keras.backends import active
from keras.layers.testing import FIT_GAPS
from keras.models import Model

tf = pytest.importorskip("tensorflow")

# Deterministic settings (collapsed factor ranges), so eager and mapped runs agree.
DETERMINISTIC = [
    ("RandomBrightness", {"factor": (0.1, 0.1)}),
    ("RandomContrast", {"factor": (0.0, 0.0)}),
    ("RandomColorDegeneration", {"factor": (0.4, 0.4)}),
    ("RandomSaturation", {"factor": (0.7, 0.7)}),
    ("RandomColorJitter", {"brightness_factor": (0.1, 0.1), "hue_factor": (0.0, 0.0)}),
    ("RandomSharpness", {"factor": (0.9, 0.9)}),
    ("RandomGrayscale", {"factor": 1.0}),
    ("RandomInvert", {"factor": (1.0, 1.0)}),
    ("RandomPosterization", {"factor": (3, 3)}),
    ("Solarization", {}),
    ("Equalization", {"bins": 64}),
    ("AutoContrast", {}),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"tile_grid_size": (2, 2)}),
    ("RandomGaussianBlur", {"factor": (1.0, 1.0), "sigma": (0.8, 0.8)}),
]


def _images(shape=(4, 5, 6, 3), seed=0):
    return np.random.default_rng(seed).uniform(0, 255, shape).astype("float32")


def _mapped(layer, x, batch=2):
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(batch).map(layer)
    return np.concatenate([b.numpy() for b in dataset])


# The layers compared with their eager run (one per kind of op: arithmetic, HSV,
# depthwise conv, histograms, tiles, separable filter); the others run in tf.data
# only, to keep the eager compilations (slow on jax) few.
COMPARED = (
    "RandomBrightness",
    "RandomSaturation",
    "RandomSharpness",
    "Equalization",
    "ContrastLimitedAdaptiveHistogramEqualization",
    "RandomGaussianBlur",
)


def test_deterministic_layers_agree_in_tf_data():
    x = _images()
    for name, kwargs in DETERMINISTIC:
        layer = getattr(layers, name)(**kwargs)
        mapped = _mapped(layer, x[:2])
        assert mapped.shape == (2, 5, 6, 3), name
        # Within the value range, up to float rounding.
        assert np.all((mapped >= -1e-3) & (mapped <= 255 + 1e-3)), name
        if name in COMPARED:
            eager = np.asarray(ops.convert_to_numpy(layer(x[:2])))
            np.testing.assert_allclose(
                mapped, eager, rtol=1e-4, atol=1e-2, err_msg=name
            )


def test_random_layers_run_in_tf_data_with_a_seed():
    x = _images()
    for name, kwargs in (
        ("RandomHue", {"factor": 0.5}),
        ("RandomErasing", {"factor": (1.0, 1.0), "scale": (0.3, 0.3)}),
    ):
        first = _mapped(getattr(layers, name)(seed=1, **kwargs), x)
        again = _mapped(getattr(layers, name)(seed=1, **kwargs), x)
        assert first.shape == x.shape
        assert not np.allclose(first, x), name
        assert np.all((first >= 0) & (first <= 255))
        np.testing.assert_allclose(first, again, atol=1e-3, err_msg=name)


def test_mixing_layers_in_tf_data():
    x = _images()
    labels = np.eye(4, dtype="float32")
    dataset = tf.data.Dataset.from_tensor_slices({"images": x, "labels": labels})
    for name in ("MixUp", "CutMix"):
        out = list(dataset.batch(4).map(getattr(layers, name)(seed=2)))[0]
        mixed = out["labels"].numpy()
        np.testing.assert_allclose(mixed.sum(-1), np.ones(4), rtol=1e-5, err_msg=name)
        assert out["images"].shape == x.shape


def test_dict_inputs_in_tf_data():
    x = _images()
    labels = np.eye(4, dtype="float32")
    layer = layers.RandomBrightness(factor=(0.2, 0.2))
    dataset = tf.data.Dataset.from_tensor_slices({"images": x, "labels": labels})
    out = list(dataset.batch(4).map(layer))[0]
    expected = np.clip(x + 51, 0, 255)
    np.testing.assert_allclose(out["images"].numpy(), expected, rtol=1e-6)
    np.testing.assert_array_equal(out["labels"].numpy(), labels)


@pytest.mark.skipif(active.name in FIT_GAPS, reason=FIT_GAPS.get(active.name, ""))
def test_a_model_trains_through_an_augmentation_layer():
    x = _images() / 255.0
    y = np.random.default_rng(1).normal(size=(4, 2)).astype("float32")
    inputs = layers.Input((5, 6, 3))
    contrast = layers.RandomContrast(factor=0.2, value_range=(0, 1), seed=2)
    sharpness = layers.RandomSharpness(factor=0.3, value_range=(0, 1), seed=3)
    augmented = sharpness(contrast(inputs))
    dense = layers.Dense(2)
    model = Model(inputs, dense(layers.Flatten()(augmented)))
    model.compile(optimizer="sgd", loss="mse")
    kernel = np.array(ops.convert_to_numpy(dense.kernel))
    history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))
    assert not np.allclose(np.asarray(ops.convert_to_numpy(dense.kernel)), kernel)
    # predict runs the layers in inference mode: the identity.
    np.testing.assert_allclose(
        model.predict(x, verbose=0),
        np.asarray(ops.convert_to_numpy(dense(layers.Flatten()(x)))),
        rtol=1e-5,
        atol=1e-5,
    )
