"""What CIFAR-10 and CIFAR-100 share: reading their pickled batches."""

import numpy as np

from keras.backends.common import config
from keras.datasets import dataset_files


def load_batch(path, label_key):
    """`(images, labels)` of one pickled CIFAR batch: uint8 images of shape
    `(n, 32, 32, 3)` (or `(n, 3, 32, 32)` under "channels_first") and the labels
    under `label_key` as a list."""
    content = dataset_files.load_pickle(path)
    content = {
        key.decode("utf-8") if isinstance(key, bytes) else key: value
        for key, value in content.items()
    }
    images = np.asarray(content["data"], dtype=np.uint8)
    images = images.reshape(len(images), 3, 32, 32)
    if config.image_data_format() == "channels_last":
        images = images.transpose(0, 2, 3, 1)
    return images, list(content[label_key])
