"""NumPy references of the convolution layers, for their tests: explicit loops over
the kernel taps (and channels), float64, channels-last inside.

Conventions checked independently of the backends: "same" padding splits the total
padding `max((out - 1) * stride + k' - size, 0)` with the smaller half first, where
`k' = (kernel - 1) * dilation + 1`; "causal" pads `k' - 1` at the start; a transposed
convolution scatters each input position into a window of the full output
`(size - 1) * stride + k'` long, then keeps the output length from the offset where a
"same" convolution of that length would start.
"""

import numpy as np


def _channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _restore(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _effective(kernel, dilation):
    return (kernel - 1) * dilation + 1


def _conv_pads(sizes, kernel_sizes, strides, dilation, padding):
    pads = []
    for n, k, s, d in zip(sizes, kernel_sizes, strides, dilation):
        k = _effective(k, d)
        if padding == "valid":
            pads.append((0, 0))
        elif padding == "causal":
            pads.append((k - 1, 0))
        else:
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            pads.append((total // 2, total - total // 2))
    return pads


def conv(x, kernel, strides, padding="valid", dilation=None, data_format=None):
    """Grouped N-D correlation; `kernel` is (k..., in / groups, filters)."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    dilation = dilation or (1,) * rank
    kernel_sizes = kernel.shape[:rank]
    pads = _conv_pads(x.shape[1:-1], kernel_sizes, strides, dilation, padding)
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    outs = [
        (n - _effective(k, d)) // s + 1
        for n, k, s, d in zip(x.shape[1:-1], kernel_sizes, strides, dilation)
    ]
    group_in, filters = kernel.shape[-2:]
    groups = x.shape[-1] // group_in
    per_group = filters // groups
    out = np.zeros((x.shape[0], *outs, filters))
    for tap in np.ndindex(*kernel_sizes):
        window = tuple(
            slice(t * d, t * d + (o - 1) * s + 1, s)
            for t, d, o, s in zip(tap, dilation, outs, strides)
        )
        patch = x[(slice(None), *window)]  # (batch, outs..., in)
        for g in range(groups):
            channels = slice(g * group_in, (g + 1) * group_in)
            filters_g = slice(g * per_group, (g + 1) * per_group)
            out[..., filters_g] += patch[..., channels] @ kernel[tap][:, filters_g]
    return _restore(out, data_format)


def transpose_length(n, k, s, padding, output_padding, d=1):
    """The output length of a transposed convolution along one axis."""
    k = _effective(k, d)
    if output_padding is None:
        return n * s + max(k - s, 0) if padding == "valid" else n * s
    pad = k // 2 if padding == "same" else 0
    return (n - 1) * s + k - 2 * pad + output_padding


def conv_transpose(
    x,
    kernel,
    strides,
    padding="valid",
    output_padding=None,
    dilation=None,
    data_format=None,
):
    """Transposed N-D convolution; `kernel` is (k..., filters, in)."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    dilation = dilation or (1,) * rank
    kernel_sizes = kernel.shape[:rank]
    sizes = x.shape[1:-1]
    paddings = output_padding or (None,) * rank
    full = [
        (n - 1) * s + _effective(k, d)
        for n, k, s, d in zip(sizes, kernel_sizes, strides, dilation)
    ]
    lengths = [
        transpose_length(n, k, s, padding, p, d)
        for n, k, s, p, d in zip(sizes, kernel_sizes, strides, paddings, dilation)
    ]
    filters = kernel.shape[-2]
    scattered = np.zeros((x.shape[0], *full, filters))
    for tap in np.ndindex(*kernel_sizes):
        window = tuple(
            slice(t * d, t * d + (n - 1) * s + 1, s)
            for t, d, n, s in zip(tap, dilation, sizes, strides)
        )
        scattered[(slice(None), *window)] += x @ kernel[tap].T
    out = np.zeros((x.shape[0], *lengths, filters))
    source, target = [slice(None)], [slice(None)]
    for f, length in zip(full, lengths):
        left = max(f - length, 0) // 2 if padding == "same" else 0
        count = min(f - left, length)
        source.append(slice(left, left + count))
        target.append(slice(0, count))
    out[tuple(target)] = scattered[tuple(source)]
    return _restore(out, data_format)


def depthwise_conv(
    x, kernel, strides, padding="valid", dilation=None, data_format=None
):
    """Each channel c with its own filters: output channel c * multiplier + m."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)  # (k..., channels, multiplier)
    parts = [
        conv(x[..., c : c + 1], kernel[..., c : c + 1, :], strides, padding, dilation)
        for c in range(x.shape[-1])
    ]
    return _restore(np.concatenate(parts, axis=-1), data_format)


def separable_conv(
    x,
    depthwise_kernel,
    pointwise_kernel,
    strides,
    padding="valid",
    dilation=None,
    data_format=None,
):
    """The depthwise convolution, then a 1x1 one mixing its channels."""
    x = _channels_last(np.asarray(x, np.float64), data_format)
    depthwise = depthwise_conv(x, depthwise_kernel, strides, padding, dilation)
    pointwise = np.asarray(pointwise_kernel, np.float64)
    out = depthwise @ pointwise.reshape(pointwise.shape[-2:])
    return _restore(out, data_format)


def add_bias(out, bias, data_format=None):
    """`out` plus a per-channel `bias` on the channels axis of `data_format`."""
    if data_format == "channels_first":
        return out + np.asarray(bias).reshape((-1,) + (1,) * (out.ndim - 2))
    return out + np.asarray(bias)
