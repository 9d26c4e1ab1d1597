"""Images as files, PIL images and arrays: load_img, save_img, img_to_array,
array_to_img, and smart_resize (aspect-preserving resize of arrays, NumPy only).

PIL (Pillow) is imported on use: only the functions that read or make PIL images
need it.
"""

import io
import pathlib

import numpy as np

from keras.backends.common import config

# Keras' interpolation names -> PIL's resampling filter names.
_PIL_FILTERS = {
    "nearest": "NEAREST",
    "bilinear": "BILINEAR",
    "bicubic": "BICUBIC",
    "hamming": "HAMMING",
    "box": "BOX",
    "lanczos": "LANCZOS",
}
_COLOR_MODES = ("grayscale", "rgb", "rgba")


def _pil_image():
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            "Reading and writing images needs Pillow (`import PIL` failed); install "
            "it with `pip install pillow`."
        ) from error
    return Image


def _data_format(data_format):
    data_format = config.image_data_format() if data_format is None else data_format
    if data_format not in config.IMAGE_DATA_FORMATS:
        raise ValueError(
            f"`data_format` must be one of {config.IMAGE_DATA_FORMATS}; received "
            f"data_format={data_format!r}."
        )
    return data_format


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Makes a PIL image of a 3D array.

    Args:
        x: array of shape `(height, width, channels)` (or channels first) with 1, 3
            or 4 channels.
        data_format: "channels_last" or "channels_first"; None reads
            `keras.config.image_data_format()`.
        scale: whether to rescale the values to [0, 255] (min to 0, max to 255).
        dtype: dtype used for the array before conversion; None is floatx.

    Returns:
        A PIL image: mode "L" (1 channel; "I" when unscaled values exceed 255),
        "RGB" or "RGBA".
    """
    Image = _pil_image()
    data_format = _data_format(data_format)
    dtype = config.floatx() if dtype is None else dtype
    x = np.asarray(x, dtype=dtype)
    if x.ndim != 3:
        raise ValueError(
            "`x` must be a 3D array (height, width, channels); received an array of "
            f"shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            # Values a byte cannot hold are kept in a 32-bit integer image.
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        f"`x` must have 1, 3 or 4 channels; received an array of shape {x.shape} "
        f"({channels} channels with data_format={data_format!r})."
    )


def img_to_array(img, data_format=None, dtype=None):
    """The pixels of a PIL image as a 3D NumPy array.

    Args:
        img: a PIL image (or anything `numpy.asarray` reads as 2D or 3D).
        data_format: "channels_last" or "channels_first"; None reads
            `keras.config.image_data_format()`.
        dtype: dtype of the result; None is floatx.

    Returns:
        An array of shape `(height, width, channels)` (or channels first).
    """
    data_format = _data_format(data_format)
    dtype = config.floatx() if dtype is None else dtype
    x = np.asarray(img, dtype=dtype)
    if x.ndim == 2:
        x = x[:, :, np.newaxis]
    elif x.ndim != 3:
        raise ValueError(
            f"`img` must be a 2D or 3D image; received one of shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(2, 0, 1)
    return x


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Writes a 3D array to an image file.

    Args:
        path: file path or file object.
        x: the image array (see `array_to_img`).
        data_format: "channels_last" or "channels_first"; None reads the config.
        file_format: e.g. "png" or "jpeg"; None infers it from the file name.
        scale: whether to rescale the values to [0, 255].
        **kwargs: passed to `PIL.Image.save` (e.g. `quality=95`).
    """
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and (file_format or str(path)).lower().endswith(
        ("jpg", "jpeg")
    ):
        # JPEG has no alpha channel: drop it rather than fail inside PIL.
        img = img.convert("RGB")
    if isinstance(path, pathlib.Path):
        path = str(path)
    img.save(path, format=file_format, **kwargs)


