"""numpy backend: the manipulation ops (see keras/ops/manipulation.py).

keras.ops validates and normalises the arguments (non-negative axes, `pad_width` as one
pair per axis, split points as a list) before calling these functions.
"""


import numpy as np

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.numpy import core


_tensor = core._tensor


def _promoted(xs):
    """`xs` as arrays of their promoted dtype."""
    if all(type(x) is np.ndarray for x in xs) and len({x.dtype for x in xs}) == 1:
        return list(xs)
    return core.promote(*xs)


def _indices(indices):
    indices = core.convert_to_tensor(indices)
    return indices if indices.dtype.kind in "iu" else indices.astype("int32")


def append(x1, x2, axis=None):
    return np.append(*_promoted([x1, x2]), axis=axis)


def concatenate(xs, axis=0):
    return np.concatenate(_promoted(xs), axis=axis)


def stack(x, axis=0):
    return np.stack(_promoted(x), axis=axis)


def hstack(xs):
    return np.hstack(_promoted(xs))


def vstack(xs):
    return np.vstack(_promoted(xs))


def dstack(xs):
    return np.dstack(_promoted(xs))


def split(x, indices_or_sections, axis=0):
    return np.split(_tensor(x), indices_or_sections, axis=axis)


def array_split(x, indices_or_sections, axis=0):
    return np.array_split(_tensor(x), indices_or_sections, axis=axis)


def hsplit(x, indices_or_sections):
    return np.hsplit(_tensor(x), indices_or_sections)


def vsplit(x, indices_or_sections):
    return np.vsplit(_tensor(x), indices_or_sections)


def dsplit(x, indices_or_sections):
    return np.dsplit(_tensor(x), indices_or_sections)


def broadcast_to(x, shape):
    return np.broadcast_to(_tensor(x), shape)


def reshape(x, newshape):
    return np.reshape(_tensor(x), newshape)


def ravel(x):
    return np.ravel(_tensor(x))


def expand_dims(x, axis):
    return np.expand_dims(_tensor(x), axis)


def squeeze(x, axis=None):
    return np.squeeze(_tensor(x), axis=axis)


def transpose(x, axes=None):
    return np.transpose(_tensor(x), axes)


def moveaxis(x, source, destination):
    return np.moveaxis(_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return np.swapaxes(_tensor(x), axis1, axis2)


def ndim(x):
    return np.ndim(x)


def size(x):
    return int(np.size(x))


def flip(x, axis=None):
    return np.flip(_tensor(x), axis=axis)


def fliplr(x):
    return np.fliplr(_tensor(x))


def flipud(x):
    return np.flipud(_tensor(x))


def roll(x, shift, axis=None):
    return np.roll(_tensor(x), shift, axis=axis)


def rot90(array, k=1, axes=(0, 1)):
    return np.rot90(_tensor(array), k=k, axes=axes)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return np.diagonal(_tensor(x), offset=offset, axis1=axis1, axis2=axis2)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, pad_width, constant_values=np.asarray(value).astype(x.dtype))
    return np.pad(x, pad_width, mode="wrap" if mode == "circular" else mode)


def repeat(x, repeats, axis=None):
    if not isinstance(repeats, int):
        repeats = _indices(repeats)
    return np.repeat(_tensor(x), repeats, axis=axis)


def tile(x, repeats):
    return np.tile(_tensor(x), repeats)


def take(x, indices, axis=None):
    return np.take(_tensor(x), _indices(indices), axis=axis)


def take_along_axis(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        return np.take_along_axis(x.reshape(-1), indices, axis=0)
    # NumPy's take_along_axis does not broadcast the other axes; indexing does.
    shape = np.broadcast_shapes(
        x.shape[:axis] + (1,) + x.shape[axis + 1 :],
        indices.shape[:axis] + (1,) + indices.shape[axis + 1 :],
    )
    x = np.broadcast_to(x, shape[:axis] + (x.shape[axis],) + shape[axis + 1 :])
    indices = np.broadcast_to(
        indices, shape[:axis] + (indices.shape[axis],) + shape[axis + 1 :]
    )
    return np.take_along_axis(x, indices, axis=axis)


def select(condlist, choicelist, default=0):
    dtype = dtypes.promoted_dtype(*choicelist, default)
    conditions = [core.convert_to_tensor(c, "bool") for c in condlist]
    choices = [core.convert_to_tensor(c, dtype) for c in choicelist]
    return np.select(conditions, choices, core.convert_to_tensor(default, dtype))


unravel_index = array_utils.make_unravel_index(core.convert_to_tensor)


def view(x, dtype=None):
    x = _tensor(x)
    if dtype is None:
        return x
    if not x.flags.c_contiguous:
        x = x.copy()
    return x.view(dtypes.numpy_dtype(dtype))


def _index_entry(entry):
    """Lists and tensors in an index key as arrays (an empty list indexes nothing)."""
    if isinstance(entry, list) or hasattr(entry, "shape"):
        entry = core.convert_to_tensor(entry)
        return entry.astype("int32") if entry.dtype.kind == "f" else entry
    return entry


def get_item(x, key):
    x = _tensor(x)
    if isinstance(key, tuple):
        key = tuple(_index_entry(entry) for entry in key)
    else:
        key = _index_entry(key)
    return np.asarray(x[key])


# Fast path (keras.backends.common.registry): reshaping an array is np.reshape.
registry.for_backend("numpy").register(
    __name__, "reshape", np.reshape, guard="eager", note="np.reshape"
)
