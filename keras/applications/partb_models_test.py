"""Part-B builders at small sizes on every backend: output shapes, heads and
pooling, predictions consistent with direct calls, the module-level
`preprocess_input` functions against NumPy references, and argument errors."""

import numpy as np
import pytest

from keras.applications import convnext
from keras.applications import efficientnet
from keras.applications import efficientnet_v2
from keras.applications import mobilenet
from keras.applications import mobilenet_v2
from keras.applications import mobilenet_v3
from keras.applications import nasnet
from keras.backend import backend
from keras.ops import convert_to_numpy

SMALL = {
    "MobileNet": lambda **kw: mobilenet.MobileNet(alpha=0.25, **kw),
    "MobileNetV2": lambda **kw: mobilenet_v2.MobileNetV2(alpha=0.35, **kw),
    "MobileNetV3Small": lambda **kw: mobilenet_v3.MobileNetV3Small(alpha=0.75, **kw),
    "EfficientNetB0": efficientnet.EfficientNetB0,
    "EfficientNetV2B0": efficientnet_v2.EfficientNetV2B0,
    "NASNetMobile": nasnet.NASNetMobile,
}


def images(n=2, size=32, seed=0):
    return np.random.default_rng(seed).uniform(0, 255, (n, size, size, 3)).astype("float32")


# On jax, building costs one compiled initializer per distinct weight shape (~30-45 s
# for EfficientNet/NASNet here): these run on the other backends, and
# partb_keras3_weights_test checks EfficientNetB0's predictions on jax.
_JAX_SLOW_BUILD = pytest.mark.skipif(
    backend() == "jax",
    reason="jax: slow to build (one compiled initializer per weight shape)",
)


def _marks(name):
    return [_JAX_SLOW_BUILD] if name not in ("MobileNet", "MobileNetV3Small") else []


_CASES = [pytest.param(n, marks=_marks(n)) for n in sorted(SMALL)]


