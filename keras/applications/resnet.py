"""ResNet50, ResNet101 and ResNet152 (Deep Residual Learning for Image Recognition,
He et al., 2015), with inputs preprocessed in "caffe" mode (BGR, mean subtracted).

This module is also the public namespace `keras.applications.resnet`.

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
    "ResNet101",
    "ResNet152",
    "ResNet50",
    "decode_predictions",
    "preprocess_input",
]

# Hashes of the published weights: name stem -> (with classifier, without).
_HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c"),
}


def _weights_file(stem, include_top):
    """(subdir, file name, hash) of the ImageNet weights Keras publishes."""
    top_hash, notop_hash = _HASHES[stem]
    suffix = "" if include_top else "_notop"
    fname = f"{stem}_weights_tf_dim_ordering_tf_kernels{suffix}.h5"
    return ("resnet", fname, top_hash if include_top else notop_hash)


def ResNet50(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet50",
):
    """Instantiates the ResNet50 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 4, 6, 3]),
        preact=False,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet50", include_top),
    )


def ResNet101(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet101",
):
    """Instantiates the ResNet101 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 4, 23, 3]),
        preact=False,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet101", include_top),
    )


def ResNet152(
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="resnet152",
):
    """Instantiates the ResNet152 architecture (see the module docstring for arguments)."""
    return resnet_common.ResNet(
        lambda x: _stacks(x, [3, 8, 36, 3]),
        preact=False,
        use_bias=True,
        name=name,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        input_shape=input_shape,
        pooling=pooling,
        classes=classes,
        classifier_activation=classifier_activation,
        weights_file=_weights_file("resnet152", include_top),
    )


def _stacks(x, blocks):
    """The four v1 stages, with `blocks` residual blocks each."""
    x = resnet_common.stack1(x, 64, blocks[0], stride1=1, name="conv2")
    x = resnet_common.stack1(x, 128, blocks[1], name="conv3")
    x = resnet_common.stack1(x, 256, blocks[2], name="conv4")
    return resnet_common.stack1(x, 512, blocks[3], name="conv5")


def preprocess_input(x, data_format=None):
    """Preprocesses images for ResNet: "caffe" mode of
    `keras.applications.imagenet_utils.preprocess_input`."""
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


decode_predictions = imagenet_utils.decode_predictions
