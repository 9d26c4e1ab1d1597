"""The kernels on NumPy arrays (forward only: the numpy backend has no autodiff).
Arrays go to the kernels by pointer; a non-contiguous input is copied first."""

import numpy as np

from kernels.bindings import common
from kernels.bindings import library

_DTYPES = {np.dtype("float32"): "float32"}
try:
    import ml_dtypes

    _DTYPES[np.dtype(ml_dtypes.bfloat16)] = "bfloat16"
except ImportError:  # pragma: no cover - ml_dtypes ships with the environment
    pass


def available():
    return library.cpu() is not None


def _address(a):
    return a.ctypes.data


def _param(value, cols, fill):
    if value is None:
        return np.full((cols,), fill, np.float32)
    return np.ascontiguousarray(np.reshape(np.asarray(value), (cols,)), np.float32)


def _dtype_of(*arrays):
    names = set()
    for a in arrays:
        if not isinstance(a, np.ndarray):
            return None
        names.add(_DTYPES.get(a.dtype))
    return names.pop() if len(names) == 1 and None not in names else None


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """Registry entry for nn.layer_normalization (declines with NotImplemented)."""
    dtype = _dtype_of(x)
    if dtype is None:
        return NotImplemented
    shapes = [None if p is None else np.shape(p) for p in (gamma, beta)]
    call = common.norm_call(x.shape, axis, epsilon, rms_scaling, *shapes)
    if call is None:
        return NotImplemented
    rows, cols, epsilon, use_beta = call
    x = np.ascontiguousarray(x)
    y = np.empty_like(x)
    kernels = library.cpu()
    g = _param(gamma, cols, 1.0)
    if rms_scaling:
        kernels.rms_norm_forward(dtype, _address(x), _address(g), _address(y), 0,
                                 rows, cols, epsilon)
    else:
        b = _param(beta if use_beta else None, cols, 0.0)
        kernels.layer_norm_forward(dtype, _address(x), _address(g), _address(b),
                                   _address(y), 0, 0, rows, cols, epsilon)
    return y


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Registry entry for nn.rms_normalization."""
    return layer_normalization(x, scale, None, axis, epsilon, rms_scaling=True)


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Registry entry for nn.dot_product_attention."""
    dtype = _dtype_of(query, key, value)
    if dtype is None:
        return NotImplemented
    mask_shape = None if mask is None else np.shape(mask)
    call = common.attention_call(
        query.shape, key.shape, value.shape, mask_shape, bias, scale,
        attn_logits_soft_cap, flash_attention,
    )
    if call is None:
        return NotImplemented
    geometry, mask4, scale = call
    q, k, v = (np.ascontiguousarray(a) for a in (query, key, value))
    out = np.empty_like(q)
    mask_args = (0, 0, 0, 0, 0)
    if mask4 is not None:
        mask = np.ascontiguousarray(np.reshape(np.asarray(mask) != 0, mask4), np.uint8)
        mask_args = (_address(mask),) + common.mask_strides(mask4)
    library.cpu().attention_forward(
        dtype, _address(q), _address(k), _address(v), mask_args, bool(is_causal),
        scale, _address(out), 0, geometry,
    )
    return out


def int8_matmul_2d(a, b):
    """Registry entry for products._int8_matmul_2d: (m, k) x (k, n) int8 -> int32.
    NumPy multiplies integers without BLAS, so every row count qualifies."""
    if not (
        isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
        and a.dtype == np.int8 and b.dtype == np.int8 and a.ndim == 2 and b.ndim == 2
        and a.shape[1] == b.shape[0]
    ):
        return NotImplemented
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    out = np.empty((a.shape[0], b.shape[1]), np.int32)
    library.cpu().int8_matmul(_address(a), _address(b), _address(out), a.shape[0],
                              a.shape[1], b.shape[1])
    return out


# Entries of the backend's products module (install.py).
PRODUCT_ENTRIES = {"_int8_matmul_2d": int8_matmul_2d}

ENTRIES = {
    "layer_normalization": layer_normalization,
    "rms_normalization": rms_normalization,
    "dot_product_attention": dot_product_attention,
}
