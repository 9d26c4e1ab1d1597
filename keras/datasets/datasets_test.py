"""keras.datasets: every loader on tiny files in the real formats, checked against
NumPy and against what Keras 3.15 returned for the same files; nothing is
downloaded (the network is cut, as offline)."""

import gzip
import json
import os
import pickle

import numpy as np
import pytest

import keras
from keras.datasets import boston_housing
from keras.datasets import california_housing
from keras.datasets import cifar10
from keras.datasets import cifar100
from keras.datasets import dataset_files
from keras.datasets import fashion_mnist
from keras.datasets import imdb
from keras.datasets import mnist
from keras.datasets import reuters
from keras.datasets import testing
from keras.utils import file_utils

_KERAS3 = os.path.join(os.path.dirname(__file__), "testdata", "keras3_outputs.json")


def _offline(origin, destination):
    raise OSError(f"URL fetch failure on {origin}: no network in tests")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A Keras home holding the tiny dataset files, their hashes in place of the
    real files' hashes, and no network."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    folder = tmp_path / "datasets"
    testing.write_all(str(folder))
    files = {}
    for key, (origin, file_hash) in dataset_files.FILES.items():
        path = folder / key
        if key.startswith("cifar"):
            path = folder / (key + "_archive")
        if file_hash is not None:
            file_hash = file_utils.hash_file(str(path))
        files[key] = (origin, file_hash)
    monkeypatch.setattr(dataset_files, "FILES", files)
    monkeypatch.setattr(file_utils, "_fetch", _offline)
    return folder


def _keras3(name):
    with open(_KERAS3) as f:
        return json.load(f)[name]


def test_namespace_lists_the_eight_loaders():
    import keras.datasets as datasets

    assert sorted(datasets.__all__) == [
        "boston_housing", "california_housing", "cifar10", "cifar100",
        "fashion_mnist", "imdb", "mnist", "reuters",
    ]  # fmt: skip
    assert datasets.mnist is mnist and datasets.reuters.get_label_names is not None


def test_mnist_returns_the_npz_arrays(cache):
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    with np.load(cache / "mnist.npz") as stored:
        for got, key in ((x_train, "x_train"), (y_train, "y_train")):
            np.testing.assert_array_equal(got, stored[key])
        np.testing.assert_array_equal(x_test, stored["x_test"])
        np.testing.assert_array_equal(y_test, stored["y_test"])
    assert x_train.dtype == np.uint8 and x_train.shape == (testing.MNIST_TRAIN, 28, 28)


