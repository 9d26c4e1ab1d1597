"""The kernels on JAX: XLA FFI custom calls (`jax.ffi.ffi_call`) with `custom_vjp`
gradients from the backward kernels; they work under `jit`, `grad` and `vmap`."""

import functools

import numpy as np

import jax
import jax.numpy as jnp

from kernels.bindings import common
from kernels.bindings import library

_DTYPES = (jnp.dtype("float32"), jnp.dtype("bfloat16"))
_registered = []


def available():
    """True when the library loaded and its FFI targets are registered with XLA."""
    module = library.cpu()
    if module is None:
        return False
    if not _registered:
        for name, capsule in module.ffi_targets().items():
            jax.ffi.register_ffi_target(name, capsule, platform="cpu")
        _registered.append(True)
    return True


def _qualifies(*arrays):
    if jax.default_backend() != "cpu":
        return False
    dtype = None
    for a in arrays:
        if not isinstance(a, (jax.Array, jax.core.Tracer)):
            return False
        if a.dtype not in _DTYPES or (dtype is not None and a.dtype != dtype):
            return False
        dtype = a.dtype
    return True


def _f32(shape):
    return jax.ShapeDtypeStruct(shape, jnp.float32)


def _param(value, cols, fill):
    if value is None:
        return jnp.full((cols,), fill, jnp.float32)
    return jnp.reshape(jnp.asarray(value), (cols,)).astype(jnp.float32)


# Layer norm and RMS norm on [rows, cols].


def _ln_forward(x, gamma, beta, epsilon):
    rows = x.shape[0]
    call = jax.ffi.ffi_call(
        "keras_layer_norm_forward",
        (jax.ShapeDtypeStruct(x.shape, x.dtype), _f32((rows,)), _f32((rows,))),
        vmap_method="broadcast_all",
    )
    return call(x, gamma, beta, epsilon=np.float32(epsilon))


@functools.partial(jax.custom_vjp, nondiff_argnums=(3,))
def _layer_norm(x, gamma, beta, epsilon):
    return _ln_forward(x, gamma, beta, epsilon)[0]


def _layer_norm_fwd(x, gamma, beta, epsilon):
    y, mean, rstd = _ln_forward(x, gamma, beta, epsilon)
    return y, (x, gamma, mean, rstd)


def _layer_norm_bwd(epsilon, residuals, dy):
    x, gamma, mean, rstd = residuals
    call = jax.ffi.ffi_call(
        "keras_layer_norm_backward",
        (jax.ShapeDtypeStruct(x.shape, x.dtype), _f32(gamma.shape), _f32(gamma.shape)),
        vmap_method="broadcast_all",
    )
    dx, dgamma, dbeta = call(dy.astype(x.dtype), x, gamma, mean, rstd)
    return dx, dgamma, dbeta


_layer_norm.defvjp(_layer_norm_fwd, _layer_norm_bwd)


def _rms_forward(x, scale, epsilon):
    call = jax.ffi.ffi_call(
        "keras_rms_norm_forward",
        (jax.ShapeDtypeStruct(x.shape, x.dtype), _f32((x.shape[0],))),
        vmap_method="broadcast_all",
    )
    return call(x, scale, epsilon=np.float32(epsilon))


@functools.partial(jax.custom_vjp, nondiff_argnums=(2,))
def _rms_norm(x, scale, epsilon):
    return _rms_forward(x, scale, epsilon)[0]


def _rms_norm_fwd(x, scale, epsilon):
    y, rstd = _rms_forward(x, scale, epsilon)
    return y, (x, scale, rstd)


def _rms_norm_bwd(epsilon, residuals, dy):
    x, scale, rstd = residuals
    call = jax.ffi.ffi_call(
        "keras_rms_norm_backward",
        (jax.ShapeDtypeStruct(x.shape, x.dtype), _f32(scale.shape)),
        vmap_method="broadcast_all",
    )
    dx, dscale = call(dy.astype(x.dtype), x, scale, rstd)
    return dx, dscale


_rms_norm.defvjp(_rms_norm_fwd, _rms_norm_bwd)


