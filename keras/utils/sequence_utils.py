"""pad_sequences: a list of variable-length sequences as one padded NumPy array."""

import numpy as np

_SIDES = ("pre", "post")


def _check_side(name, value):
    if value not in _SIDES:
        raise ValueError(
            f"`{name}` must be one of {_SIDES}; received {name}={value!r}."
        )


def pad_sequences(
    sequences,
    maxlen=None,
    dtype="int32",
    padding="pre",
    truncating="pre",
    value=0.0,
):
    """Pads (and truncates) sequences to one common length.

    Each row of the result holds one sequence: shorter ones are filled with `value`
    before (`padding="pre"`) or after (`"post"`) their items, longer ones lose items at
    the start (`truncating="pre"`) or at the end (`"post"`).

    Args:
        sequences: a list of sequences (lists or arrays); every item may itself be an
            array, all of one shape.
        maxlen: the length of every row; None means the longest sequence.
        dtype: dtype of the result (a string dtype for string items).
        padding: "pre" or "post": where the filling goes.
        truncating: "pre" or "post": where items are removed from long sequences.
        value: the filling (a number, or a string for string dtypes).

    Returns:
        A NumPy array of shape `(len(sequences), maxlen) + item_shape`.

    >>> keras.utils.pad_sequences([[1], [2, 3]])
    array([[0, 1],
           [2, 3]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(
            "`sequences` must be a list of sequences (objects with a length); "
            f"received {type(sequences).__name__}."
        )
    _check_side("padding", padding)
    _check_side("truncating", truncating)
    if maxlen is not None and (not isinstance(maxlen, int) or maxlen < 0):
        raise ValueError(
            f"`maxlen` must be None or a non-negative int; received maxlen={maxlen!r}."
        )
    lengths = []
    item_shape = ()
    shape_found = False
    for index, sequence in enumerate(sequences):
        if not hasattr(sequence, "__len__"):
            raise ValueError(
                "`sequences` must hold sequences (objects with a length); item "
                f"{index} is {type(sequence).__name__}: {sequence!r}."
            )
        lengths.append(len(sequence))
        if not shape_found and len(sequence):
            item_shape = np.asarray(sequence).shape[1:]
            shape_found = True
    if maxlen is None:
        maxlen = max(lengths, default=0)

    is_text = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.object_)
    if isinstance(value, str) and dtype != object and not is_text:
        raise ValueError(
            f"`dtype` {dtype!r} cannot hold the padding value {value!r}: pass "
            "dtype=object (or a string dtype) to pad string sequences."
        )
    result = np.full((len(sequences), maxlen) + item_shape, value, dtype=dtype)
    for row, sequence in enumerate(sequences):
        if not len(sequence) or maxlen == 0:
            continue
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"Every item of `sequences` must have shape {item_shape}; sequence "
                f"{row} has items of shape {kept.shape[1:]}."
            )
        if padding == "post":
            result[row, : len(kept)] = kept
        else:
            result[row, maxlen - len(kept) :] = kept
    return result