def load_img(
    path,
    color_mode="rgb",
    target_size=None,
    interpolation="nearest",
    keep_aspect_ratio=False,
):
    """Reads an image file into a PIL image.

    Args:
        path: file path (str or pathlib.Path) or a binary file object (`io.BytesIO`).
        color_mode: "grayscale", "rgb" or "rgba": the mode of the result.
        target_size: None (keep the file's size) or `(height, width)`.
        interpolation: resampling used for `target_size`: "nearest", "bilinear",
            "bicubic", "hamming", "box" or "lanczos".
        keep_aspect_ratio: crop the centre to the target's aspect ratio before
            resizing, instead of stretching.

    Returns:
        A PIL image.

    >>> img = keras.utils.load_img("cat.png", target_size=(64, 64))
    """
    Image = _pil_image()
    if color_mode not in _COLOR_MODES:
        raise ValueError(
            f"`color_mode` must be one of {_COLOR_MODES}; received "
            f"color_mode={color_mode!r}."
        )
    if interpolation not in _PIL_FILTERS:
        raise ValueError(
            f"`interpolation` must be one of {tuple(_PIL_FILTERS)}; received "
            f"interpolation={interpolation!r}."
        )
    if isinstance(path, io.BytesIO) or hasattr(path, "read"):
        img = Image.open(path)
    elif isinstance(path, (str, pathlib.Path)):
        with open(path, "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(
            "`path` must be a file path (str or pathlib.Path) or a binary file "
            f"object; received {type(path).__name__}."
        )
    mode = {"grayscale": ("L", "I;16", "I"), "rgb": ("RGB",), "rgba": ("RGBA",)}
    if img.mode not in mode[color_mode]:
        img = img.convert(mode[color_mode][0])
    if target_size is None:
        return img
    height, width = target_size
    if (img.size[1], img.size[0]) == (height, width):
        return img
    resample = getattr(Image.Resampling, _PIL_FILTERS[interpolation])
    if keep_aspect_ratio:
        top, left, crop_height, crop_width = _centre_crop(
            img.size[1], img.size[0], height, width
        )
        box = (left, top, left + crop_width, top + crop_height)
        return img.resize((width, height), resample, box=box)
    return img.resize((width, height), resample)


def _centre_crop(height, width, target_height, target_width):
    """(top, left, crop_height, crop_width) of the largest centred window of
    `target_height / target_width` aspect ratio in a `height x width` image."""
    crop_height = min(height, int(width * target_height / target_width))
    crop_width = min(width, int(height * target_width / target_height))
    top = int((height - crop_height) / 2)
    left = int((width - crop_width) / 2)
    return top, left, crop_height, crop_width


def _resize_axis(x, axis, size, interpolation):
    """Resizes axis `axis` of `x` to `size` (half-pixel centres, no antialiasing)."""
    length = x.shape[axis]
    if length == size:
        return x
    # Sample positions in input pixel units, pixel centres at i + 0.5.
    positions = (np.arange(size) + 0.5) * (length / size) - 0.5
    if interpolation == "nearest":
        index = np.clip(np.floor(positions + 0.5), 0, length - 1).astype("int64")
        return np.take(x, index, axis=axis)
    positions = np.clip(positions, 0, length - 1)
    low = np.floor(positions).astype("int64")
    high = np.minimum(low + 1, length - 1)
    weight_shape = [1] * x.ndim
    weight_shape[axis] = size
    weight = (positions - low).reshape(weight_shape)
    return np.take(x, low, axis=axis) * (1 - weight) + np.take(
        x, high, axis=axis
    ) * weight


def smart_resize(
    x, size, interpolation="bilinear", data_format="channels_last", **kwargs
):
    """Resizes images to `size` without distorting them: the largest centred window
    of the target's aspect ratio is cropped, then resized.

    Args:
        x: a NumPy array (or array-like) of one image, 3D, or a batch, 4D.
        size: `(height, width)` of the output.
        interpolation: "bilinear" or "nearest".
        data_format: "channels_last" or "channels_first".
        **kwargs: accepted for compatibility; ignored.

    Returns:
        A NumPy array of dtype floatx, of the same rank, with the new height and
        width.

    >>> keras.preprocessing.image.smart_resize(np.ones((40, 60, 3)), (20, 20)).shape
    (20, 20, 3)
    """
    del kwargs
    if interpolation not in ("bilinear", "nearest"):
        raise ValueError(
            "`interpolation` must be 'bilinear' or 'nearest'; received "
            f"interpolation={interpolation!r}."
        )
    if len(size) != 2:
        raise ValueError(
            f"`size` must be (height, width); received size={size!r}."
        )
    data_format = _data_format(data_format)
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(
            "`x` must be a 3D image or a 4D batch of images; received an array of "
            f"shape {x.shape}."
        )
    x = x.astype(config.floatx())
    row_axis = x.ndim - 3 if data_format == "channels_last" else x.ndim - 2
    height, width = x.shape[row_axis], x.shape[row_axis + 1]
    top, left, crop_height, crop_width = _centre_crop(height, width, *size)
    window = [slice(None)] * x.ndim
    window[row_axis] = slice(top, top + crop_height)
    window[row_axis + 1] = slice(left, left + crop_width)
    x = x[tuple(window)]
    resized = _resize_axis(x, row_axis, size[0], interpolation)
    resized = _resize_axis(resized, row_axis + 1, size[1], interpolation)
    return resized.astype(config.floatx())
