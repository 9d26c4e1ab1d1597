"""Helpers of keras.visualization: images and labels as NumPy arrays, channels last."""

import numpy as np

from keras.backends.common import config as global_config


def to_numpy(value):
    """`value` (a NumPy array, a backend tensor, a list...) as a NumPy array."""
    if value is None or isinstance(value, np.ndarray):
        return value
    if hasattr(value, "numpy") and not hasattr(value, "__array__"):
        return np.asarray(value.numpy())
    try:
        return np.asarray(value)
    except Exception:  # e.g. a torch tensor that needs grad, or on a device
        from keras import ops

        return np.asarray(ops.convert_to_numpy(value))


def resolve_data_format(data_format, caller):
    data_format = data_format or global_config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{caller}: `data_format` must be 'channels_last' or 'channels_first'; "
            f"received data_format={data_format!r}."
        )
    return data_format


def batched_images(images, data_format, caller, name="images"):
    """A 4-D batch of images as a NumPy array `(batch, height, width, channels)`."""
    images = to_numpy(images)
    if images.ndim != 4:
        raise ValueError(
            f"{caller}: `{name}` must be a batched 4D tensor (batch, height, width, "
            f"channels); received {name}.shape={images.shape}."
        )
    if resolve_data_format(data_format, caller) == "channels_first":
        images = np.transpose(images, (0, 2, 3, 1))
    return images


def batched_masks(masks, data_format, caller, name="segmentation_masks"):
    """Integer class masks `(batch, height, width)` from a 3-D or 4-D (one channel)
    batch."""
    masks = to_numpy(masks)
    if masks.ndim == 4:
        axis = 1 if resolve_data_format(data_format, caller) == "channels_first" else 3
        if masks.shape[axis] != 1:
            raise ValueError(
                f"{caller}: `{name}` must have a single channel of class ids; received "
                f"{name}.shape={masks.shape}."
            )
        masks = np.squeeze(masks, axis=axis)
    if masks.ndim != 3:
        raise ValueError(
            f"{caller}: `{name}` must be a batch of masks, shape (batch, height, width) "
            f"or with one channel; received {name}.shape={masks.shape}."
        )
    return masks.astype("int64")


def to_uint8(images, value_range):
    """Images rescaled from `value_range` to 0-255 and cast to uint8."""
    low, high = value_range
    images = images.astype("float64")
    if (low, high) != (0, 255):
        images = (images - low) / (high - low) * 255.0
    return np.clip(images, 0, 255).astype("uint8")
