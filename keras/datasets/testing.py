"""Test helper: tiny dataset files in the formats the real ones have.

`write_all(folder)` writes, under `folder` laid out as a Keras cache's
`datasets/` folder, a few samples of every dataset keras.datasets loads: the npz
files, the gzipped IDX files of Fashion-MNIST, and the CIFAR archives (pickled
batches in a tar.gz). The contents come from a fixed seed, so the expected
results stored in testdata/ (what Keras 3.15 returned for these files) match.
"""

import gzip
import io
import json
import os
import pickle
import tarfile

import numpy as np

# Sizes of the tiny datasets.
MNIST_TRAIN, MNIST_TEST = 6, 4
CIFAR_PER_BATCH, CIFAR_TEST = 2, 3
TEXT_TRAIN, TEXT_TEST = 12, 8
REUTERS_SAMPLES = 15
HOUSING_SAMPLES = 21
CALIFORNIA_SAMPLES = 610
VOCABULARY = 30


def _rng(name):
    return np.random.default_rng(sum(map(ord, name)))


def _sequences(rng, count):
    # Variable-length lists of word ranks 1..VOCABULARY, as the text datasets hold.
    return [
        list(map(int, rng.integers(1, VOCABULARY + 1, rng.integers(2, 12))))
        for _ in range(count)
    ]


def _object_array(sequences):
    array = np.empty(len(sequences), dtype=object)
    for i, sequence in enumerate(sequences):
        array[i] = sequence
    return array


def word_index():
    """A word index of VOCABULARY words: "w1" -> 1, "w2" -> 2, ..."""
    return {f"w{rank}": rank for rank in range(1, VOCABULARY + 1)}


def write_mnist(folder, fname="mnist.npz"):
    rng = _rng("mnist")
    np.savez(
        os.path.join(folder, fname),
        x_train=rng.integers(0, 256, (MNIST_TRAIN, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, MNIST_TRAIN, dtype=np.uint8),
        x_test=rng.integers(0, 256, (MNIST_TEST, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, MNIST_TEST, dtype=np.uint8),
    )


def _idx_gz(path, array):
    # IDX: a magic number, the sizes as big-endian int32, then the bytes.
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape
    )
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


def write_fashion_mnist(folder):
    rng = _rng("fashion")
    sub = os.path.join(folder, "fashion-mnist")
    os.makedirs(sub, exist_ok=True)
    for prefix, count in (("train", MNIST_TRAIN), ("t10k", MNIST_TEST)):
        _idx_gz(
            os.path.join(sub, f"{prefix}-labels-idx1-ubyte.gz"),
            rng.integers(0, 10, count, dtype=np.uint8),
        )
        _idx_gz(
            os.path.join(sub, f"{prefix}-images-idx3-ubyte.gz"),
            rng.integers(0, 256, (count, 28, 28), dtype=np.uint8),
        )


def _add_pickle(archive, name, content):
    data = pickle.dumps(content, protocol=3)
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def write_cifar10(folder):
    rng = _rng("cifar10")
    path = os.path.join(folder, "cifar-10-batches-py-target_archive")
    with tarfile.open(path, "w:gz") as archive:
        names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
        for name in names:
            count = CIFAR_TEST if name == "test_batch" else CIFAR_PER_BATCH
            _add_pickle(
                archive,
                f"cifar-10-batches-py/{name}",
                {
                    b"data": rng.integers(0, 256, (count, 3072), dtype=np.uint8),
                    b"labels": [int(v) for v in rng.integers(0, 10, count)],
                },
            )


def write_cifar100(folder):
    rng = _rng("cifar100")
    path = os.path.join(folder, "cifar-100-python-target_archive")
    with tarfile.open(path, "w:gz") as archive:
        for name, count in (("train", 2 * CIFAR_PER_BATCH), ("test", CIFAR_TEST)):
            _add_pickle(
                archive,
                f"cifar-100-python/{name}",
                {
                    b"data": rng.integers(0, 256, (count, 3072), dtype=np.uint8),
                    b"fine_labels": [int(v) for v in rng.integers(0, 100, count)],
                    b"coarse_labels": [int(v) for v in rng.integers(0, 20, count)],
                },
            )


def write_imdb(folder):
    rng = _rng("imdb")
    np.savez(
        os.path.join(folder, "imdb.npz"),
        x_train=_object_array(_sequences(rng, TEXT_TRAIN)),
        y_train=rng.integers(0, 2, TEXT_TRAIN),
        x_test=_object_array(_sequences(rng, TEXT_TEST)),
        y_test=rng.integers(0, 2, TEXT_TEST),
    )
    with open(os.path.join(folder, "imdb_word_index.json"), "w") as f:
        json.dump(word_index(), f)


def write_reuters(folder):
    rng = _rng("reuters")
    np.savez(
        os.path.join(folder, "reuters.npz"),
        x=_object_array(_sequences(rng, REUTERS_SAMPLES)),
        y=rng.integers(0, 46, REUTERS_SAMPLES),
    )
    with open(os.path.join(folder, "reuters_word_index.json"), "w") as f:
        json.dump(word_index(), f)


def write_housing(folder):
    rng = _rng("boston")
    np.savez(
        os.path.join(folder, "boston_housing.npz"),
        x=rng.normal(size=(HOUSING_SAMPLES, 13)),
        y=rng.normal(size=HOUSING_SAMPLES),
    )
    rng = _rng("california")
    np.savez(
        os.path.join(folder, "california_housing.npz"),
        x=rng.normal(size=(CALIFORNIA_SAMPLES, 8)).astype("float32"),
        y=rng.normal(size=CALIFORNIA_SAMPLES).astype("float32"),
    )


def write_all(folder):
    """Writes every tiny dataset into `folder` (a cache's `datasets/` folder)."""
    os.makedirs(folder, exist_ok=True)
    write_mnist(folder)
    write_fashion_mnist(folder)
    write_cifar10(folder)
    write_cifar100(folder)
    write_imdb(folder)
    write_reuters(folder)
    write_housing(folder)
