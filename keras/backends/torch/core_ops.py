"""torch backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Torch runs eagerly, so loops and branches are Python loops and branches that autograd
records; `vectorized_map` uses torch.vmap.
"""

import builtins
import functools

import ml_dtypes
import numpy as np
import torch

from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.torch import core

_INTEGERS = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)
# Dtypes some CPU kernels (clamp, index_put, ...) lack: computed in a wider dtype.
_WIDENED = {
    torch.uint16: torch.int32,
    torch.uint32: torch.int64,
    torch.uint64: torch.int64,
}


def _tensor(x):
    return x if isinstance(x, torch.Tensor) else core.convert_to_tensor(x)


def _index_tensor(x):
    x = _tensor(x)
    if x.dtype not in _INTEGERS + tuple(_WIDENED):
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x.long()


def _part(x, axis, start, stop=None, step=None):
    """`x[start:stop:step]` along `axis`."""
    return x[(builtins.slice(None),) * axis + (builtins.slice(start, stop, step),)]


def _empty_like(y):
    if y is None:
        return None
    y = _tensor(y)
    return y.new_zeros((0,) + tuple(y.shape))


def _stack_leaves(outputs):
    """Stacks equally structured outputs leaf by leaf on a new axis 0 (keeps None)."""
    flat = [tree.flatten(y) for y in outputs]
    stacked = [
        None if leaves[0] is None else torch.stack([_tensor(leaf) for leaf in leaves])
        for leaves in zip(*flat)
    ]
    return tree.pack_sequence_as(outputs[0], stacked)


def _slices_of(xs):
    """(length, function i -> the i-th slice of every leaf of `xs`)."""
    leaves = [_tensor(x) for x in tree.flatten(xs)]
    lengths = {x.shape[0] if x.ndim else None for x in leaves}
    if None in lengths or len(lengths) != 1:
        shapes = [tuple(x.shape) for x in leaves]
        raise ValueError(
            f"All leaves of `xs` must share one leading dimension; got shapes {shapes}."
        )
    return lengths.pop(), lambda i: tree.pack_sequence_as(xs, [x[i] for x in leaves])


def _zero_slices(xs):
    return tree.map_structure(lambda x: _tensor(x).new_zeros(tuple(x.shape[1:])), xs)


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
        # No step ran: one call on zeros gives the structure of `ys`.
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
    elements = tree.map_structure(_tensor, elements)
    return torch.vmap(function)(elements)


