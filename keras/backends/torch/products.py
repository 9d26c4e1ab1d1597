"""torch backend: the products ops (see keras/ops/products.py for their contract).

torch has no CPU matmul/einsum kernels for bool and uint16/uint32/uint64: bools go
through int32 (a sum of products is True where non-zero) and those unsigned ints
through int64, cast back (which wraps as NumPy does).
"""

import torch

from keras.backends.common import backend_utils
from keras.backends.common import int8_products
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.torch import core

_WIDEN = frozenset((torch.uint16, torch.uint32, torch.uint64))


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if isinstance(x1, torch.Tensor) and isinstance(x2, torch.Tensor):
        if x1.dtype == x2.dtype:
            return x1, x2
    return core.promote(x1, x2)


def _computed(function, *operands):
    """`function(*operands)` (of one dtype) through a dtype torch has kernels for."""
    dtype = operands[0].dtype
    if dtype == torch.bool:
        return function(*(x.to(torch.int32) for x in operands)) != 0
    if dtype in _WIDEN:
        return function(*(x.to(torch.int64) for x in operands)).to(dtype)
    return function(*operands)


def dot(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return torch.mul(x1, x2)
    axis = 0 if x2.ndim == 1 else x2.ndim - 2
    return _computed(
        lambda a, b: torch.tensordot(a, b, dims=([a.ndim - 1], [axis])), x1, x2
    )


def matmul(x1, x2):
    # Fast path: two plain float tensors (or Variables) of one dtype.
    x1, x2 = core._plain(x1), core._plain(x2)
    if (
        type(x1) in core._PLAIN_TENSORS
        and type(x2) in core._PLAIN_TENSORS
        and x1.dtype is x2.dtype
        and x1.is_floating_point()
    ):
        return torch.matmul(x1, x2)
    both_int8 = backend_utils.all_int8(x1, x2)
    x1, x2 = _pair(x1, x2)
    if both_int8:
        # int8 products accumulate in int32, as Keras' quantized kernels expect.
        if int8_products.is_rows_by_matrix(tuple(x1.shape), tuple(x2.shape)):
            rows = _int8_matmul_2d(x1.reshape(-1, x1.shape[-1]), x2)
            return rows.reshape(*x1.shape[:-1], x2.shape[-1])
        return torch.matmul(x1.to(torch.int32), x2.to(torch.int32))
    return _computed(torch.matmul, x1, x2)


@registry.for_backend("torch").consulted_by("products._int8_matmul_2d")
def _int8_matmul_2d(a, b):
    """(m, k) x (k, n) int8 -> int32 with `torch._int_mm` (oneDNN int8 GEMM on CPU:
    4.2 ms against 34 ms through int32 for 1x4096 by 4096x4096, one thread); shapes it
    refuses (CUDA wants m > 16 and k, n multiples of 8) go through int32. On a CPU
    without AVX-512, where oneDNN has no fast int8 GEMM, a float32 GEMM instead."""
    if a.device.type == "cpu" and not _cpu_int8_gemm():
        return _int8_matmul_in_float(a, b)
    try:
        return torch._int_mm(a.contiguous(), b)
    except RuntimeError:
        return torch.matmul(a.to(torch.int32), b.to(torch.int32))


def _cpu_int8_gemm():
    """Whether torch's CPU int8 GEMM has a fast path here (AVX-512). Without it
    `torch._int_mm` took 202 ms for 1024x512 by 512x512 and 1.4 s for 32x4096 by
    4096x4096 on an AMD EPYC (Zen 3), against 3.5 and 15 ms in float32."""
    if "int8_gemm" not in _CPU:
        _CPU["int8_gemm"] = torch.backends.cpu.get_cpu_capability().startswith("AVX512")
    return _CPU["int8_gemm"]


_CPU = {}
# Products of int8 are integers of at most 2^14 in magnitude, so float32 sums them
# exactly while |sum| <= 2^24: over 1024 terms at a time.
_EXACT_FLOAT_TERMS = 1024


def _int8_matmul_in_float(a, b):
    """The exact int32 product of int8 `a` and `b` through float32 GEMMs, 1024 terms
    at a time (int32 sums of the pieces wrap, as int32 accumulation does)."""
    k = a.shape[1]
    out = None
    for start in range(0, max(k, 1), _EXACT_FLOAT_TERMS):
        stop = min(k, start + _EXACT_FLOAT_TERMS)
        part = torch.matmul(a[:, start:stop].float(), b[start:stop].float())
        part = part.to(torch.int32)
        out = part if out is None else out.add_(part)
    return out


def inner(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return torch.mul(x1, x2)
    return _computed(
        lambda a, b: torch.tensordot(a, b, dims=([a.ndim - 1], [b.ndim - 1])), x1, x2
    )


def outer(x1, x2):
    x1, x2 = _pair(x1, x2)
    return torch.flatten(x1)[:, None] * torch.flatten(x2)[None, :]


def kron(x1, x2):
    x1, x2 = _pair(x1, x2)
    rank = max(x1.ndim, x2.ndim)
    a = x1.reshape((1,) * (rank - x1.ndim) + tuple(x1.shape))
    b = x2.reshape((1,) * (rank - x2.ndim) + tuple(x2.shape))
    shape = [p * q for p, q in zip(a.shape, b.shape)]
    # Interleave the axes: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...).
    a = a.reshape([d for n in a.shape for d in (n, 1)])
    b = b.reshape([d for n in b.shape for d in (1, n)])
    return (a * b).reshape(shape)


def vdot(x1, x2):
    x1, x2 = _pair(x1, x2)
    a, b = torch.flatten(x1), torch.flatten(x2)
    if a.is_complex():
        a = torch.conj(a)
    return _computed(lambda a, b: torch.tensordot(a, b, dims=1), a, b)


def tensordot(x1, x2, axes=2):
    x1, x2 = _pair(x1, x2)
    if not isinstance(axes, int):
        axes = tuple(list(g) if isinstance(g, (list, tuple)) else [g] for g in axes)
    return _computed(lambda a, b: torch.tensordot(a, b, dims=axes), x1, x2)


def einsum(subscripts, *operands, **kwargs):
    both_int8 = bool(operands) and backend_utils.all_int8(*operands)
    operands = core.promote(*operands)
    if both_int8:
        plan = None
        if len(operands) == 2 and not kwargs:
            plan = int8_products.einsum_as_matmul(
                subscripts, *(tuple(x.shape) for x in operands)
            )
        if plan is not None:
            return int8_products.run_einsum_plan(
                plan, *operands, _int8_matmul_2d, torch.permute, torch.reshape
            )
        operands = [x.to(torch.int32) for x in operands]

    def function(*xs):
        # torch.einsum sums ints in int64.
        return torch.einsum(subscripts, *xs, **kwargs).to(xs[0].dtype)

    return _computed(function, *operands)


def _stacked(components):
    """The broadcast components (x, y, z) stacked along a new last axis."""
    return torch.stack(torch.broadcast_tensors(*components), dim=-1)


def _padded(x):
    """Vectors along the last axis, with a zero z-component added to 2-D ones."""
    if x.shape[-1] == 3:
        return x
    zero = torch.zeros(x.shape[:-1] + (1,), dtype=x.dtype, device=x.device)
    return torch.cat([x, zero], -1)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _pair(x1, x2)
    a = torch.movedim(x1, axisa, -1)
    b = torch.movedim(x2, axisb, -1)
    planar = a.shape[-1] == 2 and b.shape[-1] == 2
    products = reduction_utils.cross_products(planar, _padded, _stacked)
    result = _computed(products, a, b)
    return result if planar else torch.movedim(result, -1, axisc)


def correlate(x1, x2, mode="valid"):
    a, v, dtype = backend_utils.correlate_operands(x1, x2, core.convert_to_tensor)
    m, n = a.shape[0], v.shape[0]
    # conv1d is a cross-correlation; padding both ends by n - 1 gives every overlap.
    full = torch.nn.functional.conv1d(a[None, None], v[None, None], padding=n - 1)[0, 0]
    return core.cast(full[backend_utils.correlate_window(m, n, mode)], dtype)


slogdet = reduction_utils.slogdet_op(
    torch.linalg.slogdet, core.convert_to_tensor, core.cast
)


def _diagonal_sum(x, offset, axis1, axis2):
    diagonal = torch.diagonal(x, offset, axis1, axis2)
    return _computed(lambda d: torch.sum(d, dim=-1, dtype=d.dtype), diagonal)


trace = reduction_utils.trace_op(core.convert_to_tensor, core.cast, _diagonal_sum)


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded, core_dims = backend_utils.vectorize_signature(excluded, signature)

    def wrapped(*args, **kwargs):
        positions, tensors, dims = backend_utils.vectorize_inputs(
            args, excluded, signature, core_dims, core.convert_to_tensor
        )
        batch = torch.broadcast_shapes(
            *(x.shape[: x.ndim - len(names)] for x, names in zip(tensors, dims))
        )
        # Every input as (batch size, *core shape): one vmap maps all batch axes.
        flat = [
            torch.broadcast_to(x, batch + x.shape[x.ndim - len(names) :]).reshape(
                (-1,) + tuple(x.shape[x.ndim - len(names) :])
            )
            for x, names in zip(tensors, dims)
        ]

        def call(*mapped):
            full = list(args)
            for i, x in zip(positions, mapped):
                full[i] = x
            return pyfunc(*full, **kwargs)

        outputs = torch.vmap(call)(*flat)
        if isinstance(outputs, (tuple, list)):
            return type(outputs)(o.reshape(batch + o.shape[1:]) for o in outputs)
        return outputs.reshape(batch + outputs.shape[1:])

    return wrapped


def _dense(x, kernel, bias):
    """keras.ops.fused.dense for float tensors of one dtype: one `addmm` (2-D inputs)
    or `linear` call, a single autograd node."""
    kernel, bias = core._plain(kernel), core._plain(bias)
    if (
        type(x) not in core._PLAIN_TENSORS
        or type(kernel) not in core._PLAIN_TENSORS
        or type(bias) not in core._PLAIN_TENSORS
        or not x.is_floating_point()
        or x.dtype is not kernel.dtype
        or x.dtype is not bias.dtype
        or kernel.ndim != 2
        or bias.ndim != 1
        or x.ndim < 2
    ):
        return NotImplemented
    if x.ndim == 2:
        return torch.addmm(bias, x, kernel)
    return torch.nn.functional.linear(x, kernel.t(), bias)


registry.for_backend("torch").register(
    __name__,
    "dense",
    _dense,
    devices=("cpu", "cuda"),
    note="keras.ops.fused.dense as one addmm",
)


# Fast path (keras.backends.common.registry): two float tensors of one dtype.
registry.for_backend("torch").register(
    __name__,
    "matmul",
    torch.matmul,
    guard="eager",
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="torch.matmul",
)


# Our int8 product kernel (kernels/int8_matmul), when its library is built.
registry.install_kernels("torch", __name__)
