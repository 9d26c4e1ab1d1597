"""What the housing datasets share: a seeded shuffle, then a train/test split."""

import numpy as np


def check_test_split(test_split):
    """Raises ValueError unless 0 <= test_split < 1."""
    if not 0 <= test_split < 1:
        raise ValueError(
            f"Invalid `test_split` argument: {test_split}. It must be between 0 and 1 "
            "(exclusive of 1)."
        )


def shuffle_and_split(x, y, test_split, seed):
    """`(x_train, y_train), (x_test, y_test)`: the samples shuffled with
    `RandomState(seed)`, the first `int(n * (1 - test_split))` for training."""
    check_test_split(test_split)
    indices = np.random.RandomState(seed).permutation(len(x))
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (np.array(x[:split]), np.array(y[:split])), (
        np.array(x[split:]),
        np.array(y[split:]),
    )
