"""keras.datasets.fashion_mnist: 70,000 28x28 grayscale images of 10 kinds of
clothing (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal,
6 shirt, 7 sneaker, 8 bag, 9 ankle boot)."""

import gzip

import numpy as np

from keras.datasets import dataset_files

# IDX files: the labels follow an 8-byte header, the images a 16-byte one.
_LABELS_HEADER, _IMAGES_HEADER = 8, 16


def _read(name, offset):
    path = dataset_files.fetch(name, cache_subdir="datasets/fashion-mnist")
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def _split(prefix):
    labels = _read(f"{prefix}-labels-idx1-ubyte.gz", _LABELS_HEADER)
    images = _read(f"{prefix}-images-idx3-ubyte.gz", _IMAGES_HEADER)
    return images.reshape(len(labels), 28, 28), labels


def load_data():
    """Loads Fashion-MNIST (60,000 images for training, 10,000 for testing).

    The four IDX files are cached in `~/.keras/datasets/fashion-mnist/`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(num_samples, 28, 28)` and uint8 labels 0-9 of shape `(num_samples,)`.
    """
    return _split("train"), _split("t10k")