def test_fashion_mnist_reads_the_idx_files(cache):
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    sub = cache / "fashion-mnist"
    with gzip.open(sub / "train-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read()[16:], np.uint8).reshape(-1, 28, 28)
    with gzip.open(sub / "t10k-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read()[8:], np.uint8)
    np.testing.assert_array_equal(x_train, images)
    np.testing.assert_array_equal(y_test, labels)
    assert y_train.shape == (testing.MNIST_TRAIN,) and x_test.shape == (4, 28, 28)
    assert x_train.dtype == y_train.dtype == np.uint8


def _cifar_reference(folder, names, label_key):
    images, labels = [], []
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            batch = pickle.load(f, encoding="bytes")
        images.append(batch[b"data"].reshape(-1, 3, 32, 32))
        labels += batch[label_key]
    return np.concatenate(images), np.array(labels).reshape(-1, 1)


def test_cifar10_channels_last_and_first(cache, tmp_path):
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    # Keras 3's layout: the archive beside the folder it extracts to.
    folder = cache / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    assert folder.is_dir()
    names = [f"data_batch_{i}" for i in range(1, 6)]
    images, labels = _cifar_reference(folder, names, b"labels")
    np.testing.assert_array_equal(x_train, images.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_train, labels)
    assert x_train.shape == (5 * testing.CIFAR_PER_BATCH, 32, 32, 3)
    assert y_train.dtype == y_test.dtype == np.uint8 and y_test.shape == (3, 1)
    test_images, _ = _cifar_reference(folder, ["test_batch"], b"labels")
    previous = keras.config.image_data_format()
    keras.config.set_image_data_format("channels_first")
    try:
        # Reads the extracted folder: the archive is no longer needed.
        os.remove(cache / "cifar-10-batches-py-target_archive")
        (_, _), (x_test_first, _) = cifar10.load_data()
    finally:
        keras.config.set_image_data_format(previous)
    np.testing.assert_array_equal(x_test_first, test_images)


def test_cifar100_fine_and_coarse_labels(cache):
    folder = cache / "cifar-100-python-target_archive"
    assert folder.exists()
    (x_train, y_fine), (x_test, _) = cifar100.load_data()
    (_, y_coarse), (_, y_test_coarse) = cifar100.load_data(label_mode="coarse")
    extracted = cache / "cifar-100-python-target" / "cifar-100-python"
    images, fine = _cifar_reference(extracted, ["train"], b"fine_labels")
    _, coarse = _cifar_reference(extracted, ["test"], b"coarse_labels")
    np.testing.assert_array_equal(x_train, images.transpose(0, 2, 3, 1))
    np.testing.assert_array_equal(y_fine, fine)
    np.testing.assert_array_equal(y_test_coarse, coarse)
    assert y_fine.dtype == np.int64 and y_coarse.shape == (4, 1)
    with pytest.raises(ValueError, match="label_mode"):
        cifar100.load_data(label_mode="medium")


@pytest.mark.parametrize("index", range(9))
def test_imdb_matches_keras3(cache, index):
    expected = _keras3(f"imdb/{index}")
    (x_train, y_train), (x_test, y_test) = imdb.load_data(**expected["kwargs"])
    assert x_train.dtype == object and y_train.dtype == np.int64
    assert [list(x) for x in x_train] == expected["x_train"]
    assert [list(x) for x in x_test] == expected["x_test"]
    assert y_train.tolist() == expected["y_train"]
    assert y_test.tolist() == expected["y_test"]


@pytest.mark.parametrize("index", list(range(9)) + ["split"])
def test_reuters_matches_keras3(cache, index):
    expected = _keras3(f"reuters/{index}")
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**expected["kwargs"])
    assert [list(x) for x in x_train] == expected["x_train"]
    assert [list(x) for x in x_test] == expected["x_test"]
    assert y_train.tolist() == expected["y_train"]
    assert y_test.tolist() == expected["y_test"]


def test_text_defaults_shift_and_mark_every_review(cache):
    (x_train, _), _ = imdb.load_data(seed=0)
    with np.load(cache / "imdb.npz", allow_pickle=True) as stored:
        raw = stored["x_train"][np.random.RandomState(0).permutation(testing.TEXT_TRAIN)]
        largest = max(max(x) for x in list(stored["x_train"]) + list(stored["x_test"]))
    shifted = [[1] + [w + 3 for w in x] for x in raw]
    # As in Keras 3, num_words=None keeps the ranks below the largest one; the
    # largest itself becomes oov_char.
    top = largest + 3
    expected = [[w if w < top else 2 for w in x] for x in shifted]
    assert [list(x) for x in x_train] == expected
    with pytest.raises(ValueError, match="maxlen=1"):
        imdb.load_data(maxlen=1)
    with pytest.raises(ValueError, match="maxlen=1"):
        reuters.load_data(maxlen=1)


def test_word_indexes_and_label_names(cache):
    assert imdb.get_word_index() == testing.word_index()
    assert reuters.get_word_index()["w7"] == 7
    names = reuters.get_label_names()
    assert isinstance(names, tuple) and len(names) == 46
    assert names[:3] == ("cocoa", "grain", "veg-oil") and names[-1] == "lead"


@pytest.mark.parametrize(
    "module, name, runs",
    [(boston_housing, "boston", 3), (california_housing, "california", 3)],
)
def test_housing_splits_match_keras3(cache, module, name, runs):
    stored = dataset_files.load_npz(str(cache / f"{name}_housing.npz"))
    for index in range(runs):
        expected = _keras3(f"{name}/{index}")
        (x_train, y_train), (x_test, y_test) = module.load_data(**expected["kwargs"])
        np.testing.assert_array_equal(x_train, stored["x"][expected["train_rows"]])
        np.testing.assert_array_equal(y_train, stored["y"][expected["train_rows"]])
        np.testing.assert_array_equal(x_test, stored["x"][expected["test_rows"]])
        np.testing.assert_array_equal(y_test, stored["y"][expected["test_rows"]])
        assert [str(x_train.dtype), str(y_train.dtype)] == expected["dtypes"]
    with pytest.raises(ValueError, match="test_split"):
        module.load_data(test_split=1.0)


def test_california_versions(cache):
    (x_small, _), (x_small_test, _) = california_housing.load_data(version="small")
    assert len(x_small) + len(x_small_test) == 600
    (x_large, _), (x_large_test, _) = california_housing.load_data()
    assert len(x_large) + len(x_large_test) == testing.CALIFORNIA_SAMPLES
    with pytest.raises(ValueError, match="version"):
        california_housing.load_data(version="medium")


def test_offline_without_the_file_says_where_to_put_it(cache):
    os.remove(cache / "reuters.npz")
    with pytest.raises(OSError) as info:
        reuters.load_data()
    message = str(info.value)
    assert "'reuters.npz'" in message and str(cache) in message
    assert "storage.googleapis.com" in message


def test_a_cached_file_with_the_wrong_hash_is_fetched_again(cache, monkeypatch):
    origin, _ = dataset_files.FILES["mnist.npz"]
    files = dict(dataset_files.FILES, **{"mnist.npz": (origin, "0" * 64)})
    monkeypatch.setattr(dataset_files, "FILES", files)
    with pytest.raises(OSError, match="mnist.npz"):
        mnist.load_data()


def test_pickles_that_would_run_code_are_refused(cache, tmp_path):
    class Evil:
        def __reduce__(self):
            return (os.system, ("echo hacked",))

    path = tmp_path / "evil"
    path.write_bytes(pickle.dumps({b"data": Evil()}))
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        dataset_files.load_pickle(str(path))
    array = np.empty(1, dtype=object)
    array[0] = Evil()
    np.savez(tmp_path / "evil.npz", x=array)
    with pytest.raises(pickle.UnpicklingError, match="Refusing"):
        dataset_files.load_npz(str(tmp_path / "evil.npz"))
