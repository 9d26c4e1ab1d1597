"""keras.datasets.california_housing: 20,640 California districts (1990 census), 8
features each, and the median house value in dollars."""

from keras.datasets import dataset_files
from keras.datasets import housing_split

# The "small" version: the first 600 districts.
_SMALL = 600


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing data, shuffled and split.

    Args:
        version: "large" (all 20,640 districts) or "small" (600 of them).
        path: the file name in the cache (`~/.keras/datasets/`).
        test_split: the fraction of the samples kept for testing, in [0, 1).
        seed: seed of the shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float32 features of shape
        `(num_samples, 8)` and targets of shape `(num_samples,)`.
    """
    if version not in ("large", "small"):
        raise ValueError(
            "Argument `version` must be one of 'small', 'large'. "
            f"Received: version={version}"
        )
    housing_split.check_test_split(test_split)
    arrays = dataset_files.load_npz(
        dataset_files.fetch("california_housing.npz", fname=path)
    )
    x, y = arrays["x"], arrays["y"]
    if version == "small":
        x, y = x[:_SMALL], y[:_SMALL]
    return housing_split.shuffle_and_split(x, y, test_split, seed)
