"""What IMDB and Reuters share: turning stored word-rank sequences into model input.

A sequence is a list of word ranks (1 = the most frequent word). Loading can shift
the ranks by `index_from`, mark each start with `start_char`, drop sequences of
`maxlen` words or more, and keep only the words of ranks in `[skip_top,
num_words)`, replacing the others by `oov_char` (or dropping them when it is None).
"""

import numpy as np


def shuffle(rng, *arrays):
    """The arrays reordered by one permutation drawn from `rng` (a RandomState)."""
    indices = np.arange(len(arrays[0]))
    rng.shuffle(indices)
    return tuple(array[indices] for array in arrays)


def mark_and_shift(sequences, start_char, index_from):
    """Adds `index_from` to every rank and puts `start_char` (unless None) first."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in sequences]
    if index_from:
        return [[w + index_from for w in x] for x in sequences]
    return [list(x) for x in sequences]


def drop_long(sequences, labels, maxlen):
    """The sequences shorter than `maxlen` words, with their labels."""
    kept = [i for i, x in enumerate(sequences) if len(x) < maxlen]
    return [sequences[i] for i in kept], labels[kept]


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Keeps the ranks in `[skip_top, num_words)` (num_words None: every rank);
    others become `oov_char`, or are removed when it is None."""
    if not num_words:
        num_words = max(max(x) for x in sequences if x) if any(sequences) else 0
    if oov_char is not None:
        return [
            [w if skip_top <= w < num_words else oov_char for w in x] for x in sequences
        ]
    return [[w for w in x if skip_top <= w < num_words] for x in sequences]


def as_object_array(sequences):
    """A 1-D object array holding each sequence as a Python list."""
    array = np.empty(len(sequences), dtype=object)
    for i, sequence in enumerate(sequences):
        array[i] = sequence
    return array


def check_maxlen(sequences, maxlen):
    if not sequences:
        raise ValueError(
            f"After filtering for sequences shorter than maxlen={maxlen}, no sequence "
            "was kept. Increase maxlen."
        )
