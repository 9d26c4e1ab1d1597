"""End-to-end input pipelines of issue 17, as a user writes them.

Images: a folder of PNG files (Pillow) -> image_dataset_from_directory -> Rescaling,
RandomFlip, RandomRotation -> a small conv model -> fit, which must learn the rule.
Text: raw strings -> an adapted TextVectorization -> Embedding -> pooling -> Dense ->
fit; then a `.keras` round trip of the string-to-prediction model (same vocabulary,
same predictions) and of a model with an adapted Normalization (same statistics).
Bad input: the errors a user meets first, each naming what was wrong.

Narrower checks live beside each piece (image_dataset_utils_test, lookup_saving_test,
normalization_test); these tests chain the pieces.
"""

import re

import numpy as np
import pytest

import keras
from keras import ops
from keras import utils

L = keras.layers
_BACKEND = keras.config.backend()
# The skip reasons of //tools:gaps.bzl NEEDS_TRAINING, for the tests that call fit.
_NO_TRAINING = {
    "numpy": "the numpy backend does not train: fit needs automatic differentiation",
    "openvino": "keras.ops are not implemented on openvino yet",
}
needs_training = pytest.mark.skipif(
    _BACKEND in _NO_TRAINING, reason=_NO_TRAINING.get(_BACKEND, "")
)
# The dataset builders and the string layers run on TensorFlow (as in Keras 3).
tf = pytest.importorskip("tensorflow")
Image = pytest.importorskip("PIL.Image")

SIDE = 8


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _write_folder(root, per_class=12, seed=0):
    """Two classes of SIDE x SIDE RGB PNGs: "bright" images are light, "dark" ones
    dark, both noisy. Brightness survives flips and small rotations, so the
    augmented model can still learn it. Returns {path: (pixels, label)}."""
    rng = np.random.default_rng(seed)
    written = {}
    for label, (name, low, high) in enumerate((("bright", 150, 256), ("dark", 0, 106))):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            pixels = rng.integers(low, high, size=(SIDE, SIDE, 3)).astype("uint8")
            path = root / name / f"{i:02d}.png"
            Image.fromarray(pixels).save(path)
            written[str(path)] = (pixels, label)
    return written


def test_image_folder_pixels_equal_the_png_files(tmp_path):
    written = _write_folder(tmp_path / "photos")
    dataset = utils.image_dataset_from_directory(
        tmp_path / "photos",
        image_size=(SIDE, SIDE),
        batch_size=5,
        shuffle=False,
        verbose=False,
    )
    assert dataset.class_names == ["bright", "dark"]
    images = np.concatenate([x for x, _ in dataset.as_numpy_iterator()])
    labels = np.concatenate([y for _, y in dataset.as_numpy_iterator()])
    assert images.shape == (24, SIDE, SIDE, 3)
    for image, label, path in zip(images, labels, dataset.file_paths):
        # The reference is Pillow's own decoding of the file, not what was written.
        with Image.open(path) as png:
            reference = np.asarray(png.convert("RGB"), dtype="float32")
        np.testing.assert_array_equal(image, reference)
        np.testing.assert_array_equal(reference, written[path][0])
        assert label == written[path][1]


@needs_training
def test_image_folder_augmentation_and_fit_learns_the_classes(tmp_path):
    _write_folder(tmp_path / "photos")
    train = utils.image_dataset_from_directory(
        tmp_path / "photos", image_size=(SIDE, SIDE), batch_size=8, seed=1,
        verbose=False,
    )
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((SIDE, SIDE, 3)),
            L.Rescaling(1.0 / 255),
            L.RandomFlip("horizontal", seed=2),
            L.RandomRotation(0.05, seed=3),
            # tanh, not relu: with 4 relu filters some seeds start (or end up) with
            # every unit dead and the loss stays at log(2) on every backend.
            L.Conv2D(8, 3, activation="tanh"),
            L.GlobalAveragePooling2D(),
            L.Dense(2),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.02),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = model.fit(train, epochs=12, verbose=0).history
    losses = history["loss"]
    assert all(np.isfinite(losses))
    assert losses[-1] < 0.5 * losses[0], losses
    assert history["accuracy"][-1] > 0.75, history["accuracy"]

    # Inference: augmentation is off, so two passes agree, and the predicted class
    # matches the folder on (nearly) every image.
    ordered = utils.image_dataset_from_directory(
        tmp_path / "photos", image_size=(SIDE, SIDE), batch_size=8, shuffle=False,
        verbose=False,
    )
    first = model.predict(ordered, verbose=0)
    np.testing.assert_allclose(model.predict(ordered, verbose=0), first, rtol=1e-6)
    labels = np.concatenate([y for _, y in ordered.as_numpy_iterator()])
    assert np.mean(first.argmax(-1) == labels) > 0.75


