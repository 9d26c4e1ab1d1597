"""Neural-network backend functions that read the same on every engine: each is written
once here, as a factory that takes the engine functions it is built from, and bound in
each backend's nn module.

The engine functions the factories take, by the names used below:

- `to_tensor(x)`: `x` as a tensor of the engine (its dtype inferred).
- `to_float(x)`: `x` as a tensor of its floating result dtype (ints and bools give
  floatx).
- `cast(x, dtype)`: `x` converted to `dtype`, a dtype object of the engine.
"""

import functools
import math

from keras.backends.common import backend_utils
from keras.backends.common import config


def broadcast_shape(shape, axis):
    """The shape that broadcasts a per-feature parameter over the axes `axis` (an int
    or a sequence of ints) of a tensor of `shape`: the size of those axes, 1 on the
    others. An unknown size (None, inside a traced graph) becomes -1, for the reshape
    to infer.

    >>> broadcast_shape((2, 3, 4), -1)
    [1, 1, 4]
    >>> broadcast_shape((2, None, 4), (1, 2))
    [1, -1, 4]
    """
    rank = len(shape)
    axes = {a % rank for a in ((axis,) if isinstance(axis, int) else axis)}
    return [(-1 if d is None else d) if i in axes else 1 for i, d in enumerate(shape)]


def precision_helpers(convert_to_tensor, cast, half_dtypes, float32):
    """`(floats, compute)`: the dtype helpers a backend's nn ops start from.

    `floats(*values)` converts `values` (None kept) to their common floating dtype (ints
    and bools give floatx). `compute(x)` is `x` in the dtype it is computed in: float16
    and bfloat16 widen to float32 (the caller casts the result back); other dtypes are
    returned as they are.

    Args:
        convert_to_tensor: the backend's `convert_to_tensor(value, dtype)`.
        cast: see the module docstring.
        half_dtypes: the engine's float16 and bfloat16 dtypes (a set).
        float32: the engine's float32 dtype.
    """
    floats = functools.partial(
        backend_utils.floats, convert_to_tensor=convert_to_tensor
    )

    def compute(x):
        return cast(x, float32) if x.dtype in half_dtypes else x

    return floats, compute


def make_hard_silu(to_float, hard_sigmoid):
    """`hard_silu(x) = x * hard_sigmoid(x)` of a backend with no fused engine call."""

    def hard_silu(x):
        x = to_float(x)
        return x * hard_sigmoid(x)

    return hard_silu


def make_normalizations(
    kernels, reduce_mean, rsqrt, reshape, to_float, compute, convert_to_tensor, cast
):
    """`(batch_normalization, layer_normalization, rms_normalization)` of a backend.

    Layer and RMS normalization compute float16/bfloat16 inputs in float32 and cast the
    result back. They consult `kernels` first (`Registry.consulted_by`), so a fused
    kernel registered for "nn.layer_normalization" or "nn.rms_normalization" computes
    the inputs it accepts and these compositions the others.

    Args:
        kernels: the backend's `registry.Registry`.
        reduce_mean: `reduce_mean(x, axis)`, the mean over `axis` (an int or a tuple of
            ints) with the reduced axes kept as size 1.
        rsqrt: the element-wise `1 / sqrt(x)`.
        reshape: `reshape(x, shape)`, a -1 in `shape` inferred.
        to_float, cast: see the module docstring.
        compute: `x` in its compute dtype (the `compute` of `precision_helpers`).
        convert_to_tensor: the backend's `convert_to_tensor(value, dtype)`.
    """

    def batch_normalization(
        x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3
    ):
        x = to_float(x)
        shape = [1] * len(x.shape)
        shape[axis] = -1

        def vector(value):
            # A (features,) statistic, broadcast along `axis` of `x`.
            return reshape(convert_to_tensor(value, x.dtype), shape)

        result = (x - vector(mean)) * rsqrt(vector(variance) + epsilon)
        if scale is not None:
            result = result * vector(scale)
        if offset is not None:
            result = result + vector(offset)
        return result

    def parameter(value, shape):
        return reshape(compute(to_float(value)), shape)

    @kernels.consulted_by("nn.layer_normalization")
    def layer_normalization(
        x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False
    ):
        x = to_float(x)
        epsilon = config.epsilon() if epsilon is None else epsilon
        values = compute(x)
        shape = broadcast_shape(x.shape, axis)
        if rms_scaling:
            result = values * rsqrt(reduce_mean(values * values, axis) + epsilon)
            if gamma is not None:
                result = result * parameter(gamma, shape)
            return cast(result, x.dtype)
        centered = values - reduce_mean(values, axis)
        variance = reduce_mean(centered * centered, axis)
        result = centered * rsqrt(variance + epsilon)
        if gamma is not None:
            result = result * parameter(gamma, shape)
        if beta is not None:
            result = result + parameter(beta, shape)
        return cast(result, x.dtype)

    @kernels.consulted_by("nn.rms_normalization")
    def rms_normalization(x, scale=None, axis=-1, epsilon=None):
        x = to_float(x)
        epsilon = config.epsilon() if epsilon is None else epsilon
        values = compute(x)
        result = values * rsqrt(reduce_mean(values * values, axis) + epsilon)
        if scale is not None:
            result = result * compute(to_float(scale))
        return cast(result, x.dtype)

    return batch_normalization, layer_normalization, rms_normalization


