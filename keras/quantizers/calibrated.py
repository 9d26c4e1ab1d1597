"""The weight quantizers of GPTQ and AWQ, on the host (NumPy, float64).

Both quantize a weight matrix `w` of shape (out, in) (a layer's kernel seen as
`outputs = inputs @ w.T`) to unsigned `bits`-bit integers with a scale and a zero
point per output row and group of `group_size` input columns:

    w[o, i] ~= (q[o, i] - zero[o, g[i]]) * scale[o, g[i]]

where `g` (the layer's `g_idx`) is the group of each input column. They differ in how
they choose `q`, using what the layer's inputs `x` look like on a calibration set:

* GPTQ (Frantar et al., 2022) rounds one input column at a time and spreads the error
  of each rounding over the columns not yet rounded, weighted by the inverse of the
  Hessian `H = 2 x^T x / n` of the layer's squared output error, so that the output
  error left is small rather than the weight error.
* AWQ (Lin et al., 2023) scales the input columns by `s = mean|x|^alpha` before
  rounding (the weights that see large activations get finer steps) and divides the
  inputs by `s` at run time; `alpha` is searched on a grid to minimize the output
  error on the calibration inputs.
"""

import numpy as np


def grid(w, bits, symmetric=False, per_channel=True, shrink=1.0):
    """Scale and zero point of each row of `w` (out, k) for `bits`-bit values in
    [0, 2**bits - 1]: the row's range, widened to contain 0 and multiplied by
    `shrink` (a number or one per row; values outside are clipped), spread over the
    levels (one range for all rows when not `per_channel`). Symmetric grids put the
    zero point in the middle, 2**(bits - 1)."""
    maxq = 2**bits - 1
    low = np.minimum(w.min(axis=1), 0.0) * shrink
    high = np.maximum(w.max(axis=1), 0.0) * shrink
    if not per_channel:
        low = np.full_like(low, low.min())
        high = np.full_like(high, high.max())
    if symmetric:
        high = np.maximum(-low, high)
        low = -high
    flat = (low == 0) & (high == 0)
    low = np.where(flat, -1.0, low)
    high = np.where(flat, 1.0, high)
    scale = (high - low) / maxq
    if symmetric:
        zero = np.full_like(scale, (maxq + 1) / 2)
    else:
        zero = np.round(-low / scale)
    return scale, zero


def round_to_grid(w, scale, zero, bits):
    """The integer levels of `w` (out, k) on the per-row grid (scale, zero) (out,)."""
    q = np.round(w / scale[:, None]) + zero[:, None]
    return np.clip(q, 0, 2**bits - 1)


def _groups(columns, group_size):
    return columns if group_size in (-1, None) else group_size


