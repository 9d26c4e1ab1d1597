"""MobileNetV2: inverted residual blocks with linear bottlenecks.

`MobileNetV2(...)` builds the Keras-compatible graph (same layer names and weight
order as Keras 3). `alpha` scales the width of every block.
"""

from keras.applications import common_blocks
from keras.layers.activations.relu import ReLU
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.merging.add import Add
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.reshaping.zero_padding import ZeroPadding2D

WEIGHTS_ORIGIN = (
    "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
)

# (filters, stride, expansion) of blocks 0..16.
_BLOCKS = [(16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6)]
_BLOCKS += [(64, 2, 6)] + [(64, 1, 6)] * 3 + [(96, 1, 6)] * 3
_BLOCKS += [(160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6)]


def MobileNetV2(
    input_shape=None,
    alpha=1.0,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name=None,
):
    """Build MobileNetV2; returns a `Model` mapping images to class scores
    (`include_top=True`) or to features (optionally pooled by `pooling`)."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    default_size = 224
    if input_shape is not None:
        sides = input_shape[1:] if common_blocks.channel_axis() == 1 else input_shape[:2]
        if sides[0] == sides[1] and sides[0] in (96, 128, 160, 192, 224):
            default_size = sides[0]
    if weights == "imagenet" and alpha not in (0.35, 0.50, 0.75, 1.0, 1.3, 1.4):
        raise ValueError(
            "With `weights='imagenet'`, `alpha` must be one of 0.35, 0.50, 0.75, "
            f"1.0, 1.3 or 1.4; received alpha={alpha}."
        )
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    rows = shape[1] if common_blocks.channel_axis() == 1 else shape[0]
    img_input = common_blocks.image_input(shape, input_tensor)
    axis = common_blocks.channel_axis()

    x = Conv2D(
        common_blocks.make_divisible(32 * alpha, 8),
        kernel_size=3,
        strides=(2, 2),
        padding="same",
        use_bias=False,
        name="Conv1",
    )(img_input)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="bn_Conv1")(x)
    x = ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(x, expansion, stride, alpha, filters, block_id)

    last_filters = common_blocks.make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = Conv2D(last_filters, kernel_size=1, use_bias=False, name="Conv_1")(x)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="Conv_1_bn")(x)
    x = ReLU(6.0, name="out_relu")(x)
    x = common_blocks.top_or_pooling(
        x, include_top, pooling, classes, classifier_activation, {}
    )

    if name is None:
        name = f"mobilenetv2_{alpha:0.2f}_{rows}"
    file_name = (
        f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}"
        + ("" if include_top else "_no_top")
        + ".h5"
    )
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN, file_name
    )


def _inverted_res_block(inputs, expansion, stride, alpha, filters, block_id):
    """Expand (1x1), depthwise 3x3, project (1x1); residual add when shapes match."""
    axis = common_blocks.channel_axis()
    in_channels = inputs.shape[axis]
    out_channels = common_blocks.make_divisible(int(filters * alpha), 8)
    x = inputs
    prefix = f"block_{block_id}_"
    if block_id:
        x = Conv2D(
            expansion * in_channels,
            kernel_size=1,
            padding="same",
            use_bias=False,
            activation=None,
            name=prefix + "expand",
        )(x)
        x = _bn(x, prefix + "expand_BN")
        x = ReLU(6.0, name=prefix + "expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = ZeroPadding2D(
            padding=common_blocks.correct_pad(x, 3), name=prefix + "pad"
        )(x)
    x = DepthwiseConv2D(
        kernel_size=3,
        strides=stride,
        activation=None,
        use_bias=False,
        padding="same" if stride == 1 else "valid",
        name=prefix + "depthwise",
    )(x)
    x = _bn(x, prefix + "depthwise_BN")
    x = ReLU(6.0, name=prefix + "depthwise_relu")(x)
    x = Conv2D(
        out_channels,
        kernel_size=1,
        padding="same",
        use_bias=False,
        activation=None,
        name=prefix + "project",
    )(x)
    x = _bn(x, prefix + "project_BN")
    if in_channels == out_channels and stride == 1:
        return Add(name=prefix + "add")([inputs, x])
    return x


def _bn(x, name):
    return BatchNormalization(
        axis=common_blocks.channel_axis(), epsilon=1e-3, momentum=0.999, name=name
    )(x)


def preprocess_input(x, data_format=None):
    """Scale pixels from [0, 255] to [-1, 1] ("tf" mode)."""
    from keras.applications import imagenet_utils

    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
