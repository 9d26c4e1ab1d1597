"""A `.keras` file written by Keras 3.15.1 with every convolution layer
(testdata/make_keras3_fixture.py) loads here with the same weights and predictions,
and our files of the same model hold the same weight paths and shapes."""

import io
import json
import os
import zipfile

import h5py
import numpy as np

import keras

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _fixture():
    with np.load(os.path.join(HERE, "keras3_convs_expected.npz")) as z:
        return {key: z[key] for key in z.files}


def _layer_weights(arrays, name):
    count = sum(1 for k in arrays if k.startswith(f"{name}:"))
    return [arrays[f"{name}:{i}"] for i in range(count)]


def _h5_paths(path):
    with zipfile.ZipFile(path) as archive:
        data = archive.read("model.weights.h5")
    paths = []
    with h5py.File(io.BytesIO(data), "r") as f:
        f.visititems(
            lambda name, obj: paths.append(f"{name} {obj.shape}")
            if isinstance(obj, h5py.Dataset)
            else None
        )
    return paths


def test_keras3_file_loads_with_same_weights_and_predictions(tmp_path):
    arrays = _fixture()
    model = keras.saving.load_model(os.path.join(HERE, "keras3_convs.keras"))
    names = sorted(type(layer).__name__ for layer in model.layers)
    for name in (
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
        "SeparableConv1D",
        "SeparableConv2D",
    ):
        assert name in names
    # By layer: the order of `model.layers` (so of get_weights) is not tested here.
    for layer in model.layers:
        got, want = layer.get_weights(), _layer_weights(arrays, layer.name)
        assert [w.shape for w in got] == [w.shape for w in want], layer.name
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)
    lora = [layer for layer in model.layers if getattr(layer, "lora_enabled", False)]
    assert [layer.lora_rank for layer in lora] == [2]
    inputs = [arrays["x1"], arrays["x2"], arrays["x3"]]
    predictions = model.predict(inputs, verbose=0)
    for i, prediction in enumerate(predictions):
        np.testing.assert_allclose(prediction, arrays[f"y{i}"], rtol=1e-5, atol=1e-5)

    # Saved here: the same datasets as Keras 3's file, and the same predictions back.
    path = os.path.join(tmp_path, "ours.keras")
    model.save(path)
    assert _h5_paths(path) == json.loads(str(arrays["h5_paths"]))
    again = keras.saving.load_model(path)
    for i, prediction in enumerate(again.predict(inputs, verbose=0)):
        np.testing.assert_allclose(prediction, arrays[f"y{i}"], rtol=1e-5, atol=1e-5)
