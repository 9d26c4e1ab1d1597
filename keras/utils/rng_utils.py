"""`keras.utils.set_random_seed`: one call that makes a program's randomness repeatable."""

import random
import sys

import numpy as np


def set_random_seed(seed):
    """Seeds every source of randomness a Keras program uses.

    That is Python's `random` (which draws the seeds of unseeded keras.random calls,
    initializers and SeedGenerators), NumPy's global generator (shuffling in `fit`) and,
    when the program has already imported them, torch's and TensorFlow's own global
    generators (a DataLoader or tf.data pipeline shuffles with those).

    Args:
        seed: a non-negative int.

    >>> keras.utils.set_random_seed(1337)
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(
            f"set_random_seed: `seed` must be a non-negative int; got {seed!r}."
        )
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "manual_seed"):
        torch.manual_seed(seed)
    tensorflow = sys.modules.get("tensorflow")
    if tensorflow is not None and hasattr(tensorflow, "random"):
        tensorflow.random.set_seed(seed)
