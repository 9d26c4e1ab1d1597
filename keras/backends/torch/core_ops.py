"""torch backend: control flow, slices and scatters (see keras/ops/core_ops.py).

Torch runs eagerly, so loops and branches are Python loops and branches that autograd
records; `vectorized_map` uses torch.vmap.
"""

import functools

import numpy as np
import torch

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import quantize_utils
from keras.backends.common import registry
from keras.backends.common import tree
from keras.backends.torch import core

_INTEGERS = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)
# Dtypes some CPU kernels (clamp, index_put, ...) lack: computed in a wider dtype.
_WIDENED = {
    torch.uint16: torch.int32,
    torch.uint32: torch.int64,
    torch.uint64: torch.int64,
}


_tensor = core._tensor


def _index_tensor(x):
    x = _tensor(x)
    if x.dtype not in _INTEGERS + tuple(_WIDENED):
        raise TypeError(f"Indices must be integers; got dtype {x.dtype}.")
    return x.long()


def _zeros(shape, like):
    return like.new_zeros(shape)


# Torch runs eagerly: loops and branches are Python's, and autograd records them.
_LOOPS = backend_utils.EagerLoops(_tensor, torch.stack, _zeros)
scan = _LOOPS.scan
map = _LOOPS.map


def vectorized_map(function, elements):
    elements = tree.map_structure(_tensor, elements)
    return torch.vmap(function)(elements)


def _flip(x, axis):
    return torch.flip(x, (axis,))


def _interleave(even, odd, axis):
    # even[0], odd[0], even[1], odd[1], ... along `axis` (even may be one longer).
    n_odd = odd.shape[axis]
    pairs = torch.stack([backend_utils.axis_slice(even, axis, 0, n_odd), odd], axis + 1)
    merged = pairs.flatten(axis, axis + 1)
    return torch.cat([merged, backend_utils.axis_slice(even, axis, n_odd)], axis)


def associative_scan(f, elems, reverse=False, axis=0):
    return backend_utils.associative_scan(
        f, elems, reverse, axis, _tensor, _flip, torch.cat, _interleave
    )


cond = _LOOPS.cond
switch = _LOOPS.switch
while_loop = _LOOPS.while_loop
fori_loop = _LOOPS.fori_loop


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


def slice(inputs, start_indices, shape):
    inputs = _tensor(inputs)
    return inputs[backend_utils.slice_window(tuple(inputs.shape), start_indices, shape)]


def slice_update(inputs, start_indices, updates):
    inputs = _tensor(inputs)
    updates = _tensor(updates).to(inputs.dtype)
    window = backend_utils.slice_window(
        tuple(inputs.shape), start_indices, tuple(updates.shape)
    )
    outputs = inputs.clone()
    outputs[window] = updates
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


def saturate_cast(x, dtype):
    x = _tensor(x)
    bounds = backend_utils.saturation_bounds(x.dtype, dtype, python_scalars=True)
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


def _adam_update(variables, grads, momentums, velocities, *hyperparameters):
    """keras.ops.fused.adam_update for float Variables of one dtype whose gradients
    are tensors of that dtype: a few `_foreach` calls for all of them, in place."""
    learning_rate, iterations, beta_1, beta_2, epsilon = hyperparameters
    states = (variables, momentums, velocities)
    if not all(isinstance(v, core.Variable) for group in states for v in group):
        return NotImplemented
    if not all(type(c) in (int, float) for c in (beta_1, beta_2, epsilon)):
        return NotImplemented
    targets = [v._value for v in variables]
    dtype = targets[0].dtype
    if not targets[0].is_floating_point() or any(
        not isinstance(g, torch.Tensor) or g.dtype is not dtype or t.dtype is not dtype
        for g, t in zip(grads, targets)
    ):
        return NotImplemented
    ms = [m._value for m in momentums]
    vs = [v._value for v in velocities]
    if any(m.dtype is not dtype for m in ms) or any(v.dtype is not dtype for v in vs):
        return NotImplemented
    t = core.cast(iterations + 1, dtype)
    decay_1, decay_2 = core.cast(beta_1, dtype), core.cast(beta_2, dtype)
    correction = torch.sqrt(1 - decay_2**t) / (1 - decay_1**t)
    alpha = core.cast(learning_rate, dtype) * correction
    if alpha.ndim:
        return NotImplemented
    # The factors as the dtype computes them, on the CPU (no device sync), consistent
    # with the bias correction above.
    host_1, host_2 = (torch.tensor(b, dtype=dtype) for b in (beta_1, beta_2))
    decay, keep_1, keep_2 = host_2.item(), (1 - host_1).item(), (1 - host_2).item()
    step_size = alpha.item() if alpha.device.type == "cpu" else None
    with torch.no_grad():
        # In place, without temporaries (a fresh tensor per variable per step costs
        # more than the arithmetic): m + (g - m) * (1 - beta_1) as a lerp,
        # v * beta_2 + g * g * (1 - beta_2), then the step m / (sqrt(v) + epsilon).
        torch._foreach_lerp_(ms, list(grads), keep_1)
        torch._foreach_mul_(vs, decay)
        torch._foreach_addcmul_(vs, grads, grads, value=keep_2)
        denominators = torch._foreach_sqrt(vs)
        torch._foreach_add_(denominators, epsilon)
        if step_size is not None:
            torch._foreach_addcdiv_(targets, ms, denominators, value=-step_size)
        else:  # alpha stays on its device
            steps = torch._foreach_mul(ms, alpha)
            torch._foreach_div_(steps, denominators)
            torch._foreach_sub_(targets, steps)
    return None


