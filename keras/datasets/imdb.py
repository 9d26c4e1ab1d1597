"""keras.datasets.imdb: 50,000 movie reviews labelled by sentiment (1 positive,
0 negative), each a sequence of word ranks (see `word_sequences`)."""

import json

import numpy as np

from keras.datasets import dataset_files
from keras.datasets import word_sequences


def load_data(
    path="imdb.npz",
    num_words=None,
    skip_top=0,
    maxlen=None,
    seed=113,
    start_char=1,
    oov_char=2,
    index_from=3,
    **kwargs,
):
    """Loads the IMDB reviews (25,000 for training, 25,000 for testing), shuffled.

    Args:
        path: the file name in the cache (`~/.keras/datasets/`).
        num_words: keep the words of rank below this (None: all).
        skip_top: the most frequent words to leave out (ranks below it).
        maxlen: drop the reviews of this many words or more (None: keep all).
        seed: seed of the shuffle.
        start_char: the rank put at the start of each review (None: none).
        oov_char: the rank that replaces left-out words (None: remove them).
        index_from: added to every word rank (ranks below it are reserved).
        **kwargs: accepted and ignored (Keras 1 arguments).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: 1-D object arrays of lists of ints
        and int64 labels.
    """
    del kwargs
    arrays = dataset_files.load_npz(dataset_files.fetch("imdb.npz", fname=path))
    rng = np.random.RandomState(seed)
    x_train, y_train = word_sequences.shuffle(rng, arrays["x_train"], arrays["y_train"])
    x_test, y_test = word_sequences.shuffle(rng, arrays["x_test"], arrays["y_test"])
    x_train = word_sequences.mark_and_shift(x_train, start_char, index_from)
    x_test = word_sequences.mark_and_shift(x_test, start_char, index_from)
    if maxlen:
        x_train, y_train = word_sequences.drop_long(x_train, y_train, maxlen)
        x_test, y_test = word_sequences.drop_long(x_test, y_test, maxlen)
        word_sequences.check_maxlen(x_train + x_test, maxlen)
    sequences = word_sequences.limit_vocabulary(
        x_train + x_test, num_words, skip_top, oov_char
    )
    split = len(x_train)
    return (
        (word_sequences.as_object_array(sequences[:split]), y_train),
        (word_sequences.as_object_array(sequences[split:]), y_test),
    )


def get_word_index(path="imdb_word_index.json"):
    """The dict from each word to its rank in the IMDB data (1 = most frequent).

    Args:
        path: the file name in the cache.
    """
    with open(dataset_files.fetch("imdb_word_index.json", fname=path)) as f:
        return json.load(f)
