"""torch backend: the nn ops (see keras/ops/nn.py for their contract).

The arguments arrive checked and in canonical form from keras.ops.nn. torch's kernels
are channels-first: channels-last inputs are permuted in and out, and "same" padding,
which torch pads symmetrically, is applied with an explicit (possibly uneven) `F.pad`.
"""

import math
import warnings

import torch
import torch.nn.functional as F

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import nn_utils
from keras.backends.common import registry
from keras.backends.torch import core

_HALF = frozenset((torch.float16, torch.bfloat16))
# Unsigned dtypes whose clamp has no CPU kernel.
_WIDE_UNSIGNED = frozenset((torch.uint16, torch.uint32, torch.uint64))
_LARGE_NEGATIVE = -0.7 * torch.finfo(torch.float32).max
_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}
_MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE_AVG = {
    1: F.adaptive_avg_pool1d,
    2: F.adaptive_avg_pool2d,
    3: F.adaptive_avg_pool3d,
}
_ADAPTIVE_MAX = {
    1: F.adaptive_max_pool1d,
    2: F.adaptive_max_pool2d,
    3: F.adaptive_max_pool3d,
}


# Our fused kernels register "call" entries here when their library loads (kernels/);
# the functions decorated with `_KERNELS.consulted_by` try them first.
_KERNELS = registry.for_backend("torch")


_tensor = core._tensor


def _float(x):
    """`x` as a tensor of its floating result dtype: ints and bools become floatx."""
    x = _tensor(x)
    if x.is_floating_point():
        return x
    return core.cast(x, backend_utils.float_dtype(dtypes.standardize_dtype(x.dtype)))


_floats, _compute = nn_utils.precision_helpers(
    core.convert_to_tensor, torch.Tensor.to, _HALF, torch.float32
)
_tuple = backend_utils.to_tuple
_format = backend_utils.standardize_data_format


def _dims(axis):
    return axis if isinstance(axis, int) else tuple(axis)


# Activations.


def relu(x):
    # Fast path: a plain float tensor.
    if type(x) in core._PLAIN_TENSORS and x.is_floating_point():
        return torch.relu(x)
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = _float(x)
    if x.dtype in _WIDE_UNSIGNED:
        return x.clone()  # never negative
    return torch.relu(x)


def relu6(x):
    x = _tensor(x)
    if x.dtype == torch.bool:
        x = _float(x)
    if x.dtype in _WIDE_UNSIGNED:
        return torch.clamp(x.to(torch.int64), max=6).to(x.dtype)
    return torch.clamp(x, 0, 6)


def sigmoid(x):
    return torch.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return torch.clamp(0.5 * (x + 1), 0, 1)


def softplus(x):
    x = _float(x)
    # F.softplus is linear above 20; logaddexp is exact everywhere.
    return torch.logaddexp(x, torch.zeros_like(x))


def softsign(x):
    return F.softsign(_float(x))


def soft_shrink(x, threshold=0.5):
    return F.softshrink(_float(x), lambd=threshold)


def sparse_plus(x):
    x = _float(x)
    middle = 0.25 * torch.square(x + 1)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, middle))


def silu(x):
    return F.silu(_float(x))


def squareplus(x, b=4):
    x = _float(x)
    return (x + torch.sqrt(torch.square(x) + b)) / 2


def log_sigmoid(x):
    return F.logsigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float(x), negative_slope=negative_slope)


def hard_sigmoid(x):
    return F.hardsigmoid(_float(x))


def hard_silu(x):
    return F.hardswish(_float(x))


def elu(x, alpha=1.0):
    return F.elu(_float(x), alpha=alpha)


def selu(x):
    return F.selu(_float(x))


def gelu(x, approximate=True):
    return F.gelu(_float(x), approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0):
    return F.celu(_float(x), alpha=alpha)


def glu(x, axis=-1):
    return F.glu(_float(x), dim=axis)


def tanh_shrink(x):
    return F.tanhshrink(_float(x))


def hard_tanh(x):
    return F.hardtanh(_float(x))


def hard_shrink(x, threshold=0.5):
    return F.hardshrink(_float(x), lambd=threshold)


def threshold(x, threshold, default_value):
    return F.threshold(_float(x), threshold, default_value)


def _log_softmax(x, axis):
    if isinstance(axis, int):
        return torch.log_softmax(x, dim=axis)
    return x - torch.logsumexp(x, dim=axis, keepdim=True)