@functools.partial(jax.jit, static_argnames=("rows", "cols", "epsilon", "rms"))
def _normalize(x, gamma, beta, *, rows, cols, epsilon, rms):
    # One jitted program per geometry: eagerly, one dispatch instead of one per
    # reshape and cast (under an outer jit it is inlined).
    x2 = jnp.reshape(x, (rows, cols))
    if rms:
        y = _rms_norm(x2, _param(gamma, cols, 1.0), epsilon)
    else:
        y = _layer_norm(x2, _param(gamma, cols, 1.0), _param(beta, cols, 0.0), epsilon)
    return jnp.reshape(y, x.shape)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """Registry entry for nn.layer_normalization (declines with NotImplemented)."""
    if not _qualifies(x):
        return NotImplemented
    shapes = [None if p is None else tuple(np.shape(p)) for p in (gamma, beta)]
    call = common.norm_call(x.shape, axis, epsilon, rms_scaling, *shapes)
    if call is None:
        return NotImplemented
    rows, cols, epsilon, use_beta = call
    return _normalize(
        x, gamma, beta if use_beta else None, rows=rows, cols=cols,
        epsilon=float(epsilon), rms=bool(rms_scaling),
    )


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Registry entry for nn.rms_normalization."""
    return layer_normalization(x, scale, None, axis, epsilon, rms_scaling=True)


# Attention.


def _attention_forward(q, k, v, mask, causal, has_mask, scale):
    b, t, n, _ = q.shape
    call = jax.ffi.ffi_call(
        "keras_attention_forward",
        (jax.ShapeDtypeStruct(q.shape, q.dtype), _f32((b, n, t))),
        vmap_method="sequential",
    )
    return call(
        q, k, v, mask, causal=np.bool_(causal), has_mask=np.bool_(has_mask),
        scale=np.float32(scale),
    )


def _make_attention(causal, has_mask, scale):
    @jax.custom_vjp
    def attention(q, k, v, mask):
        return _attention_forward(q, k, v, mask, causal, has_mask, scale)[0]

    def forward(q, k, v, mask):
        out, lse = _attention_forward(q, k, v, mask, causal, has_mask, scale)
        return out, (q, k, v, mask, out, lse)

    def backward(residuals, dout):
        q, k, v, mask, out, lse = residuals
        call = jax.ffi.ffi_call(
            "keras_attention_backward",
            tuple(jax.ShapeDtypeStruct(a.shape, a.dtype) for a in (q, k, v)),
            vmap_method="sequential",
        )
        dq, dk, dv = call(
            q, k, v, out, dout.astype(q.dtype), lse, mask, causal=np.bool_(causal),
            has_mask=np.bool_(has_mask), scale=np.float32(scale),
        )
        return dq, dk, dv, np.zeros(mask.shape, jax.dtypes.float0)

    attention.defvjp(forward, backward)
    return attention


_ATTENTIONS = {}


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Registry entry for nn.dot_product_attention."""
    if not _qualifies(query, key, value):
        return NotImplemented
    mask_shape = None if mask is None else tuple(np.shape(mask))
    call = common.attention_call(
        query.shape, key.shape, value.shape, mask_shape, bias, scale,
        attn_logits_soft_cap, flash_attention,
    )
    if call is None:
        return NotImplemented
    _, mask4, scale = call
    if mask is not None:
        mask = jnp.asarray(mask)
    return _attend(query, key, value, mask, mask4=mask4, causal=bool(is_causal),
                   scale=float(scale))


@functools.partial(jax.jit, static_argnames=("mask4", "causal", "scale"))
def _attend(query, key, value, mask, *, mask4, causal, scale):
    if mask4 is None:
        mask = jnp.ones((1, 1, 1, 1), jnp.uint8)
    else:
        mask = jnp.reshape(mask != 0, mask4).astype(jnp.uint8)
    options = (causal, mask4 is not None, scale)
    attention = _ATTENTIONS.get(options)
    if attention is None:
        attention = _ATTENTIONS[options] = _make_attention(*options)
    return attention(query, key, value, mask)


# int8 products.


def int8_matmul_2d(a, b):
    """Registry entry for products._int8_matmul_2d: (m, k) x (k, n) int8 -> int32 for
    the rows `common.int8_rows_qualify` takes (XLA's int8 GEMM otherwise)."""
    if jax.default_backend() != "cpu":
        return NotImplemented
    if not all(isinstance(x, (jax.Array, jax.core.Tracer)) for x in (a, b)):
        return NotImplemented
    if a.dtype != jnp.int8 or b.dtype != jnp.int8 or a.ndim != 2 or b.ndim != 2:
        return NotImplemented
    if not common.int8_rows_qualify(a.shape[0], "jax"):
        return NotImplemented
    return _int8_product(a, b)


@jax.jit
def _int8_product(a, b):
    # One jitted program per shape (inlined under an outer jit).
    call = jax.ffi.ffi_call(
        "keras_int8_matmul",
        jax.ShapeDtypeStruct((a.shape[0], b.shape[1]), jnp.int32),
        vmap_method="sequential",
    )
    return call(a, b)


# Entries of the backend's products module (install.py).
PRODUCT_ENTRIES = {"_int8_matmul_2d": int8_matmul_2d}

ENTRIES = {
    "layer_normalization": layer_normalization,
    "rms_normalization": rms_normalization,
    "dot_product_attention": dot_product_attention,
}
