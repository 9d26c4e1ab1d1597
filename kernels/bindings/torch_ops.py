"""The kernels on torch: `torch.library` custom ops (keras_kernels::...) with fake
kernels (so `torch.compile` traces them) and `register_autograd` gradients from the
backward kernels. CPU tensors go to the kernels by `data_ptr()`."""

import torch

from kernels.bindings import common
from kernels.bindings import library

_DTYPES = {torch.float32: "float32", torch.bfloat16: "bfloat16"}
Tensor = torch.Tensor


def available():
    return library.cpu() is not None


def _kernels():
    return library.cpu()


@torch.library.custom_op("keras_kernels::layer_norm", mutates_args=())
def layer_norm_op(
    x: Tensor, gamma: Tensor, beta: Tensor, epsilon: float
) -> tuple[Tensor, Tensor, Tensor]:
    x = x.contiguous()
    rows, cols = x.shape
    y = torch.empty_like(x)
    mean = torch.empty(rows, dtype=torch.float32)
    rstd = torch.empty(rows, dtype=torch.float32)
    _kernels().layer_norm_forward(
        _DTYPES[x.dtype], x.data_ptr(), gamma.contiguous().data_ptr(),
        beta.contiguous().data_ptr(), y.data_ptr(), mean.data_ptr(), rstd.data_ptr(),
        rows, cols, epsilon,
    )
    return y, mean, rstd


@layer_norm_op.register_fake
def _(x, gamma, beta, epsilon):
    rows = x.shape[0]
    return (
        torch.empty_like(x),
        x.new_empty(rows, dtype=torch.float32),
        x.new_empty(rows, dtype=torch.float32),
    )


@torch.library.custom_op("keras_kernels::layer_norm_backward", mutates_args=())
def layer_norm_backward_op(
    dy: Tensor, x: Tensor, gamma: Tensor, mean: Tensor, rstd: Tensor
) -> tuple[Tensor, Tensor, Tensor]:
    dy, x = dy.contiguous(), x.contiguous()
    rows, cols = x.shape
    dx = torch.empty_like(x)
    dgamma = torch.empty(cols, dtype=torch.float32)
    dbeta = torch.empty(cols, dtype=torch.float32)
    _kernels().layer_norm_backward(
        _DTYPES[x.dtype], dy.data_ptr(), x.data_ptr(), gamma.contiguous().data_ptr(),
        mean.data_ptr(), rstd.data_ptr(), dx.data_ptr(), dgamma.data_ptr(),
        dbeta.data_ptr(), rows, cols,
    )
    return dx, dgamma, dbeta


@layer_norm_backward_op.register_fake
def _(dy, x, gamma, mean, rstd):
    cols = x.shape[1]
    return (
        torch.empty_like(x),
        x.new_empty(cols, dtype=torch.float32),
        x.new_empty(cols, dtype=torch.float32),
    )


def _layer_norm_setup(ctx, inputs, output):
    x, gamma, _, _ = inputs
    _, mean, rstd = output
    ctx.save_for_backward(x, gamma, mean, rstd)


def _layer_norm_grad(ctx, dy, dmean, drstd):
    x, gamma, mean, rstd = ctx.saved_tensors
    dx, dgamma, dbeta = layer_norm_backward_op(dy.to(x.dtype), x, gamma, mean, rstd)
    return dx, dgamma, dbeta, None


layer_norm_op.register_autograd(_layer_norm_grad, setup_context=_layer_norm_setup)


@torch.library.custom_op("keras_kernels::rms_norm", mutates_args=())
def rms_norm_op(x: Tensor, scale: Tensor, epsilon: float) -> tuple[Tensor, Tensor]:
    x = x.contiguous()
    rows, cols = x.shape
    y = torch.empty_like(x)
    rstd = torch.empty(rows, dtype=torch.float32)
    _kernels().rms_norm_forward(
        _DTYPES[x.dtype], x.data_ptr(), scale.contiguous().data_ptr(), y.data_ptr(),
        rstd.data_ptr(), rows, cols, epsilon,
    )
    return y, rstd


@rms_norm_op.register_fake
def _(x, scale, epsilon):
    return torch.empty_like(x), x.new_empty(x.shape[0], dtype=torch.float32)


@torch.library.custom_op("keras_kernels::rms_norm_backward", mutates_args=())
def rms_norm_backward_op(
    dy: Tensor, x: Tensor, scale: Tensor, rstd: Tensor
) -> tuple[Tensor, Tensor]:
    dy, x = dy.contiguous(), x.contiguous()
    rows, cols = x.shape
    dx = torch.empty_like(x)
    dscale = torch.empty(cols, dtype=torch.float32)
    _kernels().rms_norm_backward(
        _DTYPES[x.dtype], dy.data_ptr(), x.data_ptr(), scale.contiguous().data_ptr(),
        rstd.data_ptr(), dx.data_ptr(), dscale.data_ptr(), rows, cols,
    )
    return dx, dscale


