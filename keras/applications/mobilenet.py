"""MobileNet (v1): depthwise-separable convolution stacks for image classification.

`MobileNet(...)` builds the Keras-compatible graph (same layer names and weight
order as Keras 3, so its weight files load). `alpha` scales every layer's width,
`depth_multiplier` the depthwise convolutions' channel multiplier.
"""

from keras.applications import common_blocks
from keras.layers.activations.activation import Activation
from keras.layers.activations.relu import ReLU
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.regularization.dropout import Dropout
from keras.layers.reshaping.reshape import Reshape
from keras.layers.reshaping.zero_padding import ZeroPadding2D

WEIGHTS_ORIGIN = "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/"

# (pointwise filters, stride) of the 13 depthwise-separable blocks.
_BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)]
_BLOCKS += [(512, 1)] * 5 + [(1024, 2), (1024, 1)]


def MobileNet(
    input_shape=None,
    alpha=1.0,
    depth_multiplier=1,
    dropout=1e-3,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name=None,
):
    """Build MobileNet; returns a `Model` mapping images to class scores
    (`include_top=True`) or to features (optionally pooled by `pooling`)."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    default_size = _default_size(input_shape)
    if weights == "imagenet":
        if depth_multiplier != 1:
            raise ValueError(
                "With `weights='imagenet'`, `depth_multiplier` must be 1; "
                f"received depth_multiplier={depth_multiplier}."
            )
        if alpha not in (0.25, 0.50, 0.75, 1.0):
            raise ValueError(
                "With `weights='imagenet'`, `alpha` must be one of 0.25, 0.50, "
                f"0.75 or 1.0; received alpha={alpha}."
            )
        if default_size not in (128, 160, 192, 224):
            default_size = 224
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    rows = shape[1] if common_blocks.channel_axis() == 1 else shape[0]
    img_input = common_blocks.image_input(shape, input_tensor)

    x = _conv_block(img_input, 32, alpha, strides=2)
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_block(x, filters, alpha, depth_multiplier, stride, block_id)

    if include_top:
        x = GlobalAveragePooling2D(keepdims=True)(x)
        x = Dropout(dropout, name="dropout")(x)
        x = Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = Reshape((classes,), name="reshape_2")(x)
        x = Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = common_blocks.pool(x, pooling)

    if name is None:
        name = f"mobilenet_{alpha:0.2f}_{rows}"
    alpha_text = {1.0: "1_0", 0.75: "7_5", 0.50: "5_0", 0.25: "2_5"}.get(alpha)
    suffix = "tf.h5" if include_top else "tf_no_top.h5"
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN,
        f"mobilenet_{alpha_text}_{rows}_{suffix}",
    )


def _default_size(input_shape):
    if input_shape is None:
        return 224
    if common_blocks.channel_axis() == 1:
        rows, cols = input_shape[1], input_shape[2]
    else:
        rows, cols = input_shape[0], input_shape[1]
    if rows == cols and rows in (128, 160, 192, 224):
        return rows
    return 224


def _conv_block(inputs, filters, alpha, strides):
    """Stem: 3x3 strided convolution, batch norm, ReLU6."""
    axis = common_blocks.channel_axis()
    x = Conv2D(
        int(filters * alpha),
        (3, 3),
        padding="same",
        use_bias=False,
        strides=strides,
        name="conv1",
    )(inputs)
    x = BatchNormalization(axis=axis, name="conv1_bn")(x)
    return ReLU(6.0, name="conv1_relu")(x)


def _depthwise_block(inputs, filters, alpha, depth_multiplier, stride, block_id):
    """Depthwise 3x3 conv + BN + ReLU6, then pointwise 1x1 conv + BN + ReLU6."""
    axis = common_blocks.channel_axis()
    x = inputs
    if stride != 1:
        x = ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = DepthwiseConv2D(
        (3, 3),
        padding="same" if stride == 1 else "valid",
        depth_multiplier=depth_multiplier,
        strides=stride,
        use_bias=False,
        name=f"conv_dw_{block_id}",
    )(x)
    x = BatchNormalization(axis=axis, name=f"conv_dw_{block_id}_bn")(x)
    x = ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = Conv2D(
        int(filters * alpha),
        (1, 1),
        padding="same",
        use_bias=False,
        strides=(1, 1),
        name=f"conv_pw_{block_id}",
    )(x)
    x = BatchNormalization(axis=axis, name=f"conv_pw_{block_id}_bn")(x)
    return ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def preprocess_input(x, data_format=None):
    """Scale pixels from [0, 255] to [-1, 1] ("tf" mode)."""
    from keras.applications import imagenet_utils

    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
