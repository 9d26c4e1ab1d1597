"""Float8 scaling helpers: the amax history, the delayed scale, fake quantization.

Float8 training with delayed scaling keeps, per tensor, a rolling history of its
largest magnitudes (`compute_float8_amax_history`) and derives from it the scale of
the next step (`compute_float8_scale`); `quantize_and_dequantize` then rounds the
tensor through the float8 dtype while staying in the compute dtype.
"""

from keras import ops
from keras.backends.common import dtypes

# The largest finite value of each float8 dtype.
_FLOAT8_MAX = {"float8_e4m3fn": 448.0, "float8_e5m2": 57344.0}


def compute_float8_scale(amax, scale, dtype_max, margin=0):
    """The next scale of a delayed-scaling float8 tensor.

    The new scale is `amax / dtype_max * 2**margin`, so that `x / scale` fills the
    float8 range with `margin` powers of two of headroom; where `amax` is not a
    positive finite number the previous `scale` is kept.

    Args:
        amax: the largest magnitude seen (a scalar or a tensor).
        scale: the current scale (same shape as `amax`).
        dtype_max: the largest finite value of the float8 dtype (448 for e4m3fn,
            57344 for e5m2).
        margin: extra powers of two of headroom.

    Returns:
        The new scale, a float32 tensor.

    >>> keras.quantizers.compute_float8_scale(2.0, 1.0, 448.0)  # 2 / 448
    """
    amax = ops.cast(amax, "float32")
    inverse = ops.reciprocal(ops.cast(scale, "float32"))
    candidate = ops.divide(ops.divide(float(dtype_max), amax), 2.0 ** margin)
    usable = ops.logical_and(ops.greater(amax, 0.0), ops.isfinite(amax))
    inverse = ops.where(usable, candidate, inverse)
    return ops.reciprocal(inverse)


def compute_float8_amax_history(x, amax_history):
    """Pushes `max(|x|)` onto the front of `amax_history`, dropping its oldest entry.

    The history is rolled by one (its first entry moves to the end) and the new
    largest magnitude overwrites the first entry.

    Args:
        x: the tensor whose largest magnitude is recorded.
        amax_history: a 1D tensor of past largest magnitudes.

    Returns:
        The new history, with the dtype of `amax_history`.

    >>> keras.quantizers.compute_float8_amax_history(np.array([1., -3.]), np.zeros(3))
    >>> # [3., 0., 0.]
    """
    history = ops.convert_to_tensor(amax_history)
    amax = ops.cast(ops.max(ops.abs(x)), history.dtype)
    rolled = ops.roll(history, shift=-1, axis=0)
    return ops.slice_update(rolled, [0], ops.reshape(amax, (1,)))


def quantize_and_dequantize(inputs, scale, quantized_dtype, compute_dtype):
    """Rounds `inputs / scale` through a float8 dtype and scales it back.

    `clip(inputs / scale, -max, max)` is cast to `quantized_dtype` (max being its
    largest finite value), then to `compute_dtype`, then multiplied by `scale`.

    Args:
        inputs: the float tensor.
        scale: the float8 scale (see `compute_float8_scale`).
        quantized_dtype: "float8_e4m3fn" or "float8_e5m2".
        compute_dtype: the dtype of the result.

    Returns:
        A tensor of `compute_dtype`.
    """
    quantized_dtype = dtypes.standardize_dtype(quantized_dtype)
    if quantized_dtype not in _FLOAT8_MAX:
        raise ValueError(
            "quantize_and_dequantize expects a float8 `quantized_dtype` "
            f"({' or '.join(_FLOAT8_MAX)}); got {quantized_dtype!r}."
        )
    limit = _FLOAT8_MAX[quantized_dtype]
    x = ops.divide(inputs, scale)
    x = ops.clip(x, -limit, limit)
    x = ops.cast(ops.cast(x, quantized_dtype), compute_dtype)
    return ops.multiply(x, ops.cast(scale, compute_dtype))
