"""ImageNet helpers shared by every application: input preprocessing, decoding of
class scores into labels, and the checks of a builder's shape arguments.

`preprocess_input` follows Keras's three conventions:

- "caffe": RGB -> BGR, then the ImageNet mean of each channel (BGR order
  103.939, 116.779, 123.68) is subtracted; no scaling.
- "tf": pixels scaled from [0, 255] to [-1, 1].
- "torch": pixels scaled to [0, 1], then normalized per RGB channel with the ImageNet
  mean (0.485, 0.456, 0.406) and standard deviation (0.229, 0.224, 0.225).

This module is also the public namespace `keras.applications.imagenet_utils`.
"""

import json
import os

import numpy as np

from keras import activations, ops
from keras.applications import cache
from keras.backends.common import config

__all__ = ["decode_predictions", "preprocess_input"]

CLASS_INDEX_FILE = "imagenet_class_index.json"
CLASS_INDEX_ORIGIN = (
    "https://storage.googleapis.com/download.tensorflow.org/data/"
    "imagenet_class_index.json"
)
CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"

_CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)
_MODES = ("caffe", "tf", "torch")

# The parsed class index, read once per process.
_class_index = None


def preprocess_input(x, data_format=None, mode="caffe"):
    """Scales a batch of images (pixels in [0, 255]) as an ImageNet model expects.

    Args:
        x: images as a NumPy array, a backend tensor or a symbolic KerasTensor, with
            3 channels (3D: one image, 4D: a batch).
        data_format: "channels_last" or "channels_first"; None uses
            `keras.config.image_data_format()`.
        mode: "caffe", "tf" or "torch" (see the module docstring).

    Returns:
        The preprocessed images: a NumPy array for a NumPy input (integer inputs
        become floatx), else a tensor. The input is not modified.
    """
    if mode not in _MODES:
        raise ValueError(
            "Expected mode to be one of `caffe`, `tf` or `torch`. "
            f"Received: mode={mode}"
        )
    if data_format is None:
        data_format = config.image_data_format()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(
            "Expected data_format to be one of `channels_first` or `channels_last`. "
            f"Received: data_format={data_format}"
        )
    if isinstance(x, np.ndarray):
        return _preprocess_numpy(x, data_format, mode)
    return _preprocess_tensor(x, data_format, mode)


def _channel_shape(ndim, data_format):
    """Shape that broadcasts a per-channel vector of 3 against an `ndim` image."""
    if data_format == "channels_last":
        return (3,)
    channel_axis = 0 if ndim == 3 else 1
    return (3,) + (1,) * (ndim - channel_axis - 1)


def _channel_axis(ndim, data_format):
    if data_format == "channels_last":
        return ndim - 1
    return 0 if ndim == 3 else 1


def _preprocess_numpy(x, data_format, mode):
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(config.floatx())
    dtype = x.dtype
    if mode == "tf":
        return (x / dtype.type(127.5) - dtype.type(1.0)).astype(dtype)
    shape = _channel_shape(x.ndim, data_format)
    if mode == "torch":
        mean = np.asarray(_TORCH_MEAN, dtype).reshape(shape)
        std = np.asarray(_TORCH_STD, dtype).reshape(shape)
        return ((x / dtype.type(255.0) - mean) / std).astype(dtype)
    x = np.flip(x, axis=_channel_axis(x.ndim, data_format))
    mean = np.asarray(_CAFFE_MEAN_BGR, dtype).reshape(shape)
    return (x - mean).astype(dtype)


def _preprocess_tensor(x, data_format, mode):
    x = ops.convert_to_tensor(x)
    if "float" not in str(x.dtype):
        x = ops.cast(x, config.floatx())
    dtype = x.dtype
    if mode == "tf":
        return x / 127.5 - 1.0
    shape = _channel_shape(len(x.shape), data_format)
    if mode == "torch":
        mean = ops.convert_to_tensor(np.reshape(_TORCH_MEAN, shape), dtype=dtype)
        std = ops.convert_to_tensor(np.reshape(_TORCH_STD, shape), dtype=dtype)
        return (x / 255.0 - mean) / std
    x = ops.flip(x, axis=_channel_axis(len(x.shape), data_format))
    mean = ops.convert_to_tensor(np.reshape(_CAFFE_MEAN_BGR, shape), dtype=dtype)
    return x - mean


