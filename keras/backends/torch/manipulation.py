"""torch backend: the manipulation ops (see keras/ops/manipulation.py).

keras.ops validates and normalises the arguments (non-negative axes, `pad_width` as one
pair per axis, split points as a list) before calling these functions.

torch has no CPU kernels for some data movement (flip, gather) on uint16/uint32/uint64,
nor padding by reflection on bool: those ops move the bytes as the signed integer
dtype of the same width (a free `view`), which gives the same elements.
"""

import math

import numpy as np
import torch

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.torch import core

# Bit-identical stand-ins for the dtypes that lack data movement kernels.
_MOVABLE = {
    torch.uint16: torch.int16,
    torch.uint32: torch.int32,
    torch.uint64: torch.int64,
    torch.bool: torch.uint8,
}


_tensor = core._tensor


def _promoted(xs):
    """`xs` as tensors of their promoted dtype."""
    if all(torch.is_tensor(x) for x in xs) and len({x.dtype for x in xs}) == 1:
        return list(xs)
    return core.promote(*xs)


def _indices(indices):
    indices = _tensor(indices)
    if indices.dtype in (torch.int64, torch.int32):
        return indices
    return indices.to(torch.int64)


def _wrapped(indices, length):
    """Negative indices counted from the end of an axis of `length`."""
    return torch.where(indices < 0, indices + length, indices)


def _moved(function, x, *args):
    """`function(x, *args)`, through a same-width dtype torch has the kernel for."""
    stand_in = _MOVABLE.get(x.dtype)
    if stand_in is None:
        return function(x, *args)
    return function(x.view(stand_in), *args).view(x.dtype)


_sliced = backend_utils.split_sections


def append(x1, x2, axis=None):
    return concatenate([x1, x2], axis)


def concatenate(xs, axis=0):
    xs = _promoted(xs)
    if axis is None:
        return torch.cat([x.reshape(-1) for x in xs])
    return torch.cat(xs, dim=axis)


def stack(x, axis=0):
    return torch.stack(_promoted(x), dim=axis)


def hstack(xs):
    return torch.hstack(_promoted(xs))


def vstack(xs):
    return torch.vstack(_promoted(xs))


def dstack(xs):
    return torch.dstack(_promoted(xs))


def split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if isinstance(indices_or_sections, int):
        return list(torch.tensor_split(x, indices_or_sections, dim=axis))
    return _sliced(x, indices_or_sections, axis)


