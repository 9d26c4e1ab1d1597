"""openvino backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Shapes are static, so loops unroll: a Python loop calls the body once per step and each
call adds its nodes to the graph. A loop or branch whose decision depends on a value
(`while_loop`, and `cond`/`switch` on a computed predicate) has OpenVINO evaluate that
value; while a model is traced into one graph (predict), `cond` and `switch` select
between all branches instead. OpenVINO has no autodiff: `stop_gradient` is the identity
and `custom_gradient` only runs the forward function.
"""

import functools

import numpy as np
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.openvino import core

_tensor = core._tensor
_out = core._out
_wrap = core._wrap
_constant = core._constant
_i64 = core._i64


def _dims(output):
    return tuple(d.get_length() for d in output.get_partial_shape())


def _scalar(value, dtype):
    """A 0-d constant output of `dtype` (a Keras dtype name)."""
    return _constant(np.asarray(value, dtypes.numpy_dtype(dtype)))


def _stack(tensors, axis=0):
    return _wrap(core._stack_outputs([_out(t) for t in tensors], axis))


def _zeros(shape, like):
    zero = _scalar(0, like.dtype)
    return _wrap(ov_opset.broadcast(zero, _i64(list(shape))))


def _evaluate_all(tensors):
    """The tensors (none symbolic) evaluated together in one graph, as constant
    tensors: loops evaluate their state once per step this way, instead of re-running
    an ever longer graph."""
    values = core._evaluate_outputs([t.output for t in tensors])
    return [_wrap(_constant(value)) for value in values]


# Python loops over static trip counts (each step adds its nodes to the graph).
_LOOPS = backend_utils.EagerLoops(_tensor, _stack, _zeros)
scan = _LOOPS.scan
map = _LOOPS.map
fori_loop = _LOOPS.fori_loop


def vectorized_map(function, elements):
    return map(function, elements)


def _flip(x, axis):
    x = _tensor(x)
    reversed_ = ov_opset.slice(
        x.output, _i64([-1]), _i64([-(2**62)]), _i64([-1]), _i64([axis])
    )
    return _wrap(reversed_)


def _concatenate(xs, axis):
    return _wrap(ov_opset.concat([_out(x) for x in xs], axis))


def _interleave(even, odd, axis):
    # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
    even, odd = _tensor(even), _tensor(odd)
    n_odd = odd.shape[axis]
    head = backend_utils.axis_slice(even, axis, 0, n_odd)
    pairs = _stack([head, odd], axis + 1).output
    dims = _dims(pairs)
    merged = ov_opset.reshape(
        pairs, _i64(dims[:axis] + (2 * n_odd,) + dims[axis + 2 :]), False
    )
    tail = backend_utils.axis_slice(even, axis, n_odd)
    return _concatenate([_wrap(merged), tail], axis)


def associative_scan(f, elems, reverse=False, axis=0):
    return backend_utils.associative_scan(
        f, elems, reverse, axis, _tensor, _flip, _concatenate, _interleave
    )


def _is_symbolic(x):
    return isinstance(x, core.OpenVINOTensor) and x.is_symbolic


def _select(pred, a, b):
    """`a` where the scalar bool tensor `pred` holds, else `b` (leaf by leaf)."""

    def choose(x, y):
        if x is None and y is None:
            return None
        x, y = _tensor(x), _tensor(y)
        dtype = dtypes.result_type(x.dtype, y.dtype)
        x, y = core.cast(x, dtype), core.cast(y, dtype)
        return _wrap(ov_opset.select(pred, x.output, y.output))

    return tree.map_structure(choose, a, b)


def _as_bool(x):
    x = _tensor(x)
    if x.dtype == "bool":
        return x.output
    return ov_opset.not_equal(x.output, _scalar(0, x.dtype)).output(0)


def cond(pred, true_fn, false_fn):
    if _is_symbolic(pred):
        # A traced graph cannot branch on its input: both branches run, one is kept.
        return _select(_as_bool(pred), true_fn(), false_fn())
    return true_fn() if pred else false_fn()


def switch(index, branches, *operands):
    last = len(branches) - 1
    if not _is_symbolic(index):
        # As jax.lax.switch: an index out of range selects the nearest branch.
        return branches[min(max(int(index), 0), last)](*operands)
    index = core.cast(index, "int32").output
    index = ov_opset.clamp(index, 0, last).output(0)
    outputs = [branch(*operands) for branch in branches]
    result = outputs[last]
    for i in reversed(range(last)):
        chosen = ov_opset.equal(index, _scalar(i, "int32")).output(0)
        result = _select(chosen, outputs[i], result)
    return result


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = tree.map_structure(_tensor, state)
    step = 0
    while maximum_iterations is None or step < maximum_iterations:
        leaves = tree.flatten(state)
        if any(_is_symbolic(x) for x in leaves):
            raise core.SymbolicValueError(
                "`while_loop` on the openvino backend needs the values of its loop "
                "variables to decide when to stop; here they depend on a model input "
                "(the model is traced into one OpenVINO graph). Use `fori_loop` or "
                "`scan` with a static number of steps instead."
            )
        # The condition and the state are computed in one graph; the state then
        # continues from constants.
        decision = _tensor(cond(*state))
        *leaves, decision = _evaluate_all(leaves + [decision])
        state = tree.pack_sequence_as(state, leaves)
        if not decision.numpy():
            break
        outputs = body(*state)
        state = tuple(outputs) if is_sequence else (outputs,)
        state = tree.map_structure(_tensor, state)
        step += 1
    return type(loop_vars)(state) if is_sequence else state[0]


def stop_gradient(variable):
    return _tensor(variable)