def decode_predictions(preds, top=5):
    """The `top` ImageNet classes of each row of `preds`, best first.

    Args:
        preds: class scores of shape `(samples, 1000)` (array or tensor).
        top: how many classes to return per sample.

    Returns:
        One list per sample of `(class_id, class_name, score)` tuples, e.g.
        `("n02119789", "kit_fox", 0.9)`.

    The class names come from `imagenet_class_index.json` in the Keras cache
    (`$KERAS_HOME/models/`, default `~/.keras/models/`), fetched when missing.
    """
    preds = ops.convert_to_numpy(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(
            "`decode_predictions` expects a batch of predictions (i.e. a 2D array of "
            f"shape (samples, 1000)). Received array with shape: {preds.shape}"
        )
    index = _load_class_index()
    results = []
    for row in preds:
        best = np.argsort(row)[-top:][::-1]
        labels = [tuple(index[str(i)]) + (row[i],) for i in best]
        labels.sort(key=lambda label: label[2], reverse=True)
        results.append(labels)
    return results


def _load_class_index():
    global _class_index
    if _class_index is None:
        path = cache.cached_or_fetched(
            CLASS_INDEX_FILE,
            CLASS_INDEX_ORIGIN,
            CLASS_INDEX_HASH,
            what="the ImageNet class index used by `decode_predictions`",
        )
        with open(path) as f:
            _class_index = json.load(f)
    return _class_index


def _forget_class_index():
    """Drops the class index read so far (tests switch caches)."""
    global _class_index
    _class_index = None


def obtain_input_shape(
    input_shape, default_size, min_size, data_format, require_flatten, weights=None
):
    """The input shape of an application model, checked as Keras checks it.

    Args:
        input_shape: the `input_shape` given to the builder, or None.
        default_size: the side of the images the pretrained weights expect.
        min_size: the smallest accepted side.
        data_format: "channels_last" or "channels_first".
        require_flatten: True with `include_top=True` (the classifier needs a static
            shape).
        weights: the builder's `weights` argument.

    Returns:
        A 3-tuple: the shape of one image.
    """
    channels_first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if channels_first else input_shape[-1]
        default_shape = (
            (channels, default_size, default_size)
            if channels_first
            else (default_size, default_size, channels)
        )
    else:
        default_shape = (
            (3, default_size, default_size)
            if channels_first
            else (default_size, default_size, 3)
        )
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError(
                "When setting `include_top=True` and loading `imagenet` weights, "
                f"`input_shape` should be {default_shape}.  "
                f"Received: input_shape={input_shape}"
            )
        return default_shape
    if input_shape:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise ValueError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[0] if channels_first else input_shape[-1]
        sides = input_shape[1:] if channels_first else input_shape[:2]
        if weights == "imagenet" and channels != 3:
            raise ValueError(
                "The input must have 3 channels; Received "
                f"`input_shape={input_shape}`"
            )
        if any(side is not None and side < min_size for side in sides):
            raise ValueError(
                f"Input size must be at least {min_size}x{min_size}; "
                f"Received: input_shape={input_shape}"
            )
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (3, None, None) if channels_first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError(
            "If `include_top` is True, you should specify a static `input_shape`. "
            f"Received: input_shape={input_shape}"
        )
    return input_shape


def check_weights_argument(weights, include_top, classes, num_classes=1000):
    """Raises ValueError unless `weights` is None, "imagenet" or an existing file,
    and unless `classes` matches the pretrained classifier it would load."""
    if not (weights in {"imagenet", None} or _is_file(weights)):
        raise ValueError(
            "The `weights` argument should be either `None` (random initialization), "
            "'imagenet' (pre-training on ImageNet), or the path to the weights file "
            f"to be loaded.  Received: weights={weights}"
        )
    if weights == "imagenet" and include_top and classes != num_classes:
        raise ValueError(
            "If using `weights='imagenet'` with `include_top=True`, `classes` should "
            f"be {num_classes}.  Received classes={classes}"
        )


def _is_file(weights):
    try:
        return os.path.exists(os.fspath(weights))
    except TypeError:
        return False


def validate_activation(classifier_activation, weights):
    """With pretrained weights, only "softmax" or None may top the classifier."""
    if weights is None:
        return
    allowed = {activations.get("softmax"), activations.get(None)}
    if activations.get(classifier_activation) not in allowed:
        raise ValueError(
            "Only `None` and `softmax` activations are allowed for the "
            "`classifier_activation` argument when using pretrained weights, with "
            f"`include_top=True`; Received: classifier_activation="
            f"{classifier_activation}"
        )
