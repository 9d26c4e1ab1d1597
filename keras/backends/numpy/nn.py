"""numpy backend: the nn ops (see keras/ops/nn.py for their contract).

The arguments arrive checked and in canonical form from keras.ops.nn (tuples of
strides, lower-case padding, resolved data_format). Convolutions and pooling work in
channels-last layout; channels-first inputs are transposed in and out.
"""

import functools
import math

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import nn_utils
from keras.backends.common import registry
from keras.backends.numpy import core

_HALF = frozenset((np.dtype("float16"), dtypes.numpy_dtype("bfloat16")))
_FLOATS = _HALF | {np.dtype("float32"), np.dtype("float64")}
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805
_erf = np.vectorize(math.erf, otypes=[np.float64])


# The logit of a masked position: far below any real one, yet finite, so that a query
# with no key left gets equal weights rather than NaN.
_LARGE_NEGATIVE = -0.7 * float(np.finfo(np.float32).max)

# Our fused kernels register "call" entries here when their library loads (kernels/);
# the functions decorated with `_KERNELS.consulted_by` try them first.
_KERNELS = registry.for_backend("numpy")


_tensor = core._tensor


def _float(x):
    """`x` as an array of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype in _FLOATS:
        return x
    return x.astype(backend_utils.numpy_float_dtype(x.dtype.name))


_floats, _compute = nn_utils.precision_helpers(
    core.convert_to_tensor, np.ndarray.astype, _HALF, np.float32
)
_tuple = backend_utils.to_tuple
_format = backend_utils.standardize_data_format


# Activations.


def relu(x):
    # Fast path: a float array (kind "f"; bfloat16 from ml_dtypes is kind "V").
    if type(x) is np.ndarray and x.dtype.kind == "f":
        return np.maximum(x, 0)
    x = _tensor(x)
    if x.dtype == bool:
        x = _float(x)
    return np.maximum(x, 0)


def relu6(x):
    x = _tensor(x)
    if x.dtype == bool:
        x = _float(x)
    # ml_dtypes' bfloat16 with Python bounds gives float32: cast back.
    return np.clip(x, 0, 6).astype(x.dtype, copy=False)


def sigmoid(x):
    x = _float(x)
    return np.exp(-np.logaddexp(0, -x))


def sparse_sigmoid(x):
    x = _float(x)
    return np.clip(0.5 * (x + 1), 0, 1).astype(x.dtype, copy=False)


def softplus(x):
    return np.logaddexp(0, _float(x))


def softsign(x):
    x = _float(x)
    return x / (1 + np.abs(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    inner = np.where(x < -threshold, x + threshold, 0)
    shrunk = np.where(x > threshold, x - threshold, inner)
    return shrunk.astype(x.dtype)


def sparse_plus(x):
    x = _float(x)
    middle = 0.25 * np.square(x + 1)
    return np.where(x <= -1, 0, np.where(x >= 1, x, middle)).astype(x.dtype)


def silu(x):
    x = _float(x)
    return x * sigmoid(x)


def squareplus(x, b=4):
    x = _float(x)
    return (x + np.sqrt(np.square(x) + b)) / 2


def log_sigmoid(x):
    return -np.logaddexp(0, -_float(x))


def leaky_relu(x, negative_slope=0.2):
    x = _float(x)
    return np.where(x >= 0, x, negative_slope * x).astype(x.dtype)


def hard_sigmoid(x):
    x = _float(x)
    return (np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)


hard_silu = nn_utils.make_hard_silu(_float, hard_sigmoid)


def elu(x, alpha=1.0):
    x = _float(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))).astype(x.dtype)


def selu(x):
    return (_SELU_SCALE * elu(x, _SELU_ALPHA)).astype(_float(x).dtype)


def gelu(x, approximate=True):
    x = _float(x)
    if approximate:
        inner = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
        return (0.5 * x * (1 + np.tanh(inner))).astype(x.dtype, copy=False)
    return (0.5 * x * (1 + _erf(x / math.sqrt(2)))).astype(x.dtype)


def celu(x, alpha=1.0):
    x = _float(x)
    negative = alpha * np.expm1(np.minimum(x, 0) / alpha)
    return (np.maximum(x, 0) + np.minimum(negative, 0)).astype(x.dtype)


def glu(x, axis=-1):
    x = _float(x)
    a, b = np.split(x, 2, axis=axis)
    return a * sigmoid(b)


def tanh_shrink(x):
    x = _float(x)
    return x - np.tanh(x)


def hard_tanh(x):
    x = _float(x)
    return np.clip(x, -1, 1).astype(x.dtype, copy=False)


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return np.where(np.abs(x) > threshold, x, 0).astype(x.dtype)


def threshold(x, threshold, default_value):
    x = _float(x)
    return np.where(x > threshold, x, default_value).astype(x.dtype)


def _log_softmax(x, axis):
    if x.size == 0:
        return x.copy()
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x.copy()
    exp = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return exp / np.sum(exp, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    return _log_softmax(_float(x), axis)


def sparsemax(x, axis=-1):
    x = _float(x)
    if x.size == 0:
        return x.copy()
    moved = np.moveaxis(x, axis, -1)
    ordered = -np.sort(-moved, axis=-1)
    cumulative = np.cumsum(ordered, axis=-1)
    k = np.arange(1, moved.shape[-1] + 1, dtype=moved.dtype)
    support = np.sum(1 + k * ordered > cumulative, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, support - 1, axis=-1) - 1) / support
    return np.moveaxis(np.maximum(moved - tau.astype(x.dtype), 0), -1, axis)


# Losses.


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        # -t log(sigmoid(o)) - (1 - t) log(sigmoid(-o)), without overflow.
        return (
            np.maximum(output, 0) - output * target + np.log1p(np.exp(-np.abs(output)))
        ).astype(output.dtype)
    epsilon = config.epsilon()
    output = np.clip(output, epsilon, 1 - epsilon)
    return -(target * np.log(output) + (1 - target) * np.log(1 - output))


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return _log_softmax(output, axis)
    epsilon = config.epsilon()
    output = output / np.sum(output, axis=axis, keepdims=True)
    return np.log(np.clip(output, epsilon, 1 - epsilon))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    log_probabilities = _log_probabilities(output, from_logits, axis)
    return np.asarray(-np.sum(target * log_probabilities, axis=axis))


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target, valid, classes = backend_utils.sparse_labels(_tensor(target), output)
    log_probabilities = _log_probabilities(output, from_logits, -1)
    index = np.clip(target, 0, max(classes - 1, 0)).astype(np.int64)[..., None]
    picked = np.take_along_axis(log_probabilities, index, axis=-1)[..., 0]
    return np.asarray(-np.where(valid, picked, 0), output.dtype)


# One-hot encodings.


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the numpy backend.")
    x = _tensor(x)
    encoded = x[..., None] == np.arange(num_classes)
    return np.moveaxis(encoded.astype(dtypes.numpy_dtype(dtype)), -1, axis)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False):
    inputs = _tensor(inputs)
    encoded = one_hot(inputs, num_classes, sparse=sparse, dtype="bool")
    encoded = np.any(encoded, axis=1 if inputs.ndim > 1 else 0)
    return np.moveaxis(encoded.astype(dtypes.numpy_dtype(dtype)), -1, axis)


# Statistics and normalizations.


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    values = _compute(x)
    mean = np.mean(values, axis=axes, keepdims=True)
    variance = np.mean(np.square(values - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
    return np.asarray(mean, x.dtype), np.asarray(variance, x.dtype)


def _rsqrt(x):
    return 1 / np.sqrt(x)


batch_normalization, layer_normalization, rms_normalization = (
    nn_utils.make_normalizations(
        _KERNELS,
        functools.partial(np.mean, keepdims=True),
        _rsqrt,
        np.reshape,
        _float,
        _compute,
        core.convert_to_tensor,
        np.ndarray.astype,
    )
)


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    if order == 2:
        square_sum = np.sum(np.square(x), axis=axis, keepdims=True)
        return (x / np.sqrt(np.maximum(square_sum, epsilon))).astype(x.dtype)
    if order == math.inf:
        norm = np.max(np.abs(x), axis=axis, keepdims=True)
    else:
        norm = np.sum(np.abs(x) ** order, axis=axis, keepdims=True) ** (1 / order)
    return (x / np.maximum(norm, epsilon)).astype(x.dtype)


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = np.mean(np.square(x1 - x2))
    return np.asarray(20 * np.log10(max_val) - 10 * np.log10(mse), dtype=x1.dtype)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return (abs_ * np.cos(angle) + 1j * (abs_ * np.sin(angle))).astype(np.complex64)


# Attention.


def _attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap):
    dtype = query.dtype
    if repeats > 1:
        key = np.repeat(key, repeats, axis=2)
        value = np.repeat(value, repeats, axis=2)

    def heads_first(x):  # (B, T, N, H) -> (B, N, T, H), as np.matmul batches
        return np.swapaxes(x.astype(np.float32, copy=False), 1, 2)

    # matmul runs on BLAS where einsum here loops in C; scaling the query costs T*H
    # multiplies where scaling the logits costs T*S.
    query = heads_first(query) * np.float32(scale)
    logits = query @ np.swapaxes(heads_first(key), 2, 3)
    if soft_cap is not None:
        logits = soft_cap * np.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + _tensor(bias).astype(np.float32)
    keep = None
    if is_causal:
        keep = np.tril(np.ones(logits.shape[-2:], dtype=bool))
    if mask is not None:
        mask = _tensor(mask).astype(bool)
        keep = mask if keep is None else keep & mask
    if keep is not None:
        logits = np.where(keep, logits, np.float32(_LARGE_NEGATIVE))
    weights = softmax(logits, axis=-1)
    return np.swapaxes(weights @ heads_first(value), 1, 2).astype(dtype)


dot_product_attention = nn_utils.make_dot_product_attention(_KERNELS, _floats, _attend)


# Pooling and convolutions (channels-last inside).


_to_channels_last, _from_channels_last = backend_utils.channels_last_movers(np.moveaxis)


def _windows(x, pool_size, strides, pads, fill):
    """(batch, out..., channels, window...) views of the padded windows of `x`."""
    padded = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=fill)
    axes = tuple(range(1, len(pool_size) + 1))
    windows = np.lib.stride_tricks.sliding_window_view(padded, pool_size, axis=axes)
    return windows[(slice(None),) + tuple(slice(None, None, s) for s in strides)]


def _pool(inputs, pool_size, strides, padding, data_format, average):
    x = _to_channels_last(_float(inputs), _format(data_format))
    n = x.ndim - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    pads = backend_utils.conv_padding(x.shape[1:-1], pool_size, strides, padding)
    window_axes = tuple(range(-n, 0))
    if average:
        values = _compute(x)
        total = np.sum(_windows(values, pool_size, strides, pads, 0), axis=window_axes)
        ones = np.ones((1, *x.shape[1:-1], 1), values.dtype)
        count = np.sum(_windows(ones, pool_size, strides, pads, 0), axis=window_axes)
        result = (total / count).astype(x.dtype)
    else:
        windows = _windows(x, pool_size, strides, pads, -np.inf)
        result = np.max(windows, axis=window_axes)
    return _from_channels_last(result, _format(data_format))


max_pool, average_pool = nn_utils.make_pools(_pool)


adaptive_average_pool, adaptive_max_pool = nn_utils.make_adaptive_pools(
    _float, _to_channels_last, _from_channels_last, np.concatenate, np.mean, np.max
)


def _conv_channels_last(x, kernel, strides, pads, dilation, input_dilation=None):
    """Grouped N-D correlation of channels-last `x` with a (k..., in/groups, out)
    `kernel`.

    `input_dilation` spreads the input with zeros first (for transposed convolutions).
    """
    n = x.ndim - 2
    dtype = x.dtype
    x, kernel = _compute(x), _compute(kernel)
    if input_dilation is not None and any(d > 1 for d in input_dilation):
        spread_shape = [
            x.shape[0],
            *(
                (s - 1) * d + 1 if s else 0
                for s, d in zip(x.shape[1:-1], input_dilation)
            ),
            x.shape[-1],
        ]
        spread = np.zeros(spread_shape, x.dtype)
        spread[(slice(None),) + tuple(slice(None, None, d) for d in input_dilation)] = x
        x = spread
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    window = kernel.shape[:n]
    out_sizes = [
        max((size - (k - 1) * d - 1) // s + 1, 0)
        for size, k, d, s in zip(x.shape[1:-1], window, dilation, strides)
    ]
    group_in, out_channels = kernel.shape[-2:]
    groups = x.shape[-1] // group_in
    weights = kernel.reshape(*window, group_in, groups, out_channels // groups)
    result = np.zeros((x.shape[0], *out_sizes, groups, out_channels // groups), x.dtype)
    for tap in np.ndindex(*window):
        taps = tuple(
            slice(i * d, i * d + (o - 1) * s + 1, s) if o else slice(0, 0)
            for i, d, o, s in zip(tap, dilation, out_sizes, strides)
        )
        patch = x[(slice(None),) + taps]
        patch = patch.reshape(x.shape[0], *out_sizes, groups, group_in)
        result += np.einsum("...gc,cgo->...go", patch, weights[tap])
    return result.reshape(x.shape[0], *out_sizes, out_channels).astype(dtype)


def _flip_kernel(kernel):
    # (k..., out, in) -> (k..., in, out), flipped along the spatial axes.
    n = kernel.ndim - 2
    return np.swapaxes(np.flip(kernel, axis=tuple(range(n))), -1, -2)


conv, depthwise_conv, separable_conv, conv_transpose = backend_utils.make_convs(
    _conv_channels_last, _flip_kernel, _floats, _tensor, np.moveaxis
)


# Rearrangements.


def _rearrange(x, split, order, shape):
    return np.reshape(np.transpose(np.reshape(x, split), order), shape)


depth_to_space, space_to_depth = nn_utils.make_rearrangements(_tensor, _rearrange)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    pads, slices, patches = backend_utils.unfold_plan(
        x.shape[2:], kernel_size, dilation, padding, stride
    )
    padded = np.pad(x, pads)
    taps = [padded[:, :, rows, cols] for rows, cols in slices]
    # (batch, channels, taps, rows, cols) -> (batch, channels * taps, patches)
    return np.stack(taps, axis=2).reshape(x.shape[0], -1, patches)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    slices, counts, padded_size, crop = backend_utils.fold_plan(
        output_size, kernel_size, dilation, padding, stride
    )
    n, channels = x.shape[0], x.shape[1] // len(slices)
    blocks = x.reshape(n, channels, len(slices), *counts)
    result = np.zeros((n, channels, *padded_size), x.dtype)
    for tap, (rows, cols) in enumerate(slices):
        result[:, :, rows, cols] += blocks[:, :, tap]
    return result[crop]


# Connectionist temporal classification.


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    target = _tensor(target).astype(np.int64)
    target_length = _tensor(target_length).astype(np.int64)
    output_length = _tensor(output_length).astype(np.int64)
    log_probabilities = _log_softmax(_compute(output), -1)
    batch, steps, classes = output.shape
    # The label sequence with blanks around and between the labels: (batch, 2L + 1).
    extended = np.full((batch, 2 * target.shape[1] + 1), mask_index, np.int64)
    extended[:, 1::2] = np.clip(target, 0, classes - 1)
    # A path may skip a blank between two different labels.
    skip = np.zeros(extended.shape, bool)
    skip[:, 2:] = (extended[:, 2:] != extended[:, :-2]) & (
        extended[:, 2:] != mask_index
    )
    emissions = np.take_along_axis(
        log_probabilities,
        np.broadcast_to(extended[:, None], (batch, steps, extended.shape[1])),
        axis=2,
    )
    alpha = np.full(extended.shape, -np.inf, log_probabilities.dtype)
    alpha[:, :2] = emissions[:, 0, :2]
    for t in range(1, steps):
        previous = np.pad(alpha, [(0, 0), (1, 0)], constant_values=-np.inf)[:, :-1]
        before = np.pad(alpha, [(0, 0), (2, 0)], constant_values=-np.inf)[:, :-2]
        before = np.where(skip, before, -np.inf)
        step = np.logaddexp(np.logaddexp(alpha, previous), before) + emissions[:, t]
        alpha = np.where((t < output_length)[:, None], step, alpha)
    rows = np.arange(batch)
    last = alpha[rows, 2 * target_length]
    label = np.where(target_length > 0, alpha[rows, 2 * target_length - 1], -np.inf)
    return (-np.logaddexp(last, label)).astype(output.dtype)


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = inputs.shape[1]
    indices = np.argmax(inputs, axis=-1)
    scores = np.max(inputs, axis=-1)
    padding = np.arange(steps)[None, :] >= sequence_lengths[:, None]
    indices = np.where(padding, mask_index, indices)
    scores = np.where(padding, 0, scores)
    if merge_repeated:
        repeated = np.zeros(indices.shape, bool)
        repeated[:, 1:] = indices[:, 1:] == indices[:, :-1]
        indices = np.where(repeated, mask_index, indices)
    dropped = indices == mask_index
    # Move the kept labels to the front, in order, and pad with -1.
    order = np.argsort(dropped, axis=1, kind="stable")
    indices = np.take_along_axis(np.where(dropped, -1, indices), order, axis=1)
    return indices[None].astype(np.int32), -np.sum(scores, axis=1, keepdims=True)


def _beam_rank(item):
    """Sort key of a beam `(prefix, (blank, label))`: most probable first."""
    return -np.logaddexp(*item[1])


def _beam_search_decode(
    inputs, sequence_lengths, beam_width, top_paths, merge_repeated, mask_index
):
    log_probabilities = _log_softmax(inputs.astype(np.float64), -1)
    batch, steps, classes = inputs.shape
    decoded = np.full((top_paths, batch, steps), -1, np.int32)
    scores = np.full((batch, top_paths), -np.inf, np.float64)
    for b in range(batch):
        # prefix -> (log P(prefix, ends in blank), log P(prefix, ends in a label)).
        beams = {(): (0.0, -np.inf)}
        for t in range(int(sequence_lengths[b])):
            row = log_probabilities[b, t]
            candidates = {}

            def add(prefix, blank, label):
                old_blank, old_label = candidates.get(prefix, (-np.inf, -np.inf))
                candidates[prefix] = (
                    np.logaddexp(old_blank, blank),
                    np.logaddexp(old_label, label),
                )

            for prefix, (blank, label) in beams.items():
                total = np.logaddexp(blank, label)
                add(prefix, total + row[mask_index], -np.inf)
                for c in range(classes):
                    if c == mask_index:
                        continue
                    extended = prefix + (c,)
                    if merge_repeated and prefix and prefix[-1] == c:
                        # Repeating the last label needs a blank in between.
                        add(extended, -np.inf, blank + row[c])
                        add(prefix, -np.inf, label + row[c])
                    else:
                        add(extended, -np.inf, total + row[c])
            ranked = sorted(candidates.items(), key=_beam_rank)
            beams = dict(ranked[:beam_width])
        ranked = sorted(beams.items(), key=_beam_rank)
        for path, (prefix, (blank, label)) in enumerate(ranked[:top_paths]):
            decoded[path, b, : len(prefix)] = prefix
            scores[b, path] = np.logaddexp(blank, label)
    return decoded, scores.astype(inputs.dtype)


ctc_decode = nn_utils.make_ctc_decode(
    "numpy",
    _tensor,
    _float,
    np.ndarray.astype,
    np.int64,
    _greedy_decode,
    _beam_search_decode,
)


def _relu_float(x):
    return np.maximum(x, 0)


# Fast path (keras.backends.common.registry): floats keep their dtype under max(x, 0).
registry.for_backend("numpy").register(
    __name__,
    "relu",
    _relu_float,
    guard="eager",
    dtypes=("float16", "float32"),
    note="np.maximum(x, 0)",
)



# Our fused C++ kernels (kernels/): "kernel" entries, tried before the engine's own
# fast paths; recorded as unavailable (with the reason) where they cannot be loaded.
registry.install_kernels("numpy", __name__)
