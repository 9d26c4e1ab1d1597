"""keras.datasets.cifar100: 60,000 32x32 color images in 100 fine classes grouped
into 20 coarse ones."""

import os

import numpy as np

from keras.datasets import cifar
from keras.datasets import dataset_files


def load_data(label_mode="fine"):
    """Loads CIFAR-100 (50,000 images for training, 10,000 for testing).

    Args:
        label_mode: "fine" (100 classes) or "coarse" (20 superclasses).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(num_samples, 32, 32, 3)` (`(num_samples, 3, 32, 32)` under
        "channels_first") and int64 labels of shape `(num_samples, 1)`.
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            '`label_mode` must be one of `"fine"`, `"coarse"`. '
            f"Received: label_mode={label_mode}."
        )
    folder = dataset_files.fetch_archive("cifar-100-python-target", "cifar-100-python")
    key = f"{label_mode}_labels"
    splits = []
    for name in ("train", "test"):
        images, labels = cifar.load_batch(os.path.join(folder, name), key)
        splits.append((images, np.asarray(labels).reshape(-1, 1)))
    return tuple(splits)
