"""Engine-neutral checks: do a call's arguments fit a kernel, and in what geometry.

The kernels normalize the trailing `cols` values of `rows` rows, and compute attention
on contiguous Keras-layout (batch, length, heads, dim) tensors with an optional
boolean mask broadcast to (batch, heads, length, source). Anything else declines
(None), and the backend's reference composition runs.
"""

import math

KERNEL_DTYPES = ("float32", "bfloat16")


def norm_geometry(shape, axis, *params):
    """(rows, cols) when `axis` names the trailing axes of `shape` and every non-None
    parameter in `params` (given as shapes) holds exactly `cols` values; else None."""
    ndim = len(shape)
    if ndim == 0 or any(d is None for d in shape):
        return None
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if not axes:
        return None
    try:
        axes = sorted(a % ndim for a in axes)
    except TypeError:
        return None
    if axes != list(range(ndim - len(axes), ndim)):
        return None
    cols = math.prod(shape[ndim - len(axes) :])
    rows = math.prod(shape[: ndim - len(axes)])
    for param in params:
        if param is not None and math.prod(param) != cols:
            return None
    if cols == 0:
        return None
    return rows, cols


def attention_mask_shape(mask_shape, batch, heads, length, source):
    """The 4-D (b, n, t, s) shape the kernel reads a mask of `mask_shape` as (each axis
    full or 1), or None when the mask does not broadcast that way."""
    if len(mask_shape) > 4:
        return None
    full = (batch, heads, length, source)
    shape = (1,) * (4 - len(mask_shape)) + tuple(mask_shape)
    for size, want in zip(shape, full):
        if size not in (1, want):
            return None
    return shape


def attention_geometry(q_shape, k_shape, v_shape):
    """(B, T, S, N, K, H) for rank-4 Keras-layout query/key/value shapes that the kernel
    takes (K divides N, equal head dims, key and value alike), else None."""
    if len(q_shape) != 4 or len(k_shape) != 4 or tuple(k_shape) != tuple(v_shape):
        return None
    b, t, n, h = q_shape
    bk, s, k, hk = k_shape
    if b != bk or h != hk or k == 0 or n % k:
        return None
    if min(b, t, s, n, h) <= 0:
        return None
    return b, t, s, n, k, h