@rms_norm_backward_op.register_fake
def _(dy, x, scale, rstd):
    return torch.empty_like(x), x.new_empty(x.shape[1], dtype=torch.float32)


def _rms_norm_setup(ctx, inputs, output):
    x, scale, _ = inputs
    ctx.save_for_backward(x, scale, output[1])


def _rms_norm_grad(ctx, dy, drstd):
    x, scale, rstd = ctx.saved_tensors
    dx, dscale = rms_norm_backward_op(dy.to(x.dtype), x, scale, rstd)
    return dx, dscale, None


rms_norm_op.register_autograd(_rms_norm_grad, setup_context=_rms_norm_setup)


def _mask_args(mask, shape4):
    if mask.numel() == 1 and shape4 is None:
        return (0, 0, 0, 0, 0)
    strides = []
    step = 1
    for size in reversed(mask.shape):
        strides.append(0 if size == 1 else step)
        step *= size
    return (mask.data_ptr(),) + tuple(reversed(strides))


def _geometry(q, k):
    b, t, n, h = q.shape
    return (b, t, k.shape[1], n, k.shape[2], h)


@torch.library.custom_op("keras_kernels::attention", mutates_args=())
def attention_op(
    q: Tensor, k: Tensor, v: Tensor, mask: Tensor, causal: bool, has_mask: bool,
    scale: float,
) -> tuple[Tensor, Tensor]:
    q, k, v, mask = q.contiguous(), k.contiguous(), v.contiguous(), mask.contiguous()
    b, t, n, _ = q.shape
    out = torch.empty_like(q)
    lse = torch.empty((b, n, t), dtype=torch.float32)
    _kernels().attention_forward(
        _DTYPES[q.dtype], q.data_ptr(), k.data_ptr(), v.data_ptr(),
        _mask_args(mask, mask.shape if has_mask else None), causal, scale,
        out.data_ptr(), lse.data_ptr(), _geometry(q, k),
    )
    return out, lse


@attention_op.register_fake
def _(q, k, v, mask, causal, has_mask, scale):
    b, t, n, _ = q.shape
    return torch.empty_like(q), q.new_empty((b, n, t), dtype=torch.float32)


@torch.library.custom_op("keras_kernels::attention_backward", mutates_args=())
def attention_backward_op(
    q: Tensor, k: Tensor, v: Tensor, out: Tensor, dout: Tensor, lse: Tensor,
    mask: Tensor, causal: bool, has_mask: bool, scale: float,
) -> tuple[Tensor, Tensor, Tensor]:
    q, k, v, out, dout = (a.contiguous() for a in (q, k, v, out, dout))
    mask = mask.contiguous()
    dq, dk, dv = torch.empty_like(q), torch.empty_like(k), torch.empty_like(v)
    _kernels().attention_backward(
        _DTYPES[q.dtype], q.data_ptr(), k.data_ptr(), v.data_ptr(), out.data_ptr(),
        dout.data_ptr(), lse.contiguous().data_ptr(),
        _mask_args(mask, mask.shape if has_mask else None), causal, scale,
        dq.data_ptr(), dk.data_ptr(), dv.data_ptr(), _geometry(q, k),
    )
    return dq, dk, dv


@attention_backward_op.register_fake
def _(q, k, v, out, dout, lse, mask, causal, has_mask, scale):
    return torch.empty_like(q), torch.empty_like(k), torch.empty_like(v)


def _attention_setup(ctx, inputs, output):
    q, k, v, mask, causal, has_mask, scale = inputs
    ctx.save_for_backward(q, k, v, mask, output[0], output[1])
    ctx.options = (causal, has_mask, scale)


def _attention_grad(ctx, dout, dlse):
    q, k, v, mask, out, lse = ctx.saved_tensors
    dq, dk, dv = attention_backward_op(
        q, k, v, out, dout.to(q.dtype), lse, mask, *ctx.options
    )
    return dq, dk, dv, None, None, None, None


attention_op.register_autograd(_attention_grad, setup_context=_attention_setup)


# Registry entries.


def _qualifies(*tensors):
    dtype = None
    for t in tensors:
        if not isinstance(t, torch.Tensor) or t.device.type != "cpu":
            return False
        if t.dtype not in _DTYPES or (dtype is not None and t.dtype != dtype):
            return False
        dtype = t.dtype
    return True


