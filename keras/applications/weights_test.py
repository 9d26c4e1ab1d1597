"""The `weights` argument: the published file names, the cache, the offline error,
and the readers of Keras 3 and legacy Keras 2 weight files."""

import os

import h5py
import numpy as np
import pytest

import keras
from keras import applications
from keras import layers
from keras.applications import cache
from keras.saving import legacy_h5
from keras.applications import weights as weights_lib
from keras.saving.saveable_paths import graph_layers


class Fetch(Exception):
    """Raised by the fake get_file: a fetch was asked for."""


@pytest.fixture
def fetches(tmp_path, monkeypatch):
    """An empty Keras cache; get_file records its arguments and fails."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    calls = []

    def fake_get_file(*args, **kwargs):
        calls.append((args, kwargs))
        raise OSError("no network in tests")

    monkeypatch.setattr(cache.file_utils, "get_file", fake_get_file)
    return calls


# The files Keras 3.15.1 asks get_file for (fname, origin, file_hash).
PUBLISHED = {
    ("ResNet50", True): (
        "resnet50_weights_tf_dim_ordering_tf_kernels.h5",
        "resnet",
        "2cb95161c43110f7111970584f804107",
    ),
    ("ResNet50", False): (
        "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "resnet",
        "4d473c1dd8becc155b73f8504c6f6626",
    ),
    ("VGG16", False): (
        "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "vgg16",
        "6d6bbae143d832006294945121d1f1fc",
    ),
    ("DenseNet121", False): (
        "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "densenet",
        "30ee3e1110167f948a6b9946edeeb738",
    ),
}


@pytest.mark.parametrize("builder,include_top", sorted(PUBLISHED))
def test_imagenet_asks_for_the_keras_file(fetches, builder, include_top):
    fname, subdir, file_hash = PUBLISHED[(builder, include_top)]
    keras.backend.clear_session()
    with pytest.raises(OSError) as info:
        getattr(applications, builder)(include_top=include_top, weights="imagenet")
    (args, kwargs), = fetches
    assert args == (
        fname,
        f"https://storage.googleapis.com/tensorflow/keras-applications/{subdir}/{fname}",
    )
    assert kwargs["file_hash"] == file_hash
    assert kwargs["cache_subdir"] == "models"
    # Offline: the error names the file and where to put it.
    assert os.path.join(os.environ["KERAS_HOME"], "models", fname) in str(info.value)


def tiny_model():
    """A small functional model with conv, batch norm and dense weights."""
    inputs = keras.Input((8, 8, 3))
    x = layers.Conv2D(4, 3, name="conv")(inputs)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    outputs = layers.Dense(2, name="predictions")(x)
    return keras.Model(inputs, outputs, name="tiny")


def randomize(model, seed):
    """Random weights of a moderate scale (kernels ~ N(0, 0.05), positive
    variances), so that outputs stay finite and differ from the initial ones."""
    rng = np.random.default_rng(seed)
    for w in model.weights:
        shape = tuple(w.shape)
        if "variance" in w.path:
            value = rng.uniform(0.5, 1.5, shape)
        else:
            value = rng.normal(0.0, 0.05, shape)
        w.assign(value.astype("float32"))


def write_legacy_h5(model, path, whole_model=False):
    """Writes `model`'s weights in the Keras 2 HDF5 layout (as the published files)."""
    with h5py.File(path, "w") as f:
        root = f.create_group("model_weights") if whole_model else f
        names = [layer.name for layer in graph_layers(model)]
        root.attrs["layer_names"] = [n.encode() for n in names]
        for layer in graph_layers(model):
            group = root.create_group(layer.name)
            weight_names = [f"{layer.name}/w{i}:0" for i in range(len(layer.weights))]
            group.attrs["weight_names"] = [n.encode() for n in weight_names]
            for name, w in zip(weight_names, layer.weights):
                group.create_dataset(name, data=keras.ops.convert_to_numpy(w))


INPUT = np.random.default_rng(0).uniform(0, 1, (2, 8, 8, 3)).astype("float32")


