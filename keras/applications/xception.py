"""Xception (Deep Learning with Depthwise Separable Convolutions, Chollet, 2017),
for 299x299 images preprocessed in "tf" mode (scaled to [-1, 1]).

This module is also the public namespace `keras.applications.xception`.
Arguments of every builder (as in Keras):
    include_top: whether to end with the 1000-class ImageNet classifier (global
        average pooling and a Dense layer named "predictions").
    weights: None (random), "imagenet" (the published weights, from the Keras cache
        or fetched) or the path of a weights file.
    input_tensor: optional tensor to use as the model's input.
    input_shape: the shape of one image, e.g. (299, 299, 3); only needed with
        `include_top=False` (at least 71x71).
    pooling: with `include_top=False`: None (the 4D feature map), "avg" or "max"
        (global pooling to a 2D output).
    classes: the classifier's number of classes (1000 with ImageNet weights).
    classifier_activation: the classifier's activation ("softmax" or None with
        pretrained weights).
    name: the model's name.
"""

from keras import layers
from keras.applications import builder_utils
from keras.applications import imagenet_utils

__all__ = ["Xception", "decode_predictions", "preprocess_input"]

_TOP_HASH = "0a58e3b7378bc2990ea3b43d5981f1f6"
_NOTOP_HASH = "b0042744bf5b25fce3cb969f33bebb97"


def Xception(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="xception",
):
    """Instantiates the Xception architecture (see the module docstring)."""
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 299, 71, include_top, weights
    )
    axis = builder_utils.channel_axis()

    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(
        img_input
    )
    x = layers.BatchNormalization(axis=axis, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=axis, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)

    # Entry flow: three downsampling blocks with a projected residual.
    x = _downsampling_block(x, "block2", (128, 128), axis, first_act=False)
    x = _downsampling_block(x, "block3", (256, 256), axis)
    x = _downsampling_block(x, "block4", (728, 728), axis)

    # Middle flow: eight blocks of three separable convolutions.
    for i in range(8):
        residual = x
        prefix = f"block{i + 5}"
        for k in (1, 2, 3):
            x = _act_sepconv_bn(x, 728, f"{prefix}_sepconv{k}", axis)
        x = layers.add([x, residual])

    # Exit flow.
    x = _downsampling_block(x, "block13", (728, 1024), axis)
    for k, filters in ((1, 1536), (2, 2048)):
        x = layers.SeparableConv2D(
            filters, (3, 3), padding="same", use_bias=False, name=f"block14_sepconv{k}"
        )(x)
        x = layers.BatchNormalization(axis=axis, name=f"block14_sepconv{k}_bn")(x)
        x = layers.Activation("relu", name=f"block14_sepconv{k}_act")(x)

    x = builder_utils.head(x, include_top, pooling, classes, classifier_activation,
                           weights)
    suffix = "" if include_top else "_notop"
    weights_file = (
        "xception",
        f"xception_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        _TOP_HASH if include_top else _NOTOP_HASH,
    )
    return builder_utils.finish(input_tensor, img_input, x, name, weights, weights_file)


def _act_sepconv_bn(x, filters, name, axis):
    """ReLU, 3x3 separable convolution, batch norm: named `name` + _act / "" / _bn."""
    x = layers.Activation("relu", name=name + "_act")(x)
    x = layers.SeparableConv2D(
        filters, (3, 3), padding="same", use_bias=False, name=name
    )(x)
    return layers.BatchNormalization(axis=axis, name=name + "_bn")(x)


def _downsampling_block(x, prefix, filters, axis, first_act=True):
    """Two separable convolutions and a strided max pooling, added to a strided 1x1
    projection of the input. Block 2 has no ReLU before its first convolution."""
    residual = layers.Conv2D(
        filters[1], (1, 1), strides=(2, 2), padding="same", use_bias=False
    )(x)
    residual = layers.BatchNormalization(axis=axis)(residual)
    if first_act:
        x = _act_sepconv_bn(x, filters[0], prefix + "_sepconv1", axis)
    else:
        x = layers.SeparableConv2D(
            filters[0], (3, 3), padding="same", use_bias=False,
            name=prefix + "_sepconv1",
        )(x)
        x = layers.BatchNormalization(axis=axis, name=prefix + "_sepconv1_bn")(x)
    x = _act_sepconv_bn(x, filters[1], prefix + "_sepconv2", axis)
    x = layers.MaxPooling2D(
        (3, 3), strides=(2, 2), padding="same", name=prefix + "_pool"
    )(x)
    return layers.add([x, residual])


def preprocess_input(x, data_format=None):
    """Preprocesses images for Xception: "tf" mode (pixels scaled to [-1, 1])."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