# The dtypes of the running sums `_weighted_accumulate` updates in place.
_ACCUMULATOR_DTYPES = frozenset((torch.float32, torch.float64))

# keras.ops.fused compositions as in-place engine calls (see
# keras.backends.common.registry).
_FAST = registry.for_backend("torch")
_FAST.register(
    __name__,
    "scaled_assign_sub",
    _scaled_assign_sub,
    devices=("cpu", "cuda"),
    note="plain SGD as two _foreach calls",
)
_FAST.register(
    __name__,
    "weighted_accumulate",
    _weighted_accumulate,
    devices=("cpu", "cuda"),
    note="a running weighted sum as two add_",
)
_FAST.register(
    __name__,
    "adam_update",
    _adam_update,
    devices=("cpu", "cuda"),
    note="Adam as seven _foreach calls, in place",
)


def _abs_max_quantize(x, axis, value_range, dtype, epsilon):
    """keras.ops.fused.abs_max_quantize with the full-size intermediates reused in
    place (one new float tensor instead of four: on the CPU each fresh large tensor
    pays its page faults)."""
    if not isinstance(x, torch.Tensor) or x.requires_grad:
        return NotImplemented
    static = quantize_utils.abs_max_static(
        dtypes.standardize_dtype(x.dtype), axis, value_range, dtype, epsilon
    )
    if static is None:
        return NotImplemented
    axis, (low, high), dtype, epsilon = static
    dims = tuple(range(x.ndim)) if axis is None else axis
    work = torch.abs(x)
    amax = torch.amax(work, dim=dims, keepdim=True)
    scale = torch.div(high, amax + epsilon).to(x.dtype)
    torch.mul(x, scale, out=work)
    work.round_().clamp_(low, high)
    return work.to(core._torch_dtype(dtype)), scale


def _int8_dequantize(product, inputs_scale, kernel_scale, dtype):
    """keras.ops.fused.int8_dequantize in two passes over the product (the cast, then
    an in-place divide), without a full-size scale."""
    if not isinstance(product, torch.Tensor):
        return NotImplemented
    kernel_scale = core.convert_to_tensor(kernel_scale)
    if inputs_scale is not None:
        if not isinstance(inputs_scale, torch.Tensor):
            return NotImplemented
        wide = core._torch_dtype(dtypes.promoted_dtype(inputs_scale, kernel_scale))
        scale = inputs_scale.to(wide) * kernel_scale.to(wide)
    else:
        scale = kernel_scale
    target = core._torch_dtype(dtypes.standardize_dtype(dtype))
    out = product.to(target)
    if out is product:  # already of `dtype`: keep the caller's tensor intact
        return torch.div(out, scale.to(target))
    return out.div_(scale.to(target))


_FAST.register(
    __name__,
    "abs_max_quantize",
    _abs_max_quantize,
    dtypes=("float16", "bfloat16", "float32", "float64"),
    devices=("cpu", "cuda"),
    note="in place: one full-size float intermediate",
)
_FAST.register(
    __name__,
    "int8_dequantize",
    _int8_dequantize,
    devices=("cpu", "cuda"),
    note="cast, then divide in place",
)


def _int4_dequantize(kernel, cols, scale, zero, g_idx):
    """keras.ops.fused.int4_dequantize with shifts (no int32 copies) and in-place
    arithmetic; rows in contiguous equal groups (every `quantize("int4")` layout but a
    reordered GPTQ one) broadcast their group's scale instead of gathering it."""
    kernel, scale = core.convert_to_tensor(kernel), core.convert_to_tensor(scale)
    if kernel.dtype != torch.int8 or kernel.ndim != 2:
        return NotImplemented
    rows = kernel.shape[0]
    q = torch.stack(((kernel << 4) >> 4, kernel >> 4), dim=-1).reshape(rows, -1)
    q = q[:, :cols].to(torch.float32, memory_format=torch.contiguous_format)
    if zero is None:
        return q.div_(scale)
    zero = core.convert_to_tensor(zero).to(torch.float32)
    groups = scale.shape[0]
    g = core.convert_to_tensor(g_idx).to(torch.int64)
    size = -(-rows // groups)
    if rows == size * groups and torch.equal(g, torch.arange(rows, device=g.device) // size):
        view = q.view(groups, size, -1)
        view.sub_(zero[:, None, :]).mul_(scale[:, None, :])
        return q
    return q.sub_(zero.index_select(0, g)).mul_(scale.index_select(0, g))


_FAST.register(
    __name__,
    "int4_dequantize",
    _int4_dequantize,
    devices=("cpu", "cuda"),
    note="shifts and in-place arithmetic; contiguous groups broadcast",
)
