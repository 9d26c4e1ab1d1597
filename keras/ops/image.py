"""keras.ops.image: colour conversions, cropping, padding, resizing, patches and
geometric resampling of images.

This module is the public namespace keras.ops.image; as in Keras 3, its ops are not in
keras.ops itself. Images are rank 3 (one image) or rank 4 (a batch), laid out by
`data_format` ("channels_last": `(..., height, width, channels)`, "channels_first":
`(..., channels, height, width)`; None reads `keras.config.image_data_format()`).
Results keep the dtype of the images (integer images are rounded back); float16 and
bfloat16 are computed in float32.

The resampling conventions are those of Keras 3: pixel centres at half-integers,
`resize` with the kernels of `jax.image.scale_and_translate` (antialiasing widens the
kernel by the downscaling factor), nearest neighbours at `floor((i + 0.5) * in / out)`.
The resampling weights depend only on the static sizes, so they are computed here on
the host and the backends only apply them.
"""

import math
import random as python_random

import numpy as np

from keras.backends import active
from keras.backends.common import config
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "affine_transform",
    "crop_images",
    "elastic_transform",
    "extract_patches",
    "extract_patches_3d",
    "gaussian_blur",
    "hsv_to_rgb",
    "map_coordinates",
    "pad_images",
    "perspective_transform",
    "resize",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "scale_and_translate",
    "sobel_edges",
    "ssim",
]

_symbolic = symbolic.is_symbolic

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "`data_format` must be 'channels_last' or 'channels_first'; got "
            f"{data_format!r}."
        )
    return data_format


def _image_shape(name, images, data_format, argument="images"):
    """The shape of `images`, checked to be rank 3 or 4."""
    shape = tuple(symbolic.shape_of(images))
    if len(shape) not in (3, 4):
        raise ValueError(
            f"`{name}` expects `{argument}` of rank 3 (one image) or 4 (a batch); got "
            f"shape {shape}."
        )
    return shape


def _spatial(shape, data_format):
    """(height, width, channels) of an image shape."""
    if data_format == "channels_last":
        return shape[-3], shape[-2], shape[-1]
    return shape[-2], shape[-1], shape[-3]


def _image(shape, height, width, channels, data_format):
    """The image shape with its leading dims and these spatial sizes."""
    lead = tuple(shape[:-3])
    if data_format == "channels_last":
        return lead + (height, width, channels)
    return lead + (channels, height, width)


def _three_channels(name, shape, data_format):
    channels = _spatial(shape, data_format)[2]
    if channels is not None and channels != 3:
        raise ValueError(
            f"`{name}` expects `images` with 3 channels (RGB or HSV) along the channel "
            f"axis of {data_format!r}; got shape {shape}."
        )


def _float_images(name, images):
    dtype = symbolic.kept_dtype(images)
    if not dtype.startswith(("float", "bfloat")):
        raise ValueError(
            f"`{name}` expects `images` of a float dtype; got images.dtype={dtype}."
        )
    return dtype


class _ImageOp(Operation):
    """An op of images and keyword arguments, computed by `active.image.<_function>`
    after its public function's checks."""

    _function = None

    def __init__(self, name=None, **kwargs):
        super().__init__(name=name)
        self.arguments = kwargs

    def call(self, *args):
        return globals()[self._function](**self._named(args), **self.arguments)

    def compute_output_spec(self, *args):
        spec = globals()["_" + self._function + "_spec"]
        return spec(**self._named(args), **self.arguments)

    def _named(self, args):
        names = _TENSOR_ARGUMENTS.get(self._function, ("images",))
        return dict(zip(names, args))

    def get_config(self):
        return {**super().get_config(), **self.arguments}


# The tensor arguments of the ops that take more than `images`, in order.
_TENSOR_ARGUMENTS = {
    "map_coordinates": ("inputs", "coordinates"),
    "affine_transform": ("images", "transform"),
    "perspective_transform": ("images", "start_points", "end_points"),
    "ssim": ("image1", "image2"),
    "extract_patches_3d": ("volumes",),
    "scale_and_translate": ("images", "scale", "translation"),
}

# One Operation class per op (ResizeOp is `_OPS["resize"]`), made on first use.
_OPS = {}


def _op_class(function):
    """The Operation class of image op `function` ("resize" gives Resize)."""
    if function not in _OPS:
        _OPS[function] = type(_camel(function), (_ImageOp,), {"_function": function})
    return _OPS[function]


def _op(function, *args, **kwargs):
    return _op_class(function)(**kwargs).symbolic_call(*args)


def _camel(name):
    return "".join(part.capitalize() for part in name.split("_"))


# Colour conversions.


