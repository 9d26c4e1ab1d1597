"""Two int4 values per byte: `pack_int4` and its inverse `unpack_int4`.

Along the packed axis, element `2i` goes to the low nibble of byte `i` and element
`2i + 1` to its high nibble; an odd length is padded with a zero nibble. With dtype
"int8" the nibbles are two's complement in [-8, 7]; with "uint8" they are in [0, 15].
"""

from keras import ops
from keras.backends.common import dtypes

_BYTE_DTYPES = ("int8", "uint8")


def _check_dtype(dtype):
    if dtype not in _BYTE_DTYPES:
        raise ValueError(f"Expected dtype to be 'int8' or 'uint8', but got '{dtype}'.")


def _normalize_axis(axis, rank, name):
    if not -rank <= axis < rank:
        raise ValueError(
            f"`axis`={axis} is out of bounds for the rank-{rank} tensor `{name}`; "
            f"expected an axis in [{-rank}, {rank})."
        )
    return axis % rank


def pack_int4(arr, axis=0, dtype="int8"):
    """Packs pairs of 4-bit values along `axis` into single bytes.

    Args:
        arr: an int8 tensor of values in [-8, 7] (dtype "int8"), or a uint8 tensor of
            values in [0, 15] (dtype "uint8").
        axis: the axis whose consecutive pairs share a byte.
        dtype: "int8" or "uint8", the dtype of `arr` and of the result.

    Returns:
        `(packed, packed_shape, orig_len)`: the packed tensor (its `axis` halved,
        rounded up), its shape as a tuple, and the original length of `axis`, which
        `unpack_int4` needs.

    >>> packed, shape, n = keras.quantizers.pack_int4(np.array([-8, 7], "int8"))
    >>> packed  # [120]: 0x78, low nibble -8 (0x8), high nibble 7
    """
    _check_dtype(dtype)
    x = ops.convert_to_tensor(arr)
    given = dtypes.standardize_dtype(x.dtype)
    if given != dtype:
        raise TypeError(
            f"Expected {dtype} tensor for packing, got {given}. Pass `arr` as {dtype} "
            f"(values in {'[-8, 7]' if dtype == 'int8' else '[0, 15]'})."
        )
    rank = len(x.shape)
    axis = _normalize_axis(axis, rank, "arr")
    x = ops.moveaxis(x, axis, 0)
    orig_len = int(x.shape[0])
    if orig_len % 2:
        x = ops.pad(x, [(0, 1)] + [(0, 0)] * (rank - 1))
    pairs = ops.reshape(ops.cast(x, "int32"), (-1, 2) + tuple(x.shape[1:]))
    nibbles = ops.bitwise_and(pairs, 15)
    byte = ops.bitwise_or(nibbles[:, 0], ops.left_shift(nibbles[:, 1], 4))
    if dtype == "int8":
        byte = ops.where(ops.greater_equal(byte, 128), ops.subtract(byte, 256), byte)
    packed = ops.moveaxis(ops.cast(byte, dtype), 0, axis)
    return packed, tuple(int(d) for d in packed.shape), orig_len


def unpack_int4(packed, orig_len, axis=0, dtype="int8"):
    """Unpacks bytes written by `pack_int4` back into one 4-bit value per element.

    Args:
        packed: an int8 or uint8 tensor of packed bytes.
        orig_len: the length of `axis` before packing (drops the padding nibble).
        axis: the packed axis.
        dtype: "int8" (nibbles read as signed, [-8, 7]) or "uint8" ([0, 15]).

    Returns:
        A tensor of `dtype` whose `axis` has length `orig_len`.
    """
    _check_dtype(dtype)
    x = ops.convert_to_tensor(packed)
    given = dtypes.standardize_dtype(x.dtype)
    if given not in _BYTE_DTYPES:
        raise TypeError(
            f"Expected int8 or uint8 tensor for unpacking, got {given}. Pass the "
            "`packed` tensor returned by `pack_int4`."
        )
    rank = len(x.shape)
    axis = _normalize_axis(axis, rank, "packed")
    x = ops.moveaxis(ops.bitwise_and(ops.cast(x, "int32"), 255), axis, 0)
    low = ops.bitwise_and(x, 15)
    high = ops.bitwise_and(ops.right_shift(x, 4), 15)
    nibbles = ops.stack([low, high], axis=1)
    nibbles = ops.reshape(nibbles, (-1,) + tuple(x.shape[1:]))[:orig_len]
    if dtype == "int8":
        nibbles = ops.where(ops.greater_equal(nibbles, 8), ops.subtract(nibbles, 16), nibbles)
    return ops.moveaxis(ops.cast(nibbles, dtype), 0, axis)
