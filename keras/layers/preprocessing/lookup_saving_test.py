"""Lookup layers in `.keras` files (Keras 3 assets layout) and in a trained model."""

import os
import zipfile

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.preprocessing import tf_text

L = keras.layers
TESTDATA = os.path.join(os.path.dirname(__file__), "testdata")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x)) if not isinstance(x, np.ndarray) else x


def _model():
    vectorize = L.TextVectorization(max_tokens=10, output_sequence_length=4)
    vectorize.adapt(["the cat sat", "the dog ran", "a cat ran fast", "b b"])
    lookup = L.StringLookup()
    lookup.adapt(np.array(["c", "b", "a", "b", "a", "z", "z"]))
    text = keras.Input(shape=(), dtype="string")
    return keras.Model(text, [vectorize(text), lookup(text)])


def test_save_load_keeps_vocabulary(tmp_path):
    model = _model()
    path = str(tmp_path / "lookup.keras")
    model.save(path)
    names = zipfile.ZipFile(path).namelist()
    # The layout Keras 3.15.1 writes for these layers.
    assert "assets/layers/text_vectorization/vocabulary.txt" in names
    assert "assets/layers/text_vectorization/_lookup_layer/vocabulary.txt" in names
    assert "assets/layers/string_lookup/vocabulary.txt" in names
    text = zipfile.ZipFile(path).read("assets/layers/string_lookup/vocabulary.txt")
    assert text.decode().split("\n") == model.layers[2].get_vocabulary()
    loaded = keras.models.load_model(path)
    assert loaded.layers[1].get_vocabulary() == model.layers[1].get_vocabulary()
    x = np.array(["the cat ran", "z", "dog b a"])
    for got, want in zip(loaded(x), model(x)):
        np.testing.assert_array_equal(_np(got), _np(want))


@pytest.mark.parametrize("name", ["lookup_model", "lookup_tfidf"])
def test_keras3_file_loads_with_same_predictions(name, tmp_path):
    # Written by testdata/make_lookup_fixture.py with Keras 3.15.1.
    data = np.load(os.path.join(TESTDATA, f"{name}.npz"))
    model = keras.models.load_model(os.path.join(TESTDATA, f"{name}.keras"))
    ids, hot = model([data["text"], data["words"]])
    np.testing.assert_allclose(_np(ids), data["ids"], rtol=1e-6)
    np.testing.assert_allclose(_np(hot), data["hot"], rtol=1e-6)
    # Saved again here (idf weights in model.weights.h5, vocabulary in assets).
    path = str(tmp_path / "again.keras")
    model.save(path)
    ids, hot = keras.models.load_model(path)([data["text"], data["words"]])
    np.testing.assert_allclose(_np(ids), data["ids"], rtol=1e-6)
    np.testing.assert_allclose(_np(hot), data["hot"], rtol=1e-6)


@pytest.mark.skipif(
    keras.config.backend() in ("numpy", "openvino"),
    reason="numpy and openvino backends run inference only (no training)",
)
def test_end_to_end_fit_from_raw_strings():
    tf = tf_text.tf()

    texts = ["good fun film", "bad dull film", "fun good", "dull bad plot"]
    texts = np.array(texts * 4)
    labels = np.array([1.0, 0.0, 1.0, 0.0] * 4, "float32")
    vectorize = L.TextVectorization(max_tokens=20, output_sequence_length=4)
    vectorize.adapt(texts)
    # Strings live in tf.data (as with Keras 3 on every backend).
    ds = tf.data.Dataset.from_tensor_slices((texts, labels)).batch(8)
    ds = ds.map(lambda x, y: (vectorize(x), y))
    model = keras.Sequential(
        [
            keras.Input((4,), dtype="int32"),
            L.Embedding(20, 8),
            L.GlobalAveragePooling1D(),
            L.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    before = [np.copy(_np(w)) for w in model.trainable_weights]
    history = model.fit(ds, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    after = [_np(w) for w in model.trainable_weights]
    assert any(not np.allclose(a, b) for a, b in zip(after, before))
    ids = _np(vectorize(np.array(["good film"])))
    vocab = vectorize.get_vocabulary()
    expected = [[vocab.index("good"), vocab.index("film"), 0, 0]]
    np.testing.assert_array_equal(ids, expected)
