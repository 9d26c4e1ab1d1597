"""tensorflow backend: the manipulation ops (see keras/ops/manipulation.py for their
contract).

keras.ops validates and normalises the arguments (non-negative axes, `pad_width` as one
pair per axis, split points as a list) before calling these functions. TF lacks NumPy's
advanced indexing, hstack/vstack/dstack, rot90, the "edge" and "wrap" pad modes and
bitcasts of bools: those are built here from gathers, reshapes and transposes. Pad modes
other than "constant" need the padded axes' lengths to be static.
"""

import math

import numpy as np
import tensorflow as tf

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.tensorflow import core


_tensor = core._tensor


def _promoted(xs):
    """`xs` as tensors of their promoted dtype."""
    if all(tf.is_tensor(x) for x in xs) and len({x.dtype for x in xs}) == 1:
        return list(xs)
    return core.promote(*xs)


def _indices(indices):
    indices = _tensor(indices)
    if indices.dtype in (tf.int32, tf.int64):
        return indices
    return tf.cast(indices, tf.int32)


def _dims(x):
    """The dims of `x`: ints where static, scalar tensors where dynamic."""
    return list(core.shape(x))


def _wrapped(indices, length):
    """Negative indices counted from the end of an axis of `length`."""
    length = tf.cast(length, indices.dtype)
    return tf.where(indices < 0, indices + length, indices)


_sliced = backend_utils.split_sections


def _at_least(x, rank):
    """`x` reshaped as numpy's atleast_{1,2,3}d does."""
    shape = _dims(x)
    if len(shape) >= rank:
        return x
    if rank == 3 and len(shape) == 2:
        return tf.expand_dims(x, 2)
    if rank == 3 and len(shape) == 1:
        return tf.reshape(x, [1, shape[0], 1])
    return tf.reshape(x, [1] * (rank - len(shape)) + shape)


def append(x1, x2, axis=None):
    return concatenate([x1, x2], axis)


def concatenate(xs, axis=0):
    xs = _promoted(xs)
    if axis is None:
        return tf.concat([tf.reshape(x, [-1]) for x in xs], axis=0)
    return tf.concat(xs, axis=axis)


def stack(x, axis=0):
    return tf.stack(_promoted(x), axis=axis)


def hstack(xs):
    xs = [_at_least(x, 1) for x in _promoted(xs)]
    return tf.concat(xs, axis=0 if xs[0].shape.rank == 1 else 1)


def vstack(xs):
    return tf.concat([_at_least(x, 2) for x in _promoted(xs)], axis=0)


def dstack(xs):
    return tf.concat([_at_least(x, 3) for x in _promoted(xs)], axis=2)


def split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if isinstance(indices_or_sections, int):
        return tf.split(x, indices_or_sections, axis=axis)
    return _sliced(x, indices_or_sections, axis)


def array_split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if not isinstance(indices_or_sections, int):
        return _sliced(x, indices_or_sections, axis)
    sections = indices_or_sections
    length = tf.shape(x)[axis]
    # The first `length % sections` sections are one longer.
    longer = tf.cast(tf.range(sections) < length % sections, tf.int32)
    sizes = length // sections + longer
    return tf.split(x, sizes, axis=axis, num=sections)


def hsplit(x, indices_or_sections):
    x = _tensor(x)
    return split(x, indices_or_sections, 1 if x.shape.rank > 1 else 0)


vsplit, dsplit = array_utils.axis_splits(split)


def broadcast_to(x, shape):
    return tf.broadcast_to(_tensor(x), shape)


def reshape(x, newshape):
    return tf.reshape(_tensor(x), newshape)


def ravel(x):
    return tf.reshape(_tensor(x), [-1])


def expand_dims(x, axis):
    x = _tensor(x)
    for a in sorted(axis) if isinstance(axis, (tuple, list)) else (axis,):
        x = tf.expand_dims(x, a)
    return x


def squeeze(x, axis=None):
    x = _tensor(x)
    if axis is None:
        axis = [i for i, d in enumerate(x.shape) if d == 1]
    axis = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    return tf.squeeze(x, axis) if axis else x


def transpose(x, axes=None):
    return tf.transpose(_tensor(x), axes)


def moveaxis(x, source, destination):
    x = _tensor(x)
    source = list(source) if isinstance(source, (tuple, list)) else [source]
    destination = (
        list(destination) if isinstance(destination, (tuple, list)) else [destination]
    )
    rank = x.shape.rank
    rest = [a for a in range(rank) if a not in source]
    order = [None] * rank
    for s, d in zip(source, destination):
        order[d] = s
    return tf.transpose(x, [rest.pop(0) if a is None else a for a in order])


