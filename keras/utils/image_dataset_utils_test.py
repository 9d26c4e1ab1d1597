"""image_dataset_from_directory: pixels and labels against the files written, the
options, bad folders and files, and an end-to-end fit on every training backend."""

import struct
import zlib

import numpy as np
import pytest

import keras
from keras import utils


def write_png(path, pixels):
    """Writes (height, width, 1 or 3) uint8 pixels as an 8-bit PNG (stdlib only)."""
    height, width, channels = pixels.shape
    rows = b"".join(
        b"\x00" + pixels[row].astype("uint8").tobytes() for row in range(height)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(
            ">I", zlib.crc32(body) & 0xFFFFFFFF
        )

    color_type = {1: 0, 3: 2}[channels]
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def folder(tmp_path):
    """Two classes, 3 + 2 random 4x6 RGB images; returns (root, {path: (pixels,
    label)})."""
    rng = np.random.default_rng(0)
    written = {}
    for label, (name, count) in enumerate((("cats", 3), ("dogs", 2))):
        for i in range(count):
            pixels = rng.integers(0, 256, size=(4, 6, 3))
            path = tmp_path / "photos" / name / f"{i}.png"
            write_png(path, pixels)
            written[str(path)] = (pixels, label)
    return tmp_path / "photos", written


def test_pixels_and_labels_match_the_files(folder):
    root, written = folder
    dataset = utils.image_dataset_from_directory(
        root, image_size=(4, 6), batch_size=2, shuffle=False, verbose=False
    )
    assert dataset.class_names == ["cats", "dogs"]
    assert sorted(dataset.file_paths) == sorted(written)
    images, labels = [], []
    for x, y in dataset.as_numpy_iterator():
        assert x.dtype == np.float32 and y.dtype == np.int32
        images.append(x)
        labels.append(y)
    images, labels = np.concatenate(images), np.concatenate(labels)
    assert images.shape == (5, 4, 6, 3)
    for image, label, path in zip(images, labels, dataset.file_paths):
        pixels, want_label = written[path]
        np.testing.assert_array_equal(image, pixels)
        assert label == want_label


def test_shuffled_images_keep_their_labels(folder):
    # The file order is shuffled before decoding: each image must still come with
    # its own label, every file once, and a seed must repeat the order.
    root, written = folder

    def one_pass(seed):
        dataset = utils.image_dataset_from_directory(
            root, image_size=(4, 6), batch_size=2, seed=seed, verbose=False
        )
        pairs = [
            (image, label)
            for x, y in dataset.as_numpy_iterator()
            for image, label in zip(x, y)
        ]
        return pairs

    first = one_pass(seed=7)
    assert len(first) == len(written)
    matched = set()
    for image, label in first:
        hits = [
            path
            for path, (pixels, want) in written.items()
            if np.array_equal(image, pixels) and label == want
        ]
        assert len(hits) == 1
        matched.add(hits[0])
    assert matched == set(written)
    again = one_pass(seed=7)
    for (image, label), (image2, label2) in zip(first, again):
        np.testing.assert_array_equal(image, image2)
        assert label == label2


@pytest.mark.parametrize(
    "label_mode, shape, dtype",
    [("categorical", (5, 2), np.float32), ("binary", (5, 1), np.float32)],
)
def test_label_modes(folder, label_mode, shape, dtype):
    root, written = folder
    dataset = utils.image_dataset_from_directory(
        root, label_mode=label_mode, image_size=(2, 3), batch_size=8, shuffle=False,
        verbose=False,
    )
    x, y = next(dataset.as_numpy_iterator())
    assert x.shape == (5, 2, 3, 3) and y.shape == shape and y.dtype == dtype
    want = np.array([written[p][1] for p in dataset.file_paths])
    got = y.argmax(-1) if label_mode == "categorical" else y[:, 0]
    np.testing.assert_array_equal(got, want)


def test_grayscale_crop_and_channels_first(tmp_path):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, size=(4, 8, 1))
    write_png(tmp_path / "one" / "a.png", pixels)
    dataset = utils.image_dataset_from_directory(
        tmp_path, labels=None, color_mode="grayscale", image_size=(4, 4),
        crop_to_aspect_ratio=True, data_format="channels_first", batch_size=None,
        verbose=False,
    )
    image = next(dataset.as_numpy_iterator())
    # The centred 4x4 window of a 4x8 image is columns 2..6; no resize is needed.
    np.testing.assert_array_equal(image, pixels[:, 2:6].transpose(2, 0, 1))


def test_validation_split_both_is_disjoint(folder):
    root, _ = folder
    train, validation = utils.image_dataset_from_directory(
        root, image_size=(4, 6), validation_split=0.4, subset="both", seed=7,
        verbose=False,
    )
    assert len(train.file_paths) == 3 and len(validation.file_paths) == 2
    assert not set(train.file_paths) & set(validation.file_paths)


def test_empty_folder_and_corrupt_file(tmp_path):
    (tmp_path / "empty" / "class_a").mkdir(parents=True)
    with pytest.raises(ValueError, match="No images found"):
        utils.image_dataset_from_directory(tmp_path / "empty", verbose=False)
    broken = tmp_path / "broken" / "class_a" / "bad.png"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"this is not a png")
    # As Keras 3.15.1, the dataset is built without opening the files; reading the
    # broken one raises TensorFlow's InvalidArgumentError, here naming the file.
    dataset = utils.image_dataset_from_directory(tmp_path / "broken", verbose=False)
    tf = pytest.importorskip("tensorflow")
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad.png"):
        next(iter(dataset))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"label_mode": "sparse"}, "label_mode"),
        ({"color_mode": "cmyk"}, "color_mode"),
        ({"image_size": (4,)}, "image_size"),
        ({"validation_split": 0.2}, "subset"),
        ({"validation_split": 0.2, "subset": "training"}, "seed"),
        ({"interpolation": "magic"}, "interpolation"),
        ({"label_mode": "binary", "class_names": ["cats"]}, "class_names"),
    ],
)
def test_argument_errors(folder, kwargs, match):
    root, _ = folder
    with pytest.raises(ValueError, match=match):
        utils.image_dataset_from_directory(root, verbose=False, **kwargs)


def test_binary_needs_two_classes(tmp_path):
    rng = np.random.default_rng(2)
    for name in ("a", "b", "c"):
        write_png(tmp_path / name / "x.png", rng.integers(0, 256, size=(2, 2, 3)))
    with pytest.raises(ValueError, match="binary"):
        utils.image_dataset_from_directory(tmp_path, label_mode="binary",
                                           verbose=False)


@pytest.mark.skipif(
    keras.config.backend() in ("numpy", "openvino"),
    reason="fit needs automatic differentiation: numpy and openvino do not train",
)
def test_fit_one_epoch_on_the_folder(folder):
    root, _ = folder
    dataset = utils.image_dataset_from_directory(
        root, image_size=(4, 6), batch_size=2, seed=3, verbose=False
    ).map(lambda x, y: (x / 255.0, y))
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4, 6, 3)),
            # No Flatten/Reshape: under tf.function with an unknown batch size
            # they pass a symbolic batch dimension that ops.reshape refuses.
            keras.layers.Dense(8, activation="relu"),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(0.1),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    before = [np.array(w) for w in model.get_weights()]
    history = model.fit(dataset, epochs=1, verbose=0)
    loss = history.history["loss"][0]
    assert np.isfinite(loss) and loss > 0
    after = model.get_weights()
    assert any(not np.allclose(b, a) for b, a in zip(before, after))
    predictions = model.predict(dataset, verbose=0)
    assert predictions.shape == (5, 2)