def _param(value, cols, fill, like):
    if value is None:
        return torch.full((cols,), fill, dtype=torch.float32)
    if not isinstance(value, torch.Tensor):
        value = torch.as_tensor(value)
    return value.reshape(cols).to(torch.float32)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """Registry entry for nn.layer_normalization (declines with NotImplemented)."""
    if not _qualifies(x):
        return NotImplemented
    shapes = [None if p is None else tuple(p.shape) if hasattr(p, "shape") else None
              for p in (gamma, beta)]
    if any(p is not None and s is None for p, s in zip((gamma, beta), shapes)):
        return NotImplemented
    call = common.norm_call(tuple(x.shape), axis, epsilon, rms_scaling, *shapes)
    if call is None:
        return NotImplemented
    rows, cols, epsilon, use_beta = call
    x2 = x.reshape(rows, cols)
    g = _param(gamma, cols, 1.0, x)
    if rms_scaling:
        y = rms_norm_op(x2, g, epsilon)[0]
    else:
        b = _param(beta if use_beta else None, cols, 0.0, x)
        y = layer_norm_op(x2, g, b, epsilon)[0]
    return y.reshape(x.shape)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Registry entry for nn.rms_normalization."""
    return layer_normalization(x, scale, None, axis, epsilon, rms_scaling=True)


_NO_MASK = {}


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Registry entry for nn.dot_product_attention."""
    if not _qualifies(query, key, value):
        return NotImplemented
    if mask is not None and not isinstance(mask, torch.Tensor):
        mask = torch.as_tensor(mask)
    mask_shape = None if mask is None else tuple(mask.shape)
    call = common.attention_call(
        tuple(query.shape), tuple(key.shape), tuple(value.shape), mask_shape, bias,
        scale, attn_logits_soft_cap, flash_attention,
    )
    if call is None:
        return NotImplemented
    _, mask4, scale = call
    if mask4 is None:
        mask = torch.ones((1, 1, 1, 1), dtype=torch.uint8)
    else:
        mask = (mask != 0).reshape(mask4).to(torch.uint8)
    return attention_op(query, key, value, mask, bool(is_causal), mask4 is not None,
                        float(scale))[0]


def layer_normalization_entry(
    x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False
):
    """The registry entry of nn.layer_normalization: the kernel, except for float32
    layer norm (not RMS), which it leaves to torch's own `F.layer_norm` (the engine
    entry after it), faster on this CPU: 4096x1024, LayerNormalization forward 0.89
    against 1.02-1.07 ms, forward and backward 6.3 against 11.1 ms
    (2026-12-07, default threads). `kernel` is the kernel's own entry (tests)."""
    if not rms_scaling and isinstance(x, torch.Tensor) and x.dtype == torch.float32:
        return NotImplemented
    return layer_normalization(x, gamma, beta, axis, epsilon, rms_scaling)


layer_normalization_entry.kernel = layer_normalization


def _int8_matmul(a: Tensor, b: Tensor) -> Tensor:
    a, b = a.contiguous(), b.contiguous()
    out = torch.empty((a.shape[0], b.shape[1]), dtype=torch.int32)
    _kernels().int8_matmul(a.data_ptr(), b.data_ptr(), out.data_ptr(), a.shape[0],
                           a.shape[1], b.shape[1])
    return out


int8_matmul_op = torch.library.custom_op("keras_kernels::int8_matmul", mutates_args=())(
    _int8_matmul
)


@int8_matmul_op.register_fake
def _(a, b):
    return a.new_empty((a.shape[0], b.shape[1]), dtype=torch.int32)


def int8_matmul_2d(a, b):
    """Registry entry for products._int8_matmul_2d: (m, k) x (k, n) int8 -> int32 for
    the rows `common.int8_rows_qualify` takes (`torch._int_mm` otherwise)."""
    if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
        return NotImplemented
    if a.dtype != torch.int8 or b.dtype != torch.int8 or a.ndim != 2 or b.ndim != 2:
        return NotImplemented
    if a.device.type != "cpu" or b.device.type != "cpu":
        return NotImplemented
    if not common.int8_rows_qualify(a.shape[0], "torch"):
        return NotImplemented
    if torch.jit.is_tracing() or _wrapped(a) or _wrapped(b):
        # vmap's batched tensors and other functorch wrappers have no data pointer;
        # a trace would record only the output's allocation: the engine path.
        return NotImplemented
    if (
        torch.compiler.is_compiling()
        or type(a) is not torch.Tensor
        or type(b) is not torch.Tensor
        or torch._C._len_torch_dispatch_stack() > 0
    ):
        return int8_matmul_op(a, b)  # fake tensors, dispatch modes: the custom op
    # Eagerly the custom op's dispatch costs about 0.15 ms, a fifth of a 1x4096x4096
    # product: the same function, called directly (integers carry no gradient).
    return _int8_matmul(a, b)


def _wrapped(x):
    return torch._C._functorch.is_functorch_wrapped_tensor(x)


# Entries of the backend's products module (install.py).
PRODUCT_ENTRIES = {"_int8_matmul_2d": int8_matmul_2d}

ENTRIES = {
    "layer_normalization": layer_normalization_entry,
    "rms_normalization": rms_normalization,
    "dot_product_attention": dot_product_attention,
}