def swapaxes(x, axis1, axis2):
    x = _tensor(x)
    order = list(range(x.shape.rank))
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return tf.transpose(x, order)


def ndim(x):
    return _tensor(x).shape.rank


def size(x):
    x = _tensor(x)
    if x.shape.is_fully_defined():
        return math.prod(x.shape.as_list())
    return tf.size(x, out_type=tf.int32)


def flip(x, axis=None):
    x = _tensor(x)
    if axis is None:
        axis = range(x.shape.rank)
    axis = list(axis) if isinstance(axis, (tuple, list, range)) else [axis]
    return tf.reverse(x, axis) if axis else x


fliplr, flipud = array_utils.axis_flips(flip)


def roll(x, shift, axis=None):
    x = _tensor(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))
    return tf.roll(x, shift, axis)


def rot90(array, k=1, axes=(0, 1)):
    x = _tensor(array)
    k %= 4
    first, second = axes
    if k == 0:
        return x
    if k == 2:
        return tf.reverse(x, [first, second])
    order = list(range(x.shape.rank))
    order[first], order[second] = order[second], order[first]
    if k == 1:
        return tf.transpose(tf.reverse(x, [second]), order)
    return tf.reverse(tf.transpose(x, order), [second])


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = _tensor(x)
    rest = [a for a in range(x.shape.rank) if a not in (axis1, axis2)]
    x = tf.transpose(x, rest + [axis1, axis2])  # (..., rows, cols)
    shape = tf.shape(x)
    rows, cols = shape[-2], shape[-1]
    if offset >= 0:
        length = tf.maximum(0, tf.minimum(rows, cols - offset))
    else:
        length = tf.maximum(0, tf.minimum(rows + offset, cols))
    steps = tf.range(length)
    # Element (i - min(offset, 0), i + max(offset, 0)) of the plane, flattened.
    flat_index = (steps + max(-offset, 0)) * cols + steps + max(offset, 0)
    flat = tf.reshape(x, tf.concat([shape[:-2], [rows * cols]], axis=0))
    return tf.gather(flat, flat_index, axis=-1)


def _pad_index(length, before, after, mode):
    """Where each position of a padded axis reads from, as NumPy's pad defines it."""
    if not isinstance(length, int):
        raise ValueError(
            f"`pad` with mode={mode!r} needs the lengths of the padded axes to be "
            "static on the tensorflow backend."
        )
    return np.pad(np.arange(length), (before, after), mode=mode)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return tf.pad(x, pad_width, constant_values=tf.cast(value, x.dtype))
    mode = "wrap" if mode == "circular" else mode
    dims = _dims(x)
    for axis, (before, after) in enumerate(pad_width):
        if before or after:
            x = tf.gather(x, _pad_index(dims[axis], before, after, mode), axis=axis)
    return x


def repeat(x, repeats, axis=None):
    if not isinstance(repeats, int):
        repeats = _indices(repeats)
    return tf.repeat(_tensor(x), repeats, axis=axis)


def tile(x, repeats):
    x = _tensor(x)
    repeats = list(repeats)
    rank = x.shape.rank
    if len(repeats) > rank:
        x = tf.reshape(x, [1] * (len(repeats) - rank) + _dims(x))
    repeats = [1] * (x.shape.rank - len(repeats)) + repeats
    return tf.tile(x, repeats)


