"""InceptionResNetV2 (Inception-v4, Inception-ResNet and the Impact of Residual
Connections on Learning, Szegedy et al., 2016), for 299x299 images preprocessed in
"tf" mode ([-1, 1]).

This module is also the public namespace `keras.applications.inception_resnet_v2`.
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
(`conv2d_5`, `custom_scale_layer_3`, ...) and thus the weight files match.
"""

from keras import layers
from keras.applications import builder_utils
from keras.applications import imagenet_utils
from keras.layers import Layer

__all__ = ["InceptionResNetV2", "decode_predictions", "preprocess_input"]

_TOP_HASH = "e693bd0210a403b3192acc6073ad2e96"
_NOTOP_HASH = "d19885ff4a710c122648d3b5c3b684e4"


def InceptionResNetV2(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="inception_resnet_v2",
):
    """Instantiates the InceptionResNetV2 architecture (see the module docstring)."""
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 299, 75, include_top, weights
    )
    axis = builder_utils.channel_axis()

    x = conv2d_bn(img_input, 32, 3, strides=2, padding="valid")
    x = conv2d_bn(x, 32, 3, padding="valid")
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)

    # mixed_5b: the Inception-A block, 35x35x320.
    branch_0 = conv2d_bn(x, 96, 1)
    branch_1 = conv2d_bn(conv2d_bn(x, 48, 1), 64, 5)
    branch_2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1), 96, 3), 96, 3)
    branch_pool = layers.AveragePooling2D(3, strides=1, padding="same")(x)
    branch_pool = conv2d_bn(branch_pool, 64, 1)
    x = layers.Concatenate(axis=axis, name="mixed_5b")(
        [branch_0, branch_1, branch_2, branch_pool]
    )
    for block_idx in range(1, 11):
        x = inception_resnet_block(x, 0.17, "block35", block_idx)

    # mixed_6a: reduction to 17x17x1088.
    branch_0 = conv2d_bn(x, 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(conv2d_bn(x, 256, 1), 256, 3)
    branch_1 = conv2d_bn(branch_1, 384, 3, strides=2, padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=axis, name="mixed_6a")([branch_0, branch_1, branch_pool])
    for block_idx in range(1, 21):
        x = inception_resnet_block(x, 0.1, "block17", block_idx)

    # mixed_7a: reduction to 8x8x2080.
    branch_0 = conv2d_bn(conv2d_bn(x, 256, 1), 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3, strides=2, padding="valid")
    branch_2 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3)
    branch_2 = conv2d_bn(branch_2, 320, 3, strides=2, padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    x = layers.Concatenate(axis=axis, name="mixed_7a")(
        [branch_0, branch_1, branch_2, branch_pool]
    )
    for block_idx in range(1, 10):
        x = inception_resnet_block(x, 0.2, "block8", block_idx)
    x = inception_resnet_block(x, 1.0, "block8", 10, activation=None)

    x = conv2d_bn(x, 1536, 1, name="conv_7b")
    x = builder_utils.head(x, include_top, pooling, classes, classifier_activation,
                           weights)
    suffix = "" if include_top else "_notop"
    weights_file = (
        "inception_resnet_v2",
        f"inception_resnet_v2_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        _TOP_HASH if include_top else _NOTOP_HASH,
    )
    return builder_utils.finish(input_tensor, img_input, x, name, weights, weights_file)


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same", activation="relu",
              use_bias=False, name=None):
    """Convolution, then (without bias) batch norm with no scale, then `activation`;
    the norm and activation are named `name` + "_bn" / "_ac"."""
    x = layers.Conv2D(
        filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias,
        name=name,
    )(x)
    if not use_bias:
        x = layers.BatchNormalization(
            axis=builder_utils.channel_axis(),
            scale=False,
            name=None if name is None else name + "_bn",
        )(x)
    if activation is not None:
        x = layers.Activation(
            activation, name=None if name is None else name + "_ac"
        )(x)
    return x


class CustomScaleLayer(Layer):
    """Adds a residual branch scaled by `scale`: `inputs[0] + inputs[1] * scale`."""

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[0]


_BRANCHES = {
    # block type -> the branches: (filters, kernel size) of each convolution.
    "block35": (((32, 1),), ((32, 1), (32, 3)), ((32, 1), (48, 3), (64, 3))),
    "block17": (((192, 1),), ((128, 1), (160, (1, 7)), (192, (7, 1)))),
    "block8": (((192, 1),), ((192, 1), (224, (1, 3)), (256, (3, 1)))),
}


def inception_resnet_block(x, scale, block_type, block_idx, activation="relu"):
    """A residual Inception block: its branches are concatenated, projected by a
    1x1 convolution (with bias) to the input's channels, scaled and added to `x`.

    Args:
        block_type: "block35" (35x35 grid), "block17" (17x17) or "block8" (8x8).
        block_idx: the block's number, part of its layer names.
    """
    if block_type not in _BRANCHES:
        raise ValueError(
            "Unknown Inception-ResNet block type. Valid types are: \"block35\", "
            f"\"block17\" or \"block8\". Received: block_type={block_type}"
        )
    axis = builder_utils.channel_axis()
    branches = []
    for convs in _BRANCHES[block_type]:
        branch = x
        for filters, kernel_size in convs:
            branch = conv2d_bn(branch, filters, kernel_size)
        branches.append(branch)
    block_name = f"{block_type}_{block_idx}"
    mixed = layers.Concatenate(axis=axis, name=block_name + "_mixed")(branches)
    up = conv2d_bn(
        mixed, x.shape[axis], 1, activation=None, use_bias=True,
        name=block_name + "_conv",
    )
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=block_name + "_ac")(x)
    return x


def preprocess_input(x, data_format=None):
    """Preprocesses images for InceptionResNetV2: "tf" mode ([-1, 1])."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