def array_split(x, indices_or_sections, axis=0):
    return split(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    x = _tensor(x)
    return split(x, indices_or_sections, 1 if x.dim() > 1 else 0)


vsplit, dsplit = array_utils.axis_splits(split)


def broadcast_to(x, shape):
    return torch.broadcast_to(_tensor(x), shape)


def reshape(x, newshape):
    return torch.reshape(_tensor(x), newshape)


def ravel(x):
    return torch.ravel(_tensor(x))


def expand_dims(x, axis):
    x = _tensor(x)
    for a in sorted(axis) if isinstance(axis, (tuple, list)) else (axis,):
        x = torch.unsqueeze(x, a)
    return x


def squeeze(x, axis=None):
    x = _tensor(x)
    if axis is None:
        return torch.squeeze(x)
    axis = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    return torch.squeeze(x, dim=axis) if axis else x


def transpose(x, axes=None):
    x = _tensor(x)
    if axes is None:
        axes = tuple(range(x.dim()))[::-1]
    return x.permute(*axes)


def moveaxis(x, source, destination):
    return torch.movedim(_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return torch.swapaxes(_tensor(x), axis1, axis2)


def ndim(x):
    return _tensor(x).dim()


def size(x):
    return math.prod(core.shape(x))


def flip(x, axis=None):
    x = _tensor(x)
    if axis is None:
        axis = tuple(range(x.dim()))
    axis = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    return _moved(torch.flip, x, axis)


fliplr, flipud = array_utils.axis_flips(flip)


def roll(x, shift, axis=None):
    x = _tensor(x)
    if axis is None:
        return torch.roll(x, shift)
    return torch.roll(x, shift, axis)


def rot90(array, k=1, axes=(0, 1)):
    return _moved(torch.rot90, _tensor(array), k, tuple(axes))


def diagonal(x, offset=0, axis1=0, axis2=1):
    return torch.diagonal(_tensor(x), offset=offset, dim1=axis1, dim2=axis2)


def _pad_index(length, before, after, mode):
    """Where each position of a padded axis reads from, as NumPy's pad defines it."""
    index = np.pad(np.arange(length), (before, after), mode=mode)
    return torch.as_tensor(index, device=core.DEFAULT_DEVICE)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        flat = [w for pair in reversed(pad_width) for w in pair]
        if x.dtype in _MOVABLE and x.dtype != torch.bool:
            moved = x.to(torch.int64)
            return torch.nn.functional.pad(moved, flat, value=value).to(x.dtype)
        if x.dtype == torch.bool:
            value = bool(value)
        return torch.nn.functional.pad(x, flat, value=value)
    mode = "wrap" if mode == "circular" else mode
    for axis, (before, after) in enumerate(pad_width):
        if before or after:
            index = _pad_index(x.shape[axis], before, after, mode)
            x = _moved(torch.index_select, x, axis, index)
    return x


def repeat(x, repeats, axis=None):
    if not isinstance(repeats, int):
        repeats = _indices(repeats)
    return torch.repeat_interleave(_tensor(x), repeats, dim=axis)


def tile(x, repeats):
    return torch.tile(_tensor(x), tuple(repeats))


def take(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = _wrapped(indices, x.shape[axis])
    flat = _moved(torch.index_select, x, axis, indices.reshape(-1))
    return flat.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def take_along_axis(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        x, axis = x.reshape(-1), 0
    indices = _wrapped(indices, x.shape[axis]).to(torch.int64)
    return _moved(torch.take_along_dim, x, indices, axis)


def select(condlist, choicelist, default=0):
    dtype = dtypes.promoted_dtype(*choicelist, default)
    result = core.convert_to_tensor(default, dtype)
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        condition = core.convert_to_tensor(condition, "bool")
        result = torch.where(condition, core.convert_to_tensor(choice, dtype), result)
    shape = torch.broadcast_shapes(
        *(core.shape(v) for v in list(condlist) + list(choicelist) + [default])
    )
    return torch.broadcast_to(result, shape)


def _floordiv(a, b):
    return torch.div(a, b, rounding_mode="floor")


def unravel_index(indices, shape):
    flat = _indices(indices).to(torch.int32)
    return backend_utils.unravel(flat, shape, _floordiv, torch.remainder)


def view(x, dtype=None):
    x = _tensor(x)
    if dtype is None:
        return x
    return x.contiguous().view(core._torch_dtype(dtype))


def _key_entries(key):
    """The key as a tuple, its lists and arrays as torch index tensors."""
    entries = []
    for entry in key if isinstance(key, tuple) else (key,):
        foreign = hasattr(entry, "shape") and not torch.is_tensor(entry)
        if isinstance(entry, list) or foreign:
            entry = core.convert_to_tensor(entry)
        if torch.is_tensor(entry) and entry.dtype != torch.bool:
            entry = entry.to(torch.int64)
        entries.append(entry)
    return entries


def _consumed(entry):
    """How many axes of the indexed tensor an index entry consumes."""
    if entry is None or entry is Ellipsis:
        return 0
    if torch.is_tensor(entry) and entry.dtype == torch.bool:
        return entry.dim()
    return 1


def get_item(x, key):
    x = _tensor(x)
    entries = _key_entries(key)
    # torch slices take no negative steps: those axes are flipped and sliced forwards.
    if any(isinstance(e, slice) and (e.step or 1) < 0 for e in entries):
        consumed = sum(_consumed(e) for e in entries)
        axis = 0
        for i, entry in enumerate(entries):
            if entry is Ellipsis:
                axis += x.dim() - consumed
                continue
            if isinstance(entry, slice) and (entry.step or 1) < 0:
                length = x.shape[axis]
                start, stop, step = entry.indices(length)
                x = _moved(torch.flip, x, (axis,))
                entries[i] = slice(length - 1 - start, length - 1 - stop, -step)
            axis += _consumed(entry)
    return x[_numpy_advanced(entries)]


def _numpy_advanced(entries):
    """The entries with ints and 0-d tensors as 1-element index tensors where there
    are index tensors of rank >= 1: NumPy counts those as advanced indices (which
    decides where the indexed axes go), torch as basic ones. The broadcast result is
    the same."""
    if not any(torch.is_tensor(e) and e.dim() for e in entries):
        return tuple(entries)
    ones = []
    for entry in entries:
        if isinstance(entry, int) and not isinstance(entry, bool):
            entry = torch.tensor([entry], device=core.DEFAULT_DEVICE)
        elif torch.is_tensor(entry) and entry.dim() == 0:
            entry = entry.reshape(1)
        ones.append(entry)
    return tuple(ones)


# Fast path (keras.backends.common.registry): reshaping a tensor is torch.reshape (an
# int or another non-sequence shape makes it raise, and the op takes its own path).
registry.for_backend("torch").register(
    __name__,
    "reshape",
    torch.reshape,
    guard="eager",
    devices=("cpu", "cuda"),
    note="torch.reshape",
)
