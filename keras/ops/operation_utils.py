"""Shape rules shared by the ops and the layers: sliding windows, images, conv shapes.

Engine-neutral: shapes are tuples of ints, with None for a dim that is unknown
(symbolic); a rule gives None where its answer depends on an unknown dim. The conv and
pooling ops infer their output shapes here, and so do the layers built on them.
"""

from keras.utils import argument_validation


def spatial_axes(rank, data_format):
    """The axes of the `rank` spatial dims of a (batch, ..., channels) tensor.

    >>> spatial_axes(2, "channels_first")
    (2, 3)
    """
    first = 2 if data_format == "channels_first" else 1
    return tuple(range(first, first + rank))


def spatial_shape(shape, data_format):
    """The spatial dims of an image `shape` (batch and channels left out)."""
    return tuple(shape[2:] if data_format == "channels_first" else shape[1:-1])


def channels_of(shape, data_format):
    """The channels dim of an image `shape`."""
    return shape[1] if data_format == "channels_first" else shape[-1]


def image_shape(batch, spatial, channels, data_format):
    """The shape of an image of `batch`, `spatial` dims and `channels`, in the layout
    of `data_format`."""
    if data_format == "channels_first":
        return (batch, channels, *spatial)
    return (batch, *spatial, channels)


def window_output_length(size, window, stride, padding, dilation=1):
    """The number of positions of a sliding window over `size` entries (None when
    `size` is): `ceil(size / stride)` for "same" padding, the windows that fit for
    "valid"."""
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    effective = (window - 1) * dilation + 1
    return max((size - effective) // stride + 1, 0)


def transpose_output_length(size, kernel, stride, padding, output_padding, dilation=1):
    """The output length of a transposed convolution over `size` entries (None when
    `size` is).

    With `k' = (kernel - 1) * dilation + 1`: without `output_padding`,
    `size * stride + max(k' - stride, 0)` for "valid" and `size * stride` for "same";
    with it, `(size - 1) * stride + k' - 2 * pad + output_padding`, where pad is 0
    ("valid") or `k' // 2` ("same").
    """
    if size is None:
        return None
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(effective - stride, 0)
        return size * stride
    pad = effective // 2 if padding == "same" else 0
    return (size - 1) * stride + effective - 2 * pad + output_padding


def compute_pooling_output_shape(
    input_shape, pool_size, strides=None, padding="valid", data_format="channels_last"
):
    """The output shape of max or average pooling of an `input_shape` image.

    Args:
        input_shape: (batch, spatial..., channels) or (batch, channels, spatial...).
        pool_size: int or tuple, the window size.
        strides: int or tuple (default: `pool_size`).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first".

    Returns:
        The output shape, a tuple (None where unknown).

    >>> compute_pooling_output_shape((8, 10, 10, 3), 2)
    (8, 5, 5, 3)
    """
    n = len(input_shape) - 2
    pool_size = argument_validation.standardize_tuple(pool_size, n, "pool_size")
    strides = pool_size if strides is None else strides
    strides = argument_validation.standardize_tuple(strides, n, "strides")
    spatial = tuple(
        window_output_length(size, k, s, padding)
        for size, k, s in zip(
            spatial_shape(input_shape, data_format), pool_size, strides
        )
    )
    channels = channels_of(input_shape, data_format)
    return image_shape(input_shape[0], spatial, channels, data_format)


def compute_conv_output_shape(
    input_shape,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    """The output shape of a convolution of an `input_shape` image.

    Args:
        input_shape: (batch, spatial..., channels) or (batch, channels, spatial...).
        filters: the output channels (None: the input channels, as for a depthwise
            convolution with a multiplier of 1).
        kernel_size: int or tuple, the spatial size of the kernel.
        strides: int or tuple.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first".
        dilation_rate: int or tuple, the spacing of the kernel taps.

    Returns:
        The output shape, a tuple (None where unknown).

    >>> compute_conv_output_shape((4, 28, 28, 1), 8, 3, strides=2)
    (4, 13, 13, 8)
    """
    n = len(input_shape) - 2
    kernel_size = argument_validation.standardize_tuple(kernel_size, n, "kernel_size")
    strides = argument_validation.standardize_tuple(strides, n, "strides")
    dilation = argument_validation.standardize_tuple(dilation_rate, n, "dilation_rate")
    spatial = tuple(
        window_output_length(size, k, s, padding, d)
        for size, k, s, d in zip(
            spatial_shape(input_shape, data_format), kernel_size, strides, dilation
        )
    )
    channels = channels_of(input_shape, data_format) if filters is None else filters
    return image_shape(input_shape[0], spatial, channels, data_format)


def compute_conv_transpose_output_shape(
    input_shape,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format="channels_last",
    dilation_rate=1,
):
    """The output shape of a transposed convolution of an `input_shape` image (see
    `transpose_output_length` for the length along each spatial dim).

    Args:
        input_shape: (batch, spatial..., channels) or (batch, channels, spatial...).
        filters: the output channels.
        kernel_size: int or tuple, the spatial size of the kernel.
        strides: int or tuple.
        padding: "valid" or "same".
        output_padding: None, or int or tuple of the extra output length.
        data_format: "channels_last" or "channels_first".
        dilation_rate: int or tuple.

    Returns:
        The output shape, a tuple (None where unknown).

    >>> compute_conv_transpose_output_shape((2, 5, 3), 4, 3, strides=2)
    (2, 11, 4)
    """
    n = len(input_shape) - 2
    kernel_size = argument_validation.standardize_tuple(kernel_size, n, "kernel_size")
    strides = argument_validation.standardize_tuple(strides, n, "strides")
    dilation = argument_validation.standardize_tuple(dilation_rate, n, "dilation_rate")
    if output_padding is None:
        output_padding = (None,) * n
    else:
        output_padding = argument_validation.standardize_tuple(
            output_padding, n, "output_padding", minimum=0
        )
    spatial = tuple(
        transpose_output_length(size, k, s, padding, p, d)
        for size, k, s, p, d in zip(
            spatial_shape(input_shape, data_format),
            kernel_size,
            strides,
            output_padding,
            dilation,
        )
    )
    return image_shape(input_shape[0], spatial, filters, data_format)
