"""tensorflow backend: the nn ops (see keras/ops/nn.py for their contract).

The arguments arrive checked and in canonical form from keras.ops.nn. TF's CPU kernels
are channels-last only, so channels-first inputs are transposed in and out. Grouped
convolutions (no CPU kernel) run group by group, and strides combined with dilation
(which tf.nn.convolution rejects) run at stride 1 and keep every stride-th output.
"""

import math

import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import nn_utils
from keras.backends.common import registry
from keras.backends.tensorflow import core

_HALF = frozenset((tf.float16, tf.bfloat16))
_LARGE_NEGATIVE = -0.7 * tf.float32.max
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


# Our fused kernels register "call" entries here when their library loads (kernels/);
# the functions decorated with `_KERNELS.consulted_by` try them first.
_KERNELS = registry.for_backend("tensorflow")


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.dtype.is_floating:
        return x
    return tf.cast(x, backend_utils.float_dtype(x.dtype.name))


_floats, _compute = nn_utils.precision_helpers(
    core.convert_to_tensor, tf.cast, _HALF, tf.float32
)
_tuple = backend_utils.to_tuple
_format = backend_utils.standardize_data_format


def _axes(axis):
    return axis if isinstance(axis, int) else list(axis)


def _constant(value, x):
    return tf.constant(value, dtype=x.dtype)


# Activations.


def relu(x):
    x = _tensor(x)
    if x.dtype.is_floating:
        return tf.nn.relu(x)
    if x.dtype == tf.bool:
        x = _float(x)
    return tf.maximum(x, _constant(0, x))


def relu6(x):
    x = _tensor(x)
    if x.dtype == tf.bool:
        x = _float(x)
    return tf.clip_by_value(x, _constant(0, x), _constant(6, x))


def sigmoid(x):
    return tf.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return tf.clip_by_value(0.5 * (x + 1), _constant(0, x), _constant(1, x))


def softplus(x):
    return tf.math.softplus(_float(x))