def softmax(x, axis=-1):
    x = _float(x)
    if x.numel() == 0:
        return x
    if isinstance(axis, int):
        return torch.softmax(x, dim=axis)
    return torch.exp(_log_softmax(x, _dims(axis)))


def log_softmax(x, axis=-1):
    x = _float(x)
    if x.numel() == 0:
        return x
    return _log_softmax(x, _dims(axis))


def sparsemax(x, axis=-1):
    x = _float(x)
    if x.numel() == 0:
        return x
    moved = torch.movedim(x, axis, -1)
    ordered = torch.sort(moved, dim=-1, descending=True).values
    cumulative = torch.cumsum(ordered, dim=-1)
    k = torch.arange(1, moved.shape[-1] + 1, dtype=moved.dtype, device=moved.device)
    support = torch.sum(1 + k * ordered > cumulative, dim=-1, keepdim=True)
    tau = (torch.gather(cumulative, -1, support - 1) - 1) / support.to(moved.dtype)
    return torch.movedim(torch.clamp(moved - tau, min=0), -1, axis)


# Losses.


def binary_crossentropy(target, output, from_logits=False):
    target, output = _floats(target, output)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    epsilon = config.epsilon()
    output = torch.clamp(output, epsilon, 1 - epsilon)
    return -(target * torch.log(output) + (1 - target) * torch.log(1 - output))


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return torch.log_softmax(output, dim=axis)
    epsilon = config.epsilon()
    output = output / torch.sum(output, dim=axis, keepdim=True)
    return torch.log(torch.clamp(output, epsilon, 1 - epsilon))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _floats(target, output)
    return -torch.sum(target * _log_probabilities(output, from_logits, axis), dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    target = _tensor(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target[..., 0]
    target = target.to(torch.int64)
    log_probabilities = _log_probabilities(output, from_logits, -1)
    classes = output.shape[-1]
    # Labels out of [0, classes) get a loss of 0 (as a one-hot encoding would give).
    index, valid = _clamped_labels(target, classes)
    if log_probabilities.ndim == 2 and log_probabilities.dtype in _NLL_DTYPES:
        # (batch, classes): one op picks and negates the log-probability of each label;
        # invalid labels are marked on the (integer) labels, outside the autograd graph.
        index = torch.where(valid, index, _IGNORED)
        return F.nll_loss(log_probabilities, index, reduction="none", ignore_index=_IGNORED)
    picked = torch.gather(log_probabilities, -1, index[..., None])[..., 0]
    return -torch.where(valid, picked, 0.0)


_NLL_DTYPES = frozenset((torch.float32, torch.float64))
_IGNORED = -100


def _clamped_labels(target, classes):
    """int64 `target` clamped into [0, classes), and which labels were in that range."""
    index = torch.clamp(target, 0, max(classes - 1, 0))
    valid = index == target if classes else torch.zeros_like(target, dtype=torch.bool)
    return index, valid


def _mean_sparse_categorical_crossentropy(target, output, from_logits):
    """keras.ops.fused.mean_sparse_categorical_crossentropy for (batch, classes) float32
    CPU logits or probabilities and integer labels: one `nll_loss`."""
    if (
        output.ndim != 2
        or output.dtype is not torch.float32
        or target.dtype not in _LABEL_DTYPES
        or not output.is_cpu
    ):
        return NotImplemented
    if target.ndim == 2 and target.shape[1] == 1:
        target = target[:, 0]
    count = output.shape[0]
    if target.ndim != 1 or target.shape[0] != count or not count:
        return NotImplemented
    log_probabilities = _log_probabilities(output, from_logits, -1)
    # On the CPU torch checks the labels and raises for one out of range. Labels equal
    # to `ignore_index` add 0, as out-of-range labels should, but also leave the count
    # of a "mean": an ignore_index no label of a narrower dtype can equal makes the mean
    # exact; int64 labels are summed and divided by the batch size instead.
    narrow = target.dtype is not torch.int64
    try:
        if narrow:
            return F.nll_loss(log_probabilities, target.long(), ignore_index=_NEVER_NARROW)
        return F.nll_loss(log_probabilities, target, reduction="sum") / count
    except (IndexError, RuntimeError):
        pass
    index, valid = _clamped_labels(target.long(), output.shape[1])
    index = torch.where(valid, index, _IGNORED)
    total = F.nll_loss(log_probabilities, index, reduction="sum", ignore_index=_IGNORED)
    return total / count


_LABEL_DTYPES = frozenset(
    (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64)
)
# An int64 that no label of a narrower integer dtype can equal.
_NEVER_NARROW = -(2**63)


registry.for_backend("torch").register(
    __name__,
    "mean_sparse_categorical_crossentropy",
    _mean_sparse_categorical_crossentropy,
    devices=("cpu", "cuda"),
    note="one nll_loss",
)


# One-hot encodings.


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the torch backend.")
    x = _tensor(x).to(torch.int64)
    classes = torch.arange(num_classes, device=x.device)
    return torch.movedim(core.cast(x[..., None] == classes, dtype), -1, axis)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False):
    inputs = _tensor(inputs)
    encoded = one_hot(inputs, num_classes, sparse=sparse, dtype="bool")
    encoded = torch.any(encoded, dim=1 if inputs.ndim > 1 else 0)
    return torch.movedim(core.cast(encoded, dtype), -1, axis)


# Statistics and normalizations.


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    values = _compute(x)
    axes = tuple(axes)
    mean = torch.mean(values, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(values - mean), dim=axes, keepdim=keepdims)
    if not keepdims:
        mean = torch.squeeze(mean, dim=axes)
    return mean.to(x.dtype), variance.to(x.dtype)


def _mean(x, axis):
    return torch.mean(x, dim=_dims(axis), keepdim=True)


batch_normalization, layer_normalization, rms_normalization = (
    nn_utils.make_normalizations(
        _KERNELS,
        _mean,
        torch.rsqrt,
        torch.reshape,
        _float,
        _compute,
        core.convert_to_tensor,
        torch.Tensor.to,
    )
)


def normalize(x, axis=-1, order=2, epsilon=None):
    x = _float(x)
    epsilon = config.epsilon() if epsilon is None else epsilon
    dims = _dims(axis)
    if order == 2:
        square_sum = torch.sum(torch.square(x), dim=dims, keepdim=True)
        return x * torch.rsqrt(torch.clamp(square_sum, min=epsilon))
    if order == math.inf:
        norm = torch.amax(torch.abs(x), dim=dims, keepdim=True)
    else:
        norm = torch.sum(torch.abs(x) ** order, dim=dims, keepdim=True) ** (1 / order)
    return x / torch.clamp(norm, min=epsilon)


def psnr(x1, x2, max_val):
    x1, x2 = _floats(x1, x2)
    mse = torch.mean(torch.square(x1 - x2))
    return 20 * math.log10(max_val) - 10 * torch.log10(mse)


def polar(abs_, angle):
    abs_, angle = _floats(abs_, angle)
    return torch.polar(*torch.broadcast_tensors(abs_.float(), angle.float()))


# Attention.


def _attend(query, key, value, repeats, scale, bias, mask, is_causal, soft_cap):
    if repeats > 1:
        key = torch.repeat_interleave(key, repeats, dim=2)
        value = torch.repeat_interleave(value, repeats, dim=2)
    # Scaling the query costs T*H multiplies where scaling the logits costs T*S.
    logits = torch.einsum("btnh,bsnh->bnts", query.float() * scale, key.float())
    if soft_cap is not None:
        logits = soft_cap * torch.tanh(logits / soft_cap)
    if bias is not None:
        logits = logits + _tensor(bias).float()
    keep = _keep(logits.shape[-2:], mask, is_causal, logits.device)
    if keep is not None:
        logits = logits.masked_fill(~keep, _LARGE_NEGATIVE)
    weights = torch.softmax(logits, dim=-1)
    return torch.einsum("bnts,bsnh->btnh", weights, value.float()).to(query.dtype)


def _keep(shape, mask, is_causal, device):
    """Where a query may attend (a bool tensor broadcasting to the logits), or None
    when it may attend everywhere."""
    keep = None
    if is_causal:
        keep = torch.ones(tuple(shape), dtype=torch.bool, device=device).tril()
    if mask is not None:
        mask = _tensor(mask).to(torch.bool)
        keep = mask if keep is None else keep & mask
    return keep


def _fused_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """torch's own fused `scaled_dot_product_attention`, for float32 tensors.

    Declines (NotImplemented) for other dtypes (the reference computes half precision
    in float32), a logits soft cap, and a mask that leaves a query with no key at all:
    torch gives NaN there, the reference equal weights.
    """
    if attn_logits_soft_cap is not None:
        return NotImplemented
    tensors = (query, key, value)
    if not all(isinstance(t, torch.Tensor) for t in tensors):
        return NotImplemented
    if not all(t.dtype == torch.float32 for t in tensors):
        return NotImplemented
    if any(t.ndim != 4 for t in tensors) or query.shape[2] % key.shape[2]:
        return NotImplemented  # the reference raises the clear error
    repeats = query.shape[2] // key.shape[2]
    if repeats > 1:
        key = torch.repeat_interleave(key, repeats, dim=2)
        value = torch.repeat_interleave(value, repeats, dim=2)
    keep = None
    if mask is not None:
        keep = _keep((query.shape[1], key.shape[1]), mask, is_causal, query.device)
        if not bool(keep.any(dim=-1).all()):
            return NotImplemented
        is_causal = False  # folded into `keep`
    attn_mask = keep
    if bias is not None:
        bias = _tensor(bias).float()
        if is_causal:
            keep = _keep((query.shape[1], key.shape[1]), None, True, query.device)
            is_causal = False
        attn_mask = bias if keep is None else torch.where(keep, bias, -math.inf)
    # torch's layout is (batch, heads, length, head_dim); its CPU flash kernel runs
    # faster on contiguous inputs than on transposed views, copies included.
    result = F.scaled_dot_product_attention(
        query.transpose(1, 2).contiguous(),
        key.transpose(1, 2).contiguous(),
        value.transpose(1, 2).contiguous(),
        attn_mask=attn_mask,
        is_causal=is_causal,
        scale=scale,
    )
    return result.transpose(1, 2)


def _fused_layer_norm(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """torch's own `F.layer_norm`, for float32 tensors normalized over their trailing
    axes with gamma and beta of those axes' size.

    Declines (NotImplemented) otherwise: half precision (the reference computes it in
    float32), `rms_scaling`, leading or non-contiguous axes.
    """
    if rms_scaling or not isinstance(x, torch.Tensor) or x.dtype != torch.float32:
        return NotImplemented
    ndim = x.ndim
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if not axes or ndim == 0:
        return NotImplemented
    axes = sorted(a % ndim for a in axes)
    if axes != list(range(ndim - len(axes), ndim)):
        return NotImplemented
    shape = tuple(x.shape[ndim - len(axes) :])
    size = math.prod(shape)
    params = []
    for value in (gamma, beta):
        if value is None:
            params.append(None)
            continue
        if not isinstance(value, torch.Tensor) or value.dtype != torch.float32:
            return NotImplemented
        if value.numel() != size:
            return NotImplemented
        params.append(value.reshape(shape))
    epsilon = config.epsilon() if epsilon is None else epsilon
    return F.layer_norm(x, shape, params[0], params[1], eps=epsilon)


_KERNELS.register(
    __name__,
    "layer_normalization",
    _fused_layer_norm,
    note="F.layer_norm: float32, trailing axes, no rms_scaling",
)


dot_product_attention = nn_utils.make_dot_product_attention(_KERNELS, _floats, _attend)

_KERNELS.register(
    __name__,
    "dot_product_attention",
    _fused_attention,
    note="F.scaled_dot_product_attention: float32, no soft cap, every query sees a key",
)


# Pooling and convolutions (channels-first inside).


def _to_channels_first(x, data_format):
    return torch.movedim(x, -1, 1) if data_format == "channels_last" else x


def _from_channels_first(x, data_format):
    return torch.movedim(x, 1, -1) if data_format == "channels_last" else x


def _pad(x, pads, value=0.0):
    """Pads the trailing spatial axes of `x` by the (left, right) pairs `pads`."""
    flat = [p for pair in reversed(pads) for p in pair]
    if not any(flat):
        return x
    return F.pad(x, flat, value=value)


def _pool(inputs, pool_size, strides, padding, data_format, average):
    data_format = _format(data_format)
    x = _to_channels_first(_float(inputs), data_format)
    n = x.ndim - 2
    pool_size, strides = _tuple(pool_size, n), _tuple(strides or pool_size, n)
    pads = backend_utils.conv_padding(x.shape[2:], pool_size, strides, padding)
    if average:
        values = _compute(x)
        total = _AVG_POOL[n](_pad(values, pads), pool_size, strides)
        if any(p for pair in pads for p in pair):
            # Leave the padded positions out of each average.
            ones = torch.ones((1, 1, *x.shape[2:]), dtype=values.dtype, device=x.device)
            total = total / _AVG_POOL[n](_pad(ones, pads), pool_size, strides)
        result = total.to(x.dtype)
    else:
        result = _MAX_POOL[n](_pad(x, pads, -math.inf), pool_size, strides)
    return _from_channels_first(result, data_format)


max_pool, average_pool = nn_utils.make_pools(_pool)


def _adaptive_pool(inputs, output_size, data_format, functions):
    data_format = _format(data_format)
    x = _to_channels_first(_float(inputs), data_format)
    n = x.ndim - 2
    result = functions[n](_compute(x), _tuple(output_size, n))
    return _from_channels_first(result.to(x.dtype), data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, _ADAPTIVE_AVG)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive_pool(inputs, output_size, data_format, _ADAPTIVE_MAX)


def _torch_kernel(kernel):
    # (k..., in, out) -> (out, in, k...)
    n = kernel.ndim - 2
    return kernel.permute(n + 1, n, *range(n))


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    data_format = _format(data_format)
    inputs, kernel = _floats(inputs, kernel)
    x = _to_channels_first(inputs, data_format)
    n = x.ndim - 2
    strides, dilation = _tuple(strides, n), _tuple(dilation_rate, n)
    window = kernel.shape[:n]
    pads = backend_utils.conv_padding(x.shape[2:], window, strides, padding, dilation)
    x = _pad(x, pads)
    groups = x.shape[1] // kernel.shape[-2]
    result = _CONV[n](
        x, _torch_kernel(kernel), stride=strides, dilation=dilation, groups=groups
    )
    return _from_channels_first(result, data_format)


depthwise_conv = backend_utils.make_depthwise_conv(conv, _tensor)
separable_conv = backend_utils.make_separable_conv(depthwise_conv, conv)


def _conv_transpose(x, kernel, strides, padding, output_padding, dilation):
    """Transposed convolution of channels-first `x` with a (k..., out, in) kernel."""
    n = x.ndim - 2
    # The full transposed convolution (every tap of every input), then the window that
    # the padding selects: it starts `effective - 1 - left` in and may run past the end,
    # where only zeros would have been added.
    weight = kernel.permute(n + 1, n, *range(n))  # (k..., out, in) -> (in, out, k...)
    full = _CONV_TRANSPOSE[n](x, weight, stride=strides, dilation=dilation)
    crops = []
    for axis, (size, k, s, p, d) in enumerate(
        zip(x.shape[2:], kernel.shape[:n], strides, output_padding, dilation), start=2
    ):
        left, right = backend_utils.transpose_padding(k, s, padding, p, d)
        effective = (k - 1) * d + 1
        start = effective - 1 - left
        length = (size - 1) * s + 1 + left + right - effective + 1
        available = full.shape[axis] - start
        if length > available:
            pad = [0, 0] * (full.ndim - 1 - axis) + [0, length - available]
            full = F.pad(full, pad)
        crops.append(slice(start, start + length))
    return full[(slice(None), slice(None), *crops)]


conv_transpose = backend_utils.make_conv_transpose_of(
    _conv_transpose, _floats, _to_channels_first, _from_channels_first
)


# Rearrangements.


def _rearrange(x, split, order, shape):
    return x.reshape(split).permute(order).reshape(shape)


depth_to_space, space_to_depth = nn_utils.make_rearrangements(_tensor, _rearrange)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    return F.unfold(
        _tensor(x), kernel_size, dilation=dilation, padding=padding, stride=stride
    )


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    return F.fold(
        _tensor(x),
        output_size,
        kernel_size,
        dilation=dilation,
        padding=padding,
        stride=stride,
    )


# Connectionist temporal classification.


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = _float(output)
    classes = output.shape[-1]
    target = torch.clamp(_tensor(target).to(torch.int64), 0, classes - 1)
    log_probabilities = torch.log_softmax(_compute(output), dim=-1)
    loss = F.ctc_loss(
        log_probabilities.transpose(0, 1),  # (time, batch, classes)
        target,
        _tensor(output_length).to(torch.int64),
        _tensor(target_length).to(torch.int64),
        blank=mask_index,
        reduction="none",
    )
    return loss.to(output.dtype)


def _greedy_decode(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = inputs.shape[1]
    scores, indices = torch.max(inputs, dim=-1)
    positions = torch.arange(steps, device=inputs.device)
    padding = positions[None, :] >= sequence_lengths[:, None]
    indices = torch.where(padding, mask_index, indices)
    scores = torch.where(padding, torch.zeros_like(scores), scores)
    if merge_repeated:
        repeated = F.pad(indices[:, 1:] == indices[:, :-1], (1, 0))
        indices = torch.where(repeated, mask_index, indices)
    dropped = indices == mask_index
    # Move the kept labels to the front, in order, and pad with -1.
    order = torch.argsort(dropped.to(torch.int8), dim=1, stable=True)
    indices = torch.gather(torch.where(dropped, -1, indices), 1, order)
    return indices[None].to(torch.int32), -torch.sum(scores, dim=1, keepdim=True)


ctc_decode = nn_utils.make_ctc_decode(
    "torch", _tensor, _float, torch.Tensor.to, torch.int64, _greedy_decode
)


# Fast path (keras.backends.common.registry): torch.relu keeps float dtypes.
registry.for_backend("torch").register(
    __name__,
    "relu",
    torch.relu,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    devices=("cpu", "cuda"),
    note="torch.relu",
)


# The recurrent layers' fused loops (named in registry.LAYER_LOOPS):
# `LSTM` and `GRU` consult them when their configuration is the engine's (tanh and
# sigmoid, biases, no recurrent dropout, ...; see keras.layers.rnn.lstm.fused_call),
# so these only check the tensors.

_RNN_FLOATS = (torch.float32, torch.float64)

# Our weights are views of the Keras variables, rebuilt (with autograd) on every call,
# so cuDNN cannot keep them in one flat buffer; its advice to flatten them does not
# apply and would be printed on every call.
warnings.filterwarnings(
    "ignore", message="RNN module weights are not part of single contiguous chunk"
)


def _rnn_lengths(mask, batch, steps, device):
    """The per-sample lengths of a right-padded `(batch, steps)` mask, None when every
    step is kept, or NotImplemented for any other mask (left padding, holes, an empty
    sequence: the scan handles those)."""
    if mask is None:
        return None
    if type(mask) not in core._PLAIN_TENSORS or tuple(mask.shape) != (batch, steps):
        return NotImplemented
    keep = mask if mask.dtype is torch.bool else mask != 0
    if keep.device != device:
        return NotImplemented
    lengths = keep.sum(dim=1)
    positions = torch.arange(steps, device=device)
    # One host sync: packing needs the lengths on the CPU anyway.
    lengths_cpu = lengths.cpu()
    if int(lengths_cpu.min()) == 0:
        return NotImplemented
    if not bool(torch.equal(keep, positions[None, :] < lengths[:, None])):
        return NotImplemented
    if int(lengths_cpu.min()) == steps:
        return None
    return lengths_cpu


def _rnn_tensors(sequences, states, weights):
    """Plain tensors of `sequences`, `states` and `weights` (Variables read), or
    NotImplemented unless all are float32 or float64 tensors of one dtype and device,
    `sequences` of rank 3 and each state `(batch, units)`."""
    weights = [core._plain(w) for w in weights]
    states = [core._plain(s) for s in states]
    x = sequences
    if type(x) not in core._PLAIN_TENSORS or x.ndim != 3 or x.dtype not in _RNN_FLOATS:
        return NotImplemented
    for t in states + weights:
        if type(t) not in core._PLAIN_TENSORS:
            return NotImplemented
        if t.dtype is not x.dtype or t.device != x.device:
            return NotImplemented
    units = weights[1].shape[0]
    if any(tuple(s.shape) != (x.shape[0], units) for s in states):
        return NotImplemented
    return x, states, weights


def _run_engine_rnn(run, x, hx, params, lengths, go_backwards):
    """Runs `run` (torch._VF.lstm or gru) over batch-first `x` with one layer, one
    direction; returns the batch-first outputs (zeros past each length) and the final
    states, each `(batch, units)`."""
    train = torch.is_grad_enabled()
    if go_backwards:
        x = x.flip(1)
    if lengths is None:
        out, *final = run(x, hx, params, True, 1, 0.0, train, False, True)
        return out, [s[0] for s in final]
    steps = x.shape[1]
    packed = torch.nn.utils.rnn.pack_padded_sequence(
        x, lengths, batch_first=True, enforce_sorted=False
    )
    order = packed.sorted_indices
    hx = tuple(s[:, order] for s in hx) if isinstance(hx, tuple) else hx[:, order]
    data, *final = run(
        packed.data, packed.batch_sizes, hx, params, True, 1, 0.0, train, False
    )
    out, _ = torch.nn.utils.rnn.pad_packed_sequence(
        torch.nn.utils.rnn.PackedSequence(
            data, packed.batch_sizes, order, packed.unsorted_indices
        ),
        batch_first=True,
        total_length=steps,
    )
    return out, [s[0][packed.unsorted_indices] for s in final]


def _rnn_result(out, final, lengths, return_sequences, zero_output_for_mask):
    """`(last_output, outputs or None, *final)` as keras.layers.RNN returns them:
    past its length a sample outputs its last output, or zeros."""
    h = final[0]
    outputs = None
    if return_sequences:
        outputs = out
        if lengths is not None and not zero_output_for_mask:
            steps = out.shape[1]
            positions = torch.arange(steps, device=out.device)
            valid = positions[None, :] < lengths.to(out.device)[:, None]
            outputs = torch.where(valid[:, :, None], out, h[:, None, :])
    return (h, outputs, *final)


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
    """keras.layers.LSTM's loop (tanh, sigmoid, a bias) as one `torch._VF.lstm`
    call: returns `(last_output, outputs or None, h, c)`.

    Keras's gate order i, f, c, o is torch's i, f, g, o, so the kernels are only
    transposed; the bias is torch's input bias (its recurrent bias is zero). Declines
    other dtypes, mixed devices, a mask that is not right-padded, and a mask with
    `go_backwards`.
    """
    taken = _rnn_tensors(sequences, [h, c], [kernel, recurrent_kernel, bias])
    if taken is NotImplemented:
        return NotImplemented
    x, (h, c), (kernel, recurrent_kernel, bias) = taken
    if mask is not None and go_backwards:
        return NotImplemented
    lengths = _rnn_lengths(mask, x.shape[0], x.shape[1], x.device)
    if lengths is NotImplemented:
        return NotImplemented
    params = [
        kernel.t().contiguous(),
        recurrent_kernel.t().contiguous(),
        bias,
        torch.zeros_like(bias),
    ]
    out, final = _run_engine_rnn(
        torch._VF.lstm, x, (h[None], c[None]), params, lengths, go_backwards
    )
    return _rnn_result(out, final, lengths, return_sequences, zero_output_for_mask)


def _gru_order(weights, units):
    """Keras's z, r, h blocks of the last axis in torch's order r, z, n."""
    z, r, h = torch.split(weights, units, dim=-1)
    return torch.cat([r, z, h], dim=-1)


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
    bias) as one `torch._VF.gru` call: returns `(last_output, outputs or None, h)`.

    Keras's gates z, r, h are torch's z, r, n in the order r, z, n: the kernels' and
    biases' blocks are reordered (torch ops, so gradients reach the variables). Declines
    as `_fused_lstm` does, and a bias of another shape.
    """
    taken = _rnn_tensors(sequences, [h], [kernel, recurrent_kernel, bias])
    if taken is NotImplemented:
        return NotImplemented
    x, (h,), (kernel, recurrent_kernel, bias) = taken
    units = recurrent_kernel.shape[0]
    if tuple(bias.shape) != (2, 3 * units):
        return NotImplemented
    if mask is not None and go_backwards:
        return NotImplemented
    lengths = _rnn_lengths(mask, x.shape[0], x.shape[1], x.device)
    if lengths is NotImplemented:
        return NotImplemented
    params = [
        _gru_order(kernel, units).t().contiguous(),
        _gru_order(recurrent_kernel, units).t().contiguous(),
        _gru_order(bias[0], units),
        _gru_order(bias[1], units),
    ]
    out, final = _run_engine_rnn(
        torch._VF.gru, x, h[None], params, lengths, go_backwards
    )
    return _rnn_result(out, final, lengths, return_sequences, zero_output_for_mask)


registry.for_backend("torch").register(
    __name__,
    "lstm",
    _fused_lstm,
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="keras.layers.LSTM's loop as one torch._VF.lstm (float32/64, right padding)",
)
registry.for_backend("torch").register(
    __name__,
    "gru",
    _fused_gru,
    dtypes=("float32", "float64"),
    devices=("cpu", "cuda"),
    note="keras.layers.GRU's loop as one torch._VF.gru (reset_after, float32/64)",
)



# Our fused C++ kernels (kernels/): "kernel" entries, tried before the engine's own
# fast paths; recorded as unavailable (with the reason) where they cannot be loaded.
registry.install_kernels("torch", __name__)
