"""keras.datasets.mnist: 70,000 28x28 grayscale images of handwritten digits."""

from keras.datasets import dataset_files


def load_data(path="mnist.npz"):
    """Loads the MNIST digits (60,000 for training, 10,000 for testing).

    Args:
        path: the file name in the cache (`~/.keras/datasets/`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(num_samples, 28, 28)` with values 0-255, and uint8 labels 0-9 of shape
        `(num_samples,)`.

    >>> (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    """
    arrays = dataset_files.load_npz(dataset_files.fetch("mnist.npz", fname=path))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])
