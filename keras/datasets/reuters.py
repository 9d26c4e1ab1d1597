"""keras.datasets.reuters: 11,228 Reuters newswires labelled with 46 topics, each a
sequence of word ranks (see `word_sequences`)."""

import json

import numpy as np

from keras.datasets import dataset_files
from keras.datasets import word_sequences

_LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing",
    "money-supply", "coffee", "sugar", "trade", "reserves", "ship", "cotton",
    "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock",
    "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc",
    "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog", "lead",
)  # fmt: skip


def load_data(
    path="reuters.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    test_split=0.2,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
):
    """Loads the Reuters newswires, shuffled, then split into training and test.

    Args:
        path: the file name in the cache (`~/.keras/datasets/`).
        num_words: keep the words of rank below this (None: all).
        skip_top: the most frequent words to leave out (ranks below it).
        maxlen: drop the newswires of this many words or more (None: keep all).
        test_split: the fraction of the data kept for testing.
        seed: seed of the shuffle.
        start_char: the rank put at the start of each newswire (None: none).
        oov_char: the rank that replaces left-out words (None: remove them).
        index_from: added to every word rank (ranks below it are reserved).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: 1-D object arrays of lists of ints
        and int64 topic labels 0-45 (see `get_label_names`).
    """
    arrays = dataset_files.load_npz(dataset_files.fetch("reuters.npz", fname=path))
    rng = np.random.RandomState(seed)
    sequences, labels = word_sequences.shuffle(rng, arrays["x"], arrays["y"])
    sequences = word_sequences.mark_and_shift(sequences, start_char, index_from)
    if maxlen:
        sequences, labels = word_sequences.drop_long(sequences, labels, maxlen)
        word_sequences.check_maxlen(sequences, maxlen)
    sequences = word_sequences.limit_vocabulary(sequences, num_words, skip_top, oov_char)
    split = int(len(sequences) * (1 - test_split))
    return (
        (word_sequences.as_object_array(sequences[:split]), labels[:split]),
        (word_sequences.as_object_array(sequences[split:]), labels[split:]),
    )


def get_word_index(path="reuters_word_index.json"):
    """The dict from each word to its rank in the Reuters data (1 = most frequent).

    Args:
        path: the file name in the cache.
    """
    with open(dataset_files.fetch("reuters_word_index.json", fname=path)) as f:
        return json.load(f)


def get_label_names():
    """The names of the 46 topics, in label order (a tuple of strings)."""
    return _LABEL_NAMES
