"""NumPy references of the pooling layers for their tests, by explicit loops over the
output positions (written from the definitions, independent of keras.ops)."""

import itertools
import math

import numpy as np


def to_channels_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def from_channels_last(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _pool_windows(size, window, stride, padding):
    """[start, stop) of every window along an axis of `size`, clipped to the input.

    "same": ceil(size / stride) windows over the input padded by
    max((out - 1) * stride + window - size, 0) entries, the smaller half before.
    """
    if padding == "same":
        out = math.ceil(size / stride)
        before = max((out - 1) * stride + window - size, 0) // 2
    else:
        out = (size - window) // stride + 1
        before = 0
    windows = []
    for i in range(out):
        start = i * stride - before
        windows.append((max(start, 0), min(start + window, size)))
    return windows


def _adaptive_windows(size, out):
    """Output i covers [floor(i * size / out), ceil((i + 1) * size / out))."""
    return [
        (math.floor(i * size / out), math.ceil((i + 1) * size / out))
        for i in range(out)
    ]


def _reduce_windows(x, windows, reduce, data_format):
    """Applies `reduce` ("max" or "mean") to the box of `x` (batch, spatial...,
    channels after moving) that each combination of the per-axis `windows` spans."""
    x = to_channels_last(x, data_format).astype("float64")
    batch, channels = x.shape[0], x.shape[-1]
    out = np.zeros((batch, *(len(w) for w in windows), channels))
    for position in itertools.product(*(range(len(w)) for w in windows)):
        box = tuple(
            slice(*axis_windows[i]) for axis_windows, i in zip(windows, position)
        )
        for b in range(batch):
            for c in range(channels):
                values = x[(b, *box, c)]
                value = values.max() if reduce == "max" else values.mean()
                out[(b, *position, c)] = value
    return from_channels_last(out, data_format).astype("float32")


def pool(x, pool_size, strides, padding, data_format, reduce):
    """Max (reduce="max") or average (reduce="mean") pooling; padded positions take
    no part in a window."""
    spatial = to_channels_last(x, data_format).shape[1:-1]
    windows = [
        _pool_windows(n, k, s, padding)
        for n, k, s in zip(spatial, pool_size, strides)
    ]
    return _reduce_windows(x, windows, reduce, data_format)


def adaptive_pool(x, output_size, data_format, reduce):
    """Adaptive max or average pooling to `output_size`."""
    spatial = to_channels_last(x, data_format).shape[1:-1]
    windows = [_adaptive_windows(n, out) for n, out in zip(spatial, output_size)]
    return _reduce_windows(x, windows, reduce, data_format)


def global_pool(x, data_format, reduce, keepdims, mask=None):
    """Global max or average pooling over every spatial axis; for 1-D inputs a
    (batch, steps) `mask` leaves its false steps out of the mean."""
    x = to_channels_last(x, data_format).astype("float64")
    batch, channels = x.shape[0], x.shape[-1]
    out = np.zeros((batch, channels))
    for b in range(batch):
        for c in range(channels):
            values = x[b, ..., c]
            if mask is not None:
                values = values[np.asarray(mask[b], dtype=bool)]
            out[b, c] = values.max() if reduce == "max" else values.mean()
    if keepdims:
        out = out.reshape((batch,) + (1,) * (x.ndim - 2) + (channels,))
        out = from_channels_last(out, data_format)
    return out.astype("float32")