def _sentences(count, seed):
    """Short sentences; the label is 1 when the word "cat" appears."""
    rng = np.random.default_rng(seed)
    words = ["the", "dog", "sat", "on", "a", "mat", "ran", "far", "big", "red"]
    texts, labels = [], []
    for i in range(count):
        sentence = list(rng.choice(words, size=rng.integers(3, 6)))
        if i % 2:
            sentence.insert(int(rng.integers(0, len(sentence) + 1)), "cat")
        texts.append(" ".join(sentence))
        labels.append(float(i % 2))
    return np.array(texts), np.array(labels, "float32")


@needs_training
def test_raw_strings_to_fit_and_keras_file_keeps_the_vocabulary(tmp_path):
    texts, labels = _sentences(64, seed=0)
    vectorize = L.TextVectorization(max_tokens=16, output_sequence_length=6)
    vectorize.adapt(texts)
    vocabulary = vectorize.get_vocabulary()
    assert vocabulary[:2] == ["", "[UNK]"] and "cat" in vocabulary

    # Strings stay in tf.data (the layer runs there as TensorFlow ops on any backend).
    train = (
        tf.data.Dataset.from_tensor_slices((texts, labels))
        .shuffle(64, seed=4)
        .batch(16)
        .map(lambda x, y: (vectorize(x), y))
    )
    keras.utils.set_random_seed(0)
    classifier = keras.Sequential(
        [
            keras.Input((6,), dtype="int64"),
            L.Embedding(16, 8),
            L.GlobalMaxPooling1D(),
            L.Dense(1, activation="sigmoid"),
        ]
    )
    classifier.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    history = classifier.fit(train, epochs=15, verbose=0).history
    assert history["loss"][-1] < 0.5 * history["loss"][0], history["loss"]
    assert history["accuracy"][-1] > 0.9, history["accuracy"]

    # The exported model takes raw strings; unseen sentences follow the rule.
    text = keras.Input(shape=(), dtype="string")
    exported = keras.Model(text, classifier(vectorize(text)))
    fresh, fresh_labels = _sentences(20, seed=9)
    before = _np(exported(fresh))
    assert np.mean((before[:, 0] > 0.5) == (fresh_labels > 0.5)) > 0.8

    path = str(tmp_path / "text_model.keras")
    exported.save(path)
    loaded = keras.models.load_model(path)
    loaded_vectorize = [
        layer for layer in loaded.layers if isinstance(layer, L.TextVectorization)
    ]
    assert len(loaded_vectorize) == 1
    assert loaded_vectorize[0].get_vocabulary() == vocabulary
    np.testing.assert_allclose(_np(loaded(fresh)), before, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(
        _np(loaded_vectorize[0](fresh)), _np(vectorize(fresh))
    )


@needs_training
def test_adapted_normalization_survives_fit_and_a_keras_file(tmp_path):
    rng = np.random.default_rng(5)
    # Features on very different scales: the reason to normalize.
    x = (rng.normal(size=(64, 3)) * [1.0, 50.0, 0.01] + [0.0, 300.0, -2.0]).astype(
        "float32"
    )
    y = (x[:, 1] > 300.0).astype("float32")
    norm = L.Normalization()
    norm.adapt(x)
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((3,)), norm, L.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    model.fit(x, y, batch_size=16, epochs=5, verbose=0)
    # fit trains Dense only: the statistics are still NumPy's.
    np.testing.assert_allclose(_np(norm.mean)[0], x.mean(0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_np(norm.variance)[0], x.var(0), rtol=1e-4)

    path = str(tmp_path / "norm_model.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    loaded_norm = loaded.layers[0]
    assert isinstance(loaded_norm, L.Normalization)
    np.testing.assert_allclose(_np(loaded_norm.mean), _np(norm.mean), rtol=1e-7)
    np.testing.assert_allclose(
        _np(loaded_norm.variance), _np(norm.variance), rtol=1e-7
    )
    np.testing.assert_allclose(
        _np(loaded.predict(x, verbose=0)), _np(model.predict(x, verbose=0)),
        rtol=1e-5, atol=1e-6,
    )


# ---- Bad input: clear errors, raised before anything is half-done ----


def test_directory_with_no_images_and_missing_directory(tmp_path):
    (tmp_path / "empty" / "class_a").mkdir(parents=True)
    (tmp_path / "empty" / "class_a" / "notes.txt").write_text("not an image")
    with pytest.raises(ValueError, match=r"No images found in directory .*empty"):
        utils.image_dataset_from_directory(tmp_path / "empty", verbose=False)
    # As Keras 3.15.1: the OS error, naming the path.
    with pytest.raises(FileNotFoundError, match="`directory`.*missing"):
        utils.image_dataset_from_directory(tmp_path / "missing", verbose=False)
    with pytest.raises(NotADirectoryError, match="`directory`.*notes.txt"):
        utils.image_dataset_from_directory(
            tmp_path / "empty" / "class_a" / "notes.txt", verbose=False
        )


def test_corrupt_image_fails_when_read_and_names_the_file(tmp_path):
    _write_folder(tmp_path / "photos", per_class=2)
    (tmp_path / "photos" / "dark" / "broken.png").write_bytes(b"\x00garbage bytes")
    # As Keras 3.15.1: the dataset is built (the file is listed); reading it fails,
    # with a TensorFlow InvalidArgumentError, here naming the file.
    dataset = utils.image_dataset_from_directory(
        tmp_path / "photos", image_size=(SIDE, SIDE), batch_size=1, shuffle=False,
        verbose=False,
    )
    assert any(path.endswith("broken.png") for path in dataset.file_paths)
    with pytest.raises(tf.errors.InvalidArgumentError, match="broken.png"):
        for _ in dataset:
            pass
    # Skipping unreadable files is a tf.data choice left to the user.
    kept = dataset.ignore_errors()
    assert sum(int(x.shape[0]) for x, _ in kept) == 4


@pytest.mark.parametrize(
    "data",
    [[[1.0, 2.0], [3.0]], [np.ones((2, 3)), np.ones((3,))]],
    ids=["ragged", "mixed_rank"],
)
def test_normalization_adapt_on_ragged_data(data):
    norm = L.Normalization()
    with pytest.raises(ValueError, match=r"Normalization.*`data`.*same shape"):
        norm.adapt(data)
    assert not norm.built


def test_pad_sequences_mixed_ranks():
    with pytest.raises(ValueError, match=r"shape \(2,\).*sequence 1"):
        utils.pad_sequences([np.ones((2, 2)), np.ones((3,))])
    with pytest.raises(ValueError, match=r"`sequences`.*item 1"):
        utils.pad_sequences([[1, 2], 3])


@pytest.mark.parametrize("shape", [(4, 4), (4,)])
def test_resizing_needs_images(shape):
    with pytest.raises(ValueError, match=rf"Resizing.*rank 3.*{re.escape(str(shape))}"):
        L.Resizing(2, 2)(np.ones(shape, "float32"))


@pytest.mark.parametrize(
    "layer, kwargs, allowed",
    [
        (L.StringLookup, {}, ("int", "one_hot", "multi_hot", "count", "tf_idf")),
        (L.IntegerLookup, {}, ("int", "one_hot", "multi_hot", "count", "tf_idf")),
        (L.TextVectorization, {}, ("int", "multi_hot", "count", "tf_idf")),
        (L.CategoryEncoding, {"num_tokens": 3}, ("one_hot", "multi_hot", "count")),
        (L.Hashing, {"num_bins": 3}, ("int", "one_hot", "multi_hot", "count")),
    ],
)
def test_unknown_output_mode_names_argument_allowed_and_received(
    layer, kwargs, allowed
):
    with pytest.raises(ValueError) as error:
        layer(output_mode="bogus", **kwargs)
    message = str(error.value)
    assert "`output_mode`" in message and "output_mode='bogus'" in message
    for mode in allowed:
        assert repr(mode) in message, (mode, message)
