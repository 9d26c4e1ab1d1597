"""Tests of the shared shape rules: against brute-force window counts and against the
shapes the ops compute on the active backend."""

import itertools

import numpy as np
import pytest

from keras import ops
from keras.ops import operation_utils


def _valid_positions(size, window, stride, dilation):
    """Brute force: the starts at which a dilated window fits inside `size`."""
    effective = (window - 1) * dilation + 1
    return len([o for o in range(0, size, stride) if o + effective <= size])


@pytest.mark.parametrize(
    "size,window,stride,dilation",
    list(itertools.product([1, 4, 7, 10], [1, 2, 3], [1, 2, 3], [1, 2])),
)
def test_window_output_length(size, window, stride, dilation):
    length = operation_utils.window_output_length(
        size, window, stride, "valid", dilation
    )
    assert length == _valid_positions(size, window, stride, dilation)
    same = operation_utils.window_output_length(size, window, stride, "same", dilation)
    assert same == len(range(0, size, stride))
    assert operation_utils.window_output_length(None, window, stride, "same") is None


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "size,kernel,stride,dilation", [(3, 2, 1, 1), (4, 3, 2, 1), (5, 2, 3, 2)]
)
def test_transpose_output_length_inverts_the_conv_length(
    padding, size, kernel, stride, dilation
):
    # A conv with the same arguments maps the transposed output back to `size`.
    out = operation_utils.transpose_output_length(
        size, kernel, stride, padding, None, dilation
    )
    back = operation_utils.window_output_length(out, kernel, stride, padding, dilation)
    assert back == size
    for extra in range(stride):
        padded = operation_utils.transpose_output_length(
            size, kernel, stride, padding, extra, dilation
        )
        effective = (kernel - 1) * dilation + 1
        pad = effective // 2 if padding == "same" else 0
        assert padded == (size - 1) * stride + effective - 2 * pad + extra
    assert operation_utils.transpose_output_length(None, 2, 1, padding, None) is None


def test_image_layout_helpers():
    shape = (8, 3, 5, 7)
    assert operation_utils.spatial_shape(shape, "channels_first") == (5, 7)
    assert operation_utils.spatial_shape((8, 5, 7, 3), "channels_last") == (5, 7)
    assert operation_utils.channels_of(shape, "channels_first") == 3
    assert operation_utils.image_shape(8, (5, 7), 3, "channels_first") == shape
    assert operation_utils.image_shape(8, (5, 7), 3, "channels_last") == (8, 5, 7, 3)
    assert operation_utils.spatial_axes(3, "channels_last") == (1, 2, 3)
    assert operation_utils.spatial_axes(1, "channels_first") == (2,)


def test_shapes_keep_unknown_dims():
    shape = operation_utils.compute_conv_output_shape((None, None, 9, 3), 4, 3)
    assert shape == (None, None, 7, 4)
    shape = operation_utils.compute_pooling_output_shape(
        (2, None, 6), 2, padding="same"
    )
    assert shape == (2, None, 6)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="`kernel_size` must be an int or a tuple"):
        operation_utils.compute_conv_output_shape((1, 5, 5, 1), 2, (3, 3, 3))
    with pytest.raises(ValueError, match="`strides` must be an int or a tuple"):
        operation_utils.compute_pooling_output_shape((1, 5, 1), 2, strides=0)


RNG = np.random.default_rng(2)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "spatial,kernel,strides,dilation",
    [((9,), 3, 2, 1), ((7, 6), (2, 3), (1, 2), (2, 1)), ((5, 4, 6), 2, 1, 1)],
)
def test_conv_shapes_match_the_ops(
    data_format, padding, spatial, kernel, strides, dilation
):
    n = len(spatial)
    shape = (2, *spatial, 3) if data_format == "channels_last" else (2, 3, *spatial)
    x = RNG.standard_normal(shape).astype("float32")
    kernel_size = (kernel,) * n if isinstance(kernel, int) else kernel
    w = RNG.standard_normal((*kernel_size, 3, 4)).astype("float32")
    out = ops.conv(x, w, strides, padding, data_format, dilation)
    expected = operation_utils.compute_conv_output_shape(
        shape, 4, kernel, strides, padding, data_format, dilation
    )
    assert tuple(out.shape) == expected
    pooled = ops.max_pool(x, kernel, strides, padding, data_format)
    expected = operation_utils.compute_pooling_output_shape(
        shape, kernel, strides, padding, data_format
    )
    assert tuple(pooled.shape) == expected
    w = RNG.standard_normal((*kernel_size, 5, 3)).astype("float32")
    transposed = ops.conv_transpose(x, w, strides, padding, None, data_format, dilation)
    expected = operation_utils.compute_conv_transpose_output_shape(
        shape, 5, kernel, strides, padding, None, data_format, dilation
    )
    assert tuple(transposed.shape) == expected