@pytest.mark.parametrize("whole_model", [False, True])
def test_legacy_h5_round_trip(tmp_path, whole_model):
    source = tiny_model()
    randomize(source, 1)
    path = str(tmp_path / "tiny.h5")
    write_legacy_h5(source, path, whole_model)
    assert legacy_h5.is_legacy_h5(path)
    target = tiny_model()
    weights_lib.load_weights_file(target, path)
    np.testing.assert_allclose(
        target.predict(INPUT, verbose=0), source.predict(INPUT, verbose=0), rtol=1e-5
    )


def test_legacy_h5_shape_mismatch_leaves_model_unchanged(tmp_path):
    source = tiny_model()
    path = str(tmp_path / "tiny.h5")
    write_legacy_h5(source, path)
    inputs = keras.Input((8, 8, 3))
    x = layers.Conv2D(4, 3, name="conv")(inputs)
    x = layers.BatchNormalization(name="bn")(x)
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    other = keras.Model(inputs, layers.Dense(5, name="predictions")(x))
    before = [keras.ops.convert_to_numpy(w) for w in other.weights]
    with pytest.raises(ValueError, match="Layer 'predictions' of the model expects"):
        legacy_h5.load_weights(other, path)
    for w, old in zip(other.weights, before):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(w), old)


def test_legacy_h5_layer_count_mismatch(tmp_path):
    path = str(tmp_path / "tiny.h5")
    write_legacy_h5(tiny_model(), path)
    inputs = keras.Input((8, 8, 3))
    small = keras.Model(inputs, layers.Dense(2)(layers.Flatten()(inputs)))
    with pytest.raises(ValueError, match="holds weights for 3 layers"):
        weights_lib.load_weights_file(small, path)


def test_keras3_weights_file(tmp_path):
    source = tiny_model()
    randomize(source, 2)
    path = str(tmp_path / "tiny.weights.h5")
    source.save_weights(path)
    target = tiny_model()
    weights_lib.load_application_weights(target, path)
    np.testing.assert_allclose(
        target.predict(INPUT, verbose=0), source.predict(INPUT, verbose=0), rtol=1e-5
    )


def test_imagenet_weights_found_in_cache(fetches, tmp_path):
    # A file already in the cache is used offline, without fetching.
    source = tiny_model()
    randomize(source, 3)
    os.makedirs(tmp_path / "models")
    write_legacy_h5(source, str(tmp_path / "models" / "tiny_notop.h5"))
    target = tiny_model()
    weights_lib.load_application_weights(
        target, "imagenet", "tiny", "tiny_notop.h5", "0" * 32
    )
    assert fetches == []
    np.testing.assert_allclose(
        target.predict(INPUT, verbose=0), source.predict(INPUT, verbose=0), rtol=1e-5
    )


def test_weights_path_given_to_a_builder(tmp_path):
    # weights=<path> loads that file into the built model (VGG16 without its top is
    # the smallest builder of part A with a fixed layout at a small input).
    keras.backend.clear_session()
    source = applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
    randomize(source, 4)
    path = str(tmp_path / "vgg.weights.h5")
    source.save_weights(path)
    keras.backend.clear_session()
    loaded = applications.VGG16(
        weights=path, include_top=False, input_shape=(32, 32, 3)
    )
    x = np.random.default_rng(1).uniform(0, 255, (1, 32, 32, 3)).astype("float32")
    expected = source.predict(x, verbose=0)
    assert np.all(np.isfinite(expected)) and np.any(expected != 0)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-4,
                               atol=1e-6 * np.abs(expected).max())


def test_published_weights_of_the_other_families():
    from keras.applications import published_weights

    # NASNet's files are named otherwise in the cache than at their URL.
    name, url, digest = published_weights.find("NASNet-mobile.h5")
    assert name == "nasnet_mobile.h5" and url.endswith("/nasnet/NASNet-mobile.h5")
    assert digest == "020fb642bf7360b370c678b08e0adf61"
    assert published_weights.find("efficientnetb0_notop.h5")[1] == (
        "https://storage.googleapis.com/keras-applications/efficientnetb0_notop.h5"
    )
    assert published_weights.find("nope.h5") is None
    model = keras.applications.MobileNetV3Small(weights=None, input_shape=(32, 32, 3), include_top=False)
    assert model.name == "MobileNetV3Small"