@pytest.mark.parametrize("name", _CASES)
def test_classifier_predicts_probabilities(name):
    model = SMALL[name](weights=None, input_shape=(32, 32, 3), classes=7)
    x = images()
    probs = np.asarray(model.predict(x, verbose=0))
    assert probs.shape == (2, 7)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert (probs >= 0).all()
    # predict() and a direct call agree, and each row only depends on its image.
    np.testing.assert_allclose(convert_to_numpy(model(x)), probs, rtol=1e-4, atol=1e-6)
    single = np.asarray(model.predict(x[1:], verbose=0))
    np.testing.assert_allclose(single, probs[1:], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("pooling", ["avg", "max", None])
def test_feature_extractor_pooling(pooling):
    model = mobilenet_v3.MobileNetV3Small(
        weights=None, include_top=False, pooling=pooling, minimalistic=True
    )
    assert tuple(model.inputs[0].shape) == (None, None, None, 3)
    feats = np.asarray(model.predict(images(size=64), verbose=0))
    if pooling is None:
        assert feats.shape == (2, 2, 2, 576)
    else:
        assert feats.shape == (2, 576)
        spatial = mobilenet_v3.MobileNetV3Small(
            weights=None, include_top=False, minimalistic=True
        )
        spatial.set_weights(model.get_weights())
        grid = np.asarray(spatial.predict(images(size=64), verbose=0))
        ref = grid.mean(axis=(1, 2)) if pooling == "avg" else grid.max(axis=(1, 2))
        np.testing.assert_allclose(feats, ref, rtol=1e-4, atol=1e-5)


def test_convnext_features_are_layer_normalized():
    model = convnext.ConvNeXtTiny(
        weights=None, include_top=False, pooling="avg", input_shape=(32, 32, 3)
    )
    feats = np.asarray(model.predict(images(), verbose=0))
    assert feats.shape == (2, 768)
    # The last layer is a LayerNormalization with gamma=1, beta=0.
    np.testing.assert_allclose(feats.mean(axis=1), 0.0, atol=1e-3)
    np.testing.assert_allclose(feats.std(axis=1), 1.0, rtol=1e-2)


def test_input_tensor_is_reused():
    from keras.layers.input_layer import Input

    inputs = Input((32, 32, 3))
    model = mobilenet.MobileNet(weights=None, input_tensor=inputs, alpha=0.25, classes=3)
    assert model.inputs[0] is inputs
    # As Keras 3: the name's size comes from `input_shape`, not `input_tensor`.
    assert model.name == "mobilenet_0.25_224"
    assert tuple(model.outputs[0].shape) == (None, 3)


def test_tf_mode_preprocess_input():
    x = images(size=4)
    for module in (mobilenet, mobilenet_v2, nasnet):
        np.testing.assert_allclose(
            np.asarray(module.preprocess_input(x.copy())), x / 127.5 - 1.0, rtol=1e-6
        )


def test_pass_through_preprocess_input():
    x = images(size=4)
    for module in (mobilenet_v3, efficientnet, efficientnet_v2, convnext):
        np.testing.assert_array_equal(np.asarray(module.preprocess_input(x)), x)


def test_mobilenet_v3_rescales_inside_the_model():
    with_pre = mobilenet_v3.MobileNetV3Small(
        weights=None, include_top=False, minimalistic=True, input_shape=(32, 32, 3)
    )
    without = mobilenet_v3.MobileNetV3Small(
        weights=None,
        include_top=False,
        minimalistic=True,
        include_preprocessing=False,
        input_shape=(32, 32, 3),
    )
    without.set_weights(with_pre.get_weights())
    x = images()
    np.testing.assert_allclose(
        np.asarray(with_pre.predict(x, verbose=0)),
        np.asarray(without.predict(x / 127.5 - 1.0, verbose=0)),
        rtol=1e-4,
        atol=1e-5,
    )


def test_argument_errors_name_the_argument():
    with pytest.raises(ValueError, match="weights"):
        mobilenet.MobileNet(weights="no/such/file.h5")
    with pytest.raises(ValueError, match="classes"):
        efficientnet.EfficientNetB0(weights="imagenet", classes=10)
    with pytest.raises(ValueError, match="classifier_activation"):
        convnext.ConvNeXtTiny(weights="imagenet", classifier_activation="relu")
    with pytest.raises(ValueError, match="alpha"):
        mobilenet_v2.MobileNetV2(weights="imagenet", alpha=0.3)
    with pytest.raises(ValueError, match="alpha"):
        mobilenet_v3.MobileNetV3Large(weights="imagenet", alpha=0.5)
    with pytest.raises(ValueError, match="depth_multiplier"):
        mobilenet.MobileNet(weights="imagenet", depth_multiplier=2)
    with pytest.raises(ValueError, match="at least 32x32"):
        mobilenet_v3.MobileNetV3Small(weights=None, input_shape=(16, 16, 3))
    with pytest.raises(ValueError, match="penultimate_filters"):
        nasnet.NASNet(weights=None, penultimate_filters=1000)


def test_builder_names_and_signatures():
    import inspect

    assert efficientnet.EfficientNetB3.__name__ == "EfficientNetB3"
    sig = inspect.signature(efficientnet_v2.EfficientNetV2S)
    assert sig.parameters["name"].default == "efficientnetv2-s"
    assert sig.parameters["include_preprocessing"].default is True
    sig = inspect.signature(convnext.ConvNeXtXLarge)
    assert list(sig.parameters)[:2] == ["include_top", "include_preprocessing"]
    assert sig.parameters["name"].default == "convnext_xlarge"
    assert backend() in {"numpy", "jax", "torch", "tensorflow", "openvino"}


def test_convnext_layer_scale_and_stochastic_depth():
    x = np.random.default_rng(0).normal(size=(64, 2, 2, 3)).astype("float32")
    scale = convnext.LayerScale(0.5, 3)
    np.testing.assert_allclose(convert_to_numpy(scale(x)), 0.5 * x, rtol=1e-6)
    assert scale.get_config()["projection_dim"] == 3
    drop = convnext.StochasticDepth(0.5)
    np.testing.assert_array_equal(convert_to_numpy(drop(x)), x)
    out = convert_to_numpy(drop(x, training=True))
    kept = np.all(np.isclose(out, 2.0 * x, rtol=1e-5), axis=(1, 2, 3))
    dropped = np.all(out == 0.0, axis=(1, 2, 3))
    assert np.all(kept | dropped)  # each sample's branch is kept whole or dropped
    assert 0 < kept.sum() < 64