def take(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.gather(x, _wrapped(indices, tf.shape(x)[axis]), axis=axis)


def take_along_axis(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    rank = x.shape.rank
    x_shape, index_shape = tf.shape(x), tf.shape(indices, out_type=tf.int32)
    at_axis = tf.constant([a == axis for a in range(rank)])
    # The other axes broadcast: (..., n, ...) and (..., m, ...) to a common (...).
    common = tf.broadcast_dynamic_shape(
        tf.where(at_axis, 1, x_shape), tf.where(at_axis, 1, index_shape)
    )
    x = tf.broadcast_to(x, tf.where(at_axis, x_shape, common))
    indices = tf.broadcast_to(indices, tf.where(at_axis, index_shape, common))
    indices = _wrapped(indices, x_shape[axis])
    # Gather along the last axis, with all the others as batch axes.
    order = [a for a in range(rank) if a != axis] + [axis]
    inverse = list(np.argsort(order))
    x, indices = tf.transpose(x, order), tf.transpose(indices, order)
    result = tf.gather(x, indices, axis=rank - 1, batch_dims=rank - 1)
    return tf.transpose(result, inverse)


def select(condlist, choicelist, default=0):
    dtype = dtypes.promoted_dtype(*choicelist, default)
    result = core.convert_to_tensor(default, dtype)
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        condition = core.convert_to_tensor(condition, "bool")
        choice = core.convert_to_tensor(choice, dtype)
        shape = tf.broadcast_dynamic_shape(
            tf.broadcast_dynamic_shape(tf.shape(condition), tf.shape(choice)),
            tf.shape(result),
        )
        result = tf.where(
            tf.broadcast_to(condition, shape),
            tf.broadcast_to(choice, shape),
            tf.broadcast_to(result, shape),
        )
    return result


def unravel_index(indices, shape):
    flat = tf.cast(_indices(indices), tf.int32)
    return backend_utils.unravel(
        flat, shape, tf.math.floordiv, tf.math.floormod
    )


def view(x, dtype=None):
    x = _tensor(x)
    if dtype is None:
        return x
    target = tf.as_dtype(dtypes.numpy_dtype(dtype))
    # tf.bitcast has no bool: bools are the bytes 0 and 1.
    source = tf.cast(x, tf.uint8) if x.dtype == tf.bool else x
    wanted = tf.uint8 if target == tf.bool else target
    if source.dtype.size < wanted.size:
        # (..., n) -> (..., n / k, k): k items make one of `wanted`.
        group = wanted.size // source.dtype.size
        source = tf.reshape(source, tf.concat([tf.shape(source)[:-1], [-1, group]], 0))
    result = tf.bitcast(source, wanted)
    if source.dtype.size > wanted.size:
        # (..., n, k) -> (..., n * k)
        result = tf.reshape(result, tf.concat([tf.shape(result)[:-2], [-1]], 0))
    return tf.not_equal(result, 0) if target == tf.bool else result


def _is_index_array(entry):
    return isinstance(entry, list) or hasattr(entry, "shape")


def _expanded_key(x, key):
    """The key with one entry per axis of `x`: Ellipsis expanded, None kept, lists and
    arrays as tensors, bool masks as their integer coordinates (one per axis)."""
    entries = []
    for entry in key if isinstance(key, tuple) else (key,):
        if _is_index_array(entry):
            entry = _tensor(entry)
            if entry.dtype == tf.bool:
                coordinates = tf.where(entry)  # (count, mask rank)
                entries.extend(coordinates[:, i] for i in range(entry.shape.rank))
                continue
            entry = tf.cast(entry, tf.int64) if entry.dtype.is_floating else entry
        entries.append(entry)
    consumed = sum(1 for e in entries if e is not None and e is not Ellipsis)
    if Ellipsis in [e for e in entries if not tf.is_tensor(e)]:
        at = next(
            i for i, e in enumerate(entries) if e is Ellipsis and not tf.is_tensor(e)
        )
        fill = [slice(None)] * (x.shape.rank - consumed)
        return entries[:at] + fill + entries[at + 1 :]
    return entries + [slice(None)] * (x.shape.rank - consumed)


def get_item(x, key):
    x = _tensor(x)
    if not any(_is_index_array(e) for e in (key if isinstance(key, tuple) else (key,))):
        return x[key]
    entries = _expanded_key(x, key)
    # New axes first, as slices over axes of length 1 (NumPy places them alike).
    positions = [i for i, e in enumerate(entries) if e is None]
    for i in positions:
        x = tf.expand_dims(x, i)
    entries = [slice(None) if e is None else e for e in entries]
    # Ints count as advanced indices once there are index tensors.
    advanced = [i for i, e in enumerate(entries) if not isinstance(e, slice)]
    x = x[tuple(e if isinstance(e, slice) else slice(None) for e in entries)]
    dims = tf.shape(x, out_type=tf.int64)
    index = [
        _wrapped(tf.cast(_tensor(entries[i]), tf.int64), dims[i]) for i in advanced
    ]
    common = index[0].shape
    for i in index[1:]:
        common = tf.broadcast_static_shape(common, i.shape)
    broadcast = tf.shape(index[0])
    for i in index[1:]:
        broadcast = tf.broadcast_dynamic_shape(broadcast, tf.shape(i))
    stacked = tf.stack([tf.broadcast_to(i, broadcast) for i in index], axis=-1)
    # Gather with the indexed axes first: (broadcast..., remaining axes...).
    rest = [a for a in range(len(entries)) if a not in advanced]
    result = tf.gather_nd(tf.transpose(x, advanced + rest), stacked)
    if advanced != list(range(advanced[0], advanced[-1] + 1)):
        return result
    # Adjacent advanced indices keep their place among the other axes.
    width, before = common.rank, advanced[0]
    order = list(range(width, width + before)) + list(range(width))
    order += list(range(width + before, width + len(rest)))
    return tf.transpose(result, order)


# Fast path (keras.backends.common.registry): reshaping an eager tensor is tf.reshape.
registry.for_backend("tensorflow").register(
    __name__, "reshape", tf.reshape, guard="eager", note="tf.reshape"
)
