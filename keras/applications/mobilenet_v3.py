"""MobileNetV3 Small and Large: inverted residuals with squeeze-excite and
hard-swish, found by architecture search.

The builders include the input scaling (`Rescaling(1/127.5, offset=-1)`) inside
the model when `include_preprocessing=True`, so they take raw [0, 255] pixels and
the module's `preprocess_input` is a pass-through. `minimalistic=True` drops
squeeze-excite, hard-swish and 5x5 kernels.
"""

from keras.applications import common_blocks
from keras.layers.activations.activation import Activation
from keras.layers.activations.relu import ReLU
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.merging.add import Add
from keras.layers.merging.multiply import Multiply
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.preprocessing.image_preprocessing.rescaling import Rescaling
from keras.layers.regularization.dropout import Dropout
from keras.layers.reshaping.flatten import Flatten
from keras.layers.reshaping.zero_padding import ZeroPadding2D

WEIGHTS_ORIGIN = (
    "https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v3/"
)

# Blocks as (expansion, filters, kernel ("k": the model's kernel), stride,
# uses squeeze-excite, activation ("a": the model's activation, "relu")).
_SMALL = [
    (1, 16, 3, 2, True, "relu"),
    (72.0 / 16, 24, 3, 2, False, "relu"),
    (88.0 / 24, 24, 3, 1, False, "relu"),
    (4, 40, "k", 2, True, "a"),
    (6, 40, "k", 1, True, "a"),
    (6, 40, "k", 1, True, "a"),
    (3, 48, "k", 1, True, "a"),
    (3, 48, "k", 1, True, "a"),
    (6, 96, "k", 2, True, "a"),
    (6, 96, "k", 1, True, "a"),
    (6, 96, "k", 1, True, "a"),
]
_LARGE = [
    (1, 16, 3, 1, False, "relu"),
    (4, 24, 3, 2, False, "relu"),
    (3, 24, 3, 1, False, "relu"),
    (3, 40, "k", 2, True, "relu"),
    (3, 40, "k", 1, True, "relu"),
    (3, 40, "k", 1, True, "relu"),
    (6, 80, 3, 2, False, "a"),
    (2.5, 80, 3, 1, False, "a"),
    (2.3, 80, 3, 1, False, "a"),
    (2.3, 80, 3, 1, False, "a"),
    (6, 112, 3, 1, True, "a"),
    (6, 112, 3, 1, True, "a"),
    (6, 160, "k", 2, True, "a"),
    (6, 160, "k", 1, True, "a"),
    (6, 160, "k", 1, True, "a"),
]


def MobileNetV3Small(
    input_shape=None,
    alpha=1.0,
    minimalistic=False,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    classes=1000,
    pooling=None,
    dropout_rate=0.2,
    classifier_activation="softmax",
    include_preprocessing=True,
    name="MobileNetV3Small",
):
    """Build MobileNetV3-Small (see the module docstring for the arguments)."""
    return _mobilenet_v3(_SMALL, 1024, "small", **locals())


def MobileNetV3Large(
    input_shape=None,
    alpha=1.0,
    minimalistic=False,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    classes=1000,
    pooling=None,
    dropout_rate=0.2,
    classifier_activation="softmax",
    include_preprocessing=True,
    name="MobileNetV3Large",
):
    """Build MobileNetV3-Large (see the module docstring for the arguments)."""
    return _mobilenet_v3(_LARGE, 1280, "large", **locals())


