"""numpy backend: control flow, slices and scatters (see keras/ops/core_ops.py).

NumPy neither traces nor differentiates: loops run in Python, `stop_gradient` is the
identity and `custom_gradient` only runs the forward function.
"""

import builtins
import functools

import ml_dtypes
import numpy as np

from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.numpy import core


def _tensor(x):
    return x if type(x) is np.ndarray else core.convert_to_tensor(x)


def _index_tensor(x):
    x = _tensor(x)
    if x.dtype.kind not in "iu":
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x


def _part(x, axis, start, stop=None, step=None):
    """`x[start:stop:step]` along `axis`."""
    return x[(builtins.slice(None),) * axis + (builtins.slice(start, stop, step),)]


def _empty_like(y):
    return None if y is None else np.zeros((0,) + np.shape(y), _tensor(y).dtype)


def _stack_leaves(outputs):
    """Stacks equally structured outputs leaf by leaf on a new axis 0 (keeps None)."""
    flat = [tree.flatten(y) for y in outputs]
    stacked = [
        None if leaves[0] is None else np.stack([_tensor(leaf) for leaf in leaves])
        for leaves in zip(*flat)
    ]
    return tree.pack_sequence_as(outputs[0], stacked)


def _slices_of(xs):
    """(length, function i -> the i-th slice of every leaf of `xs`)."""
    leaves = [_tensor(x) for x in tree.flatten(xs)]
    lengths = {x.shape[0] if x.ndim else None for x in leaves}
    if None in lengths or len(lengths) != 1:
        shapes = [x.shape for x in leaves]
        raise ValueError(
            f"All leaves of `xs` must share one leading dimension; got shapes {shapes}."
        )
    return lengths.pop(), lambda i: tree.pack_sequence_as(xs, [x[i] for x in leaves])


def _zero_slices(xs):
    return tree.map_structure(lambda x: np.zeros(x.shape[1:], _tensor(x).dtype), xs)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    carry = tree.map_structure(_tensor, init)
    if xs is None:
        n, item = int(length), lambda i: None
    else:
        n, item = _slices_of(xs)
        if length is not None and int(length) != n:
            raise ValueError(f"`length`={length} does not match `xs` of length {n}.")
    ys = []
    for i in reversed(range(n)) if reverse else range(n):
        carry, y = f(carry, item(i))
        ys.append(y)
    if reverse:
        ys.reverse()
    if n == 0:
        # No step ran: one traced call on zeros gives the structure of `ys`.
        empty = None if xs is None else _zero_slices(xs)
        _, y = f(carry, empty)
        return carry, tree.map_structure(_empty_like, y)
    return tree.map_structure(_tensor, carry), _stack_leaves(ys)


def map(f, xs):
    n, item = _slices_of(xs)
    if n == 0:
        return tree.map_structure(_empty_like, f(_zero_slices(xs)))
    return _stack_leaves([f(item(i)) for i in range(n)])


def vectorized_map(function, elements):
    return map(function, elements)


def associative_scan(f, elems, reverse=False, axis=0):
    leaves = [_tensor(x) for x in tree.flatten(elems)]
    axis = axis % leaves[0].ndim
    if reverse:
        leaves = [np.flip(x, axis) for x in leaves]

    def combine(a, b):
        out = f(tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b))
        return [_tensor(x) for x in tree.flatten(out)]

    def part(xs, start, stop=None, step=None):
        return [_part(x, axis, start, stop, step) for x in xs]

    def interleave(even, odd):
        # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
        n_odd = odd.shape[axis]
        pairs = np.stack([_part(even, axis, 0, n_odd), odd], axis + 1)
        merged = pairs.reshape(
            pairs.shape[:axis] + (2 * n_odd,) + pairs.shape[axis + 2 :]
        )
        return np.concatenate([merged, _part(even, axis, n_odd, None)], axis)

    def prefix(xs):
        # Parallel prefix: combine neighbours, recurse on the half, fill in the rest.
        n = xs[0].shape[axis]
        if n < 2:
            return xs
        odd = prefix(combine(part(xs, 0, -1, 2), part(xs, 1, None, 2)))
        rest = combine(part(odd, 0, (n - 1) // 2), part(xs, 2, None, 2))
        even = [
            np.concatenate([_part(x, axis, 0, 1), r], axis)
            for x, r in zip(xs, rest)
        ]
        return [interleave(e, o) for e, o in zip(even, odd)]

    out = prefix(leaves)
    if reverse:
        out = [np.flip(x, axis) for x in out]
    return tree.pack_sequence_as(elems, out)


def cond(pred, true_fn, false_fn):
    return true_fn() if pred else false_fn()


def switch(index, branches, *operands):
    index = min(max(int(index), 0), len(branches) - 1)
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    step = 0
    while (maximum_iterations is None or step < maximum_iterations) and cond(*state):
        outputs = body(*state)
        state = tuple(outputs) if is_sequence else (outputs,)
        step += 1
    state = tuple(tree.map_structure(_tensor, state))
    return type(loop_vars)(state) if is_sequence else state[0]


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for i in range(int(lower), int(upper)):
        value = body_fun(i, value)
    return tree.map_structure(_tensor, value)


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


def _start_of(start_indices, dims, sizes):
    # As jax.lax.dynamic_slice: starts are clamped so that the window fits.
    return [min(max(int(s), 0), d - n) for s, d, n in zip(start_indices, dims, sizes)]


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    starts = [int(s) for s in start_indices]
    sizes = [d - s if n == -1 else n for d, s, n in zip(inputs.shape, starts, shape)]
    starts = _start_of(starts, inputs.shape, sizes)
    return inputs[tuple(np.s_[s : s + n] for s, n in zip(starts, sizes))]


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = _tensor(updates).astype(inputs.dtype, copy=False)
    starts = _start_of(start_indices, inputs.shape, updates.shape)
    outputs = inputs.copy()
    outputs[tuple(np.s_[s : s + n] for s, n in zip(starts, updates.shape))] = updates
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


def _range(dtype):
    """(min, max) of `dtype` as exact Python numbers."""
    if dtypes.is_float_dtype(dtype):
        info = ml_dtypes.finfo(dtypes.numpy_dtype(dtype))
        return float(info.min), float(info.max)
    info = ml_dtypes.iinfo(dtypes.numpy_dtype(dtype))
    return int(info.min), int(info.max)


def _saturation_bounds(source, target):
    """(low, high) of `target`'s range as `source` values, or None where all fit."""
    if any(d == "bool" or d.startswith("complex") for d in (source, target)):
        return None
    (src_min, src_max), (dst_min, dst_max) = _range(source), _range(target)
    if src_min >= dst_min and src_max <= dst_max:
        return None
    kind = dtypes.numpy_dtype(source)
    low = np.array(max(src_min, dst_min)).astype(kind)
    high = np.array(min(src_max, dst_max)).astype(kind)
    # A float bound may round beyond the target range (float32(2**31 - 1) == 2**31).
    if float(low) < dst_min:
        low = np.nextafter(low, np.array(0, kind))
    if float(high) > dst_max:
        high = np.nextafter(high, np.array(0, kind))
    return low, high


def saturate_cast(x, dtype):
    x = _tensor(x)
    dtype = dtypes.standardize_dtype(dtype)
    bounds = _saturation_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        x = np.clip(x, *bounds)
    return core.cast(x, dtype)


# No engine versions of keras.ops.fused compositions: they run op by op here.
FUSED = {}