def associative_scan(f, elems, reverse=False, axis=0):
    leaves = [_tensor(x) for x in tree.flatten(elems)]
    axis = axis % leaves[0].ndim
    if reverse:
        leaves = [torch.flip(x, (axis,)) for x in leaves]

    def combine(a, b):
        out = f(tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b))
        return [_tensor(x) for x in tree.flatten(out)]

    def part(xs, start, stop=None, step=None):
        return [_part(x, axis, start, stop, step) for x in xs]

    def interleave(even, odd):
        # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
        n_odd = odd.shape[axis]
        pairs = torch.stack([_part(even, axis, 0, n_odd), odd], axis + 1)
        merged = pairs.flatten(axis, axis + 1)
        return torch.cat([merged, _part(even, axis, n_odd, None)], axis)

    def prefix(xs):
        # Parallel prefix: combine neighbours, recurse on the half, fill in the rest.
        n = xs[0].shape[axis]
        if n < 2:
            return xs
        odd = prefix(combine(part(xs, 0, n - 1, 2), part(xs, 1, None, 2)))
        rest = combine(part(odd, 0, (n - 1) // 2), part(xs, 2, None, 2))
        even = [torch.cat([_part(x, axis, 0, 1), r], axis) for x, r in zip(xs, rest)]
        return [interleave(e, o) for e, o in zip(even, odd)]

    out = prefix(leaves)
    if reverse:
        out = [torch.flip(x, (axis,)) for x in out]
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
    return _tensor(variable).detach()


class _CustomGradient(torch.autograd.Function):
    """Runs `f` forward and its own gradient function backward."""

    @staticmethod
    def forward(ctx, f, *args):
        outputs, ctx.grad_fn = f(*args)
        ctx.is_tensor = [isinstance(a, torch.Tensor) for a in args]
        return outputs

    @staticmethod
    def backward(ctx, *upstream):
        grads = ctx.grad_fn(*upstream)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        grads = [g if is_tensor else None for g, is_tensor in zip(grads, ctx.is_tensor)]
        return (None, *grads)


def custom_gradient(f):
    @functools.wraps(f)
    def wrapper(*args):
        return _CustomGradient.apply(f, *args)

    return wrapper


def unstack(x, num=None, axis=0):
    return list(torch.unbind(_tensor(x), axis))


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
    updates = _tensor(updates).to(inputs.dtype)
    starts = _start_of(start_indices, inputs.shape, updates.shape)
    outputs = inputs.clone()
    outputs[tuple(np.s_[s : s + n] for s, n in zip(starts, updates.shape))] = updates
    return outputs


def _flat_index(indices, dims):
    """Row-major positions (N,) of the index tuples `indices` (..., k) in `dims[:k]`."""
    depth = indices.shape[-1]
    strides = [int(np.prod(dims[i + 1 : depth], dtype=np.int64)) for i in range(depth)]
    strides = torch.tensor(strides, dtype=torch.long, device=indices.device)
    return (indices.reshape(-1, depth) * strides).sum(-1)


def _scatter_into(outputs, indices, updates, reduction):
    """`outputs` (copied) with `updates` combined into it at `indices` (..., k)."""
    dims = tuple(outputs.shape)
    depth = indices.shape[-1]
    dtype = outputs.dtype
    if dtype in _WIDENED:
        outputs, updates = outputs.to(_WIDENED[dtype]), updates.to(_WIDENED[dtype])
    # (prod(dims[:k]), *dims[k:]) so that an index tuple is one row.
    flat = outputs.reshape((int(np.prod(dims[:depth])),) + dims[depth:]).clone()
    rows = _flat_index(indices, dims)
    updates = updates.reshape(tuple(rows.shape) + dims[depth:])
    if reduction is None:
        flat[rows] = updates
    elif reduction == "add":
        flat.index_put_((rows,), updates, accumulate=True)
    else:
        mode = {"mul": "prod", "max": "amax", "min": "amin"}[reduction]
        index = rows.reshape((-1,) + (1,) * (updates.ndim - 1)).expand_as(updates)
        flat.scatter_reduce_(0, index, updates, mode, include_self=True)
    return flat.reshape(dims).to(dtype)


def scatter(indices, values, shape):
    indices = _index_tensor(indices)
    values = _tensor(values)
    zeros = values.new_zeros(tuple(int(d) for d in shape))
    return _scatter_into(zeros, indices, values, "add")


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = _tensor(inputs)
    indices = _index_tensor(indices)
    updates = _tensor(updates).to(inputs.dtype)
    return _scatter_into(inputs, indices, updates, reduction)


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
    scalar = float if dtypes.is_float_dtype(source) else int
    return scalar(low), scalar(high)


def saturate_cast(x, dtype):
    x = _tensor(x)
    dtype = dtypes.standardize_dtype(dtype)
    bounds = _saturation_bounds(dtypes.standardize_dtype(x.dtype), dtype)
    if bounds is not None:
        wide = _WIDENED.get(x.dtype, x.dtype)
        x = torch.clamp(x.to(wide), *bounds)
    return core.cast(x, dtype)


def _scaled_assign_sub(variables, values, scale):
    """keras.ops.fused.scaled_assign_sub for torch Variables of one dtype whose values
    are tensors of that dtype: two `_foreach` calls for all of them (values broadcast
    as `sub_` broadcasts them; a device mismatch raises as `sub_` would)."""
    targets = []
    dtype = None
    for variable, value in zip(variables, values):
        if not isinstance(variable, core.Variable) or not isinstance(value, torch.Tensor):
            return NotImplemented
        target = variable._value
        if dtype is None:
            dtype = target.dtype
        if target.dtype is not dtype or value.dtype is not dtype:
            return NotImplemented
        targets.append(target)
    factor = core.cast(scale, dtype)
    if factor.ndim:
        return NotImplemented
    with torch.no_grad():
        torch._foreach_sub_(targets, torch._foreach_mul(values, factor))
    return None


def _weighted_accumulate(total, count, value, weight):
    """keras.ops.fused.weighted_accumulate for a tensor `value` of the dtype of float32
    or float64 Variables: `add_(value, alpha=weight)` and `add_(weight)`."""
    if (
        not isinstance(total, core.Variable)
        or not isinstance(count, core.Variable)
        or type(value) is not torch.Tensor
        or type(weight) not in (int, float)
    ):
        return NotImplemented
    target, counter = total._value, count._value
    if (
        value.dtype is not target.dtype
        or target.dtype not in _ACCUMULATOR_DTYPES
        or counter.dtype not in _ACCUMULATOR_DTYPES
        or value.ndim
        or target.ndim
        or counter.ndim
    ):
        return NotImplemented
    with torch.no_grad():
        target.add_(value, alpha=weight)
        counter.add_(weight)
    return None


# The dtypes of the running sums `_weighted_accumulate` updates in place.
_ACCUMULATOR_DTYPES = frozenset((torch.float32, torch.float64))

FUSED = {
    "scaled_assign_sub": _scaled_assign_sub,
    "weighted_accumulate": _weighted_accumulate,
}
