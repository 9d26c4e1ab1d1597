"""jax backend: the nn ops (see keras/ops/nn.py for their contract).

The arguments arrive checked and in canonical form from keras.ops.nn. Every op traces
under jax.jit (the Python-level arguments are static).
"""

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import nn_utils
from keras.backends.common import registry
from keras.backends.jax import core

_HALF = frozenset((jnp.dtype("float16"), jnp.dtype("bfloat16")))
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_LARGE_NEGATIVE = -0.7 * float(np.finfo(np.float32).max)


# Our fused kernels register "call" entries here when their library loads (kernels/);
# the functions decorated with `_KERNELS.consulted_by` try them first.
_KERNELS = registry.for_backend("jax")


_tensor = core._tensor


def _float(x):
    """`x` as an array of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x
    return x.astype(backend_utils.numpy_float_dtype(x.dtype.name))


_floats, _compute = nn_utils.precision_helpers(
    core.convert_to_tensor, jnp.astype, _HALF, jnp.float32
)
_tuple = backend_utils.to_tuple
_format = backend_utils.standardize_data_format


# Activations.


# jax.nn.relu is a custom_jvp function: eagerly each call traces it (~90 us on 8x8).
# Compiled once per shape and dtype it dispatches in ~5 us; inside a trace it inlines.
_relu = jax.jit(jax.nn.relu)


def relu(x):
    x = _tensor(x)
    if x.dtype == jnp.bool_:
        x = _float(x)
    return _relu(x)


def relu6(x):
    x = _tensor(x)
    if x.dtype == jnp.bool_:
        x = _float(x)
    return jnp.clip(x, 0, 6).astype(x.dtype)


def sigmoid(x):
    return jax.nn.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return jnp.clip(0.5 * (x + 1), 0, 1)


def softplus(x):
    return jax.nn.softplus(_float(x))


def softsign(x):
    return jax.nn.soft_sign(_float(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    zero = jnp.zeros_like(x)
    inner = jnp.where(x < -threshold, x + threshold, zero)
    return jnp.where(x > threshold, x - threshold, inner)


def sparse_plus(x):
    x = _float(x)
    middle = 0.25 * jnp.square(x + 1)
    return jnp.where(x <= -1, jnp.zeros_like(x), jnp.where(x >= 1, x, middle))


def silu(x):
    return jax.nn.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + jnp.sqrt(jnp.square(x) + b)) / 2


def log_sigmoid(x):
    return jax.nn.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return jax.nn.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return jnp.clip(x + 3, 0, 6) / 6


hard_silu = nn_utils.make_hard_silu(_float, hard_sigmoid)


def elu(x, alpha=1.0):
    x = _float(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.minimum(x, 0)))


def selu(x):
    x = _float(x)
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


def gelu(x, approximate=True):
    return jax.nn.gelu(_float(x), approximate=approximate)


def celu(x, alpha=1.0):
    x = _float(x)
    negative = alpha * jnp.expm1(jnp.minimum(x, 0) / alpha)
    return jnp.maximum(x, 0) + jnp.minimum(negative, 0)


def glu(x, axis=-1):
    x = _float(x)
    a, b = jnp.split(x, 2, axis=axis)
    return a * jax.nn.sigmoid(b)


def tanh_shrink(x):
    x = _float(x)
    return x - jnp.tanh(x)


def hard_tanh(x):
    return jnp.clip(_float(x), -1, 1)


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return jnp.where(jnp.abs(x) > threshold, x, jnp.zeros_like(x))


def threshold(x, threshold, default_value):
    x = _float(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value, x.dtype))


def softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    return jax.nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    return jax.nn.log_softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x
    moved = jnp.moveaxis(x, axis, -1)
    ordered = -jnp.sort(-moved, axis=-1)
    cumulative = jnp.cumsum(ordered, axis=-1)
    k = jnp.arange(1, moved.shape[-1] + 1, dtype=moved.dtype)
    support = jnp.sum(1 + k * ordered > cumulative, axis=-1, keepdims=True)
    tau = (jnp.take_along_axis(cumulative, support - 1, axis=-1) - 1) / support
    return jnp.moveaxis(jnp.maximum(moved - tau.astype(x.dtype), 0), -1, axis)


# Losses.


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return -target * jax.nn.log_sigmoid(output) - (1 - target) * jax.nn.log_sigmoid(
            -output
        )
    epsilon = config.epsilon()
    output = jnp.clip(output, epsilon, 1 - epsilon)
    return -(target * jnp.log(output) + (1 - target) * jnp.log(1 - output))


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    epsilon = config.epsilon()
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, epsilon, 1 - epsilon))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    return -jnp.sum(target * _log_probabilities(output, from_logits, axis), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target, valid, classes = backend_utils.sparse_labels(_tensor(target), output)
    log_probabilities = _log_probabilities(output, from_logits, -1)
    # The label's log-probability picked by comparison with the class indices: XLA
    # fuses it with the softmax, where a gather (and its scatter-add gradient) is not
    # fused and compiles slower. A label out of range matches no class and gives 0.
    hits = target.astype(jnp.int32)[..., None] == jnp.arange(classes, dtype=jnp.int32)
    picked = jnp.sum(jnp.where(hits, log_probabilities, 0), axis=-1)
    return -jnp.where(valid, picked, jnp.zeros_like(picked))


# One-hot encodings.


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the jax backend.")
    x = _tensor(x)
    encoded = x[..., None] == jnp.arange(num_classes, dtype=x.dtype)
    return jnp.moveaxis(encoded.astype(dtypes.numpy_dtype(dtype)), -1, axis)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False):
    inputs = _tensor(inputs)
    encoded = one_hot(inputs, num_classes, sparse=sparse, dtype="bool")
    encoded = jnp.any(encoded, axis=1 if inputs.ndim > 1 else 0)
    return jnp.moveaxis(encoded.astype(dtypes.numpy_dtype(dtype)), -1, axis)


# Statistics and normalizations.


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    values = _compute(x)
    mean = jnp.mean(values, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(values - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = jnp.squeeze(mean, axis=axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


batch_normalization, layer_normalization, rms_normalization = (
    nn_utils.make_normalizations(
        _KERNELS,
        functools.partial(jnp.mean, keepdims=True),
        jax.lax.rsqrt,
        jnp.reshape,
        _float,
        _compute,
        core.convert_to_tensor,
        jnp.astype,
    )
)


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    if order == 2:
        square_sum = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
        return x * jax.lax.rsqrt(jnp.maximum(square_sum, epsilon))
    if order == math.inf:
        norm = jnp.max(jnp.abs(x), axis=axis, keepdims=True)
    else:
        norm = jnp.sum(jnp.abs(x) ** order, axis=axis, keepdims=True) ** (1 / order)
    return x / jnp.maximum(norm, epsilon)


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = jnp.mean(jnp.square(x1 - x2))
    return (20 * math.log10(max_val) - 10 * jnp.log10(mse)).astype(x1.dtype)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return jax.lax.complex(
        (abs_ * jnp.cos(angle)).astype(jnp.float32),
        (abs_ * jnp.sin(angle)).astype(jnp.float32),
    )


# Attention.


def _attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap):
    if bias is not None:
        bias = _tensor(bias)
    if mask is not None:
        mask = _tensor(mask)
    return _attend_compiled(
        query,
        key,
        value,
        bias,
        mask,
        scale,
        repeats=repeats,
        is_causal=is_causal,
        soft_cap=soft_cap,
    )


# Compiled as one program even when called eagerly: op by op, the (B, N, T, S) logits
# go through memory once per op; XLA fuses the scaling, masking and softmax (2x faster
# at 4x1024x8x64). Under an outer jit it is inlined.
@functools.partial(jax.jit, static_argnames=("repeats", "is_causal", "soft_cap"))
def _attend_compiled(
    query, key, value, bias, mask, scale, *, repeats, is_causal, soft_cap
):
    if repeats > 1:
        key = jnp.repeat(key, repeats, axis=2)
        value = jnp.repeat(value, repeats, axis=2)
    logits = jnp.einsum(
        "btnh,bsnh->bnts", query, key, preferred_element_type=jnp.float32
    ) * jnp.float32(scale)
    if soft_cap is not None:
        logits = soft_cap * jnp.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + bias.astype(jnp.float32)
    keep = None
    if is_causal:
        keep = jnp.tril(jnp.ones(logits.shape[-2:], dtype=bool))
    if mask is not None:
        keep = mask.astype(bool) if keep is None else keep & mask.astype(bool)
    if keep is not None:
        logits = jnp.where(keep, logits, jnp.float32(_LARGE_NEGATIVE))
    weights = jax.nn.softmax(logits, axis=-1)
    return jnp.einsum("bnts,bsnh->btnh", weights, value.astype(jnp.float32)).astype(
        query.dtype
    )


dot_product_attention = nn_utils.make_dot_product_attention(_KERNELS, _floats, _attend)


# Pooling and convolutions (channels-last inside).


_to_channels_last, _from_channels_last = backend_utils.channels_last_movers(
    jnp.moveaxis
)


def _pool(inputs, pool_size, strides, padding, data_format, average):
    x = _to_channels_last(_float(inputs), _format(data_format))
    n = x.ndim - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    pads = backend_utils.conv_padding(x.shape[1:-1], pool_size, strides, padding)
    pads = [(0, 0), *pads, (0, 0)]
    window, steps = (1, *pool_size, 1), (1, *strides, 1)
    if average:
        values = _compute(x)
        total = jax.lax.reduce_window(values, 0.0, jax.lax.add, window, steps, pads)
        ones = jnp.ones((1, *x.shape[1:-1], 1), values.dtype)
        count = jax.lax.reduce_window(ones, 0.0, jax.lax.add, window, steps, pads)
        result = (total / count).astype(x.dtype)
    else:
        result = _max_pool_channels_last(x, pool_size, strides, pads[1:-1])
    return _from_channels_last(result, _format(data_format))


@_KERNELS.consulted_by("nn._max_pool_channels_last")
def _max_pool_channels_last(x, pool_size, strides, pads):
    window, steps = (1, *pool_size, 1), (1, *strides, 1)
    pads = [(0, 0), *pads, (0, 0)]
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, steps, pads)


# Windows of more elements than this go to reduce_window.
_TILED_POOL_LIMIT = 16


def _tiled_max_pool(x, pool_size, strides, pads):
    """Max pooling over windows that tile the input (strides equal to the pool size,
    no padding): the windows as axes of a reshape, their maximum a reduction.

    Its derivative is what makes it worth having. XLA:CPU differentiates
    `reduce_window(max)` through select-and-scatter, which it expands into a
    reduce-window carrying one index array (an iota the size of the input) per axis
    and a scatter: in a CNN's fit step (28x28x1, two 2x2 poolings, batch 64) those took
    about 35 ms of thread time per step, more than the convolutions. Here the gradient
    goes, as XLA's does, to the first maximum of each window (row-major order within
    the window), through a mask made of comparisons: a few fused elementwise loops.
    Declines (NotImplemented) for overlapping or padded windows, integer inputs and
    windows of more than `_TILED_POOL_LIMIT` elements.
    """
    pool_size = tuple(pool_size)
    if tuple(strides) != pool_size or any(tuple(p) != (0, 0) for p in pads):
        return NotImplemented
    if not jnp.issubdtype(x.dtype, jnp.floating) or math.prod(pool_size) > _TILED_POOL_LIMIT:
        return NotImplemented
    if any(size < p for size, p in zip(x.shape[1:-1], pool_size)):
        return NotImplemented
    return _tiled_max(x, pool_size)


def _windows(x, pool_size):
    """`x` (batch, *spatial, channels) cropped to whole windows and reshaped to
    (batch, out_1, pool_1, out_2, pool_2, ..., channels)."""
    outs = [size // p for size, p in zip(x.shape[1:-1], pool_size)]
    crop = tuple(slice(0, o * p) for o, p in zip(outs, pool_size))
    shape = [x.shape[0]]
    for o, p in zip(outs, pool_size):
        shape += [o, p]
    return jnp.reshape(x[(slice(None), *crop, slice(None))], (*shape, x.shape[-1]))


def _exclusive_any(a, axis):
    """Along `axis` (a short one), whether any earlier entry of `a` is true."""
    parts = [jnp.zeros_like(jax.lax.slice_in_dim(a, 0, 1, axis=axis))]
    seen = None
    for k in range(a.shape[axis] - 1):
        entry = jax.lax.slice_in_dim(a, k, k + 1, axis=axis)
        seen = entry if seen is None else seen | entry
        parts.append(seen)
    return jnp.concatenate(parts, axis=axis)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _tiled_max(x, pool_size):
    axes = tuple(2 + 2 * i for i in range(len(pool_size)))
    return jnp.max(_windows(x, pool_size), axis=axes)


@_tiled_max.defjvp
def _tiled_max_jvp(pool_size, primals, tangents):
    (x,), (dx,) = primals, tangents
    axes = tuple(2 + 2 * i for i in range(len(pool_size)))
    windows = _windows(x, pool_size)
    y = jnp.max(windows, axis=axes)
    hit = windows == jnp.expand_dims(y, axes)
    # The first hit in row-major order over the window axes: no hit earlier along an
    # axis, among the positions that agree on the axes before it.
    earlier = None
    for i, axis in enumerate(axes):
        later_axes = axes[i + 1 :]
        rows = jnp.any(hit, axis=later_axes, keepdims=True) if later_axes else hit
        before = _exclusive_any(rows, axis)
        earlier = before if earlier is None else earlier | before
    first = hit & ~earlier
    picked = jnp.where(first, _windows(dx, pool_size), jnp.zeros((), dx.dtype))
    return y, jnp.sum(picked, axis=axes)


_KERNELS.register(
    __name__,
    "_max_pool_channels_last",
    _tiled_max_pool,
    note="tiling max pooling as a reshape; its gradient by masks, not select-and-scatter",
)


max_pool, average_pool = nn_utils.make_pools(_pool)


adaptive_average_pool, adaptive_max_pool = nn_utils.make_adaptive_pools(
    _float, _to_channels_last, _from_channels_last, jnp.concatenate, jnp.mean, jnp.max
)


def _dimension_numbers(n):
    spatial = "DHW"[-n:] if n <= 3 else None
    return (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")


@_KERNELS.consulted_by("nn._conv_channels_last")
def _conv_channels_last(x, kernel, strides, pads, dilation, input_dilation=None):
    n = x.ndim - 2
    groups = x.shape[-1] // kernel.shape[-2]
    return jax.lax.conv_general_dilated(
        x,
        kernel,
        window_strides=strides,
        padding=pads,
        lhs_dilation=input_dilation,
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(n),
        feature_group_count=groups,
    )


# A patch matrix larger than this (elements) is not worth its memory: XLA's own
# convolution runs instead.
_IM2COL_LIMIT = 1 << 25


def _im2col_conv(x, kernel, strides, pads, dilation, input_dilation=None):
    """A 2-D float32 correlation on XLA:CPU as one matrix product over the patches.

    XLA:CPU runs small convolutions, and above all their gradients, through its
    generic convolution code: for a CNN's 3x3 layers (28x28x1 -> 32, 13x13x32 -> 64,
    batch 64) the forward and backward took 4.8 and 11.0 ms, against 2.0 and 5.9 ms
    for the patches (strided slices, concatenated on the channel axis in the kernel's
    (row, column, channel) order) times the (taps * in, out) kernel, whose gradient
    is two matrix products and the slices' scatter. A 1-D correlation runs as a 2-D
    one over a unit height (Conv1D 64x100x64 -> 128, kernel 3, forward and backward:
    7.6 ms against XLA's 10.4 ms). Declines (NotImplemented) off the CPU, for other
    ranks, dtypes, dilations, groups, and patch matrices over `_IM2COL_LIMIT` elements.
    """
    if x.ndim == 3 and kernel.ndim == 3:
        result = _im2col_conv(
            x[:, None], kernel[None], (1, *strides), [(0, 0), *pads], (1, *dilation),
            None if input_dilation is None else (1, *input_dilation),
        )
        return result if result is NotImplemented else result[:, 0]
    if x.ndim != 4 or jax.default_backend() != "cpu":
        return NotImplemented
    if x.dtype != jnp.float32 or kernel.dtype != jnp.float32:
        return NotImplemented
    if any(d != 1 for d in dilation) or (
        input_dilation is not None and any(d != 1 for d in input_dilation)
    ):
        return NotImplemented
    rows, cols, channels, out = kernel.shape
    if x.shape[-1] != channels or not isinstance(pads, (list, tuple)):
        return NotImplemented
    (top, bottom), (left, right) = pads
    height = x.shape[1] + top + bottom
    width = x.shape[2] + left + right
    out_h = (height - rows) // strides[0] + 1
    out_w = (width - cols) // strides[1] + 1
    if out_h <= 0 or out_w <= 0:
        return NotImplemented
    if x.shape[0] * out_h * out_w * rows * cols * channels > _IM2COL_LIMIT:
        return NotImplemented
    padded = jnp.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    taps = [
        padded[
            :,
            i : i + (out_h - 1) * strides[0] + 1 : strides[0],
            j : j + (out_w - 1) * strides[1] + 1 : strides[1],
            :,
        ]
        for i in range(rows)
        for j in range(cols)
    ]
    patches = taps[0] if len(taps) == 1 else jnp.concatenate(taps, axis=-1)
    flat = jnp.reshape(patches, (-1, rows * cols * channels))
    result = flat @ jnp.reshape(kernel, (rows * cols * channels, out))
    return jnp.reshape(result, (x.shape[0], out_h, out_w, out))


_KERNELS.register(
    __name__,
    "_conv_channels_last",
    _im2col_conv,
    note="2-D float32 conv as patches @ kernel on XLA:CPU (2x faster with gradients)",
)


def _flip_kernel(kernel):
    # (k..., out, in) -> (k..., in, out), flipped along the spatial axes.
    n = kernel.ndim - 2
    return jnp.swapaxes(jnp.flip(kernel, axis=tuple(range(n))), -1, -2)


conv, depthwise_conv, separable_conv, conv_transpose = backend_utils.make_convs(
    _conv_channels_last, _flip_kernel, _floats, _tensor, jnp.moveaxis
)


# Rearrangements.


def _rearrange(x, split, order, shape):
    return jnp.reshape(jnp.transpose(jnp.reshape(x, split), order), shape)


depth_to_space, space_to_depth = nn_utils.make_rearrangements(_tensor, _rearrange)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    pads, slices, patches = backend_utils.unfold_plan(
        x.shape[2:], kernel_size, dilation, padding, stride
    )
    padded = jnp.pad(x, pads)
    taps = [padded[:, :, rows, cols] for rows, cols in slices]
    # (batch, channels, taps, rows, cols) -> (batch, channels * taps, patches)
    return jnp.reshape(jnp.stack(taps, axis=2), (x.shape[0], -1, patches))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    slices, counts, padded_size, crop = backend_utils.fold_plan(
        output_size, kernel_size, dilation, padding, stride
    )
    n, channels = x.shape[0], x.shape[1] // len(slices)
    blocks = jnp.reshape(x, (n, channels, len(slices), *counts))
    result = jnp.zeros((n, channels, *padded_size), x.dtype)
    for tap, (rows, cols) in enumerate(slices):
        result = result.at[:, :, rows, cols].add(blocks[:, :, tap])
    return result[crop]


# Connectionist temporal classification.


def _logaddexp(a, b):
    """log(exp(a) + exp(b)) whose gradient stays finite when both are -inf."""
    top = jnp.maximum(a, b)
    finite = jnp.isfinite(top)
    # Where both are -inf, the log is taken of exp(0) + exp(0) and its result discarded,
    # so that no infinite (or NaN) gradient flows back through the unused branch.
    shift = jnp.where(finite, top, 0)
    total = jnp.exp(jnp.where(finite, a - shift, 0)) + jnp.exp(
        jnp.where(finite, b - shift, 0)
    )
    return jnp.where(finite, shift + jnp.log(total), top)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    target = _tensor(target).astype(jnp.int32)
    target_length = _tensor(target_length).astype(jnp.int32)
    output_length = _tensor(output_length).astype(jnp.int32)
    log_probabilities = jax.nn.log_softmax(_compute(output), axis=-1)
    batch, steps, classes = output.shape
    # The label sequence with blanks around and between the labels: (batch, 2L + 1).
    extended = jnp.full((batch, 2 * target.shape[1] + 1), mask_index, jnp.int32)
    extended = extended.at[:, 1::2].set(jnp.clip(target, 0, classes - 1))
    # A path may skip a blank between two different labels.
    skip = jnp.pad(
        (extended[:, 2:] != extended[:, :-2]) & (extended[:, 2:] != mask_index),
        [(0, 0), (2, 0)],
    )
    emissions = jnp.take_along_axis(
        log_probabilities,
        jnp.broadcast_to(extended[:, None], (batch, steps, extended.shape[1])),
        axis=2,
    )
    negative_infinity = jnp.asarray(-jnp.inf, log_probabilities.dtype)
    alpha = jnp.full(extended.shape, negative_infinity)
    alpha = alpha.at[:, :2].set(emissions[:, 0, :2])

    def step(alpha, inputs):
        t, emission = inputs
        previous = jnp.pad(alpha, [(0, 0), (1, 0)], constant_values=-jnp.inf)[:, :-1]
        before = jnp.pad(alpha, [(0, 0), (2, 0)], constant_values=-jnp.inf)[:, :-2]
        before = jnp.where(skip, before, negative_infinity)
        updated = _logaddexp(_logaddexp(alpha, previous), before) + emission
        return jnp.where((t < output_length)[:, None], updated, alpha), None

    emissions_by_time = jnp.moveaxis(emissions, 1, 0)[1:]
    alpha, _ = jax.lax.scan(step, alpha, (jnp.arange(1, steps), emissions_by_time))
    rows = jnp.arange(batch)
    last = alpha[rows, 2 * target_length]
    label = jnp.where(
        target_length > 0,
        alpha[rows, jnp.maximum(2 * target_length - 1, 0)],
        negative_infinity,
    )
    return (-_logaddexp(last, label)).astype(output.dtype)


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = inputs.shape[1]
    indices = jnp.argmax(inputs, axis=-1).astype(jnp.int32)
    scores = jnp.max(inputs, axis=-1)
    padding = jnp.arange(steps)[None, :] >= sequence_lengths[:, None]
    indices = jnp.where(padding, mask_index, indices)
    scores = jnp.where(padding, jnp.zeros_like(scores), scores)
    if merge_repeated:
        repeated = jnp.pad(indices[:, 1:] == indices[:, :-1], [(0, 0), (1, 0)])
        indices = jnp.where(repeated, mask_index, indices)
    dropped = indices == mask_index
    # Move the kept labels to the front, in order, and pad with -1.
    order = jnp.argsort(dropped, axis=1, stable=True)
    indices = jnp.take_along_axis(jnp.where(dropped, -1, indices), order, axis=1)
    return indices[None], -jnp.sum(scores, axis=1, keepdims=True)


ctc_decode = nn_utils.make_ctc_decode(
    "jax", _tensor, _float, jnp.astype, jnp.int32, _greedy_decode
)


# Fast path (keras.backends.common.registry): floats go straight to the jitted relu.
registry.for_backend("jax").register(
    __name__,
    "relu",
    _relu,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="jax.jit(jax.nn.relu)",
)


# The LSTM layer's fused loop (named in registry.LAYER_LOOPS): `LSTM` consults it when
# its configuration is the engine's (tanh and sigmoid, a bias, no recurrent dropout,
# ...; see keras.layers.rnn.lstm.fused_call), so it only checks the arrays. What it
# changes is the gradient: differentiating a `lax.scan` saves each step's
# intermediates and replays their derivatives op by op; here each step saves its
# gates, `tanh(c)` and the previous `c`, the backward scan holds the LSTM's
# derivative and one product by the recurrent kernel, and the kernels' gradients are
# single products over every step after it. Any mask is taken: a masked step keeps
# the states, so its gradient passes them through. GRU takes the reference loop
# (keras.layers.rnn.time_loop). Projecting the inputs before the scan, as the
# tensorflow entry does, measured slower on XLA:CPU: slicing a step's gates out of
# the projected array costs more than the product it saves.

_RNN_FLOATS = (np.dtype("float32"), np.dtype("float64"))


def _lstm_scan(x_t, keep, h0, c0, kernel, recurrent_kernel, bias, save):
    """The LSTM over time-major `x_t` (`keep`: None, or `(time, batch, 1)` booleans,
    False where a masked step keeps the states): `((h, c), hs)` with `hs` every
    step's state `h`, and with `save` each step's `(i, f, g, o, tanh(c), previous
    c)` beside it."""

    def step(carry, inputs):
        h, c = carry
        x_step, keep_t = inputs
        z = x_step @ kernel + h @ recurrent_kernel + bias
        z_i, z_f, z_g, z_o = jnp.split(z, 4, axis=-1)
        i, f, o = jax.nn.sigmoid(z_i), jax.nn.sigmoid(z_f), jax.nn.sigmoid(z_o)
        g = jnp.tanh(z_g)
        c_new = f * c + i * g
        tanh_c = jnp.tanh(c_new)
        h_new = o * tanh_c
        if keep_t is not None:
            h_new = jnp.where(keep_t, h_new, h)
            c_new = jnp.where(keep_t, c_new, c)
        # Six arrays, not one concatenation: the backward scan then reads each
        # step's values without slicing them apart (measured 30% faster).
        out = (h_new, (i, f, g, o, tanh_c, c)) if save else h_new
        return (h_new, c_new), out

    return jax.lax.scan(step, (h0, c0), (x_t, keep))


@jax.custom_vjp
def _lstm_time_major(x_t, keep, h0, c0, kernel, recurrent_kernel, bias):
    """Every step's state `h` `(time, batch, units)` and the last `c`."""
    (_, c_last), hs = _lstm_scan(
        x_t, keep, h0, c0, kernel, recurrent_kernel, bias, False
    )
    return hs, c_last


def _lstm_time_major_fwd(x_t, keep, h0, c0, kernel, recurrent_kernel, bias):
    (_, c_last), (hs, saved) = _lstm_scan(
        x_t, keep, h0, c0, kernel, recurrent_kernel, bias, True
    )
    return (hs, c_last), (x_t, keep, h0, kernel, recurrent_kernel, hs, saved)


def _lstm_time_major_bwd(residuals, cotangents):
    x_t, keep, h0, kernel, recurrent_kernel, hs, saved = residuals
    d_hs, d_c_last = cotangents
    steps, batch, features = x_t.shape
    units = h0.shape[-1]

    def back(carry, inputs):
        dh_next, dc_next = carry
        (i, f, g, o, tanh_c, c_prev), dh_out, keep_t = inputs
        dh = dh_out + dh_next
        dc = dc_next + dh * o * (1 - tanh_c * tanh_c)
        dz = jnp.concatenate(
            [
                dc * g * i * (1 - i),
                dc * c_prev * f * (1 - f),
                dc * i * (1 - g * g),
                dh * tanh_c * o * (1 - o),
            ],
            axis=-1,
        )
        if keep_t is None:
            return (dz @ recurrent_kernel.T, dc * f), dz
        # A masked step copied its states: their gradients pass through it.
        dz = jnp.where(keep_t, dz, 0)
        dh_prev = dz @ recurrent_kernel.T + jnp.where(keep_t, 0, dh)
        return (dh_prev, jnp.where(keep_t, dc * f, dc_next)), dz

    (dh0, dc0), d_z = jax.lax.scan(
        back, (jnp.zeros_like(h0), d_c_last), (saved, d_hs, keep), reverse=True
    )
    d_z = d_z.reshape(-1, 4 * units)
    h_prev = jnp.concatenate([h0[None], hs[:-1]], axis=0).reshape(-1, units)
    d_kernel = x_t.reshape(-1, features).T @ d_z
    d_recurrent = h_prev.T @ d_z
    d_bias = jnp.sum(d_z, axis=0)
    d_x = (d_z @ kernel.T).reshape(steps, batch, features)
    # `keep` holds booleans: no gradient (None for an absent mask, else float0).
    d_keep = None if keep is None else np.zeros(keep.shape, jax.dtypes.float0)
    return d_x, d_keep, dh0, dc0, d_kernel, d_recurrent, d_bias


_lstm_time_major.defvjp(_lstm_time_major_fwd, _lstm_time_major_bwd)


def _fused_lstm(
    sequences, h, c, kernel, recurrent_kernel, bias, mask=None, go_backwards=False,
    return_sequences=True, zero_output_for_mask=False,
):
    """keras.layers.LSTM's loop (tanh, sigmoid, a `(4 * units,)` bias) with a
    written-out gradient: returns `(last_output, outputs or None, h, c)` as
    keras.layers.rnn.time_loop.run does (any mask). Declines dtypes other than
    float32/float64 (one for all) and shapes it does not know."""
    if not core.is_tensor(sequences):
        return NotImplemented
    x = sequences
    if x.ndim != 3 or np.dtype(x.dtype) not in _RNN_FLOATS or x.shape[1] == 0:
        return NotImplemented
    kernel, recurrent_kernel, bias = (
        core.convert_to_tensor(w) for w in (kernel, recurrent_kernel, bias)
    )
    units = recurrent_kernel.shape[0]
    for t in (h, c, kernel, recurrent_kernel, bias):
        if not core.is_tensor(t) or t.dtype != x.dtype:
            return NotImplemented
    if (
        h.shape != (x.shape[0], units)
        or c.shape != (x.shape[0], units)
        or kernel.shape != (x.shape[-1], 4 * units)
        or recurrent_kernel.shape != (units, 4 * units)
        or bias.shape != (4 * units,)
    ):
        return NotImplemented
    keep = None
    if mask is not None:
        if not core.is_tensor(mask) or mask.shape != x.shape[:2]:
            return NotImplemented
        keep = jnp.transpose(mask.astype(bool))[..., None]  # (time, batch, 1)
    x_t = jnp.transpose(x, (1, 0, 2))
    if go_backwards:
        x_t = x_t[::-1]
        keep = None if keep is None else keep[::-1]
    hs, c_last = _lstm_time_major(x_t, keep, h, c, kernel, recurrent_kernel, bias)
    outputs = hs
    if keep is not None and zero_output_for_mask:
        outputs = jnp.where(keep, hs, 0)
    # Without zeros for masked steps, each step's output is the state h (a masked
    # step repeats the last output, which is the state it kept).
    last = outputs[-1]
    outputs = jnp.transpose(outputs, (1, 0, 2)) if return_sequences else None
    return (last, outputs, hs[-1], c_last)


registry.for_backend("jax").register(
    __name__,
    "lstm",
    _fused_lstm,
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="keras.layers.LSTM's lax.scan with a written-out gradient (any mask)",
)


# Our fused C++ kernels (kernels/): "kernel" entries, tried before the engine's own
# fast paths; recorded as unavailable (with the reason) where they cannot be loaded.
registry.install_kernels("jax", __name__)
