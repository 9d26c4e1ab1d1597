"""VGG19 (16 convolutions + 3 Dense layers), with inputs preprocessed
in "caffe" mode (BGR, ImageNet mean subtracted).

This module is also the public namespace `keras.applications.vgg19`.
Arguments of every builder (as in Keras):
    include_top: whether to end with the 1000-class ImageNet classifier (global
        average pooling and a Dense layer named "predictions").
    weights: None (random), "imagenet" (the published weights, from the Keras cache
        or fetched) or the path of a weights file.
    input_tensor: optional tensor to use as the model's input.
    input_shape: the shape of one image, e.g. (224, 224, 3); only needed with
        `include_top=False` (at least 32x32).
    pooling: with `include_top=False`: None (the 4D feature map), "avg" or "max"
        (global pooling to a 2D output).
    classes: the classifier's number of classes (1000 with ImageNet weights).
    classifier_activation: the classifier's activation ("softmax" or None with
        pretrained weights).
    name: the model's name.
"""

from keras.applications import imagenet_utils
from keras.applications import vgg_common

__all__ = ["VGG19", "decode_predictions", "preprocess_input"]

_TOP_HASH = "cbe5617147190e668d6c5d5026f83318"
_NOTOP_HASH = "253f8cb515780f3b799900260a226db6"


def VGG19(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="vgg19",
):
    """Instantiates the VGG19 architecture (see the module docstring for arguments)."""
    return vgg_common.VGG(
        (2, 2, 4, 4, 4),
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=vgg_common.weights_file(
            "vgg19", include_top, _TOP_HASH, _NOTOP_HASH
        ),
    )


preprocess_input = vgg_common.preprocess_input
decode_predictions = imagenet_utils.decode_predictions
