"""Argument normalization shared by the reshaping layers (sizes, edges, data format)."""

import numbers

from keras.backends.common import config


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def data_format(value, layer_name):
    """`value`, or `keras.config.image_data_format()` when None, checked."""
    if value is None:
        return config.image_data_format()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{layer_name}: `data_format` must be 'channels_last' or 'channels_first'; "
            f"got data_format={value!r}."
        )
    return value


def int_tuple(value, n, argument, layer_name, minimum):
    """An int or a sequence of `n` ints, each >= `minimum`, as a tuple of `n` ints."""
    values = (value,) * n if _is_int(value) else value
    if (
        not isinstance(values, (tuple, list))
        or len(values) != n
        or not all(_is_int(v) and v >= minimum for v in values)
    ):
        raise ValueError(
            f"{layer_name}: `{argument}` must be an int or a tuple of {n} ints, each "
            f">= {minimum}; got {argument}={value!r}."
        )
    return tuple(int(v) for v in values)


def edge_pairs(value, rank, argument, layer_name):
    """(before, after) amounts for each of `rank` spatial axes, as a tuple of pairs.

    Accepts an int (the same on every edge), a tuple of `rank` ints (symmetric per
    axis) or a tuple of `rank` pairs (before, after). Amounts must be >= 0.
    """
    if _is_int(value):
        value = (value,) * rank
    error = ValueError(
        f"{layer_name}: `{argument}` must be an int, a tuple of {rank} ints or a tuple "
        f"of {rank} tuples of 2 ints (before, after), all >= 0; got "
        f"{argument}={value!r}."
    )
    if not isinstance(value, (tuple, list)) or len(value) != rank:
        raise error
    pairs = []
    for item in value:
        pair = (item, item) if _is_int(item) else item
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(_is_int(v) and v >= 0 for v in pair)
        ):
            raise error
        pairs.append((int(pair[0]), int(pair[1])))
    return tuple(pairs)


def spatial_axes(rank, data_format):
    """The axes of the `rank` spatial dims in a (batch, ..., channels) tensor."""
    first = 2 if data_format == "channels_first" else 1
    return tuple(range(first, first + rank))
