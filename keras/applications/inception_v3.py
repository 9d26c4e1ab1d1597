"""InceptionV3 (Rethinking the Inception Architecture for Computer Vision,
Szegedy et al., 2015), for 299x299 images preprocessed in "tf" mode ([-1, 1]).

This module is also the public namespace `keras.applications.inception_v3`.
Arguments of every builder (as in Keras):
    include_top: whether to end with the 1000-class ImageNet classifier (global
        average pooling and a Dense layer named "predictions").
    weights: None (random), "imagenet" (the published weights, from the Keras cache
        or fetched) or the path of a weights file.
    input_tensor: optional tensor to use as the model's input.
    input_shape: the shape of one image, e.g. (299, 299, 3); only needed with
        `include_top=False` (at least 75x75).
    pooling: with `include_top=False`: None (the 4D feature map), "avg" or "max"
        (global pooling to a 2D output).
    classes: the classifier's number of classes (1000 with ImageNet weights).
    classifier_activation: the classifier's activation ("softmax" or None with
        pretrained weights).
    name: the model's name.

Layers are created in the order Keras creates them, so that the automatic names
(`conv2d_5`, `batch_normalization_5`, ...) and thus the weight files match.
"""

from keras import layers
from keras.applications import builder_utils
from keras.applications import imagenet_utils

__all__ = ["InceptionV3", "decode_predictions", "preprocess_input"]

_TOP_HASH = "9a0d58056eeedaa3f26cb7ebd46da564"
_NOTOP_HASH = "bcbd6486424b2319ff4ef7d526e38f63"


def InceptionV3(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="inception_v3",
):
    """Instantiates the InceptionV3 architecture (see the module docstring)."""
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 299, 75, include_top, weights
    )
    axis = builder_utils.channel_axis()

    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    for i, pool_filters in enumerate((32, 64, 64)):
        x = _block_35(x, pool_filters, axis, f"mixed{i}")
    x = _reduction_a(x, axis)
    for i, filters in enumerate((128, 160, 160, 192)):
        x = _block_17(x, filters, axis, f"mixed{i + 4}")
    x = _reduction_b(x, axis)
    for i in range(2):
        x = _block_8(x, axis, i)

    x = builder_utils.head(x, include_top, pooling, classes, classifier_activation,
                           weights)
    suffix = "" if include_top else "_notop"
    weights_file = (
        "inception_v3",
        f"inception_v3_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        _TOP_HASH if include_top else _NOTOP_HASH,
    )
    return builder_utils.finish(input_tensor, img_input, x, name, weights, weights_file)


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1),
              name=None):
    """Convolution (no bias), batch norm (no scale) and ReLU."""
    conv_name = None if name is None else name + "_conv"
    bn_name = None if name is None else name + "_bn"
    x = layers.Conv2D(
        filters,
        (num_row, num_col),
        strides=strides,
        padding=padding,
        use_bias=False,
        name=conv_name,
    )(x)
    x = layers.BatchNormalization(
        axis=builder_utils.channel_axis(), scale=False, name=bn_name
    )(x)
    return layers.Activation("relu", name=name)(x)


def _avg_pool_branch(x, filters):
    branch = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
    return conv2d_bn(branch, filters, 1, 1)


def _block_35(x, pool_filters, axis, name):
    """mixed0-2: 1x1, 5x5, double 3x3 and pooling branches on the 35x35 grid."""
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(x, 48, 1, 1)
    branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch_pool = _avg_pool_branch(x, pool_filters)
    return layers.concatenate(
        [branch1x1, branch5x5, branch3x3dbl, branch_pool], axis=axis, name=name
    )


def _reduction_a(x, axis):
    """mixed3: 35x35 -> 17x17."""
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate(
        [branch3x3, branch3x3dbl, branch_pool], axis=axis, name="mixed3"
    )


def _block_17(x, filters, axis, name):
    """mixed4-7: factorized 7x7 branches with `filters` inner channels (17x17)."""
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(x, filters, 1, 1)
    branch7x7 = conv2d_bn(branch7x7, filters, 1, 7)
    branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)
    branch7x7dbl = conv2d_bn(x, filters, 1, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, filters, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, filters, 1, 7)
    branch7x7dbl = conv2d_bn(branch7x7dbl, filters, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, 192, 1, 7)
    branch_pool = _avg_pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch7x7, branch7x7dbl, branch_pool], axis=axis, name=name
    )


def _reduction_b(x, axis):
    """mixed8: 17x17 -> 8x8."""
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2), padding="valid")
    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate(
        [branch3x3, branch7x7x3, branch_pool], axis=axis, name="mixed8"
    )


def _block_8(x, axis, i):
    """mixed9-10: expanded 1x3 / 3x1 branches on the 8x8 grid."""
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3_1 = conv2d_bn(branch3x3, 384, 1, 3)
    branch3x3_2 = conv2d_bn(branch3x3, 384, 3, 1)
    branch3x3 = layers.concatenate(
        [branch3x3_1, branch3x3_2], axis=axis, name=f"mixed9_{i}"
    )
    branch3x3dbl = conv2d_bn(x, 448, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
    branch3x3dbl_1 = conv2d_bn(branch3x3dbl, 384, 1, 3)
    branch3x3dbl_2 = conv2d_bn(branch3x3dbl, 384, 3, 1)
    branch3x3dbl = layers.concatenate([branch3x3dbl_1, branch3x3dbl_2], axis=axis)
    branch_pool = _avg_pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch3x3, branch3x3dbl, branch_pool],
        axis=axis,
        name=f"mixed{9 + i}",
    )


def preprocess_input(x, data_format=None):
    """Preprocesses images for InceptionV3: "tf" mode (pixels scaled to [-1, 1])."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
