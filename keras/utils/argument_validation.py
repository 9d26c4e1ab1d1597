"""Checks of the arguments of the public ops and the layers, in one place.

Each check returns the value in canonical form, or raises an error that names the
argument, what was expected and what was received. A layer passes its class name as
`layer`, which begins the message.
"""

import numbers

from keras.backends.common import config


def is_int(value):
    """Whether `value` is an integer (Python or NumPy), bools excluded."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _message(name, expected, value, layer):
    where = f"{layer}: " if layer else ""
    return f"{where}`{name}` must be {expected}; got {name}={value!r}."


def check_number(value, name, layer=None):
    """`value` if it is a real number (bools excluded), else a TypeError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(_message(name, "a number", value, layer))
    return value


def check_bool(value, name, layer=None):
    """`value` if it is True or False, else a TypeError."""
    if not isinstance(value, bool):
        raise TypeError(_message(name, "True or False", value, layer))
    return value


def check_positive_int(value, name, layer=None):
    """`value` as an int if it is an integer >= 1, else a ValueError."""
    if not is_int(value) or value < 1:
        raise ValueError(_message(name, "a positive int", value, layer))
    return int(value)


def check_fraction(value, name, layer=None):
    """`value` as given if it is a real number in [0, 1], else a ValueError."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0 <= value <= 1
    ):
        raise ValueError(_message(name, "a float between 0 and 1", value, layer))
    return value


def standardize_tuple(value, n, name, minimum=1, layer=None):
    """An int, or a sequence of `n` ints, each >= `minimum`, as a tuple of `n` ints.

    >>> standardize_tuple(3, 2, "strides")
    (3, 3)
    """
    values = (value,) * n if is_int(value) else value
    if (
        not isinstance(values, (list, tuple))
        or len(values) != n
        or not all(is_int(v) and v >= minimum for v in values)
    ):
        expected = f"an int or a tuple of {n} ints, each >= {minimum}"
        raise ValueError(_message(name, expected, value, layer))
    return tuple(int(v) for v in values)


def standardize_edge_pairs(value, rank, name, layer=None):
    """(before, after) amounts for each of `rank` spatial axes, as a tuple of pairs.

    Accepts an int (the same on every edge), a tuple of `rank` ints (symmetric per
    axis) or a tuple of `rank` pairs (before, after). Amounts must be >= 0.

    >>> standardize_edge_pairs((1, (2, 3)), 2, "padding")
    ((1, 1), (2, 3))
    """
    expected = (
        f"an int, a tuple of {rank} ints or a tuple of {rank} tuples of 2 ints "
        "(before, after), all >= 0"
    )
    items = (value,) * rank if is_int(value) else value
    if not isinstance(items, (tuple, list)) or len(items) != rank:
        raise ValueError(_message(name, expected, value, layer))
    pairs = []
    for item in items:
        pair = (item, item) if is_int(item) else item
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(is_int(v) and v >= 0 for v in pair)
        ):
            raise ValueError(_message(name, expected, value, layer))
        pairs.append((int(pair[0]), int(pair[1])))
    return tuple(pairs)


def standardize_data_format(value, layer=None):
    """`value`, or `keras.config.image_data_format()` when None, checked."""
    if value is None:
        return config.image_data_format()
    if value not in ("channels_last", "channels_first"):
        expected = "'channels_last' or 'channels_first'"
        raise ValueError(_message("data_format", expected, value, layer))
    return value


def standardize_padding(value, layer=None):
    """ "valid" or "same" (any case), lower-cased."""
    if not isinstance(value, str) or value.lower() not in ("valid", "same"):
        raise ValueError(_message("padding", "'valid' or 'same'", value, layer))
    return value.lower()