def custom_gradient(f):
    @functools.wraps(f)
    def forward(*args, **kwargs):
        return f(*args, **kwargs)[0]

    return forward


def unstack(x, num=None, axis=0):
    x = _tensor(x)
    axis = backend_utils.canonicalize_axis(axis, x.ndim)
    n = x.shape[axis]
    if n == 0:
        return []
    parts = ov_opset.split(x.output, _i64(axis), n)
    return [_wrap(ov_opset.squeeze(p, _i64([axis]))) for p in parts.outputs()]


def _starts(start_indices, dims, sizes):
    """The window starts as an int64 (rank,) output, clamped so that the window fits
    (as `jax.lax.dynamic_slice`), and as Python ints where all are static."""
    values = [core._static_value(s) for s in _start_list(start_indices, len(dims))]
    if all(v is not None for v in values):
        starts = [min(max(int(v), 0), d - n) for v, d, n in zip(values, dims, sizes)]
        return _i64(starts), starts
    parts = [
        ov_opset.reshape(core.cast(s, "int64").output, _i64([1]), False)
        for s in _start_list(start_indices, len(dims))
    ]
    starts = ov_opset.concat(parts, 0)
    highest = _i64([d - n for d, n in zip(dims, sizes)])
    starts = ov_opset.minimum(ov_opset.maximum(starts, _i64(0)), highest)
    return starts.output(0), None


def _start_list(start_indices, rank):
    if isinstance(start_indices, (list, tuple)):
        return list(start_indices)
    start_indices = _tensor(start_indices)
    return [start_indices[i] for i in range(rank)]


def _window_positions(starts, sizes):
    """(prod(sizes), rank) int64 positions of every element of a `sizes` window that
    begins at `starts` (an int64 (rank,) output), in row-major order."""
    grid = np.indices(sizes, dtype=np.int64).reshape(len(sizes), -1).T
    return ov_opset.add(_constant(grid), starts).output(0)


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    dims = inputs.shape
    starts = [core._static_value(s) for s in _start_list(start_indices, len(dims))]
    sizes = [
        d - int(s) if n == -1 else int(n) for d, s, n in zip(dims, starts, shape)
    ]
    starts_output, static = _starts(start_indices, dims, sizes)
    if static is not None:
        window = backend_utils.slice_window(dims, static, sizes)
        return inputs[window]
    # Start values only known when the graph runs: gather the window's elements.
    positions = _window_positions(starts_output, sizes)
    gathered = ov_opset.gather_nd(inputs.output, positions, 0)
    return _wrap(ov_opset.reshape(gathered, _i64(sizes), False))


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = core.cast(updates, inputs.dtype)
    sizes = list(updates.shape)
    starts, _ = _starts(start_indices, inputs.shape, sizes)
    if 0 in sizes:
        return inputs
    positions = _window_positions(starts, sizes)
    flat = ov_opset.reshape(updates.output, _i64([-1]), False)
    return _wrap(ov_opset.scatter_nd_update(inputs.output, positions, flat))


def _index_tensor(x, dims):
    """Integer `indices` (..., k) as int64, negative entries counted from the end of
    their axis (as NumPy indexing does)."""
    x = _tensor(x)
    if not dtypes.is_int_dtype(x.dtype):
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    index = core.cast(x, "int64").output
    depth = x.shape[-1]
    sizes = _i64(list(dims[:depth]))
    wrapped = ov_opset.add(index, sizes)
    return ov_opset.select(ov_opset.less(index, _i64(0)), wrapped, index).output(0)


# keras reduction -> ScatterNDUpdate-15 reduction.
_REDUCTIONS = {None: "none", "add": "sum", "mul": "prod", "max": "max", "min": "min"}
# Dtypes scattered in a wider one (the CPU plugin computes narrow ints and bools in
# 32 bits anyway; a sum of bools is their logical or once cast back).
_WIDENED = {
    "bool": "int32",
    "int8": "int32",
    "uint8": "int32",
    "int16": "int32",
    "uint16": "int32",
    "float16": "float32",
    "bfloat16": "float32",
}


def _scatter_into(data, indices, updates, reduction):
    dtype = data.dtype
    work = _WIDENED.get(dtype, dtype)
    index = _index_tensor(indices, data.shape)
    depth = indices.shape[-1]
    rows = int(np.prod(indices.shape[:-1], dtype=np.int64))
    # Updates (N, *dims[k:]) for index rows (N, k).
    index = ov_opset.reshape(index, _i64([rows, depth]), False).output(0)
    values = core.cast(updates, work).output
    values = ov_opset.reshape(values, _i64([rows, *data.shape[depth:]]), False)
    base = core.cast(data, work).output
    result = opset15.scatter_nd_update(base, index, values, _REDUCTIONS[reduction])
    result = _wrap(result)
    if dtype == "bool":
        return _wrap(ov_opset.not_equal(result.output, _scalar(0, work)))
    return core.cast(result, dtype)


def scatter(indices, values, shape):
    values = _tensor(values)
    indices = _tensor(indices)
    zeros = _zeros(tuple(int(d) for d in shape), values)
    return _scatter_into(zeros, indices, values, "add")


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = _tensor(inputs)
    indices = _tensor(indices)
    updates = core.cast(updates, inputs.dtype)
    return _scatter_into(inputs, indices, updates, reduction)


def saturate_cast(x, dtype):
    x = _tensor(x)
    bounds = backend_utils.saturation_bounds(x.dtype, dtype)
    if bounds is not None:
        low, high = (_scalar(b, x.dtype) for b in bounds)
        x = _wrap(ov_opset.minimum(ov_opset.maximum(x.output, low), high))
    return core.cast(x, dtype)
