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


# The int8 product kernel takes (m, k) x (k, n) products of at most this many rows on
# an AVX-512 CPU (1 on the others, whose builds run the plain loop): past it the
# engines' int8 GEMMs (oneDNN, XLA) win. Measured 2026-12-07 on this 2-core AVX-512
# machine, (m, 4096) x (4096, 4096) through ops.matmul: m = 1, 2, 4, 8 took 0.80, 1.00,
# 1.29, 1.48 ms with the kernel and 1.36, 1.41, 1.37, 1.37 ms with torch._int_mm;
# 0.87, 1.13, 1.76, 2.36 against XLA's 2.66, 2.22, 2.28, 2.30 on jax.
INT8_MAX_ROWS = {"avx512": 4}


def int8_rows_qualify(rows):
    """Whether the int8 product kernel takes a product with `rows` rows on this CPU."""
    from kernels.bindings import library

    module = library.cpu()
    if module is None:
        return False
    return 0 < rows <= INT8_MAX_ROWS.get(module.isa(), 1)
