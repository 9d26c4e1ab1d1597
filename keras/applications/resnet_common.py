"""The ResNet architecture shared by ResNet (v1) and ResNetV2.

Layer names follow Keras (`conv1_conv`, `conv2_block1_1_conv`, ...), so the
published weight files load. The stages ("stacks") of residual blocks are given by
the builder: `stack_fn(x)` returns the last feature map.
"""

from keras import layers
from keras.applications import builder_utils

BN_EPSILON = 1.001e-5


def ResNet(
    stack_fn,
    preact,
    use_bias,
    name,
    include_top,
    weights,
    input_tensor,
    input_shape,
    pooling,
    classes,
    classifier_activation,
    weights_file,
):
    """A ResNet model: the 7x7 stem, `stack_fn`'s residual stages, then the head.

    Args:
        stack_fn: builds the residual stages on the stem's output.
        preact: True for ResNetV2 (pre-activation: the stem has no batch norm, and
            a final batch norm + ReLU follows the stages).
        use_bias: whether the stem convolution has a bias.
        weights_file: `(subdir, fname, file_hash)` of the ImageNet weights for these
            arguments.
    """
    builder_utils.check_arguments(weights, include_top, classes)
    img_input = builder_utils.image_input(
        input_tensor, input_shape, 224, 32, include_top, weights
    )
    axis = builder_utils.channel_axis()
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stack_fn(x)
    if preact:
        x = layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    if include_top:
        x = builder_utils.head(
            x, include_top, pooling, classes, classifier_activation, weights
        )
    else:
        x = builder_utils.pool(x, pooling, names=("avg_pool", "max_pool"))
    return builder_utils.finish(input_tensor, img_input, x, name, weights, weights_file)


def _batch_norm(x, name):
    axis = builder_utils.channel_axis()
    return layers.BatchNormalization(axis=axis, epsilon=BN_EPSILON, name=name)(x)


def block1(x, filters, kernel_size=3, stride=1, conv_shortcut=True, name=None):
    """A v1 bottleneck block: 1x1, kxk, 1x1 convolutions plus the shortcut."""
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=name + "_0_conv")(x)
        shortcut = _batch_norm(shortcut, name + "_0_bn")
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=name + "_1_conv")(x)
    x = _batch_norm(x, name + "_1_bn")
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="same", name=name + "_2_conv")(x)
    x = _batch_norm(x, name + "_2_bn")
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    x = _batch_norm(x, name + "_3_bn")
    x = layers.Add(name=name + "_add")([shortcut, x])
    return layers.Activation("relu", name=name + "_out")(x)


def stack1(x, filters, blocks, stride1=2, name=None):
    """`blocks` v1 blocks; the first one strides by `stride1` and projects."""
    x = block1(x, filters, stride=stride1, name=name + "_block1")
    for i in range(2, blocks + 1):
        x = block1(x, filters, conv_shortcut=False, name=f"{name}_block{i}")
    return x


def block2(x, filters, kernel_size=3, stride=1, conv_shortcut=False, name=None):
    """A v2 (pre-activation) bottleneck block."""
    preact = _batch_norm(x, name + "_preact_bn")
    preact = layers.Activation("relu", name=name + "_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(
            4 * filters, 1, strides=stride, name=name + "_0_conv"
        )(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=name + "_1_conv")(
        preact
    )
    x = _batch_norm(x, name + "_1_bn")
    x = layers.Activation("relu", name=name + "_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=name + "_2_pad")(x)
    x = layers.Conv2D(
        filters, kernel_size, strides=stride, use_bias=False, name=name + "_2_conv"
    )(x)
    x = _batch_norm(x, name + "_2_bn")
    x = layers.Activation("relu", name=name + "_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=name + "_3_conv")(x)
    return layers.Add(name=name + "_out")([shortcut, x])


def stack2(x, filters, blocks, stride1=2, name=None):
    """`blocks` v2 blocks; the first projects, the last strides by `stride1`."""
    x = block2(x, filters, conv_shortcut=True, name=name + "_block1")
    for i in range(2, blocks):
        x = block2(x, filters, name=f"{name}_block{i}")
    return block2(x, filters, stride=stride1, name=f"{name}_block{blocks}")