def make_dot_product_attention(kernels, floats, attend):
    """`dot_product_attention` of a backend: the arguments resolved here, the
    attention computed by `attend`, after the backend's registry (`kernels`) declines.

    Args:
        kernels: the backend's `registry.Registry`; a fused kernel registered for
            "nn.dot_product_attention" is tried first.
        floats: converts its arguments to tensors of their common floating dtype.
        attend: `attend(query, key, value, repeats, scale, bias, mask, is_causal,
            soft_cap)` with (batch, length, heads, dim) `query` and (batch, source,
            heads / repeats, dim) `key` and `value`: each key/value head is repeated
            `repeats` times along the heads (grouped-query attention), the logits are
            scaled by `scale`, capped by `soft_cap * tanh(logits / soft_cap)` unless it
            is None, biased, masked (where `mask` is false, and above the diagonal when
            `is_causal`), and the softmax weights the values; the result has the dtype
            of `query`.
    """

    @kernels.consulted_by("nn.dot_product_attention")
    def dot_product_attention(
        query,
        key,
        value,
        bias=None,
        mask=None,
        scale=None,
        is_causal=False,
        flash_attention=None,
        attn_logits_soft_cap=None,
    ):
        # Keras 3 gives float32 for float64 inputs: 32-bit at most.
        query, key, value = floats(query, key, value, keep_64=False)
        # Grouped-query attention: a key/value head serves heads // key_heads queries.
        repeats = query.shape[2] // key.shape[2]
        scale = 1 / math.sqrt(query.shape[3]) if scale is None else scale
        soft_cap = attn_logits_soft_cap
        return attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap)

    return dot_product_attention


def make_pools(pool):
    """`(max_pool, average_pool)` of a backend whose `pool(inputs, pool_size, strides,
    padding, data_format, average)` computes both."""

    def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
        return pool(inputs, pool_size, strides, padding, data_format, average=False)

    def average_pool(
        inputs, pool_size, strides=None, padding="valid", data_format=None
    ):
        return pool(inputs, pool_size, strides, padding, data_format, average=True)

    return max_pool, average_pool


def make_adaptive_pools(
    to_float, to_channels_last, from_channels_last, concatenate, reduce_mean, reduce_max
):
    """`(adaptive_average_pool, adaptive_max_pool)` of a backend that pools in
    channels-last layout, window by window.

    The windows are boxes, so pooling one spatial axis at a time gives the same result
    as pooling them all at once.

    Args:
        to_float: see the module docstring.
        to_channels_last, from_channels_last: `(x, data_format)` -> `x` moved.
        concatenate: `concatenate(tensors, axis=axis)`.
        reduce_mean, reduce_max: `reduce(x, axis=axis, keepdims=True)`.
    """

    def adaptive_pool(inputs, output_size, data_format, reduce):
        data_format = backend_utils.standardize_data_format(data_format)
        x = to_channels_last(to_float(inputs), data_format)
        sizes = backend_utils.to_tuple(output_size, len(x.shape) - 2)
        for axis, out in enumerate(sizes, start=1):
            size = x.shape[axis]
            pieces = []
            for i in range(out):
                start, stop = backend_utils.adaptive_window(i, size, out)
                window = (slice(None),) * axis + (slice(start, stop),)
                pieces.append(reduce(x[window], axis=axis, keepdims=True))
            x = concatenate(pieces, axis=axis)
        return from_channels_last(x, data_format)

    def adaptive_average_pool(inputs, output_size, data_format=None):
        return adaptive_pool(inputs, output_size, data_format, reduce_mean)

    def adaptive_max_pool(inputs, output_size, data_format=None):
        return adaptive_pool(inputs, output_size, data_format, reduce_max)

    return adaptive_average_pool, adaptive_max_pool


def make_rearrangements(to_tensor, rearrange):
    """`(depth_to_space, space_to_depth)` of a backend that moves the blocks itself.

    Args:
        to_tensor: see the module docstring.
        rearrange: `rearrange(x, split, order, shape)`, `x` reshaped to `split`, its
            axes permuted to `order` and reshaped again to `shape` (the plan of
            `backend_utils.depth_to_space_plan` or `space_to_depth_plan`).
    """

    def rearranged(x, plan, block_size, data_format):
        x = to_tensor(x)
        data_format = backend_utils.standardize_data_format(data_format)
        return rearrange(x, *plan(tuple(x.shape), block_size, data_format))

    def depth_to_space(x, block_size, data_format=None):
        return rearranged(x, backend_utils.depth_to_space_plan, block_size, data_format)

    def space_to_depth(x, block_size, data_format=None):
        return rearranged(x, backend_utils.space_to_depth_plan, block_size, data_format)

    return depth_to_space, space_to_depth


def make_ctc_decode(
    backend, to_tensor, to_float, cast, length_dtype, greedy, beam_search=None
):
    """`ctc_decode` of a backend.

    Args:
        backend: the backend's name, for the error of a strategy it lacks.
        to_tensor, to_float, cast: see the module docstring.
        length_dtype: the engine's integer dtype the sequence lengths are cast to.
        greedy: `greedy(inputs, sequence_lengths, merge_repeated, mask_index)`.
        beam_search: `beam_search(inputs, sequence_lengths, beam_width, top_paths,
            merge_repeated, mask_index)`, or None where the backend has none (the
            strategy "beam_search" then raises `NotImplementedError`).
    """

    def ctc_decode(
        inputs,
        sequence_lengths,
        strategy="greedy",
        beam_width=100,
        top_paths=1,
        merge_repeated=True,
        mask_index=0,
    ):
        if strategy != "greedy" and beam_search is None:
            raise NotImplementedError(
                f"ctc_decode(strategy='beam_search') is not implemented on the "
                f"{backend} backend yet; use strategy='greedy'."
            )
        inputs = to_float(inputs)
        sequence_lengths = cast(to_tensor(sequence_lengths), length_dtype)
        if strategy == "greedy":
            return greedy(inputs, sequence_lengths, merge_repeated, mask_index)
        return beam_search(
            inputs, sequence_lengths, beam_width, top_paths, merge_repeated, mask_index
        )

    return ctc_decode
