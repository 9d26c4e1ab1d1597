"""DenseNet121, DenseNet169 and DenseNet201 (Densely Connected Convolutional
Networks, Huang et al., 2017), with inputs preprocessed in "torch" mode (scaled to
[0, 1], then normalized per channel).

This module is also the public namespace `keras.applications.densenet`.
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

from keras import layers
from keras.applications import builder_utils
from keras.applications import imagenet_utils

__all__ = [
    "DenseNet121",
    "DenseNet169",
    "DenseNet201",
    "decode_predictions",
    "preprocess_input",
]

BN_EPSILON = 1.001e-5
GROWTH_RATE = 32

# Hashes of the published weights: model name -> (with classifier, without).
_HASHES = {
    "densenet121": ("9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738"),
    "densenet169": ("d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b"),
    "densenet201": ("1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1"),
}


def DenseNet(
    blocks,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="densenet",
):
    """A DenseNet with `blocks[i]` convolution blocks in dense block i + 1."""
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 224, 32, include_top, weights
    )
    axis = builder_utils.channel_axis()

    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)

    for stage, count in enumerate(blocks, start=2):
        x = dense_block(x, count, name=f"conv{stage}")
        if stage < len(blocks) + 1:
            x = transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)

    if include_top:
        x = builder_utils.head(
            x, include_top, pooling, classes, classifier_activation, weights
        )
    else:
        x = builder_utils.pool(x, pooling, names=("avg_pool", "max_pool"))
    return builder_utils.finish(
        input_tensor, img_input, x, name, weights, _weights_file(blocks, include_top)
    )


def _weights_file(blocks, include_top):
    """(subdir, file name, hash) of the published weights, for the three standard
    depths only."""
    model = _STANDARD.get(tuple(blocks))
    if model is None:
        return None
    top_hash, notop_hash = _HASHES[model]
    suffix = "" if include_top else "_notop"
    return (
        "densenet",
        f"{model}_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        top_hash if include_top else notop_hash,
    )


def dense_block(x, blocks, name):
    """`blocks` convolution blocks, each concatenating its output to its input."""
    for i in range(blocks):
        x = conv_block(x, GROWTH_RATE, name=f"{name}_block{i + 1}")
    return x


def conv_block(x, growth_rate, name):
    """BN-ReLU-1x1 conv (4 * growth_rate) - BN-ReLU-3x3 conv (growth_rate), whose
    output is concatenated to `x`."""
    axis = builder_utils.channel_axis()
    x1 = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name=name + "_0_bn")(x)
    x1 = layers.Activation("relu", name=name + "_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + "_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name=name + "_1_bn")(x1)
    x1 = layers.Activation("relu", name=name + "_1_relu")(x1)
    x1 = layers.Conv2D(
        growth_rate, 3, padding="same", use_bias=False, name=name + "_2_conv"
    )(x1)
    return layers.Concatenate(axis=axis, name=name + "_concat")([x, x1])


def transition_block(x, reduction, name):
    """BN-ReLU, a 1x1 convolution keeping `reduction` of the channels, 2x2 average
    pooling."""
    axis = builder_utils.channel_axis()
    x = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name=name + "_bn")(x)
    x = layers.Activation("relu", name=name + "_relu")(x)
    x = layers.Conv2D(
        int(x.shape[axis] * reduction), 1, use_bias=False, name=name + "_conv"
    )(x)
    return layers.AveragePooling2D(2, strides=2, name=name + "_pool")(x)


def DenseNet121(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="densenet121",
):
    """Instantiates the DenseNet121 architecture (see the module docstring)."""
    return DenseNet(
        [6, 12, 24, 16],
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        name=name,
    )


def DenseNet169(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="densenet169",
):
    """Instantiates the DenseNet169 architecture (see the module docstring)."""
    return DenseNet(
        [6, 12, 32, 32],
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        name=name,
    )


def DenseNet201(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="densenet201",
):
    """Instantiates the DenseNet201 architecture (see the module docstring)."""
    return DenseNet(
        [6, 12, 48, 32],
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        name=name,
    )


# Block counts of the published models -> their names.
_STANDARD = {
    (6, 12, 24, 16): "densenet121",
    (6, 12, 32, 32): "densenet169",
    (6, 12, 48, 32): "densenet201",
}


def preprocess_input(x, data_format=None):
    """Preprocesses images for DenseNet: "torch" mode (scaled to [0, 1], then
    normalized with the ImageNet mean and standard deviation)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="torch")


decode_predictions = imagenet_utils.decode_predictions
