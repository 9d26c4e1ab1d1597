"""What the engine bindings share: the arguments of the registry entries resolved the
way the reference functions resolve them, and which int8 products the kernel takes."""

import math

from kernels.bindings import qualify


def norm_call(x_shape, axis, epsilon, rms_scaling, gamma_shape, beta_shape):
    """(rows, cols, epsilon, use_beta) for a layer_normalization call the kernel takes,
    or None. With `rms_scaling` the reference ignores beta, as the kernel does."""
    from keras.backends.common import config

    geometry = qualify.norm_geometry(
        x_shape, axis, gamma_shape, None if rms_scaling else beta_shape
    )
    if geometry is None:
        return None
    epsilon = config.epsilon() if epsilon is None else float(epsilon)
    return geometry[0], geometry[1], epsilon, beta_shape is not None and not rms_scaling


def attention_call(q_shape, k_shape, v_shape, mask_shape, bias, scale, soft_cap,
                   flash_attention):
    """(geometry, mask4_shape or None, scale) for a dot_product_attention call the
    kernel takes, or None (a bias, a soft cap, flash attention turned off, or shapes
    the kernel does not handle)."""
    from keras.backends.common import config

    if flash_attention is False or config.is_flash_attention_enabled() is False:
        return None
    if bias is not None or soft_cap is not None:
        return None
    geometry = qualify.attention_geometry(q_shape, k_shape, v_shape)
    if geometry is None:
        return None
    b, t, s, n, _, h = geometry
    mask4 = None
    if mask_shape is not None:
        mask4 = qualify.attention_mask_shape(mask_shape, b, n, t, s)
        if mask4 is None:
            return None
    scale = 1 / math.sqrt(h) if scale is None else float(scale)
    return geometry, mask4, scale


def mask_strides(shape4):
    """Element strides of a contiguous (b, n, t, s) mask, 0 on its size-1 (broadcast)
    axes: how the attention kernel walks a mask of `shape4`."""
    strides = []
    step = 1
    for size in reversed(shape4):
        strides.append(0 if size == 1 else step)
        step *= size
    return tuple(reversed(strides))


# The int8 product kernel takes (m, k) x (k, n) products of at most this many rows, by
# the kernel build this CPU runs (the generic build runs a plain loop: one row); past
# it the engines' int8 GEMMs (oneDNN, XLA) win. Measured through ops.matmul on
# (m, 4096) x (4096, 4096):
# - 2026-12-07, a 2-core AVX-512 machine: m = 1, 2, 4, 8 took 0.80, 1.00, 1.29, 1.48 ms
#   with the kernel and 1.36, 1.41, 1.37, 1.37 ms with torch._int_mm; 0.87, 1.13,
#   1.76, 2.36 against XLA's 2.66, 2.22, 2.28, 2.30 on jax.
# - 2026-12-08, a 2-core AMD EPYC (Zen 3, AVX2): m = 1, 2, 4, 8 took 1.5-1.8, 2.0,
#   2.5-2.8, 4.1-6.5 ms with the kernel (two threads, kernels/int8_matmul bench);
#   XLA's 2.1, 3.3, 3.3, 4.3 ms on jax and 2.2, 3.7, 4.3, 6.1 ms on tensorflow.
INT8_MAX_ROWS = {"avx512": 4, "avx2": 4}
# Where an engine has no fast int8 GEMM, the kernel takes more rows: torch's CPU int8
# GEMM without AVX-512 took 86, 148, 305 and 1,228 ms for m = 2, 4, 8, 32 on the AMD
# machine above (float32: 8.5-15 ms), so there the torch backend multiplies int8 in
# float32 (exactly, 1024 terms at a time: keras/backends/torch/products.py) and the
# kernel takes up to 255 rows: it beat that float path up to 128 rows and lost from
# 256 (1024x512 by 512x512: 6.0 against 4.7 ms; 512x4096 by 4096x4096: 179 against
# 128 ms; 32x4096 by 4096x4096: 12.7 against 35 ms, two threads).
INT8_MAX_ROWS_BY_BACKEND = {("torch", "avx2"): 255}


def int8_max_rows(backend):
    """The most rows the int8 product kernel takes on `backend` on this CPU (None: any
    number; 0 when the library is not built)."""
    from kernels.bindings import library

    module = library.cpu()
    if module is None:
        return 0
    if backend == "numpy":  # NumPy's integer matmul has no BLAS
        return None
    isa = module.isa()
    return INT8_MAX_ROWS_BY_BACKEND.get((backend, isa), INT8_MAX_ROWS.get(isa, 1))


def int8_rows_qualify(rows, backend):
    """Whether the int8 product kernel takes a product with `rows` rows on `backend`."""
    most = int8_max_rows(backend)
    return rows > 0 and (most is None or rows <= most)
