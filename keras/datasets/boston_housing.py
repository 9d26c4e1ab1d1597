"""keras.datasets.boston_housing: 506 Boston suburbs (1970s), 13 features each, and
the median home value in thousands of dollars."""

from keras.datasets import dataset_files
from keras.datasets import housing_split


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing data, shuffled and split.

    Args:
        path: the file name in the cache (`~/.keras/datasets/`).
        test_split: the fraction of the samples kept for testing, in [0, 1).
        seed: seed of the shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float64 features of shape
        `(num_samples, 13)` and targets of shape `(num_samples,)`.
    """
    housing_split.check_test_split(test_split)
    arrays = dataset_files.load_npz(dataset_files.fetch("boston_housing.npz", fname=path))
    return housing_split.shuffle_and_split(arrays["x"], arrays["y"], test_split, seed)
