"""Absolute-max quantization: float tensors to integers plus a scale.

`abs_max_quantize` is symmetric (`quantized ~= x * scale`, one scale per slice along
`axis`); `abs_max_quantize_grouped_with_zero_point` is asymmetric (`x ~= (quantized -
zero) * scale`, one scale and zero point per group of `block_size` rows), the layout
sub-channel int4 weights use.
"""

import numpy as np

from keras import ops
from keras.backends.common import dtypes
from keras.ops import fused


def _normalize_axis(axis):
    if axis is None or isinstance(axis, int):
        return axis
    return tuple(axis)


def abs_max_quantize(
    inputs, axis, value_range=(-127, 127), dtype="int8", epsilon=1e-7, to_numpy=False
):
    """Quantizes `inputs` symmetrically, scaled by its largest magnitude along `axis`.

    `scale = value_range[1] / (max(|inputs|) + epsilon)` (reduced over `axis`, kept as
    size-1 dims; in the dtype of `inputs`) and `quantized = clip(round(inputs * scale),
    *value_range)` (round half to even), so `quantized / scale` approximates `inputs`.

    Args:
        inputs: the tensor to quantize.
        axis: the axis or axes reduced (None: all of them).
        value_range: the (low, high) integer range of the result.
        dtype: the dtype of the quantized values.
        epsilon: added to the largest magnitude, so an all-zero slice gives no
            division by zero.
        to_numpy: compute with NumPy on the host (saves accelerator memory for
            large weights); the results are tensors either way.

    Returns:
        `(quantized, scale)`.

    >>> q, s = keras.quantizers.abs_max_quantize(np.array([[0.5, -1.0, 2.0]]), axis=-1)
    >>> q, s   # [[32, -64, 127]] (int8), [[63.5]]
    """
    axis = _normalize_axis(axis)
    if to_numpy:
        x = np.asarray(ops.convert_to_numpy(inputs))
        amax = np.max(np.abs(x), axis=axis, keepdims=True)
        scale = np.divide(value_range[1], amax + np.asarray(epsilon, x.dtype)).astype(x.dtype)
        quantized = np.clip(np.round(x * scale), value_range[0], value_range[1])
        quantized = quantized.astype(dtypes.numpy_dtype(dtype))
        return ops.convert_to_tensor(quantized), ops.convert_to_tensor(scale)
    x = ops.convert_to_tensor(inputs)
    return fused.abs_max_quantize(x, axis, tuple(value_range), dtype, epsilon)


def _grouped_ranges(x, block_size, lib):
    """Per-group (min, max) of the rows of `x`: shape (ceil(rows / block_size), cols).

    The rows are padded with zeros up to a whole number of groups, and the zeros
    count in the last group's range.
    """
    rows, cols = x.shape
    groups = -(-rows // block_size)
    padding = groups * block_size - rows
    if padding:
        x = lib.concatenate([x, lib.zeros((padding, cols), dtype=x.dtype)], axis=0)
    blocks = lib.reshape(x, (groups, block_size, cols))
    return lib.min(blocks, axis=1), lib.max(blocks, axis=1)


def _signed_grid(low, high):
    """`(levels, zero_low, zero_high)` of the device path: the widest signed
    `bits`-bit grid whose `2**bits` values fit in `value_range` sets the steps per group
    (`2**bits - 1`) and the range of the zero point; only the quantized values are
    clipped to `value_range` itself. For (-8, 7) or (-128, 127) it is that range."""
    bits = (int(high) - int(low) + 1).bit_length() - 1
    half = 2 ** (bits - 1)
    return 2**bits - 1, -half, half - 1


def abs_max_quantize_grouped_with_zero_point(
    inputs, block_size, value_range=(-8, 7), dtype="int8", epsilon=1e-7, to_numpy=False
):
    """Quantizes a 2D `(in, out)` tensor asymmetrically, one scale per group of rows.

    Rows are split into groups of `block_size`; the last group is padded with zero
    rows, which count in its range. For each group and column, with `lo, hi` its min
    and max: `scale = (hi - lo + epsilon) / (value_range[1] - value_range[0])`,
    `zero = clip(round(-lo / scale) + value_range[0], *value_range)` and
    `quantized = clip(round(inputs / scale) + zero, *value_range)`, so
    `(quantized - zero) * scale` approximates `inputs`.

    The two paths differ at the edges, as in Keras 3.15.1: on the device
    (`to_numpy=False`) a tensor with fewer rows than `block_size` is one group of its
    own length (no padding), a flat group (`lo == hi`) is widened to `lo - 1, hi + 1`,
    and a `value_range` other than a signed power-of-two range such as (-8, 7) only
    clips the quantized values (the steps and the zero point follow the widest signed
    grid that fits in it: (0, 15) acts as (-8, 7) clipped to [0, 15]); on the host
    (`to_numpy=True`, the path quantized layers take) the rows are always padded up
    to whole blocks, flat groups are not widened, and `value_range` is used as given.

    Args:
        inputs: a 2D tensor, grouped along its first axis.
        block_size: rows per group (a positive int).
        value_range: the (low, high) integer range.
        dtype: the dtype of the quantized values (the zero point is int8).
        epsilon: added to each group's range.
        to_numpy: compute with NumPy on the host; the results are tensors.

    Returns:
        `(quantized, scale, zero_point)`: shapes `(in, out)`, `(groups, out)` and
        `(groups, out)`; `scale` has the dtype of `inputs`.
    """
    shape = tuple(ops.shape(inputs))
    if len(shape) != 2:
        raise ValueError(
            "abs_max_quantize_grouped_with_zero_point expects `inputs` of rank 2 "
            f"(in_features, out_features); got shape {shape}."
        )
    if not isinstance(block_size, (int, np.integer)) or block_size <= 0:
        raise ValueError(
            f"`block_size` must be a positive integer; got {block_size!r}."
        )
    low, high = value_range
    if to_numpy:
        x = np.asarray(ops.convert_to_numpy(inputs))
        lib, convert = np, ops.convert_to_tensor

        def cast(t, d):
            return t.astype(dtypes.numpy_dtype(d))

    else:
        x = ops.convert_to_tensor(inputs)
        lib, cast, convert = ops, ops.cast, (lambda t: t)
    x_dtype = dtypes.standardize_dtype(x.dtype)
    block_size = int(block_size)
    if not to_numpy:
        # A tensor shorter than one block is a single group of its own length.
        block_size = min(block_size, shape[0])
    lo, hi = _grouped_ranges(x, block_size, lib)
    if not to_numpy:
        flat = lib.equal(lo, hi)
        lo = lib.where(flat, lib.subtract(lo, 1), lo)
        hi = lib.where(flat, lib.add(hi, 1), hi)
    levels, zero_low, zero_high = high - low, low, high
    if not to_numpy:
        levels, zero_low, zero_high = _signed_grid(low, high)
    width = lib.add(lib.subtract(hi, lo), epsilon)
    scale = cast(lib.divide(width, levels), x_dtype)
    zero = lib.round(lib.divide(lib.negative(lo), scale))
    zero = lib.clip(lib.add(zero, zero_low), zero_low, zero_high)
    rows = shape[0]
    row_scale = lib.repeat(scale, block_size, axis=0)[:rows]
    row_zero = lib.repeat(zero, block_size, axis=0)[:rows]
    quantized = lib.add(lib.round(lib.divide(x, row_scale)), row_zero)
    quantized = lib.clip(quantized, low, high)
    return (
        convert(cast(quantized, dtype)),
        convert(scale),
        convert(cast(zero, "int8")),
    )
