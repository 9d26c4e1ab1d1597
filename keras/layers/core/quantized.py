"""The int4 layout of quantized Dense, EinsumDense and Embedding weights, and what
their quantized forms share.

The quantizing itself is `keras.quantizers`': int8 weights and inputs use
`abs_max_quantize` (`q = round(w * s)` in [-127, 127] with the per-channel scale
`s = 127 / (max |w| + 1e-7)`, so `x @ w ~= (xq @ q) / (sx * s)`); int4 weights are
quantized per channel the same way in [-8, 7], or, grouped by `block_size` rows,
with `abs_max_quantize_grouped_with_zero_point` (one scale and int8 zero point per
group and column, `w ~= (q - zero) * scale`); `pack_int4` / `unpack_int4` put two
int4 values in one int8 byte. This module adds the layer side: the variables' shapes
and dtypes, the row groups (`g_idx`), dequantizing, and the quantization configs.
"""

import numpy as np

from keras import ops
from keras import quantizers
from keras.ops import fused

# int4 values, as `abs_max_quantize` and the grouped quantizer take them.
INT4_RANGE = (-8, 7)


def group_index(rows, block_size, dtype="float32"):
    """The group of each row: `[0]*block_size + [1]*block_size + ...` (Keras's
    `g_idx` variable, float32)."""
    return ops.convert_to_tensor(np.arange(rows) // block_size, dtype=dtype)


def quantize_2d_int4(w, block_size):
    """The int4 values of the 2-D float weight `w` (rows, cols), unpacked, as a
    dict: "q" (rows, cols) int8, "scale", and when grouped by `block_size` rows
    "zero" and "g_idx". Per channel (`block_size` None) the scale is
    `7 / max |w|` per column, shape (cols,)."""
    if block_size is None:
        q, scale = quantizers.abs_max_quantize(w, axis=0, value_range=INT4_RANGE)
        return {"q": q, "scale": ops.reshape(scale, (-1,))}
    # Keras 3's layers quantize on the host: whole, zero-padded blocks (see
    # `abs_max_quantize_grouped_with_zero_point`).
    q, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        w, block_size=block_size, value_range=INT4_RANGE, to_numpy=True
    )
    return {
        "q": q,
        "scale": ops.cast(scale, "float32"),
        "zero": zero,
        "g_idx": group_index(w.shape[0], block_size),
    }


def dequantize_2d_int4(kernel, cols, scale, zero=None, g_idx=None):
    """The float 2-D weight that `quantize_2d_int4` gave the variables of."""
    return fused.int4_dequantize(kernel, cols, scale, zero, g_idx)


def int4_shapes(rows, cols, block_size):
    """Shapes of the int4 variables of a (rows, cols) weight, as `quantize_2d_int4`
    returns them."""
    packed = (rows, (cols + 1) // 2)
    if block_size is None:
        return {"kernel": packed, "scale": (cols,)}
    groups = -(-rows // block_size)
    return {
        "kernel": packed,
        "scale": (groups, cols),
        "zero": (groups, cols),
        "g_idx": (rows,),
    }


# The dtype and trainability of each quantized variable, by role.
ROLE_DTYPES = {"kernel": "int8", "scale": "float32", "zero": "int8", "g_idx": "float32"}


def straight_through(quantized_fn, input_grad_fn, inputs):
    """`quantized_fn(inputs)`, whose gradient with respect to `inputs` is
    `input_grad_fn(upstream)` (the gradient of the product with the dequantized
    weight): rounding has no useful gradient, so layers before a quantized one still
    train."""

    @ops.custom_gradient
    def forward(x):
        return quantized_fn(x), input_grad_fn

    return forward(inputs)


def default_config(mode, config):
    """`config`, or the default config of `mode` (what `quantize(mode)` records)."""
    if config is not None:
        return config
    if mode == "int8":
        return quantizers.Int8QuantizationConfig()
    if mode == "float8":
        return quantizers.Float8QuantizationConfig()
    return quantizers.Int4QuantizationConfig()


def quantizes_inputs(config):
    """Whether an int8 layer quantizes its inputs: yes unless its config sets no
    activation quantizer."""
    return config is None or getattr(config, "activation_quantizer", None) is not None


def config_from_argument(value):
    """The `quantization_config` constructor argument as a config object (None, a
    config, or its serialized dict as found in a saved model)."""
    if value is None or not isinstance(value, dict):
        return value
    return quantizers.deserialize(value)


def serialize_config(config):
    if config is None:
        return None
    return quantizers.serialize(config)
