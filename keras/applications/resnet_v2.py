"""ResNet50V2, ResNet101V2 and ResNet152V2 (Identity Mappings in Deep Residual
Networks, He et al., 2016: pre-activation blocks), with inputs preprocessed in "tf"
mode (scaled to [-1, 1]).

This module is also the public namespace `keras.applications.resnet_v2`.

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
from keras.applications import resnet_common

__all__ = [
    "ResNet101V2",
    "ResNet152V2",
    "ResNet50V2",
    "decode_predictions",
    "preprocess_input",
]

# Hashes of the published weights: name stem -> (with classifier, without).
_HASHES = {
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33"),
}


def _weights_file(stem, include_top):
    """(subdir, file name, hash) of the ImageNet weights Keras publishes."""
    top_hash, notop_hash = _HASHES[stem]
    suffix = "" if include_top else "_notop"
    fname = f"{stem}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    return ("resnet", fname, top_hash if include_top else notop_hash)


def ResNet50V2(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet50v2",
):
    """Instantiates the ResNet50V2 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 4, 6, 3]),
        preact=True,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet50v2", include_top),
    )


def ResNet101V2(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet101v2",
):
    """Instantiates the ResNet101V2 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 4, 23, 3]),
        preact=True,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet101v2", include_top),
    )


def ResNet152V2(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet152v2",
):
    """Instantiates the ResNet152V2 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 8, 36, 3]),
        preact=True,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet152v2", include_top),
    )


def _stacks(x, blocks):
    """The four v2 stages, with `blocks` residual blocks each."""
    x = resnet_common.stack2(x, 64, blocks[0], name="conv2")
    x = resnet_common.stack2(x, 128, blocks[1], name="conv3")
    x = resnet_common.stack2(x, 256, blocks[2], name="conv4")
    return resnet_common.stack2(x, 512, blocks[3], stride1=1, name="conv5")


def preprocess_input(x, data_format=None):
    """Preprocesses images for ResNetV2: "tf" mode (pixels scaled to [-1, 1])."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


decode_predictions = imagenet_utils.decode_predictions