def _mobilenet_v3(
    blocks,
    last_point_ch,
    model_type,
    input_shape,
    alpha,
    minimalistic,
    include_top,
    weights,
    input_tensor,
    classes,
    pooling,
    dropout_rate,
    classifier_activation,
    include_preprocessing,
    name,
):
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    if weights == "imagenet":
        if alpha not in (0.75, 1.0):
            raise ValueError(
                "With `weights='imagenet'`, `alpha` must be 0.75 or 1.0; "
                f"received alpha={alpha}."
            )
        if minimalistic and alpha != 1.0:
            raise ValueError(
                "With `weights='imagenet'` and `minimalistic=True`, `alpha` must be "
                f"1.0; received alpha={alpha}."
            )
    # As Keras: no fixed default size (the classifier is convolutional).
    shape = common_blocks.input_shape_for(input_shape, 224, 32, False, weights)
    img_input = common_blocks.image_input(shape, input_tensor)
    axis = common_blocks.channel_axis()
    if minimalistic:
        kernel, activation, se_ratio = 3, _relu, None
    else:
        kernel, activation, se_ratio = 5, _hard_swish, 0.25

    x = img_input
    if include_preprocessing:
        x = Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = Conv2D(16, kernel_size=3, strides=(2, 2), padding="same", use_bias=False, name="conv")(x)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="conv_bn")(x)
    x = activation(x)
    for block_id, (expansion, filters, k, stride, se, act) in enumerate(blocks):
        x = _inverted_res_block(
            x,
            expansion,
            common_blocks.make_divisible(filters * alpha),
            kernel if k == "k" else k,
            stride,
            se_ratio if se else None,
            activation if act == "a" else _relu,
            block_id,
        )

    last_conv_ch = common_blocks.make_divisible(x.shape[axis] * 6)
    if alpha > 1.0:
        last_point_ch = common_blocks.make_divisible(last_point_ch * alpha)
    x = Conv2D(last_conv_ch, kernel_size=1, padding="same", use_bias=False, name="conv_1")(x)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name="conv_1_bn")(x)
    x = activation(x)
    if include_top:
        x = GlobalAveragePooling2D(keepdims=True)(x)
        x = Conv2D(last_point_ch, kernel_size=1, padding="same", use_bias=True, name="conv_2")(x)
        x = activation(x)
        if dropout_rate > 0:
            x = Dropout(dropout_rate)(x)
        x = Conv2D(classes, kernel_size=1, padding="same", name="logits")(x)
        x = Flatten()(x)
        x = Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = common_blocks.pool(x, pooling, ("avg_pool", "max_pool"))

    variant = f"{model_type}{'_minimalistic' if minimalistic else ''}_224_{alpha}_float"
    suffix = ".h5" if include_top else "_no_top_v2.h5"
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN,
        f"weights_mobilenet_v3_{variant}{suffix}",
    )


def _relu(x):
    return ReLU()(x)


def _hard_sigmoid(x):
    return ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _hard_swish(x):
    return Activation("hard_swish")(x)


def _se_block(inputs, filters, se_ratio, prefix):
    """Squeeze-excite: pool, reduce, expand, gate the inputs channel-wise."""
    x = GlobalAveragePooling2D(keepdims=True, name=prefix + "squeeze_excite_avg_pool")(inputs)
    x = Conv2D(
        common_blocks.make_divisible(filters * se_ratio),
        kernel_size=1,
        padding="same",
        name=prefix + "squeeze_excite_conv",
    )(x)
    x = ReLU(name=prefix + "squeeze_excite_relu")(x)
    x = Conv2D(filters, kernel_size=1, padding="same", name=prefix + "squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return Multiply(name=prefix + "squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x, expansion, filters, kernel_size, stride, se_ratio, activation, block_id):
    """Expand, depthwise conv, optional squeeze-excite, project, residual add."""
    axis = common_blocks.channel_axis()
    shortcut = x
    prefix = "expanded_conv_"
    in_filters = x.shape[axis]
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = Conv2D(
            common_blocks.make_divisible(in_filters * expansion),
            kernel_size=1,
            padding="same",
            use_bias=False,
            name=prefix + "expand",
        )(x)
        x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name=prefix + "expand_bn")(x)
        x = activation(x)
    if stride == 2:
        x = ZeroPadding2D(
            padding=common_blocks.correct_pad(x, kernel_size), name=prefix + "depthwise_pad"
        )(x)
    x = DepthwiseConv2D(
        kernel_size,
        strides=stride,
        padding="same" if stride == 1 else "valid",
        use_bias=False,
        name=prefix + "depthwise",
    )(x)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name=prefix + "depthwise_bn")(x)
    x = activation(x)
    if se_ratio:
        x = _se_block(x, common_blocks.make_divisible(in_filters * expansion), se_ratio, prefix)
    x = Conv2D(filters, kernel_size=1, padding="same", use_bias=False, name=prefix + "project")(x)
    x = BatchNormalization(axis=axis, epsilon=1e-3, momentum=0.999, name=prefix + "project_bn")(x)
    if stride == 1 and in_filters == filters:
        x = Add(name=prefix + "add")([shortcut, x])
    return x


def preprocess_input(x, data_format=None):
    """Return `x` unchanged: the models rescale their inputs themselves."""
    return x


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
