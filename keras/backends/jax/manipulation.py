"""jax backend: the manipulation ops (see keras/ops/manipulation.py for their contract).

keras.ops validates and normalises the arguments (non-negative axes, `pad_width` as one
pair per axis, split points as a list) before calling these functions. Ops whose output
shape depends on values (bool masks in get_item, tensor `repeats`) work eagerly only,
as in JAX itself.
"""

import math

import jax
import jax.numpy as jnp

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.backends.jax import core


_tensor = core._tensor


def _promoted(xs):
    """`xs` as arrays of their promoted dtype."""
    if all(isinstance(x, jax.Array) for x in xs) and len({x.dtype for x in xs}) == 1:
        return list(xs)
    return core.promote(*xs)


def _indices(indices):
    indices = core.convert_to_tensor(indices)
    if jnp.issubdtype(indices.dtype, jnp.integer):
        return indices
    return indices.astype("int32")


def _wrapped(indices, length):
    """Negative indices counted from the end of an axis of `length`."""
    return jnp.where(indices < 0, indices + length, indices)


def append(x1, x2, axis=None):
    return jnp.append(*_promoted([x1, x2]), axis=axis)


def concatenate(xs, axis=0):
    xs = _promoted(xs)
    if axis is None:
        return jnp.concatenate([jnp.ravel(x) for x in xs])
    return jnp.concatenate(xs, axis=axis)


def stack(x, axis=0):
    return jnp.stack(_promoted(x), axis=axis)


def hstack(xs):
    return jnp.hstack(_promoted(xs))


def vstack(xs):
    return jnp.vstack(_promoted(xs))


def dstack(xs):
    return jnp.dstack(_promoted(xs))


_sliced = backend_utils.split_sections


def split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if isinstance(indices_or_sections, int):
        return list(jnp.split(x, indices_or_sections, axis=axis))
    # As slices: jnp.split rejects points out of order or past the end.
    return _sliced(x, indices_or_sections, axis)


def array_split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if isinstance(indices_or_sections, int):
        return list(jnp.array_split(x, indices_or_sections, axis=axis))
    return _sliced(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    x = _tensor(x)
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


vsplit, dsplit = array_utils.axis_splits(split)


def broadcast_to(x, shape):
    return jnp.broadcast_to(_tensor(x), shape)


def reshape(x, newshape):
    return jnp.reshape(_tensor(x), newshape)


def ravel(x):
    return jnp.ravel(_tensor(x))


def expand_dims(x, axis):
    return jnp.expand_dims(_tensor(x), axis)


def squeeze(x, axis=None):
    return jnp.squeeze(_tensor(x), axis=axis)


def transpose(x, axes=None):
    return jnp.transpose(_tensor(x), axes)


def moveaxis(x, source, destination):
    return jnp.moveaxis(_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return jnp.swapaxes(_tensor(x), axis1, axis2)


def ndim(x):
    return len(core.shape(x))


def size(x):
    return math.prod(core.shape(x))


def flip(x, axis=None):
    return jnp.flip(_tensor(x), axis=axis)


def fliplr(x):
    return jnp.fliplr(_tensor(x))


def flipud(x):
    return jnp.flipud(_tensor(x))


def roll(x, shift, axis=None):
    return jnp.roll(_tensor(x), shift, axis=axis)


def rot90(array, k=1, axes=(0, 1)):
    return jnp.rot90(_tensor(array), k=k, axes=axes)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return jnp.diagonal(_tensor(x), offset=offset, axis1=axis1, axis2=axis2)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _tensor(x)
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return jnp.pad(x, pad_width, constant_values=jnp.asarray(value).astype(x.dtype))
    return jnp.pad(x, pad_width, mode="wrap" if mode == "circular" else mode)


def repeat(x, repeats, axis=None):
    if not isinstance(repeats, int):
        repeats = _indices(repeats)
    return jnp.repeat(_tensor(x), repeats, axis=axis)


def tile(x, repeats):
    return jnp.tile(_tensor(x), repeats)


def take(x, indices, axis=None):
    x = _tensor(x)
    if axis is None:
        x, axis = jnp.ravel(x), 0
    indices = _wrapped(_indices(indices), x.shape[axis])
    return jnp.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x, indices = _tensor(x), _indices(indices)
    if axis is None:
        x, axis = jnp.ravel(x), 0
    indices = _wrapped(indices, x.shape[axis])
    return jnp.take_along_axis(x, indices, axis=axis)


def select(condlist, choicelist, default=0):
    dtype = dtypes.promoted_dtype(*choicelist, default)
    conditions = [core.convert_to_tensor(c, "bool") for c in condlist]
    choices = [core.convert_to_tensor(c, dtype) for c in choicelist]
    return jnp.select(conditions, choices, core.convert_to_tensor(default, dtype))


unravel_index = array_utils.make_unravel_index(core.convert_to_tensor)


def view(x, dtype=None):
    x = _tensor(x)
    if dtype is None:
        return x
    target = dtypes.numpy_dtype(dtype)
    # bitcast_convert_type has no bool: bools are the bytes 0 and 1.
    source = x.astype("uint8") if x.dtype == jnp.bool_ else x
    wanted = jnp.dtype("uint8") if target == jnp.bool_ else target
    ratio = source.dtype.itemsize / wanted.itemsize
    if ratio < 1:
        # (..., n) -> (..., n / k, k) -> (..., n / k): k items make one of `wanted`.
        group = int(round(1 / ratio))
        source = source.reshape(source.shape[:-1] + (-1, group))
    result = jax.lax.bitcast_convert_type(source, wanted)
    if ratio > 1:
        # (..., n, k) -> (..., n * k)
        result = result.reshape(result.shape[:-2] + (-1,))
    return result != 0 if target == jnp.bool_ else result


def _index_entry(entry):
    """Lists and tensors of any engine in an index key as jax arrays."""
    if isinstance(entry, list) or (
        hasattr(entry, "shape") and not isinstance(entry, (jax.Array, jax.core.Tracer))
    ):
        entry = core.convert_to_tensor(entry)
        if jnp.issubdtype(entry.dtype, jnp.floating):
            return entry.astype("int32")
    return entry


def get_item(x, key):
    x = _tensor(x)
    if isinstance(key, tuple):
        return x[tuple(_index_entry(entry) for entry in key)]
    return x[_index_entry(key)]


# Fast path (keras.backends.common.registry): reshaping an array is jnp.reshape.
registry.for_backend("jax").register(
    __name__, "reshape", jnp.reshape, guard="eager", note="jnp.reshape"
)
