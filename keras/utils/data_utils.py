"""Packing and unpacking the `(x, y, sample_weight)` tuples data pipelines yield."""


def unpack_x_y_sample_weight(data):
    """Splits one batch of data into `(x, y, sample_weight)`.

    A tuple (or list) of length 1, 2 or 3 is read as `(x,)`, `(x, y)` or
    `(x, y, sample_weight)`; anything else (an array, a dict) is `x` alone. Missing
    parts are None.

    Args:
        data: a batch as yielded by a dataset, generator or `PyDataset`.

    Returns:
        The tuple `(x, y, sample_weight)`.

    Raises:
        ValueError: for a tuple or list longer than 3.

    >>> keras.utils.unpack_x_y_sample_weight((x, y))
    (x, y, None)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError(
        "Data is expected to be `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`; "
        f"received a {type(data).__name__} of length {len(data)}."
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Packs `x`, `y` and `sample_weight` into the tuple a model's data step expects.

    The inverse of `unpack_x_y_sample_weight`: trailing None parts are left out, and an
    `x` that is itself a tuple or list is wrapped as `(x,)` so that it is not mistaken
    for `(x, y)`.

    Args:
        x: the inputs.
        y: the targets, or None.
        sample_weight: the per-sample weights, or None.

    Returns:
        `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.

    >>> keras.utils.pack_x_y_sample_weight(x, y)
    (x, y)
    """
    if y is None:
        if isinstance(x, (list, tuple)):
            return (x,)
        return x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)
