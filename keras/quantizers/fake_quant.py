"""Fake quantization: snap values to an integer grid between a min and a max, in float.

The grid follows TensorFlow's `fake_quant_with_min_max_vars`: `[min, max]` is nudged so
that zero falls exactly on the grid, values are clamped to the nudged range and rounded
to the nearest step. The gradient is straight-through: it passes unchanged for inputs
inside the nudged range, and what falls below (above) it goes to `min_vals`
(`max_vals`).
"""

from keras import ops


def _nudged_range(min_vals, max_vals, num_bits, narrow_range):
    quant_min = 1.0 if narrow_range else 0.0
    quant_max = float(2**num_bits - 1)
    scale = ops.divide(ops.subtract(max_vals, min_vals), quant_max - quant_min)
    zero_from_min = ops.subtract(quant_min, ops.divide(min_vals, scale))
    zero = ops.clip(ops.round(zero_from_min), quant_min, quant_max)
    nudged_min = ops.multiply(ops.subtract(quant_min, zero), scale)
    nudged_max = ops.multiply(ops.subtract(quant_max, zero), scale)
    return nudged_min, nudged_max, scale, zero, quant_min


def _sum_to_shape(x, shape):
    """Sums `x` down to `shape` (the reverse of broadcasting `shape` up to x's shape)."""
    rank = len(x.shape)
    shape = tuple(shape)
    lead = rank - len(shape)
    if lead:
        x = ops.sum(x, axis=tuple(range(lead)))
    keep = tuple(i for i, d in enumerate(shape) if d == 1 and x.shape[i] != 1)
    if keep:
        x = ops.sum(x, axis=keep, keepdims=True)
    return x


def fake_quant_with_min_max_vars(
    inputs, min_vals, max_vals, num_bits=8, narrow_range=False, axis=None
):
    """Quantizes `inputs` to `num_bits` levels between `min_vals` and `max_vals`, in float.

    Args:
        inputs: a float tensor.
        min_vals: the low end of the range: a scalar, or (with `axis`) a tensor that
            broadcasts against `inputs`, one entry per channel of the last axis.
        max_vals: the high end of the range, shaped like `min_vals`.
        num_bits: the grid has `2**num_bits` levels.
        narrow_range: leave out the lowest level (`2**num_bits - 1` levels).
        axis: None for one range for the whole tensor; otherwise the ranges are per
            channel and broadcast against `inputs`.

    Returns:
        A tensor of the dtype of `inputs`.

    >>> keras.quantizers.fake_quant_with_min_max_vars(np.array([0.3]), -1.0, 1.0)
    """
    x = ops.convert_to_tensor(inputs)
    dtype = x.dtype
    min_vals = ops.cast(ops.convert_to_tensor(min_vals), dtype)
    max_vals = ops.cast(ops.convert_to_tensor(max_vals), dtype)

    @ops.custom_gradient
    def fake_quant(x, min_vals, max_vals):
        nudged_min, nudged_max, scale, zero, quant_min = _nudged_range(
            min_vals, max_vals, num_bits, narrow_range
        )
        clamped = ops.clip(x, nudged_min, nudged_max)
        shifted = ops.divide(ops.subtract(clamped, nudged_min), scale)
        steps = ops.floor(ops.add(shifted, 0.5))
        # The level relative to the zero point, times the step.
        outputs = ops.multiply(ops.subtract(ops.add(steps, quant_min), zero), scale)

        def grad(upstream):
            below = ops.less(x, nudged_min)
            above = ops.greater(x, nudged_max)
            inside = ops.logical_not(ops.logical_or(below, above))
            zeros = ops.zeros_like(upstream)
            grad_x = ops.where(inside, upstream, zeros)
            grad_min = _sum_to_shape(ops.where(below, upstream, zeros), min_vals.shape)
            grad_max = _sum_to_shape(ops.where(above, upstream, zeros), max_vals.shape)
            return grad_x, grad_min, grad_max

        return outputs, grad

    return fake_quant(x, min_vals, max_vals)
