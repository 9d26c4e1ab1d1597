"""jax backend: the nn ops (see keras/ops/nn.py for their contract).

The arguments arrive checked and in canonical form from keras.ops.nn. Every op traces
under jax.jit (the Python-level arguments are static).
"""

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np

from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.jax import core

_HALF = frozenset((jnp.dtype("float16"), jnp.dtype("bfloat16")))
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_LARGE_NEGATIVE = -0.7 * float(np.finfo(np.float32).max)


def _tensor(x):
    # Fast path: arrays and tracers need no conversion.
    if isinstance(x, (jax.Array, jax.core.Tracer)):
        return x
    return core.convert_to_tensor(x)


@functools.lru_cache(maxsize=64)
def _float_dtype(*dtype_keys):
    dtype = dtypes.result_type(*dtype_keys)
    return dtypes.numpy_dtype(dtypes.result_type(dtype, float))


def _float(x):
    """`x` as an array of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x
    return x.astype(_float_dtype(x.dtype.name))


def _floats(*values):
    """`values` (None kept) converted to their common floating dtype."""
    dtype = _float_dtype(*(dtypes.dtype_of(v) for v in values if v is not None))
    return [None if v is None else core.convert_to_tensor(v, dtype) for v in values]


def _compute(x):
    """float16/bfloat16 are computed in float32 (then cast back by the caller)."""
    return x.astype(jnp.float32) if x.dtype in _HALF else x


def _tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


def _format(data_format):
    return config.image_data_format() if data_format is None else data_format


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


def hard_silu(x):
    x = _float(x)
    return x * hard_sigmoid(x)


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
    target = _tensor(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target[..., 0]
    log_probabilities = _log_probabilities(output, from_logits, -1)
    classes = output.shape[-1]
    valid = (target >= 0) & (target < classes)
    index = jnp.clip(target, 0, max(classes - 1, 0)).astype(jnp.int32)[..., None]
    picked = jnp.take_along_axis(log_probabilities, index, axis=-1)[..., 0]
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


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def vector(value):
        return core.convert_to_tensor(value, x.dtype).reshape(shape)

    result = (x - vector(mean)) * jax.lax.rsqrt(vector(variance) + epsilon)
    if scale is not None:
        result = result * vector(scale)
    if offset is not None:
        result = result + vector(offset)
    return result


def _broadcast_shape(x, axis):
    axes = [a % x.ndim for a in (axis if isinstance(axis, tuple) else (axis,))]
    return [d if i in axes else 1 for i, d in enumerate(x.shape)]


def layer_normalization(
    x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False
):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    values = _compute(x)
    shape = _broadcast_shape(x, axis)
    if rms_scaling:
        mean_square = jnp.mean(jnp.square(values), axis=axis, keepdims=True)
        result = values * jax.lax.rsqrt(mean_square + epsilon)
        if gamma is not None:
            result = result * _compute(_float(gamma)).reshape(shape)
        return result.astype(x.dtype)
    mean = jnp.mean(values, axis=axis, keepdims=True)
    variance = jnp.mean(jnp.square(values - mean), axis=axis, keepdims=True)
    result = (values - mean) * jax.lax.rsqrt(variance + epsilon)
    if gamma is not None:
        result = result * _compute(_float(gamma)).reshape(shape)
    if beta is not None:
        result = result + _compute(_float(beta)).reshape(shape)
    return result.astype(x.dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    values = _compute(x)
    mean_square = jnp.mean(jnp.square(values), axis=axis, keepdims=True)
    result = values * jax.lax.rsqrt(mean_square + epsilon)
    if scale is not None:
        result = result * _compute(_float(scale))
    return result.astype(x.dtype)


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
    query, key, value = _floats(query, key, value)
    heads, head_dim = query.shape[2], query.shape[3]
    # Grouped-query attention: each key/value head serves heads // key_heads queries.
    repeats = heads // key.shape[2]
    key = jnp.repeat(key, repeats, axis=2)
    value = jnp.repeat(value, repeats, axis=2)
    scale = 1 / math.sqrt(head_dim) if scale is None else scale
    logits = jnp.einsum(
        "btnh,bsnh->bnts", query, key, preferred_element_type=jnp.float32
    ) * scale
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * jnp.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        logits = logits + _tensor(bias).astype(jnp.float32)
    length, source = logits.shape[-2:]
    keep = jnp.ones((length, source), dtype=bool)
    if is_causal:
        keep = jnp.tril(keep)
    if mask is not None:
        keep = keep & _tensor(mask).astype(bool)
    logits = jnp.where(keep, logits, jnp.float32(_LARGE_NEGATIVE))
    weights = jax.nn.softmax(logits, axis=-1)
    return jnp.einsum("bnts,bsnh->btnh", weights, value.astype(jnp.float32)).astype(
        query.dtype
    )


# Pooling and convolutions (channels-last inside).


def _to_channels_last(x, data_format):
    return jnp.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_channels_last(x, data_format):
    return jnp.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _same_pads(size, window, stride, dilation=1):
    """(left, right) padding giving `ceil(size / stride)` outputs (as TF pads)."""
    effective = (window - 1) * dilation + 1
    total = max((-(-size // stride) - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def _pads(spatial, window, strides, padding, dilation=None):
    dilation = dilation or (1,) * len(spatial)
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    return [_same_pads(*args) for args in zip(spatial, window, strides, dilation)]


def _pool(inputs, pool_size, strides, padding, data_format, average):
    x = _to_channels_last(_float(inputs), _format(data_format))
    n = x.ndim - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    pads = [(0, 0), *_pads(x.shape[1:-1], pool_size, strides, padding), (0, 0)]
    window, steps = (1, *pool_size, 1), (1, *strides, 1)
    if average:
        values = _compute(x)
        total = jax.lax.reduce_window(values, 0.0, jax.lax.add, window, steps, pads)
        ones = jnp.ones((1, *x.shape[1:-1], 1), values.dtype)
        count = jax.lax.reduce_window(ones, 0.0, jax.lax.add, window, steps, pads)
        result = (total / count).astype(x.dtype)
    else:
        result = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, steps, pads)
    return _from_channels_last(result, _format(data_format))


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(inputs, pool_size, strides, padding, data_format, average=False)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(inputs, pool_size, strides, padding, data_format, average=True)


def _adaptive_pool(inputs, output_size, data_format, reduce):
    # The windows are boxes, so pooling one spatial axis at a time gives the same
    # result.
    x = _to_channels_last(_float(inputs), _format(data_format))
    for axis, out in enumerate(_tuple(output_size, x.ndim - 2), start=1):
        size = x.shape[axis]
        pieces = [
            reduce(
                jax.lax.slice_in_dim(
                    x, i * size // out, -(-(i + 1) * size // out), axis=axis
                ),
                axis=axis,
                keepdims=True,
            )
            for i in range(out)
        ]
        x = jnp.concatenate(pieces, axis=axis).astype(x.dtype)
    return _from_channels_last(x, _format(data_format))


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, jnp.mean)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, jnp.max)


def _dimension_numbers(n):
    spatial = "DHW"[-n:] if n <= 3 else None
    return (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")


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


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    data_format = _format(data_format)
    inputs, kernel = _floats(inputs, kernel)
    x = _to_channels_last(inputs, data_format)
    n = x.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    pads = _pads(x.shape[1:-1], kernel.shape[:n], strides, padding, dilation)
    result = _conv_channels_last(x, kernel, strides, pads, dilation)
    return _from_channels_last(result, data_format)


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    kernel = _tensor(kernel)
    # (k..., in, multiplier) -> (k..., 1, in * multiplier): one group per input channel.
    grouped = kernel.reshape(*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1])
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_pads(kernel, stride, padding, output_padding, dilation):
    """(left, right) padding of the zero-spread input of a transposed convolution.

    Without `output_padding` the result is the gradient of `conv` with the same
    arguments; with it, `pad` (0, or `effective // 2` for "same") is cropped from each
    side of the full result and `output_padding` added at the end (as torch does).
    """
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return effective - 1, effective - 1 + max(stride - effective, 0)
        left = effective - 1 - max(effective - stride, 0) // 2
        return left, stride + effective - 2 - left
    pad = effective // 2 if padding == "same" else 0
    return effective - 1 - pad, effective - 1 - pad + output_padding


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    data_format = _format(data_format)
    inputs, kernel = _floats(inputs, kernel)
    x = _to_channels_last(inputs, data_format)
    n = x.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    if output_padding is None:
        output_padding = (None,) * n
    output_padding = _tuple(output_padding, n)
    pads = [
        _transpose_pads(k, s, padding, p, d)
        for k, s, p, d in zip(kernel.shape[:n], strides, output_padding, dilation)
    ]
    # A correlation of the zero-spread input with the flipped kernel, channels swapped.
    flipped = jnp.swapaxes(jnp.flip(kernel, axis=tuple(range(n))), -1, -2)
    result = _conv_channels_last(x, flipped, (1,) * n, pads, dilation, strides)
    return _from_channels_last(result, data_format)


# Rearrangements.


def depth_to_space(x, block_size, data_format=None):
    x = _tensor(x)
    b = block_size
    if _format(data_format) == "channels_first":
        n, c, h, w = x.shape
        x = x.reshape(n, b, b, c // (b * b), h, w).transpose(0, 3, 4, 1, 5, 2)
        return x.reshape(n, c // (b * b), h * b, w * b)
    n, h, w, c = x.shape
    x = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h * b, w * b, c // (b * b))


def space_to_depth(x, block_size, data_format=None):
    x = _tensor(x)
    b = block_size
    if _format(data_format) == "channels_first":
        n, c, h, w = x.shape
        x = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 3, 5, 1, 2, 4)
        return x.reshape(n, c * b * b, h // b, w // b)
    n, h, w, c = x.shape
    x = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h // b, w // b, c * b * b)


def _tap_slices(kernel_size, dilation, stride, counts):
    """For each tap (i, j) of a block, the strided slices of the padded image it
    reads."""
    (kh, kw), (dh, dw), (sh, sw), (rows, cols) = kernel_size, dilation, stride, counts
    for i in range(kh):
        for j in range(kw):
            yield (
                slice(i * dh, i * dh + (rows - 1) * sh + 1, sh),
                slice(j * dw, j * dw + (cols - 1) * sw + 1, sw),
            )


def _counts(size, kernel_size, dilation, padding, stride):
    return tuple(
        (n + 2 * p - (k - 1) * d - 1) // s + 1
        for n, k, d, p, s in zip(size, kernel_size, dilation, padding, stride)
    )


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    kernel_size, dilation, padding, stride = (
        _tuple(v, 2) for v in (kernel_size, dilation, padding, stride)
    )
    n = x.shape[0]
    counts = _counts(x.shape[2:], kernel_size, dilation, padding, stride)
    padded = jnp.pad(x, [(0, 0), (0, 0), *((p, p) for p in padding)])
    taps = [
        padded[:, :, rows, cols]
        for rows, cols in _tap_slices(kernel_size, dilation, stride, counts)
    ]
    # (n, c, taps, rows, cols) -> (n, c * taps, rows * cols)
    return jnp.stack(taps, axis=2).reshape(n, -1, counts[0] * counts[1])


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    output_size, kernel_size, dilation, padding, stride = (
        _tuple(v, 2) for v in (output_size, kernel_size, dilation, padding, stride)
    )
    n, features, _ = x.shape
    taps = kernel_size[0] * kernel_size[1]
    counts = _counts(output_size, kernel_size, dilation, padding, stride)
    blocks = x.reshape(n, features // taps, taps, *counts)
    (ph, pw), (oh, ow) = padding, output_size
    result = jnp.zeros((n, features // taps, oh + 2 * ph, ow + 2 * pw), x.dtype)
    slices = _tap_slices(kernel_size, dilation, stride, counts)
    for tap, (rows, cols) in enumerate(slices):
        result = result.at[:, :, rows, cols].add(blocks[:, :, tap])
    return result[:, :, ph : ph + oh, pw : pw + ow]


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


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    if strategy != "greedy":
        raise NotImplementedError(
            "ctc_decode(strategy='beam_search') is not implemented on the jax backend "
            "yet; use strategy='greedy'."
        )
    inputs = _float(inputs)
    sequence_lengths = _tensor(sequence_lengths).astype(jnp.int32)
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


# No engine versions of keras.ops.fused compositions: they run op by op here.
FUSED = {}