def _rgb_to_grayscale_spec(images, data_format=None):
    data_format = _data_format(data_format)
    shape = _image_shape("rgb_to_grayscale", images, data_format)
    _three_channels("rgb_to_grayscale", shape, data_format)
    height, width, _ = _spatial(shape, data_format)
    shape = _image(shape, height, width, 1, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def rgb_to_grayscale(images, data_format=None):
    """Convert RGB images to grayscale (one channel), with the luma weights
    0.2989, 0.5870 and 0.1140.

    Args:
        images: RGB images, rank 3 or 4, with 3 channels.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The grayscale images, with 1 channel, of the dtype of `images` (integer images
        are rounded).

    >>> keras.ops.image.rgb_to_grayscale(keras.ops.ones((2, 2, 3))).shape
    (2, 2, 1)
    """
    if _symbolic(images):
        return _op("rgb_to_grayscale", images, data_format=data_format)
    _rgb_to_grayscale_spec(images, data_format)
    return active.image.rgb_to_grayscale(images, _data_format(data_format))


def _color_spec(name, images, data_format):
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    _three_channels(name, shape, data_format)
    return KerasTensor(shape, dtype=_float_images(name, images))


def _rgb_to_hsv_spec(images, data_format=None):
    return _color_spec("rgb_to_hsv", images, data_format)


def _hsv_to_rgb_spec(images, data_format=None):
    return _color_spec("hsv_to_rgb", images, data_format)


def rgb_to_hsv(images, data_format=None):
    """Convert RGB images to HSV (hue, saturation, value), every channel in [0, 1]
    for RGB values in [0, 1].

    Args:
        images: float RGB images, rank 3 or 4, with 3 channels.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The HSV images, of the shape and dtype of `images`. Grey pixels have hue and
        (for black) saturation 0.

    >>> keras.ops.image.rgb_to_hsv(keras.ops.array([[[1.0, 0.0, 0.0]]]))
    array([[[0., 1., 1.]]], dtype=float32)
    """
    if _symbolic(images):
        return _op("rgb_to_hsv", images, data_format=data_format)
    _rgb_to_hsv_spec(images, data_format)
    return active.image.rgb_to_hsv(images, _data_format(data_format))


def hsv_to_rgb(images, data_format=None):
    """Convert HSV images (every channel in [0, 1]) to RGB.

    Args:
        images: float HSV images, rank 3 or 4, with 3 channels.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The RGB images, of the shape and dtype of `images`.

    >>> keras.ops.image.hsv_to_rgb(keras.ops.array([[[0.0, 1.0, 1.0]]]))
    array([[[1., 0., 0.]]], dtype=float32)
    """
    if _symbolic(images):
        return _op("hsv_to_rgb", images, data_format=data_format)
    _hsv_to_rgb_spec(images, data_format)
    return active.image.hsv_to_rgb(images, _data_format(data_format))


# Cropping and padding.


def _int_argument(name, argument, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(
            f"`{name}` expects `{argument}` to be an int or None; got {value!r}."
        )
    value = int(value)
    if value < 0:
        raise ValueError(f"`{name}` expects `{argument}` >= 0; got {value}.")
    return value


def _box(name, size, before, after, target, what, before_name, after_name, target_name):
    """`(before, target)` of one axis from two of before/after/target: the offset and
    the size of the box, and the full size for padding."""
    given = [v is not None for v in (before, after, target)]
    if sum(given) != 2:
        raise ValueError(
            f"`{name}` expects exactly two of `{before_name}`, `{after_name}` and "
            f"`{target_name}`; got {before_name}={before}, {after_name}={after}, "
            f"{target_name}={target}."
        )
    if target is not None and target == 0:
        raise ValueError(f"`{name}` expects `{target_name}` > 0; got {target}.")
    if size is None:
        if before is None:
            raise ValueError(
                f"`{name}` needs `{before_name}` when the {what} is unknown "
                "(a None dim)."
            )
        if target is None:
            return before, after, None
        after = None
        return before, after, target
    if what == "cropped size":
        if target is None:
            target = size - before - after
        elif before is None:
            before = size - after - target
        if target <= 0 or before < 0 or before + target > size:
            raise ValueError(
                f"`{name}`: the crop ({before_name}={before}, {target_name}={target}) "
                f"does not fit in the image axis of size {size}."
            )
        return before, size - before - target, target
    # padding: target is the padded size.
    if target is None:
        target = size + before + after
    elif before is None:
        before = target - size - after
    after = target - size - before
    if before < 0 or after < 0:
        raise ValueError(
            f"`{name}`: `{target_name}`={target} is smaller than the image axis of "
            f"size {size} plus the padding."
        )
    return before, after, target


def _crop_plan(images, top, left, bottom, right, height, width, data_format):
    name = "crop_images"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    values = {}
    for argument, value in (
        ("top_cropping", top),
        ("left_cropping", left),
        ("bottom_cropping", bottom),
        ("right_cropping", right),
        ("target_height", height),
        ("target_width", width),
    ):
        values[argument] = _int_argument(name, argument, value)
    in_height, in_width, channels = _spatial(shape, data_format)
    top, _, height = _box(
        name, in_height, values["top_cropping"], values["bottom_cropping"],
        values["target_height"], "cropped size", "top_cropping", "bottom_cropping",
        "target_height",
    )
    left, _, width = _box(
        name, in_width, values["left_cropping"], values["right_cropping"],
        values["target_width"], "cropped size", "left_cropping", "right_cropping",
        "target_width",
    )
    out = _image(shape, height, width, channels, data_format)
    return data_format, top, left, height, width, out


def _crop_images_spec(images, top_cropping=None, left_cropping=None,
                      bottom_cropping=None, right_cropping=None, target_height=None,
                      target_width=None, data_format=None):
    *_, shape = _crop_plan(images, top_cropping, left_cropping, bottom_cropping,
                           right_cropping, target_height, target_width, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Crop images to a box.

    Each axis takes exactly two of its three numbers: `top_cropping`,
    `bottom_cropping` and `target_height` for the height, `left_cropping`,
    `right_cropping` and `target_width` for the width.

    Args:
        images: images, rank 3 or 4.
        top_cropping, left_cropping: rows/columns removed before the box.
        bottom_cropping, right_cropping: rows/columns removed after it.
        target_height, target_width: the size of the box.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The cropped images, of the dtype of `images`.

    >>> keras.ops.image.crop_images(keras.ops.ones((5, 5, 3)), 1, 1, 1, 2).shape
    (3, 2, 3)
    """
    kwargs = dict(
        top_cropping=top_cropping, left_cropping=left_cropping,
        bottom_cropping=bottom_cropping, right_cropping=right_cropping,
        target_height=target_height, target_width=target_width,
        data_format=data_format,
    )
    if _symbolic(images):
        return _op("crop_images", images, **kwargs)
    data_format, top, left, height, width, _ = _crop_plan(
        images, top_cropping, left_cropping, bottom_cropping, right_cropping,
        target_height, target_width, data_format,
    )
    return active.image.crop_images(images, top, left, height, width, data_format)


def _pad_plan(images, top, left, bottom, right, height, width, data_format):
    name = "pad_images"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    values = {}
    for argument, value in (
        ("top_padding", top),
        ("left_padding", left),
        ("bottom_padding", bottom),
        ("right_padding", right),
        ("target_height", height),
        ("target_width", width),
    ):
        values[argument] = _int_argument(name, argument, value)
    in_height, in_width, channels = _spatial(shape, data_format)
    if in_height is None or in_width is None:
        raise ValueError(
            f"`{name}` needs the image height and width known; got shape {shape}."
        )
    top, bottom, height = _box(
        name, in_height, values["top_padding"], values["bottom_padding"],
        values["target_height"], "padded size", "top_padding", "bottom_padding",
        "target_height",
    )
    left, right, width = _box(
        name, in_width, values["left_padding"], values["right_padding"],
        values["target_width"], "padded size", "left_padding", "right_padding",
        "target_width",
    )
    out = _image(shape, height, width, channels, data_format)
    return data_format, (top, bottom, left, right), out


def _pad_images_spec(images, top_padding=None, left_padding=None, bottom_padding=None,
                     right_padding=None, target_height=None, target_width=None,
                     data_format=None):
    *_, shape = _pad_plan(images, top_padding, left_padding, bottom_padding,
                          right_padding, target_height, target_width, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Pad images with zeros to a size.

    Each axis takes exactly two of its three numbers: `top_padding`,
    `bottom_padding` and `target_height` for the height, `left_padding`,
    `right_padding` and `target_width` for the width.

    Args:
        images: images, rank 3 or 4, of a known height and width.
        top_padding, left_padding: zero rows/columns added before the image.
        bottom_padding, right_padding: zero rows/columns added after it.
        target_height, target_width: the padded size.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The padded images, of the dtype of `images`.

    >>> keras.ops.image.pad_images(keras.ops.ones((2, 2, 3)), 1, 1, 1, 1).shape
    (4, 4, 3)
    """
    kwargs = dict(
        top_padding=top_padding, left_padding=left_padding,
        bottom_padding=bottom_padding, right_padding=right_padding,
        target_height=target_height, target_width=target_width,
        data_format=data_format,
    )
    if _symbolic(images):
        return _op("pad_images", images, **kwargs)
    data_format, (top, bottom, left, right), _ = _pad_plan(
        images, top_padding, left_padding, bottom_padding, right_padding,
        target_height, target_width, data_format,
    )
    return active.image.pad_images(images, top, bottom, left, right, data_format)


# Resizing.


def _cubic(x):
    # Keys' cubic convolution with a = -0.5.
    x = np.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1
    far = ((-0.5 * x + 2.5) * x - 4) * x + 2
    return np.where(x < 1, near, np.where(x < 2, far, 0.0))


def _lanczos(radius):
    def kernel(x):
        return np.where(np.abs(x) < radius, np.sinc(x) * np.sinc(x / radius), 0.0)

    return kernel


_KERNELS = {
    "bilinear": lambda x: np.maximum(0.0, 1 - np.abs(x)),
    "bicubic": _cubic,
    "lanczos3": _lanczos(3),
    "lanczos5": _lanczos(5),
}


def _resize_weights(in_size, out_size, interpolation, antialias):
    """The `(out_size, in_size)` resampling matrix of one axis (float64), or the
    source indices (int64) for nearest neighbours."""
    if interpolation == "nearest":
        index = np.floor((np.arange(out_size) + 0.5) * in_size / out_size)
        return np.minimum(index, in_size - 1).astype(np.int64)
    scale = out_size / in_size
    # Where each output pixel centre falls in input pixel coordinates.
    sample = (np.arange(out_size) + 0.5) / scale - 0.5
    kernel_scale = max(1.0 / scale, 1.0) if antialias else 1.0
    distance = (sample[:, None] - np.arange(in_size)[None, :]) / kernel_scale
    weights = _KERNELS[interpolation](distance)
    total = weights.sum(axis=1, keepdims=True)
    weights = np.where(
        np.abs(total) > 1000 * np.finfo(np.float32).eps,
        weights / np.where(total == 0, 1, total),
        0.0,
    )
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[:, None], weights, 0.0)


def _size_argument(name, size):
    if (
        not isinstance(size, (tuple, list))
        or len(size) != 2
        or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                   and s > 0 for s in size)
    ):
        raise ValueError(
            f"`{name}` expects `size` to be a tuple of 2 positive ints (height, "
            f"width); got {size!r}."
        )
    return int(size[0]), int(size[1])


def _resize_plan(images, size, interpolation, antialias, crop_to_aspect_ratio,
                 pad_to_aspect_ratio, fill_mode, fill_value, data_format):
    name = "resize"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    out_height, out_width = _size_argument(name, size)
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"`{name}` expects `interpolation` to be one of {_INTERPOLATIONS}; got "
            f"{interpolation!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            f"`{name}`: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` "
            "can be True; got both."
        )
    if fill_mode != "constant":
        raise ValueError(
            f"`{name}` supports only `fill_mode`='constant'; got {fill_mode!r}."
        )
    height, width, channels = _spatial(shape, data_format)
    if height is None or width is None:
        raise ValueError(
            f"`{name}` needs the image height and width known; got shape {shape}."
        )
    crop = pad = None
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(width * out_height / out_width)), 1)
        crop_width = max(min(width, int(height * out_width / out_height)), 1)
        top = int((height - crop_height) / 2)
        left = int((width - crop_width) / 2)
        crop = (top, left, crop_height, crop_width)
        height, width = crop_height, crop_width
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(width * out_height / out_width))
        pad_width = max(width, int(height * out_width / out_height))
        top = int((pad_height - height) / 2)
        left = int((pad_width - width) / 2)
        pad = (top, pad_height - height - top, left, pad_width - width - left)
        height, width = pad_height, pad_width
    rows = _resize_weights(height, out_height, interpolation, antialias)
    columns = _resize_weights(width, out_width, interpolation, antialias)
    out = _image(shape, out_height, out_width, channels, data_format)
    return data_format, crop, pad, rows, columns, out


def _resize_spec(images, size, interpolation="bilinear", antialias=False,
                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                 fill_mode="constant", fill_value=0.0, data_format=None):
    *_, shape = _resize_plan(images, size, interpolation, antialias,
                             crop_to_aspect_ratio, pad_to_aspect_ratio, fill_mode,
                             fill_value, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    """Resize images to `size` (height, width).

    Args:
        images: images, rank 3 or 4, of a known height and width.
        size: `(height, width)` of the result.
        interpolation: "nearest", "bilinear", "bicubic" (Keys, a=-0.5), "lanczos3"
            or "lanczos5".
        antialias: when downsampling, widen the kernel by the scale factor so that
            it averages every input pixel (no effect for "nearest").
        crop_to_aspect_ratio: first crop the largest centred box of the aspect ratio
            of `size`.
        pad_to_aspect_ratio: first pad (centred, with `fill_value`) to the aspect
            ratio of `size`.
        fill_mode: how padding is filled; only "constant".
        fill_value: the padding value of `pad_to_aspect_ratio`.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The resized images, of the dtype of `images` (integer images rounded).

    >>> keras.ops.image.resize(keras.ops.ones((4, 4, 3)), (2, 2)).shape
    (2, 2, 3)
    """
    kwargs = dict(
        size=size, interpolation=interpolation, antialias=antialias,
        crop_to_aspect_ratio=crop_to_aspect_ratio,
        pad_to_aspect_ratio=pad_to_aspect_ratio, fill_mode=fill_mode,
        fill_value=fill_value, data_format=data_format,
    )
    if _symbolic(images):
        return _op("resize", images, **kwargs)
    data_format, crop, pad, rows, columns, _ = _resize_plan(images, **kwargs)
    if crop is not None:
        images = active.image.crop_images(images, *crop, data_format)
    if pad is not None:
        images = active.image.pad_images(images, *pad, data_format, fill_value)
    return active.image.resize(images, rows, columns, data_format)


# Patches.


def _patch_indices(size, kernel, stride, dilation, padding):
    """`(out, kernel)` source indices of the patches along one axis; `size` reads the
    zero padding (the backends append a zero row/column)."""
    span = (kernel - 1) * dilation + 1
    if padding == "valid":
        out = (size - span) // stride + 1
        before = 0
    else:
        out = -(-size // stride)
        total = max((out - 1) * stride + span - size, 0)
        before = total // 2
    if out <= 0:
        return None
    index = (
        np.arange(out)[:, None] * stride + np.arange(kernel)[None, :] * dilation
        - before
    )
    return np.where((index < 0) | (index >= size), size, index).astype(np.int64)


def _pair(name, argument, value):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value), int(value))
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, (int, np.integer)) and v > 0 for v in value)
    ):
        raise ValueError(
            f"`{name}` expects `{argument}` to be a positive int or a tuple of 2 "
            f"positive ints; got {value!r}."
        )
    return int(value[0]), int(value[1])


def _patches_plan(images, size, strides, dilation_rate, padding, data_format):
    name = "extract_patches"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    size = _pair(name, "size", size)
    strides = size if strides is None else _pair(name, "strides", strides)
    dilation = _pair(name, "dilation_rate", dilation_rate)
    if padding not in ("valid", "same"):
        raise ValueError(
            f"`{name}` expects `padding` to be 'valid' or 'same'; got {padding!r}."
        )
    if dilation != (1, 1) and strides != (1, 1):
        raise ValueError(
            f"`{name}`: `strides` must be 1 when `dilation_rate` is not 1; got "
            f"strides={strides}, dilation_rate={dilation}."
        )
    height, width, channels = _spatial(shape, data_format)
    if height is None or width is None:
        raise ValueError(
            f"`{name}` needs the image height and width known; got shape {shape}."
        )
    rows = _patch_indices(height, size[0], strides[0], dilation[0], padding)
    columns = _patch_indices(width, size[1], strides[1], dilation[1], padding)
    if rows is None or columns is None:
        raise ValueError(
            f"`{name}`: patches of size {size} (dilation {dilation}) do not fit in "
            f"images of shape {shape} with padding 'valid'."
        )
    depth = None if channels is None else size[0] * size[1] * channels
    out = _image(shape, rows.shape[0], columns.shape[0], depth, data_format)
    return data_format, rows, columns, out


def _extract_patches_spec(images, size, strides=None, dilation_rate=1,
                          padding="valid", data_format=None):
    *_, shape = _patches_plan(images, size, strides, dilation_rate, padding,
                              data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    """Extract the patches of images into their channel axis.

    Args:
        images: images, rank 3 or 4, of a known height and width.
        size: the patch size, an int or `(height, width)`.
        strides: the step between patches (default: `size`, non-overlapping).
        dilation_rate: the step between the pixels of a patch (strides must then
            be 1).
        padding: "valid" (only whole patches) or "same" (zero padding, `ceil(size /
            stride)` patches per axis).
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        Images of `patch_height * patch_width * channels` channels, ordered (row,
        column, channel) within a patch; the dtype of `images`.

    >>> keras.ops.image.extract_patches(keras.ops.ones((4, 4, 3)), 2).shape
    (2, 2, 12)
    """
    kwargs = dict(size=size, strides=strides, dilation_rate=dilation_rate,
                  padding=padding, data_format=data_format)
    if _symbolic(images):
        return _op("extract_patches", images, **kwargs)
    data_format, rows, columns, _ = _patches_plan(images, **kwargs)
    return active.image.extract_patches(images, rows, columns, data_format)


# Geometric resampling.


def _map_coordinates_plan(inputs, coordinates, order, fill_mode):
    name = "map_coordinates"
    shape = tuple(symbolic.shape_of(inputs))
    coordinates_shape = tuple(symbolic.shape_of(coordinates))
    if not coordinates_shape or (
        coordinates_shape[0] is not None and coordinates_shape[0] != len(shape)
    ):
        raise ValueError(
            f"`{name}` expects `coordinates` of shape (rank of inputs, ...) = "
            f"({len(shape)}, ...); got shape {coordinates_shape}."
        )
    if order not in (0, 1):
        raise ValueError(f"`{name}` expects `order` to be 0 or 1; got {order!r}.")
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"`{name}` expects `fill_mode` to be one of {_FILL_MODES}; got "
            f"{fill_mode!r}."
        )
    return coordinates_shape[1:]


def _map_coordinates_spec(inputs, coordinates, order, fill_mode="constant",
                          fill_value=0):
    shape = _map_coordinates_plan(inputs, coordinates, order, fill_mode)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(inputs))


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Sample `inputs` at arbitrary coordinates (as `scipy.ndimage.map_coordinates`).

    Args:
        inputs: a tensor of any rank.
        coordinates: a tensor of shape `(inputs.ndim, ...)`: for every output point,
            its (fractional) index along each axis of `inputs`.
        order: 0 (nearest, halves rounded up) or 1 (linear).
        fill_mode: how points outside are read: "constant" (`fill_value`),
            "nearest" (the edge), "wrap", "mirror" or "reflect".
        fill_value: the value of "constant".

    Returns:
        The samples, of shape `coordinates.shape[1:]` and the dtype of `inputs`.

    >>> x = keras.ops.array([[0.0, 1.0], [2.0, 3.0]])
    >>> keras.ops.image.map_coordinates(x, [[0.5], [0.5]], order=1)
    array([1.5], dtype=float32)
    """
    kwargs = dict(order=order, fill_mode=fill_mode, fill_value=fill_value)
    if _symbolic(inputs, coordinates):
        return _op("map_coordinates", inputs, coordinates, **kwargs)
    _map_coordinates_plan(inputs, coordinates, order, fill_mode)
    return active.image.map_coordinates(
        inputs, coordinates, order, fill_mode, fill_value
    )


def _affine_plan(images, transform, interpolation, fill_mode, data_format):
    name = "affine_transform"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    transform_shape = tuple(symbolic.shape_of(transform))
    if len(transform_shape) not in (1, 2) or transform_shape[-1] not in (8, None):
        raise ValueError(
            f"`{name}` expects `transform` of shape (8,) or (batch, 8); got shape "
            f"{transform_shape}."
        )
    if len(transform_shape) != len(shape) - 2:
        raise ValueError(
            f"`{name}` expects `transform` of shape (8,) for one image and (batch, 8) "
            f"for a batch; got {transform_shape} for images of shape {shape}."
        )
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            f"`{name}` expects `interpolation` 'nearest' or 'bilinear'; got "
            f"{interpolation!r}."
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"`{name}` expects `fill_mode` to be one of {_FILL_MODES}; got "
            f"{fill_mode!r}."
        )
    return data_format, shape


def _affine_transform_spec(images, transform, interpolation="bilinear",
                           fill_mode="constant", fill_value=0, data_format=None):
    _, shape = _affine_plan(images, transform, interpolation, fill_mode, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    """Apply affine transforms to images.

    A transform `[a0, a1, a2, b0, b1, b2, c0, c1]` maps the output pixel `(x, y)` to
    the input point `(a0 x + a1 y + a2, b0 x + b1 y + b2)`, which is then sampled.
    As Keras 3 does on numpy, jax and torch, `c0` and `c1` are not read.

    Args:
        images: images, rank 3 or 4.
        transform: a tensor of shape `(8,)` (one image) or `(batch, 8)`.
        interpolation: "nearest" or "bilinear".
        fill_mode: how points outside are read: "constant" (`fill_value`),
            "nearest", "wrap", "mirror" or "reflect".
        fill_value: the value of "constant".
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The transformed images, of the shape and dtype of `images`.

    >>> identity = keras.ops.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    >>> keras.ops.image.affine_transform(keras.ops.ones((2, 2, 1)), identity).shape
    (2, 2, 1)
    """
    kwargs = dict(interpolation=interpolation, fill_mode=fill_mode,
                  fill_value=fill_value, data_format=data_format)
    if _symbolic(images, transform):
        return _op("affine_transform", images, transform, **kwargs)
    data_format, shape = _affine_plan(images, transform, interpolation, fill_mode,
                                      data_format)
    return active.image.affine_transform(
        images, transform, interpolation, fill_mode, fill_value, data_format
    )


# Filters: each 1-D filter along an axis is an `(out, in)` matrix (zero padding
# folded in), applied by the backends as resize applies its weights.


def _gaussian(size, sigma):
    t = np.arange(size) - (size - 1) / 2
    weights = np.exp(-(t**2) / (2 * sigma**2))
    return weights / weights.sum()


def _same_filter(size, taps):
    """The `(size, size)` matrix of a centred 1-D correlation with zero padding."""
    matrix = np.zeros((size, size))
    half = (len(taps) - 1) // 2
    for k, tap in enumerate(taps):
        matrix += tap * np.eye(size, k=k - half)
    return matrix


def _valid_filter(size, taps):
    """The `(size - len(taps) + 1, size)` matrix of a 1-D correlation, no padding."""
    out = size - len(taps) + 1
    matrix = np.zeros((out, size))
    for k, tap in enumerate(taps):
        matrix += tap * np.eye(out, size, k=k)
    return matrix


def _known_spatial(name, shape, data_format, argument="images"):
    height, width, channels = _spatial(shape, data_format)
    if height is None or width is None:
        raise ValueError(
            f"`{name}` needs the height and width of `{argument}` known; got shape "
            f"{shape}."
        )
    return height, width, channels


def _positive_pair(name, argument, value, kind):
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, bool
    ):
        value = (value, value)
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(v, kind) and not isinstance(v, bool) and v > 0
                   for v in value)
    ):
        raise ValueError(
            f"`{name}` expects `{argument}` to be a tuple of 2 positive numbers; got "
            f"{value!r}."
        )
    return tuple(value)


def _gaussian_blur_plan(images, kernel_size, sigma, data_format):
    name = "gaussian_blur"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    kernel_size = _positive_pair(name, "kernel_size", kernel_size, (int, np.integer))
    sigma = _positive_pair(
        name, "sigma", sigma, (int, float, np.integer, np.floating)
    )
    height, width, _ = _known_spatial(name, shape, data_format)
    rows = _same_filter(height, _gaussian(kernel_size[0], float(sigma[0])))
    columns = _same_filter(width, _gaussian(kernel_size[1], float(sigma[1])))
    return data_format, shape, rows, columns


def _gaussian_blur_spec(images, kernel_size=(3, 3), sigma=(1.0, 1.0),
                        data_format=None):
    _, shape, _, _ = _gaussian_blur_plan(images, kernel_size, sigma, data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """Blur images with a Gaussian filter (zero padding, the size of the images).

    The filter is the product of two 1-D Gaussians, `exp(-t**2 / (2 sigma**2))` at
    the offsets `t` of the kernel from its centre, each normalized to sum to 1.

    Args:
        images: images, rank 3 or 4, of a known height and width.
        kernel_size: `(height, width)` of the filter.
        sigma: its standard deviations `(along the height, along the width)`.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The blurred images, of the shape and dtype of `images`.

    >>> keras.ops.image.gaussian_blur(keras.ops.ones((1, 4, 4, 3))).shape
    (1, 4, 4, 3)
    """
    kwargs = dict(kernel_size=kernel_size, sigma=sigma, data_format=data_format)
    if _symbolic(images):
        return _op("gaussian_blur", images, **kwargs)
    data_format, _, rows, columns = _gaussian_blur_plan(images, **kwargs)
    return active.image.resize(images, rows, columns, data_format)


_SMOOTH = (1.0, 2.0, 1.0)
_DIFFERENCE = (-1.0, 0.0, 1.0)


def _sobel_edges_plan(images, data_format):
    name = "sobel_edges"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    height, width, _ = _known_spatial(name, shape, data_format)
    filters = (
        _same_filter(height, _SMOOTH),
        _same_filter(height, _DIFFERENCE),
        _same_filter(width, _SMOOTH),
        _same_filter(width, _DIFFERENCE),
    )
    return data_format, shape, filters


def _sobel_edges_spec(images, data_format=None):
    _, shape, _ = _sobel_edges_plan(images, data_format)
    return KerasTensor(shape + (2,), dtype=symbolic.kept_dtype(images))


def sobel_edges(images, data_format=None):
    """The Sobel edge responses of images (3x3 filters, zero padding).

    Args:
        images: images, rank 3 or 4, of a known height and width.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        A tensor of the shape of `images` plus a last axis of 2: the vertical
        derivative (filter `[[-1, -2, -1], [0, 0, 0], [1, 2, 1]]`) then the
        horizontal one (its transpose); the dtype of `images`.

    >>> keras.ops.image.sobel_edges(keras.ops.ones((1, 4, 4, 3))).shape
    (1, 4, 4, 3, 2)
    """
    if _symbolic(images):
        return _op("sobel_edges", images, data_format=data_format)
    data_format, _, filters = _sobel_edges_plan(images, data_format)
    return active.image.sobel_edges(images, *filters, data_format)


def _ssim_plan(image1, image2, max_val, filter_size, filter_sigma, k1, k2,
               data_format):
    name = "ssim"
    data_format = _data_format(data_format)
    shape1 = _image_shape(name, image1, data_format, "image1")
    shape2 = _image_shape(name, image2, data_format, "image2")
    if len(shape1) != len(shape2) or any(
        a is not None and b is not None and a != b for a, b in zip(shape1, shape2)
    ):
        raise ValueError(
            f"`{name}` expects `image1` and `image2` of one shape; got {shape1} and "
            f"{shape2}."
        )
    if not isinstance(filter_size, (int, np.integer)) or filter_size <= 0:
        raise ValueError(
            f"`{name}` expects `filter_size` to be a positive int; got "
            f"{filter_size!r}."
        )
    height, width, _ = _known_spatial(name, shape1, data_format, "image1")
    if height < filter_size or width < filter_size:
        raise ValueError(
            f"`{name}`: the images ({height}x{width}) are smaller than `filter_size`="
            f"{filter_size}."
        )
    taps = _gaussian(int(filter_size), float(filter_sigma))
    rows, columns = _valid_filter(height, taps), _valid_filter(width, taps)
    c1 = float((k1 * max_val) ** 2)
    c2 = float((k2 * max_val) ** 2)
    dtype = symbolic.result_dtype(image1, image2)
    if not dtype.startswith(("float", "bfloat")):
        dtype = config.floatx()
    return data_format, shape1[:-3], rows, columns, c1, c2, dtype


def _ssim_spec(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5,
               k1=0.01, k2=0.03, data_format=None):
    _, lead, *_, dtype = _ssim_plan(image1, image2, max_val, filter_size,
                                    filter_sigma, k1, k2, data_format)
    return KerasTensor(lead, dtype=dtype)


def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
):
    """The structural similarity (SSIM) of two images or batches of images.

    Local means, variances and covariance are Gaussian-weighted over windows of
    `filter_size` (no padding); SSIM is then averaged over the windows and channels.

    Args:
        image1, image2: images of one shape, rank 3 or 4.
        max_val: the dynamic range of the pixel values (1.0 for [0, 1]).
        filter_size: the window size.
        filter_sigma: the standard deviation of the Gaussian window.
        k1, k2: the stability constants, `c1 = (k1 max_val)**2`, `c2 = (k2
            max_val)**2`.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        A scalar for one image, a vector of one value per image for a batch; floats
        (floatx for integer images).

    >>> x = keras.ops.ones((1, 16, 16, 3))
    >>> keras.ops.image.ssim(x, x)
    array([1.], dtype=float32)
    """
    kwargs = dict(max_val=max_val, filter_size=filter_size,
                  filter_sigma=filter_sigma, k1=k1, k2=k2, data_format=data_format)
    if _symbolic(image1, image2):
        return _op("ssim", image1, image2, **kwargs)
    data_format, _, rows, columns, c1, c2, dtype = _ssim_plan(
        image1, image2, **kwargs
    )
    return active.image.ssim(image1, image2, rows, columns, c1, c2, data_format, dtype)


# Projective transforms.


def _perspective_plan(images, start_points, end_points, interpolation, data_format):
    name = "perspective_transform"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    for argument, points in (("start_points", start_points),
                             ("end_points", end_points)):
        points_shape = tuple(symbolic.shape_of(points))
        if len(points_shape) not in (2, 3) or points_shape[-2:] != (4, 2):
            raise ValueError(
                f"`{name}` expects `{argument}` of shape (4, 2) or (batch, 4, 2); got "
                f"shape {points_shape}."
            )
        if len(shape) == 3 and len(points_shape) == 3:
            raise ValueError(
                f"`{name}` expects `{argument}` of shape (4, 2) for one image; got "
                f"shape {points_shape}."
            )
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            f"`{name}` expects `interpolation` 'nearest' or 'bilinear'; got "
            f"{interpolation!r}."
        )
    return data_format, shape


def _perspective_transform_spec(images, start_points, end_points,
                                interpolation="bilinear", fill_value=0,
                                data_format=None):
    _, shape = _perspective_plan(images, start_points, end_points, interpolation,
                                 data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    """Warp images so that the four `start_points` move to the `end_points`.

    Args:
        images: images, rank 3 or 4.
        start_points: `(4, 2)` (for every image) or `(batch, 4, 2)` points `(x, y)`
            in the input.
        end_points: where they land in the output, of the same shape.
        interpolation: "nearest" or "bilinear".
        fill_value: the value of the output pixels that read outside the input.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The warped images, of the shape and dtype of `images`.

    >>> corners = keras.ops.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0], [3.0, 3.0]])
    >>> keras.ops.image.perspective_transform(
    ...     keras.ops.ones((4, 4, 1)), corners, corners).shape
    (4, 4, 1)
    """
    kwargs = dict(interpolation=interpolation, fill_value=fill_value,
                  data_format=data_format)
    if _symbolic(images, start_points, end_points):
        return _op("perspective_transform", images, start_points, end_points,
                   **kwargs)
    data_format, shape = _perspective_plan(images, start_points, end_points,
                                           interpolation, data_format)
    transform = active.image.perspective_coefficients(start_points, end_points)
    return active.image.affine_transform(
        images, transform, interpolation, "constant", fill_value, data_format,
        projective=True,
    )


# Patches of volumes.


def _triple(name, argument, value):
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value),) * 3
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 3
        or not all(isinstance(v, (int, np.integer)) and v > 0 for v in value)
    ):
        raise ValueError(
            f"`{name}` expects `{argument}` to be a positive int or a tuple of 3 "
            f"positive ints; got {value!r}."
        )
    return tuple(int(v) for v in value)


def _patches_3d_plan(volumes, size, strides, dilation_rate, padding, data_format):
    name = "extract_patches_3d"
    data_format = _data_format(data_format)
    shape = tuple(symbolic.shape_of(volumes))
    if len(shape) not in (4, 5):
        raise ValueError(
            f"`{name}` expects `volumes` of rank 4 (one volume) or 5 (a batch); got "
            f"shape {shape}."
        )
    size = _triple(name, "size", size)
    strides = size if strides is None else _triple(name, "strides", strides)
    dilation = _triple(name, "dilation_rate", dilation_rate)
    if padding not in ("valid", "same"):
        raise ValueError(
            f"`{name}` expects `padding` to be 'valid' or 'same'; got {padding!r}."
        )
    if dilation != (1, 1, 1) and strides != (1, 1, 1):
        raise ValueError(
            f"`{name}`: `strides` must be 1 when `dilation_rate` is not 1; got "
            f"strides={strides}, dilation_rate={dilation}."
        )
    if data_format == "channels_last":
        spatial, channels = shape[-4:-1], shape[-1]
    else:
        spatial, channels = shape[-3:], shape[-4]
    if None in spatial:
        raise ValueError(
            f"`{name}` needs the spatial dims of `volumes` known; got shape {shape}."
        )
    indices = [
        _patch_indices(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, size, strides, dilation)
    ]
    if any(index is None for index in indices):
        raise ValueError(
            f"`{name}`: patches of size {size} (dilation {dilation}) do not fit in "
            f"volumes of shape {shape} with padding 'valid'."
        )
    out = tuple(index.shape[0] for index in indices)
    depth = None if channels is None else math.prod(size) * channels
    lead = shape[: len(shape) - 4]
    out_shape = lead + (out + (depth,) if data_format == "channels_last"
                        else (depth,) + out)
    return data_format, indices, out_shape


def _extract_patches_3d_spec(volumes, size, strides=None, dilation_rate=1,
                             padding="valid", data_format=None):
    *_, shape = _patches_3d_plan(volumes, size, strides, dilation_rate, padding,
                                 data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(volumes))


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    """Extract the patches of volumes into their channel axis.

    Args:
        volumes: volumes, rank 4 (one) or 5 (a batch), of known spatial dims.
        size: the patch size, an int or `(depth, height, width)`.
        strides: the step between patches (default: `size`).
        dilation_rate: the step between the voxels of a patch (strides must then
            be 1).
        padding: "valid" or "same" (zero padding, `ceil(size / stride)` patches per
            axis).
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        Volumes of `prod(size) * channels` channels, ordered (depth, row, column,
        channel) within a patch; the dtype of `volumes`.

    >>> keras.ops.image.extract_patches_3d(keras.ops.ones((4, 4, 4, 1)), 2).shape
    (2, 2, 2, 8)
    """
    kwargs = dict(size=size, strides=strides, dilation_rate=dilation_rate,
                  padding=padding, data_format=data_format)
    if _symbolic(volumes):
        return _op("extract_patches_3d", volumes, **kwargs)
    data_format, indices, _ = _patches_3d_plan(volumes, **kwargs)
    return active.image.extract_patches_3d(volumes, indices, data_format)


# Scaling with translation (jax.image.scale_and_translate).

_METHODS = {
    "linear": "linear",
    "bilinear": "linear",
    "trilinear": "linear",
    "triangle": "linear",
    "cubic": "cubic",
    "bicubic": "cubic",
    "tricubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
}


def _scale_and_translate_plan(images, output_shape, scale, translation,
                              spatial_dims, method):
    name = "scale_and_translate"
    shape = tuple(symbolic.shape_of(images))
    output_shape = tuple(output_shape)
    if len(output_shape) != len(shape):
        raise ValueError(
            f"`{name}` expects `output_shape` of the rank of `images` ({len(shape)}); "
            f"got {output_shape}."
        )
    spatial_dims = tuple(
        symbolic.canonicalize_axis(d, len(shape), "spatial_dims") for d in spatial_dims
    )
    for d in range(len(shape)):
        if d not in spatial_dims and shape[d] is not None and (
            output_shape[d] != shape[d]
        ):
            raise ValueError(
                f"`{name}`: `output_shape` may differ from the shape of `images` only "
                f"along `spatial_dims` {spatial_dims}; got {output_shape} for images "
                f"of shape {shape}."
            )
    for d in spatial_dims:
        if shape[d] is None:
            raise ValueError(
                f"`{name}` needs the spatial dims of `images` known; got shape "
                f"{shape}."
            )
    for argument, value in (("scale", scale), ("translation", translation)):
        value_shape = tuple(symbolic.shape_of(value))
        if value_shape not in ((len(spatial_dims),), (None,)):
            raise ValueError(
                f"`{name}` expects `{argument}` of shape ({len(spatial_dims)},), one "
                f"value per spatial dim; got shape {value_shape}."
            )
    if method not in _METHODS:
        raise ValueError(
            f"`{name}` expects `method` to be one of {sorted(_METHODS)}; got "
            f"{method!r}."
        )
    return output_shape, spatial_dims, _METHODS[method]


def _scale_and_translate_spec(images, output_shape, scale, translation,
                              spatial_dims, method, antialias=True):
    output_shape, *_ = _scale_and_translate_plan(images, output_shape, scale,
                                                 translation, spatial_dims, method)
    return KerasTensor(output_shape, dtype=symbolic.kept_dtype(images))


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    """Resample `images` along `spatial_dims` with a scale and a translation (as
    `jax.image.scale_and_translate`).

    The output pixel centred at `o` (half-integers) reads the input around
    `(o - translation) / scale`.

    Args:
        images: a tensor of any rank.
        output_shape: the shape of the result (it differs from that of `images`
            only along `spatial_dims`).
        scale: a tensor of one scale per spatial dim.
        translation: a tensor of one translation per spatial dim.
        spatial_dims: the axes resampled.
        method: "linear" (or "bilinear", "trilinear", "triangle"), "cubic" (or
            "bicubic", "tricubic"; Keys, a=-0.5), "lanczos3" or "lanczos5".
        antialias: when downscaling, widen the kernel by `1 / scale`.

    Returns:
        The resampled tensor, of `output_shape` and the dtype of `images`.

    >>> keras.ops.image.scale_and_translate(
    ...     keras.ops.ones((4, 4)), (2, 2), keras.ops.array([0.5, 0.5]),
    ...     keras.ops.array([0.0, 0.0]), (0, 1), "linear").shape
    (2, 2)
    """
    kwargs = dict(output_shape=output_shape, spatial_dims=spatial_dims,
                  method=method, antialias=antialias)
    if _symbolic(images, scale, translation):
        return _op("scale_and_translate", images, scale, translation, **kwargs)
    output_shape, spatial_dims, method = _scale_and_translate_plan(
        images, output_shape, scale, translation, spatial_dims, method
    )
    return active.image.scale_and_translate(
        images, output_shape, scale, translation, spatial_dims, method, antialias
    )


# Elastic deformation.

# Seeds are drawn in [0, 2**31 - 1), as keras.random draws them.
_SEED_RANGE = 2**31 - 1


def _seed_tensor(seed):
    """The (2,) int32 seed of the backend's random ops for `seed`: None (a random
    one), an int, or a `keras.random.SeedGenerator` (its next seed; keras.random is
    above keras.ops, so it is recognised by its `next` method)."""
    if seed is None:
        value = python_random.randint(0, _SEED_RANGE - 1)
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        value = int(seed)
    elif callable(getattr(seed, "next", None)):
        return seed.next()
    else:
        raise TypeError(
            "`elastic_transform` expects `seed` to be None, an int or a "
            f"keras.random.SeedGenerator; got {seed!r}."
        )
    return active.convert_to_tensor([value, 0], dtype="int32")


def _elastic_plan(images, sigma, interpolation, fill_mode, data_format):
    name = "elastic_transform"
    data_format = _data_format(data_format)
    shape = _image_shape(name, images, data_format)
    height, width, _ = _known_spatial(name, shape, data_format)
    if not isinstance(sigma, (int, float, np.integer, np.floating)) or sigma <= 0:
        raise ValueError(f"`{name}` expects `sigma` > 0; got {sigma!r}.")
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            f"`{name}` expects `interpolation` 'nearest' or 'bilinear'; got "
            f"{interpolation!r}."
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"`{name}` expects `fill_mode` to be one of {_FILL_MODES}; got "
            f"{fill_mode!r}."
        )
    # A Gaussian of 3 standard deviations each side.
    taps = _gaussian(2 * math.ceil(3 * float(sigma)) + 1, float(sigma))
    return data_format, shape, _same_filter(height, taps), _same_filter(width, taps)


def _elastic_transform_spec(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                            fill_mode="reflect", fill_value=0.0, seed=None,
                            data_format=None):
    _, shape, _, _ = _elastic_plan(images, sigma, interpolation, fill_mode,
                                   data_format)
    return KerasTensor(shape, dtype=symbolic.kept_dtype(images))


def elastic_transform(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
):
    """Deform images elastically with a random smooth displacement field.

    Every pixel gets a random displacement along the height and the width, drawn
    uniformly in [-1, 1); the two fields are smoothed by a Gaussian of standard
    deviation `sigma` (zero padding, 3 sigmas each side), scaled by `alpha`, and the
    image is read at the displaced pixel positions.

    Args:
        images: images, rank 3 or 4, of a known height and width.
        alpha: the scale of the displacements (in pixels).
        sigma: the smoothness of the displacement field (in pixels).
        interpolation: "nearest" or "bilinear".
        fill_mode: how points outside are read: "constant" (`fill_value`),
            "nearest", "wrap", "mirror" or "reflect".
        fill_value: the value of "constant".
        seed: None, an int or a `keras.random.SeedGenerator`.
        data_format: "channels_last", "channels_first" or None (the configured one).

    Returns:
        The deformed images, of the shape and dtype of `images`.

    >>> keras.ops.image.elastic_transform(keras.ops.ones((8, 8, 3)), seed=1).shape
    (8, 8, 3)
    """
    kwargs = dict(alpha=alpha, sigma=sigma, interpolation=interpolation,
                  fill_mode=fill_mode, fill_value=fill_value, seed=seed,
                  data_format=data_format)
    if _symbolic(images):
        return _op("elastic_transform", images, **kwargs)
    data_format, shape, rows, columns = _elastic_plan(images, sigma, interpolation,
                                                      fill_mode, data_format)
    height, width, _ = _spatial(shape, data_format)
    batch = shape[0] if len(shape) == 4 else 1
    noise = active.random.uniform(
        (2, batch, height, width), -1.0, 1.0, "float32", _seed_tensor(seed)
    )
    return active.image.elastic_transform(
        images, noise, rows, columns, float(alpha), interpolation, fill_mode,
        fill_value, data_format,
    )
