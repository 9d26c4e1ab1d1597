"""keras.datasets.cifar10: 60,000 32x32 color images in 10 classes (0 airplane,
1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck)."""

import os

import numpy as np

from keras.datasets import cifar
from keras.datasets import dataset_files


def load_data():
    """Loads CIFAR-10 (50,000 images for training in 5 batches, 10,000 for testing).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(num_samples, 32, 32, 3)` (`(num_samples, 3, 32, 32)` when
        `keras.config.image_data_format()` is "channels_first") and uint8 labels
        0-9 of shape `(num_samples, 1)`.
    """
    folder = dataset_files.fetch_archive(
        "cifar-10-batches-py-target", "cifar-10-batches-py"
    )
    batches = [
        cifar.load_batch(os.path.join(folder, f"data_batch_{i}"), "labels")
        for i in range(1, 6)
    ]
    x_train = np.concatenate([images for images, _ in batches])
    y_train = np.concatenate([labels for _, labels in batches]).astype(np.uint8)
    x_test, y_test = cifar.load_batch(os.path.join(folder, "test_batch"), "labels")
    y_test = np.asarray(y_test, dtype=np.uint8)
    return (x_train, y_train.reshape(-1, 1)), (x_test, y_test.reshape(-1, 1))
