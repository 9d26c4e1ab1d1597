"""numpy backend: control flow, slices and scatters (see keras/ops/core_ops.py).

NumPy neither traces nor differentiates: loops run in Python, `stop_gradient` is the
identity and `custom_gradient` only runs the forward function.
"""

import functools

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.numpy import core


_tensor = core._tensor


def _index_tensor(x):
    x = _tensor(x)
    if x.dtype.kind not in "iu":
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x


def _zeros(shape, like):
    return np.zeros(shape, like.dtype)


# NumPy runs every op at once: loops and branches are Python's.
_LOOPS = backend_utils.EagerLoops(_tensor, np.stack, _zeros)
scan = _LOOPS.scan
map = _LOOPS.map


def vectorized_map(function, elements):
    return map(function, elements)


def _interleave(even, odd, axis):
    # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
    n_odd = odd.shape[axis]
    pairs = np.stack([backend_utils.axis_slice(even, axis, 0, n_odd), odd], axis + 1)
    merged = pairs.reshape(pairs.shape[:axis] + (2 * n_odd,) + pairs.shape[axis + 2 :])
    return np.concatenate([merged, backend_utils.axis_slice(even, axis, n_odd)], axis)


def associative_scan(f, elems, reverse=False, axis=0):
    return backend_utils.associative_scan(
        f, elems, reverse, axis, _tensor, np.flip, np.concatenate, _interleave
    )


cond = _LOOPS.cond
switch = _LOOPS.switch
while_loop = _LOOPS.while_loop
fori_loop = _LOOPS.fori_loop


def stop_gradient(variable):
    return _tensor(variable)


def custom_gradient(f):
    @functools.wraps(f)
    def forward(*args, **kwargs):
        return f(*args, **kwargs)[0]

    return forward


def unstack(x, num=None, axis=0):
    x = _tensor(x)
    return list(np.moveaxis(x, axis, 0))


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    return inputs[backend_utils.slice_window(inputs.shape, start_indices, shape)]


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = _tensor(updates).astype(inputs.dtype, copy=False)
    window = backend_utils.slice_window(inputs.shape, start_indices, updates.shape)
    outputs = inputs.copy()
    outputs[window] = updates
    return outputs


def scatter(indices, values, shape):
    indices = _index_tensor(indices)
    values = _tensor(values)
    shape = tuple(int(d) for d in shape)
    depth = indices.shape[-1]
    outputs = np.zeros(shape, values.dtype)
    index = tuple(indices.reshape(-1, depth).T)
    np.add.at(outputs, index, values.reshape((-1,) + shape[depth:]))
    return outputs


_REDUCE_AT = {
    "add": np.add,
    "mul": np.multiply,
    "max": np.maximum,
    "min": np.minimum,
}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = _tensor(inputs)
    indices = _index_tensor(indices)
    updates = _tensor(updates).astype(inputs.dtype, copy=False)
    depth = indices.shape[-1]
    index = tuple(indices.reshape(-1, depth).T)
    updates = updates.reshape((-1,) + inputs.shape[depth:])
    outputs = inputs.copy()
    if reduction is None:
        outputs[index] = updates
    else:
        _REDUCE_AT[reduction].at(outputs, index, updates)
    return outputs


def saturate_cast(x, dtype):
    x = _tensor(x)
    bounds = backend_utils.saturation_bounds(x.dtype, dtype)
    if bounds is not None:
        x = np.clip(x, *bounds)
    return core.cast(x, dtype)