def softsign(x):
    return tf.nn.softsign(_float(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    zero = tf.zeros_like(x)
    inner = tf.where(x < -threshold, x + threshold, zero)
    return tf.where(x > threshold, x - threshold, inner)


def sparse_plus(x):
    x = _float(x)
    middle = 0.25 * tf.square(x + 1)
    return tf.where(x <= -1, tf.zeros_like(x), tf.where(x >= 1, x, middle))


def silu(x):
    return tf.nn.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + tf.sqrt(tf.square(x) + b)) / 2


def log_sigmoid(x):
    return tf.math.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(_float(x), alpha=negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return tf.clip_by_value(x + 3, _constant(0, x), _constant(6, x)) / 6


hard_silu = nn_utils.make_hard_silu(_float, hard_sigmoid)


def elu(x, alpha=1.0):
    x = _float(x)
    return tf.where(x > 0, x, alpha * tf.math.expm1(tf.minimum(x, _constant(0, x))))


def selu(x):
    return _SELU_SCALE * elu(x, _SELU_ALPHA)


def gelu(x, approximate=True):
    return tf.nn.gelu(_float(x), approximate=approximate)


def celu(x, alpha=1.0):
    x = _float(x)
    zero = _constant(0, x)
    negative = alpha * tf.math.expm1(tf.minimum(x, zero) / alpha)
    return tf.maximum(x, zero) + tf.minimum(negative, zero)


def glu(x, axis=-1):
    x = _float(x)
    a, b = tf.split(x, 2, axis=axis)
    return a * tf.sigmoid(b)


def tanh_shrink(x):
    x = _float(x)
    return x - tf.tanh(x)


def hard_tanh(x):
    x = _float(x)
    return tf.clip_by_value(x, _constant(-1, x), _constant(1, x))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


def threshold(x, threshold, default_value):
    x = _float(x)
    return tf.where(x > threshold, x, tf.fill(tf.shape(x), _constant(default_value, x)))


def _log_softmax(x, axis):
    if isinstance(axis, int):
        return tf.nn.log_softmax(x, axis=axis)
    return x - tf.reduce_logsumexp(x, axis=_axes(axis), keepdims=True)


def softmax(x, axis=-1):
    x = _float(x)
    if x.shape.num_elements() == 0:
        return x
    if isinstance(axis, int):
        return tf.nn.softmax(x, axis=axis)
    return tf.exp(_log_softmax(x, axis))


def log_softmax(x, axis=-1):
    x = _float(x)
    if x.shape.num_elements() == 0:
        return x
    return _log_softmax(x, axis)


def _move_axis_last(x, axis):
    rank = x.shape.rank
    axis %= rank
    order = [a for a in range(rank) if a != axis] + [axis]
    inverse = [order.index(a) for a in range(rank)]
    return tf.transpose(x, order), inverse


def sparsemax(x, axis=-1):
    x = _float(x)
    if x.shape.num_elements() == 0:
        return x
    moved, inverse = _move_axis_last(x, axis)
    ordered = tf.sort(moved, axis=-1, direction="DESCENDING")
    cumulative = tf.cumsum(ordered, axis=-1)
    # Counted in int32: a bfloat16 range mis-sizes itself past 256 elements.
    k = tf.cast(tf.range(1, tf.shape(moved)[-1] + 1), moved.dtype)
    inside = tf.cast(1 + k * ordered > cumulative, tf.int32)
    support = tf.reduce_sum(inside, axis=-1, keepdims=True)
    batch_dims = moved.shape.rank - 1
    picked = tf.gather(cumulative, support - 1, axis=-1, batch_dims=batch_dims)
    tau = (picked - 1) / tf.cast(support, moved.dtype)
    return tf.transpose(tf.maximum(moved - tau, _constant(0, x)), inverse)


# Losses.


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    output = _clip_probabilities(output)
    return -(target * tf.math.log(output) + (1 - target) * tf.math.log(1 - output))


def _clip_probabilities(output):
    epsilon = config.epsilon()
    return tf.clip_by_value(
        output, _constant(epsilon, output), _constant(1 - epsilon, output)
    )


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return tf.nn.log_softmax(output, axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    return tf.math.log(_clip_probabilities(output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    log_probabilities = _log_probabilities(output, from_logits, axis)
    return -tf.reduce_sum(target * log_probabilities, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = _tensor(target)
    if target.shape.rank == output.shape.rank and target.shape[-1] == 1:
        target = target[..., 0]
    target = tf.cast(target, tf.int32)
    log_probabilities = _log_probabilities(output, from_logits, -1)
    classes = output.shape[-1]
    valid = (target >= 0) & (target < classes)
    index = tf.clip_by_value(target, 0, max(classes - 1, 0))
    picked = tf.gather(log_probabilities, index, axis=-1, batch_dims=target.shape.rank)
    return -tf.where(valid, picked, tf.zeros_like(picked))


# One-hot encodings.


def _move_last_axis(x, axis):
    rank = x.shape.rank
    axis %= rank
    order = list(range(rank - 1))
    order.insert(axis, rank - 1)
    return tf.transpose(x, order)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    x = tf.cast(_tensor(x), tf.int32)
    dtype = dtypes.standardize_dtype(dtype)
    if dtype == "bool":
        # tf.one_hot has no bool on/off values: encode in int8, then cast.
        encoded = tf.cast(tf.one_hot(x, num_classes, axis=axis, dtype=tf.int8), tf.bool)
    else:
        encoded = tf.one_hot(x, num_classes, axis=axis, dtype=dtype)
    return tf.sparse.from_dense(encoded) if sparse else encoded


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False):
    inputs = tf.cast(_tensor(inputs), tf.int32)
    encoded = tf.one_hot(inputs, num_classes, dtype=tf.int32)
    encoded = tf.reduce_max(encoded, axis=1 if inputs.shape.rank > 1 else 0)
    encoded = tf.cast(_move_last_axis(encoded, axis), dtypes.standardize_dtype(dtype))
    return tf.sparse.from_dense(encoded) if sparse else encoded


# Statistics and normalizations.


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    values = _compute(x)
    axes = list(axes)
    mean = tf.reduce_mean(values, axis=axes, keepdims=True)
    variance = tf.reduce_mean(tf.square(values - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = tf.squeeze(mean, axis=axes)
    return tf.cast(mean, x.dtype), tf.cast(variance, x.dtype)


def _mean(x, axis):
    return tf.reduce_mean(x, axis=_axes(axis), keepdims=True)


batch_normalization, layer_normalization, rms_normalization = (
    nn_utils.make_normalizations(
        _KERNELS,
        _mean,
        tf.math.rsqrt,
        tf.reshape,
        _float,
        _compute,
        core.convert_to_tensor,
        tf.cast,
    )
)


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    axes = _axes(axis)
    if order == 2:
        square_sum = tf.reduce_sum(tf.square(x), axis=axes, keepdims=True)
        return x * tf.math.rsqrt(tf.maximum(square_sum, _constant(epsilon, x)))
    if order == math.inf:
        norm = tf.reduce_max(tf.abs(x), axis=axes, keepdims=True)
    else:
        total = tf.reduce_sum(tf.abs(x) ** order, axis=axes, keepdims=True)
        norm = total ** (1 / order)
    return x / tf.maximum(norm, _constant(epsilon, x))


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = tf.reduce_mean(tf.square(x1 - x2))
    return 20 * math.log10(max_val) - 10 * tf.math.log(mse) / math.log(10)


def polar(abs_, angle):
    abs_, angle = (tf.cast(v, tf.float32) for v in _floats(abs_, angle))
    return tf.complex(abs_ * tf.cos(angle), abs_ * tf.sin(angle))


# Attention.


def _attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap):
    if repeats > 1:
        key = tf.repeat(key, repeats, axis=2)
        value = tf.repeat(value, repeats, axis=2)

    def heads_first(x):  # (B, T, N, H) -> (B, N, T, H), as tf.matmul batches
        return tf.transpose(tf.cast(x, tf.float32), [0, 2, 1, 3])

    # Scaling the query costs T*H multiplies where scaling the logits costs T*S.
    logits = tf.matmul(
        heads_first(query) * scale, heads_first(key), transpose_b=True
    )
    if soft_cap is not None:
        logits = soft_cap * tf.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + tf.cast(_tensor(bias), tf.float32)
    keep = None
    if is_causal:
        keep = tf.ones((tf.shape(logits)[-2], tf.shape(logits)[-1]), dtype=tf.bool)
        keep = tf.linalg.band_part(keep, -1, 0)
    if mask is not None:
        mask = tf.cast(_tensor(mask), tf.bool)
        keep = mask if keep is None else keep & mask
    if keep is not None:
        logits = tf.where(keep, logits, _LARGE_NEGATIVE)
    weights = tf.nn.softmax(logits, axis=-1)
    result = tf.matmul(weights, heads_first(value))
    return tf.cast(tf.transpose(result, [0, 2, 1, 3]), query.dtype)


dot_product_attention = nn_utils.make_dot_product_attention(_KERNELS, _floats, _attend)


# Pooling and convolutions (channels-last inside).


def _to_channels_last(x, data_format):
    if data_format != "channels_first":
        return x
    rank = x.shape.rank
    return tf.transpose(x, [0, *range(2, rank), 1])


def _from_channels_last(x, data_format):
    if data_format != "channels_first":
        return x
    rank = x.shape.rank
    return tf.transpose(x, [0, rank - 1, *range(1, rank - 1)])


def _pool(inputs, pool_size, strides, padding, data_format, average):
    data_format = _format(data_format)
    x = _to_channels_last(_float(inputs), data_format)
    n = x.shape.rank - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    # float16/bfloat16 pool in float32 (exact for max): TF has no float16 MaxPool3D
    # kernel on CPU.
    values = _compute(x)
    sizes = x.shape[1:-1]
    # tf.nn.pool refuses a stride larger than the window: pool those axes with
    # stride 1, then keep every stride-th window (static sizes only).
    skip = [s > k and sizes[i] is not None for i, (k, s) in enumerate(zip(pool_size, strides))]
    result = tf.nn.pool(
        values,
        pool_size,
        "AVG" if average else "MAX",
        strides=[1 if skip[i] else s for i, s in enumerate(strides)],
        padding=padding.upper(),
    )
    for i, (k, s) in enumerate(zip(pool_size, strides)):
        if skip[i]:
            result = _every_stride(result, i + 1, sizes[i], k, s, padding)
    return _from_channels_last(tf.cast(result, x.dtype), data_format)


def _every_stride(result, axis, size, k, s, padding):
    """The windows of a stride-`s` pool among those of the stride-1 pool along `axis`:
    "valid" starts at 0; "same" at the shift between the two paddings."""
    if padding.lower() == "valid":
        start, count = 0, (size - k) // s + 1
    else:
        count = -(-size // s)
        total = max((count - 1) * s + k - size, 0)
        start = (k - 1) // 2 - total // 2
    index = [slice(None)] * result.shape.rank
    index[axis] = slice(start, start + (count - 1) * s + 1, s)
    return result[tuple(index)]


max_pool, average_pool = nn_utils.make_pools(_pool)


adaptive_average_pool, adaptive_max_pool = nn_utils.make_adaptive_pools(
    _float,
    _to_channels_last,
    _from_channels_last,
    tf.concat,
    tf.reduce_mean,
    tf.reduce_max,
)


def _depthwise(x, kernel, step, dilation):
    """Depthwise correlation for 1 or 2 spatial dims; `kernel` is (k..., 1, in * m)."""
    n = x.shape.rank - 2
    channels = x.shape[-1]
    filters = tf.reshape(kernel, (*kernel.shape[:n], channels, -1))
    # TensorFlow's CPU depthwise kernel without oneDNN (e.g. on AVX2 machines) takes
    # equal row and column strides only: a 1-D input gets its stride on the added axis
    # of length 1 too (one output row either way); unequal 2-D strides run at their
    # greatest common divisor and keep every k-th output along each axis.
    subsample = None
    if n == 1:
        x, filters = tf.expand_dims(x, 1), tf.expand_dims(filters, 0)
        step, dilation = (step[0], *step), (1, *dilation)
    elif step[0] != step[1]:
        common = math.gcd(*step)
        subsample = (slice(None), *(slice(None, None, s // common) for s in step))
        step = (common, common)
    result = tf.nn.depthwise_conv2d(
        x, filters, strides=(1, *step, 1), padding="VALID", dilations=dilation
    )
    if subsample is not None:
        result = result[subsample]
    return result[:, 0] if n == 1 else result


def _conv_channels_last(x, kernel, strides, pads, dilation, input_dilation=None):
    """Grouped N-D correlation of channels-last `x` with a (k..., in/groups, out)
    `kernel`.

    `input_dilation` spreads the input with zeros first (for transposed convolutions).
    """
    n = x.shape.rank - 2
    for axis, stride in enumerate(input_dilation or (), start=1):
        x = _spread(x, axis, stride)
    if any(p for pair in pads for p in pair):
        x = tf.pad(x, [(0, 0), *pads, (0, 0)])
    # tf.nn.convolution has no strides with dilation: run at stride 1, then subsample.
    dilated = any(d > 1 for d in dilation)
    step = (1,) * n if dilated else strides
    groups = x.shape[-1] // kernel.shape[-2]

    def correlate(inputs, filters):
        # An explicit data_format: Conv3D's gradient fails on a missing one.
        return tf.nn.convolution(
            inputs,
            filters,
            strides=step,
            padding="VALID",
            data_format=("NWC", "NHWC", "NDHWC")[n - 1],
            dilations=dilation,
        )

    if groups == 1:
        result = correlate(x, kernel)
    elif kernel.shape[-2] == 1 and n <= 2:
        result = _depthwise(x, kernel, step, dilation)
    else:
        result = tf.concat(
            [
                correlate(xg, kg)
                for xg, kg in zip(
                    tf.split(x, groups, axis=-1), tf.split(kernel, groups, axis=-1)
                )
            ],
            axis=-1,
        )
    if dilated and any(s > 1 for s in strides):
        result = result[(slice(None), *(slice(None, None, s) for s in strides))]
    return result


conv = backend_utils.make_conv(
    _conv_channels_last, _floats, _to_channels_last, _from_channels_last
)


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
):
    kernel = _tensor(kernel)
    grouped = tf.reshape(kernel, backend_utils.depthwise_kernel_shape(kernel.shape))
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


separable_conv = backend_utils.make_separable_conv(depthwise_conv, conv)


def _spread(x, axis, stride):
    """Inserts `stride - 1` zeros between the entries of `x` along `axis`."""
    if stride == 1:
        return x
    shape = x.shape.as_list()
    size = shape[axis]
    stacked = tf.stack([x] + [tf.zeros_like(x)] * (stride - 1), axis=axis + 1)
    shape[axis] = size * stride
    spread = tf.reshape(stacked, [-1 if d is None else d for d in shape])
    window = [slice(None)] * len(shape)
    window[axis] = slice(0, max((size - 1) * stride + 1, 0))
    return spread[tuple(window)]


def _flip_kernel(kernel):
    # (k..., out, in) -> (k..., in, out), flipped along the spatial axes.
    n = kernel.shape.rank - 2
    return tf.transpose(tf.reverse(kernel, axis=list(range(n))), [*range(n), n + 1, n])


conv_transpose = backend_utils.make_conv_transpose(
    _conv_channels_last, _flip_kernel, _floats, _to_channels_last, _from_channels_last
)


# Rearrangements.


def _pixel_shuffle(x, plan, block_size):
    # channels_first orders the channels as a pixel shuffle, which tf.nn's NCHW
    # depth_to_space does not: move the blocks by the shared reshape plan instead.
    shape = [tf.shape(x)[i] if d is None else d for i, d in enumerate(x.shape)]
    split, order, output = plan(tuple(shape), block_size, "channels_first")
    return tf.reshape(tf.transpose(tf.reshape(x, split), order), output)


def depth_to_space(x, block_size, data_format=None):
    x = _tensor(x)
    if _format(data_format) == "channels_first":
        return _pixel_shuffle(x, backend_utils.depth_to_space_plan, block_size)
    return tf.nn.depth_to_space(x, block_size)


def space_to_depth(x, block_size, data_format=None):
    x = _tensor(x)
    if _format(data_format) == "channels_first":
        return _pixel_shuffle(x, backend_utils.space_to_depth_plan, block_size)
    return tf.nn.space_to_depth(x, block_size)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    pads, slices, patches = backend_utils.unfold_plan(
        x.shape[2:], kernel_size, dilation, padding, stride
    )
    padded = tf.pad(x, pads)
    taps = [padded[:, :, rows, cols] for rows, cols in slices]
    # (batch, channels, taps, rows, cols) -> (batch, channels * taps, patches)
    return tf.reshape(tf.stack(taps, axis=2), (tf.shape(x)[0], -1, patches))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = _tensor(x)
    slices, counts, (height, width), crop = backend_utils.fold_plan(
        output_size, kernel_size, dilation, padding, stride
    )
    taps = len(slices)
    blocks = tf.reshape(x, (tf.shape(x)[0], x.shape[1] // taps, taps, *counts))
    step_rows, step_cols = _tuple(stride, 2)
    result = None
    for tap, (rows, cols) in enumerate(slices):
        # Place the tap's values on its strided grid of the padded image.
        placed = _spread(_spread(blocks[:, :, tap], 2, step_rows), 3, step_cols)
        placed = tf.pad(
            placed,
            [
                (0, 0),
                (0, 0),
                (rows.start, height - rows.start - placed.shape[2]),
                (cols.start, width - cols.start - placed.shape[3]),
            ],
        )
        result = placed if result is None else result + placed
    return result[crop]


# Connectionist temporal classification.


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    classes = output.shape[-1]
    target = tf.clip_by_value(tf.cast(_tensor(target), tf.int32), 0, classes - 1)
    loss = tf.nn.ctc_loss(
        labels=target,
        logits=_compute(output),
        label_length=tf.cast(_tensor(target_length), tf.int32),
        logit_length=tf.cast(_tensor(output_length), tf.int32),
        logits_time_major=False,
        blank_index=mask_index,
    )
    return tf.cast(loss, output.dtype)


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = tf.shape(inputs)[1]
    indices = tf.argmax(inputs, axis=-1, output_type=tf.int32)
    scores = tf.reduce_max(inputs, axis=-1)
    padding = tf.range(steps)[None, :] >= sequence_lengths[:, None]
    blank = tf.fill(tf.shape(indices), mask_index)
    indices = tf.where(padding, blank, indices)
    scores = tf.where(padding, tf.zeros_like(scores), scores)
    if merge_repeated:
        repeated = tf.pad(indices[:, 1:] == indices[:, :-1], [(0, 0), (1, 0)])
        indices = tf.where(repeated, blank, indices)
    dropped = indices == mask_index
    # Move the kept labels to the front, in order, and pad with -1.
    order = tf.argsort(tf.cast(dropped, tf.int32), axis=1, stable=True)
    indices = tf.where(dropped, -tf.ones_like(indices), indices)
    indices = tf.gather(indices, order, batch_dims=1)
    return indices[None], -tf.reduce_sum(scores, axis=1, keepdims=True)


ctc_decode = nn_utils.make_ctc_decode(
    "tensorflow", _tensor, _float, tf.cast, tf.int32, _greedy_decode
)


# Fast path (keras.backends.common.registry): tf.nn.relu keeps float dtypes.
registry.for_backend("tensorflow").register(
    __name__,
    "relu",
    tf.nn.relu,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="tf.nn.relu",
)


# The recurrent layers' fused loops (named in registry.LAYER_LOOPS): `LSTM` and `GRU`
# consult them when their configuration is the engine's (tanh and sigmoid, biases, no
# recurrent dropout, ...; see keras.layers.rnn.lstm.fused_call), so these only check
# the tensors. The input projection `x @ kernel + bias` does not depend on the state:
# it runs once over every time step, before the `tf.while_loop`, so the loop body
# holds only the recurrent product (one matmul instead of two, forward and backward).

_RNN_FLOATS = (tf.float32, tf.float64)


def _rnn_tensors(sequences, states, weights, mask):
    """Tensors of `sequences`, `states`, `weights` (Variables read) and `mask`, or
    NotImplemented unless all are dense float32 or float64 tensors of one dtype,
    `sequences` of rank 3, each state `(batch, units)` and the mask `(batch, time)`."""
    if not isinstance(sequences, tf.Tensor):
        return NotImplemented
    x = sequences
    if x.shape.rank != 3 or x.dtype not in _RNN_FLOATS or x.shape[1] == 0:
        return NotImplemented
    weights = [core.convert_to_tensor(w) for w in weights]
    for t in list(states) + weights:
        if not isinstance(t, tf.Tensor) or t.dtype != x.dtype:
            return NotImplemented
    units = weights[1].shape[0]
    if units is None:
        return NotImplemented
    for s in states:
        if s.shape.rank != 2 or s.shape[1] != units:
            return NotImplemented
    if mask is not None:
        if not isinstance(mask, tf.Tensor) or mask.shape.rank != 2:
            return NotImplemented
    return x, list(states), weights


def _lstm_step(z_x, states, recurrent_kernel):
    h, c = states
    z = z_x + tf.matmul(h, recurrent_kernel)
    z_i, z_f, z_g, z_o = tf.split(z, 4, axis=-1)
    c = tf.sigmoid(z_f) * c + tf.sigmoid(z_i) * tf.tanh(z_g)
    h = tf.sigmoid(z_o) * tf.tanh(c)
    return h, [h, c]


def _gru_step(z_x, states, recurrent_kernel, recurrent_bias):
    (h,) = states
    x_z, x_r, x_h = tf.split(z_x, 3, axis=-1)
    inner = tf.matmul(h, recurrent_kernel) + recurrent_bias
    r_z, r_r, r_h = tf.split(inner, 3, axis=-1)
    z = tf.sigmoid(x_z + r_z)
    r = tf.sigmoid(x_r + r_r)
    h = z * h + (1 - z) * tf.tanh(x_h + r * r_h)
    return h, [h]


def _lstm_recurrence(z_x, h, c, recurrent_kernel):
    """The unmasked LSTM recurrence over time-major input projections `z_x` `(time,
    batch, 4 * units)`: returns every step's `h` `(time, batch, units)` and the last
    `c`, with a written-out gradient.

    Autodiff of a `tf.while_loop` pushes every intermediate of a step on its own stack
    and replays the gradient of each of the step's ops; here a step saves
    its gates, `tanh(c)` and the previous `c` in one write, the backward loop is the
    LSTM's derivative in about as many ops as the forward step (the engine's
    SigmoidGrad/TanhGrad), and the recurrent kernel's gradient is one product over
    every step after the loop.
    """
    units = tf.shape(h)[-1]

    @tf.custom_gradient
    def recurrence(z_x, h0, c0, recurrent_kernel):
        steps = tf.shape(z_x)[0]
        hs = tf.TensorArray(z_x.dtype, size=steps, element_shape=h0.shape)
        saved = tf.TensorArray(z_x.dtype, size=steps)

        def body(t, h, c, hs, saved):
            # A slice of the loop-invariant input, not a TensorArray (which copies
            # every step's input once before the loop): the gradient is ours.
            z = z_x[t] + tf.matmul(h, recurrent_kernel)
            z_i, z_f, z_g, z_o = tf.split(z, 4, axis=-1)
            i, f, o = tf.sigmoid(z_i), tf.sigmoid(z_f), tf.sigmoid(z_o)
            g = tf.tanh(z_g)
            c_new = f * c + i * g
            tanh_c = tf.tanh(c_new)
            h = o * tanh_c
            saved = saved.write(t, tf.concat([i, f, g, o, tanh_c, c], axis=-1))
            return t + 1, h, c_new, hs.write(t, h), saved

        _, _, c_last, hs, saved = tf.while_loop(
            lambda t, *_: t < steps,
            body,
            (tf.constant(0), h0, c0, hs, saved),
            maximum_iterations=steps,
        )
        hs = hs.stack()
        saved = saved.stack()

        def grad(d_hs, d_c_last):
            if d_hs is None:
                d_hs = tf.zeros_like(hs)
            if d_c_last is None:
                d_c_last = tf.zeros_like(c0)
            d_z = tf.TensorArray(z_x.dtype, size=steps)

            def back(t, dh_next, dc_next, d_z):
                i, f, g, o, tanh_c, c_prev = tf.split(saved[t], 6, axis=-1)
                dh = d_hs[t] + dh_next
                dc = dc_next + tf.raw_ops.TanhGrad(y=tanh_c, dy=dh * o)
                dz = tf.concat(
                    [
                        tf.raw_ops.SigmoidGrad(y=i, dy=dc * g),
                        tf.raw_ops.SigmoidGrad(y=f, dy=dc * c_prev),
                        tf.raw_ops.TanhGrad(y=g, dy=dc * i),
                        tf.raw_ops.SigmoidGrad(y=o, dy=dh * tanh_c),
                    ],
                    axis=-1,
                )
                dh_prev = tf.matmul(dz, recurrent_kernel, transpose_b=True)
                return t - 1, dh_prev, dc * f, d_z.write(t, dz)

            _, dh0, dc0, d_z = tf.while_loop(
                lambda t, *_: t >= 0,
                back,
                (steps - 1, tf.zeros_like(h0), d_c_last, d_z),
                maximum_iterations=steps,
            )
            d_z = d_z.stack()
            h_prev = tf.concat([h0[None], hs[:-1]], axis=0)
            d_kernel = tf.matmul(
                tf.reshape(h_prev, [-1, units]),
                tf.reshape(d_z, [-1, 4 * units]),
                transpose_a=True,
            )
            return d_z, dh0, dc0, d_kernel

        return (hs, c_last), grad

    return recurrence(z_x, h, c, recurrent_kernel)


def _fused_rnn_loop(
    kind,
    x,
    states,
    kernel,
    recurrent_kernel,
    bias,
    mask,
    go_backwards,
    return_sequences,
    zero_output_for_mask,
):
    """The loop of keras.layers.rnn.time_loop.run for an LSTM or GRU cell, with the
    input projection hoisted out of the `tf.while_loop` (eager or traced)."""
    gates = tf.shape(kernel)[-1]
    batch, steps = tf.shape(x)[0], tf.shape(x)[1]
    # Time-major before the projection: the transpose moves `features`, not `gates`,
    # values per step.
    flat_x = tf.reshape(tf.transpose(x, [1, 0, 2]), [-1, tf.shape(x)[-1]])
    if kind == "lstm":
        z_x = tf.matmul(flat_x, kernel) + bias

        def step(z_t, flat):
            return _lstm_step(z_t, flat, recurrent_kernel)

    else:
        z_x = tf.matmul(flat_x, kernel) + bias[0]

        def step(z_t, flat):
            return _gru_step(z_t, flat, recurrent_kernel, bias[1])

    z_x = tf.reshape(z_x, [steps, batch, gates])
    keep = None
    if mask is not None:
        keep = tf.transpose(tf.cast(mask, tf.bool))[..., None]  # (time, batch, 1)
    if go_backwards:
        z_x = tf.reverse(z_x, [0])
        keep = None if keep is None else tf.reverse(keep, [0])
    if kind == "lstm" and keep is None:
        hs, c = _lstm_recurrence(z_x, states[0], states[1], recurrent_kernel)
        outputs = None
        if return_sequences:
            outputs = tf.transpose(hs, [1, 0, 2])
            outputs.set_shape(x.shape[:2].concatenate(recurrent_kernel.shape[:1]))
        return (hs[-1], outputs, hs[-1], c)
    inputs = tf.TensorArray(x.dtype, size=steps).unstack(z_x)
    keeps = None if keep is None else tf.TensorArray(tf.bool, size=steps).unstack(keep)

    def body(t, flat, last, *outputs):
        output, new_flat = step(inputs.read(t), flat)
        if keeps is not None:
            # A masked step keeps the states and repeats the last output (or zeros).
            keep_t = keeps.read(t)
            new_flat = [tf.where(keep_t, n, o) for n, o in zip(new_flat, flat)]
            fallback = tf.zeros_like(output) if zero_output_for_mask else last
            output = tf.where(keep_t, output, fallback)
        # Only the outputs asked for are written (XLA refuses a list never written).
        return (t + 1, new_flat, output, *(o.write(t, output) for o in outputs))

    outputs = ()
    if return_sequences:
        outputs = (
            tf.TensorArray(x.dtype, size=steps, element_shape=states[0].shape),
        )
    _, flat, last, *outputs = tf.while_loop(
        lambda t, *_: t < steps,
        body,
        (tf.constant(0), list(states), states[0], *outputs),
        maximum_iterations=steps,
    )
    stacked = None
    if return_sequences:
        stacked = tf.transpose(outputs[0].stack(), [1, 0, 2])
        stacked.set_shape(x.shape[:2].concatenate(recurrent_kernel.shape[:1]))
    return (last, stacked, *flat)


def _fused(kind, sequences, states, weights, mask, go_backwards, return_sequences,
           zero_output_for_mask):
    taken = _rnn_tensors(sequences, states, weights, mask)
    if taken is NotImplemented:
        return NotImplemented
    x, states, (kernel, recurrent_kernel, bias) = taken
    units = recurrent_kernel.shape[0]
    gates = 4 if kind == "lstm" else 3
    bias_shape = (gates * units,) if kind == "lstm" else (2, gates * units)
    if tuple(kernel.shape) != (x.shape[-1], gates * units):
        return NotImplemented
    if tuple(recurrent_kernel.shape) != (units, gates * units):
        return NotImplemented
    if tuple(bias.shape) != bias_shape:
        return NotImplemented
    return _fused_rnn_loop(
        kind, x, states, kernel, recurrent_kernel, bias, mask,
        bool(go_backwards), bool(return_sequences), bool(zero_output_for_mask),
    )


def _fused_lstm(
    sequences,
    h,
    c,
    kernel,
    recurrent_kernel,
    bias,
    mask=None,
    go_backwards=False,
    return_sequences=True,
    zero_output_for_mask=False,
):
    """keras.layers.LSTM's loop (tanh, sigmoid, a `(4 * units,)` bias) with the input
    projection out of the `tf.while_loop`: returns `(last_output, outputs or None, h,
    c)` as keras.layers.rnn.time_loop.run does (any mask). Declines dtypes other than
    float32/float64 (one for all) and shapes it does not know."""
    return _fused(
        "lstm", sequences, [h, c], [kernel, recurrent_kernel, bias], mask,
        go_backwards, return_sequences, zero_output_for_mask,
    )


def _fused_gru(
    sequences,
    h,
    kernel,
    recurrent_kernel,
    bias,
    mask=None,
    go_backwards=False,
    return_sequences=True,
    zero_output_for_mask=False,
):
    """keras.layers.GRU's loop (tanh, sigmoid, `reset_after`, a `(2, 3 * units)`
    bias: the recurrent row inside `r * (h @ U_h + b_h)`) with the input projection
    out of the `tf.while_loop`: returns `(last_output, outputs or None, h)`; declines
    as `_fused_lstm` does."""
    return _fused(
        "gru", sequences, [h], [kernel, recurrent_kernel, bias], mask,
        go_backwards, return_sequences, zero_output_for_mask,
    )


registry.for_backend("tensorflow").register(
    __name__,
    "lstm",
    _fused_lstm,
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="keras.layers.LSTM's loop, input projection hoisted out of tf.while_loop",
)
registry.for_backend("tensorflow").register(
    __name__,
    "gru",
    _fused_gru,
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="keras.layers.GRU's loop (reset_after), input projection hoisted out of "
    "tf.while_loop",
)



# Our fused C++ kernels (kernels/): "kernel" entries, tried before the engine's own
# fast paths; recorded as unavailable (with the reason) where they cannot be loaded.
registry.install_kernels("tensorflow", __name__)