def round_to_nearest(w, bits, group_size, symmetric=False, shrink=None):
    """Plain grouped rounding of `w` (out, in): the baseline GPTQ and AWQ improve on.
    `shrink` (out, groups) narrows each row's range per group (see `grid`). Returns
    (q, scale, zero, g_idx) as `gptq` does."""
    w = np.asarray(w, np.float64)
    out, columns = w.shape
    size = _groups(columns, group_size)
    count = -(-columns // size)
    q = np.zeros(w.shape, np.float64)
    scales = np.zeros((out, count))
    zeros = np.zeros((out, count))
    for g in range(count):
        part = slice(g * size, min((g + 1) * size, columns))
        factor = 1.0 if shrink is None else shrink[:, g]
        scales[:, g], zeros[:, g] = grid(w[:, part], bits, symmetric, shrink=factor)
        q[:, part] = round_to_grid(w[:, part], scales[:, g], zeros[:, g], bits)
    g_idx = np.arange(columns) // size
    return q.astype(np.uint8), scales.astype(np.float32), zeros.astype(np.uint8), g_idx


def dequantize(q, scale, zero, g_idx):
    """The float matrix (out, in) that (q, scale, zero, g_idx) stand for."""
    g = np.asarray(g_idx).astype(np.int64)
    return (q.astype(np.float64) - zero[:, g]) * scale[:, g]


def gptq(
    w,
    hessian,
    bits=4,
    group_size=128,
    symmetric=False,
    damping=0.01,
    activation_order=False,
    per_channel=True,
):
    """GPTQ of `w` (out, in) given the Hessian `hessian` (in, in) of its inputs.

    Returns (q uint8 (out, in), scale float32 (out, groups), zero uint8 (out, groups),
    g_idx int64 (in,)). Columns whose inputs were always zero are set to zero.
    `damping` adds that fraction of the mean of the Hessian's diagonal to it (which
    keeps its inverse stable). With `activation_order` columns are rounded (and
    grouped) in order of decreasing Hessian diagonal; `g_idx` maps each column, in
    the original order, to its group.
    """
    w = np.array(w, np.float64)
    h = np.array(hessian, np.float64)
    out, columns = w.shape
    dead = np.diag(h) == 0
    h[dead, dead] = 1.0
    w[:, dead] = 0.0
    order = np.argsort(-np.diag(h), kind="stable") if activation_order else np.arange(columns)
    w = w[:, order]
    h = h[np.ix_(order, order)]
    h[np.diag_indices(columns)] += damping * np.mean(np.diag(h))
    # The rows of the upper Cholesky factor of H^-1 give each column's error spread.
    inverse = np.linalg.cholesky(np.linalg.inv(h)).T
    size = _groups(columns, group_size)
    count = -(-columns // size)
    q = np.zeros(w.shape, np.float64)
    scales = np.zeros((out, count))
    zeros = np.zeros((out, count))
    if size == columns:
        scales[:, 0], zeros[:, 0] = grid(w, bits, symmetric, per_channel)
    # Blocks of columns are one group each, so a group's grid is taken from weights
    # that every earlier column's error has already updated.
    for g, start in enumerate(range(0, columns, size)):
        stop = min(start + size, columns)
        block = w[:, start:stop].copy()
        if size != columns:
            scales[:, g], zeros[:, g] = grid(block, bits, symmetric, per_channel)
        errors = np.zeros_like(block)
        local = inverse[start:stop, start:stop]
        for i in range(stop - start):
            column = block[:, i]
            levels = round_to_grid(column[:, None], scales[:, g], zeros[:, g], bits)[:, 0]
            q[:, start + i] = levels
            rounded = (levels - zeros[:, g]) * scales[:, g]
            error = (column - rounded) / local[i, i]
            block[:, i:] -= np.outer(error, local[i, i:])
            errors[:, i] = error
        w[:, stop:] -= errors @ inverse[start:stop, stop:]
    g_idx = np.empty(columns, np.int64)
    g_idx[order] = np.arange(columns) // size
    result = np.empty_like(q)
    result[:, order] = q
    return (
        result.astype(np.uint8),
        scales.astype(np.float32),
        zeros.astype(np.uint8),
        g_idx,
    )


# The range shrink factors AWQ tries per row and group after choosing its scales.
_SHRINKS = np.linspace(1.0, 0.5, 11)


def best_shrink(w, x, bits, group_size):
    """Per row and group of `w` (out, in), the range shrink factor (in `_SHRINKS`)
    whose rounding best reproduces that group's share of the outputs `x @ w.T`:
    clipping a few large weights buys finer steps for all the others."""
    out, columns = w.shape
    size = _groups(columns, group_size)
    count = -(-columns // size)
    best = np.ones((out, count))
    for g in range(count):
        part = slice(g * size, min((g + 1) * size, columns))
        wg, xg = w[:, part], x[:, part]
        reference = xg @ wg.T
        lowest = np.full(out, np.inf)
        for factor in _SHRINKS:
            scale, zero = grid(wg, bits, shrink=factor)
            approx = (round_to_grid(wg, scale, zero, bits) - zero[:, None]) * scale[:, None]
            loss = np.mean((xg @ approx.T - reference) ** 2, axis=0)
            better = loss < lowest
            best[better, g] = factor
            lowest = np.minimum(loss, lowest)
    return best


def awq(w, inputs, bits=4, group_size=128, num_grid_points=20):
    """AWQ of `w` (out, in) given calibration inputs `inputs` (n, in).

    Returns (q, scale, zero, g_idx, awq_scales float32 (in,)): `w * awq_scales`
    rounded (each row and group's range narrowed as `best_shrink` finds best); the
    layer computes `(x / awq_scales) @ dequantized.T`.
    """
    w = np.asarray(w, np.float64)
    x = np.asarray(inputs, np.float64)
    magnitude = np.maximum(np.abs(x).mean(axis=0), 1e-8)
    reference = x @ w.T
    best = None
    for step in range(num_grid_points):
        alpha = step / num_grid_points
        s = magnitude**alpha
        s = s / np.sqrt(s.max() * s.min())
        q, scale, zero, g_idx = round_to_nearest(w * s[None, :], bits, group_size)
        approx = dequantize(q, scale, zero, g_idx) / s[None, :]
        loss = np.mean((x @ approx.T - reference) ** 2)
        if best is None or loss < best[0]:
            best = (loss, q, scale, zero, g_idx, s)
    s = best[-1]
    shrink = best_shrink(w * s[None, :], x / s[None, :], bits, group_size)
    q, scale, zero, g_idx = round_to_nearest(w * s[None, :], bits, group_size, shrink=shrink)
    return q, scale, zero, g_idx, s.astype(np.float32)


def pack_rows(q):
    """Two 4-bit values per byte along axis 0 of `q` (out, in): row 2k in the low
    nibble, row 2k + 1 in the high one; (ceil(out / 2), in) uint8."""
    q = np.asarray(q, np.uint8)
    if q.shape[0] % 2:
        q = np.concatenate([q, np.zeros((1,) + q.shape[1:], np.uint8)])
    return (q[0::2] | (q[1::2] << 4)).astype(np.uint8)


def unpack_rows(packed, rows):
    """The inverse of `pack_rows`: (rows, in) uint8 values."""
    packed = np.asarray(packed, np.uint8)
    out = np.empty((2 * packed.shape[0],) + packed.shape[1:], np.uint8)
    out[0::2] = packed & 0x0F
    out[1::2] = packed >> 4
    return out[:rows]
