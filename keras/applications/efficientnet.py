"""EfficientNet B0-B7: compound-scaled MBConv networks.

Each builder scales a shared B0 block list in width and depth. The models
include their input scaling (`Rescaling(1/255)` then `Normalization`) and take
raw [0, 255] pixels, so `preprocess_input` is a pass-through. With
`weights="imagenet"` an extra `Rescaling` divides by the ImageNet standard
deviations (the `Normalization` statistics come from the weights file).
"""

import copy
import math

from keras.applications import common_blocks
from keras.initializers.variance_scaling_initializers import VarianceScaling
from keras.layers.activations.activation import Activation
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.core.dense import Dense
from keras.layers.merging.add import add
from keras.layers.merging.multiply import multiply
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.preprocessing.image_preprocessing.rescaling import Rescaling
from keras.layers.preprocessing.normalization import Normalization
from keras.layers.regularization.dropout import Dropout
from keras.layers.reshaping.reshape import Reshape
from keras.layers.reshaping.zero_padding import ZeroPadding2D

WEIGHTS_ORIGIN = "https://storage.googleapis.com/keras-applications/"
IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225]

# (kernel, repeats, filters_in, filters_out, expand_ratio, strides) of B0's
# seven stages; every block uses an identity skip and squeeze-excite 0.25.
_STAGES = [
    (3, 1, 32, 16, 1, 1),
    (3, 2, 16, 24, 6, 2),
    (5, 2, 24, 40, 6, 2),
    (3, 3, 40, 80, 6, 2),
    (5, 3, 80, 112, 6, 1),
    (5, 4, 112, 192, 6, 2),
    (3, 1, 192, 320, 6, 1),
]
DEFAULT_BLOCKS_ARGS = [
    dict(
        kernel_size=k,
        repeats=r,
        filters_in=fi,
        filters_out=fo,
        expand_ratio=e,
        id_skip=True,
        strides=s,
        se_ratio=0.25,
    )
    for k, r, fi, fo, e, s in _STAGES
]


def bn_axis():
    """The channel axis as these models write it in configs: 3 or 1."""
    return 1 if common_blocks.channel_axis() == 1 else 3


def conv_kernel_initializer():
    """He-style initializer of the convolutions (fan-out, truncated normal)."""
    return VarianceScaling(scale=2.0, mode="fan_out", distribution="truncated_normal")


def dense_kernel_initializer():
    """Initializer of the classifier (fan-out, uniform, scale 1/3)."""
    return VarianceScaling(scale=1.0 / 3.0, mode="fan_out", distribution="uniform")


def EfficientNet(
    width_coefficient,
    depth_coefficient,
    default_size,
    dropout_rate=0.2,
    drop_connect_rate=0.2,
    depth_divisor=8,
    activation="swish",
    blocks_args="default",
    name="efficientnet",
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
):
    """Build an EfficientNet with the given scaling (used by B0..B7)."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    if blocks_args == "default":
        blocks_args = DEFAULT_BLOCKS_ARGS
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    img_input = common_blocks.image_input(shape, input_tensor)
    axis = bn_axis()

    def round_filters(filters):
        filters *= width_coefficient
        new = max(depth_divisor, int(filters + depth_divisor / 2) // depth_divisor * depth_divisor)
        if new < 0.9 * filters:
            new += depth_divisor
        return int(new)

    def round_repeats(repeats):
        return int(math.ceil(depth_coefficient * repeats))

    x = Rescaling(1.0 / 255.0)(img_input)
    x = Normalization(axis=axis)(x)
    if weights == "imagenet":
        x = Rescaling([1.0 / math.sqrt(s) for s in IMAGENET_STDDEV_RGB])(x)
    x = ZeroPadding2D(padding=common_blocks.correct_pad(x, 3), name="stem_conv_pad")(x)
    x = Conv2D(
        round_filters(32),
        3,
        strides=2,
        padding="valid",
        use_bias=False,
        kernel_initializer=conv_kernel_initializer(),
        name="stem_conv",
    )(x)
    x = BatchNormalization(axis=axis, name="stem_bn")(x)
    x = Activation(activation, name="stem_activation")(x)

    blocks_args = copy.deepcopy(blocks_args)
    done = 0
    total = float(sum(round_repeats(args["repeats"]) for args in blocks_args))
    for i, args in enumerate(blocks_args):
        args["filters_in"] = round_filters(args["filters_in"])
        args["filters_out"] = round_filters(args["filters_out"])
        for j in range(round_repeats(args.pop("repeats"))):
            if j > 0:
                args["strides"] = 1
                args["filters_in"] = args["filters_out"]
            x = block(
                x,
                activation,
                drop_connect_rate * done / total,
                name=f"block{i + 1}{chr(j + 97)}_",
                **args,
            )
            done += 1

    x = Conv2D(
        round_filters(1280),
        1,
        padding="same",
        use_bias=False,
        kernel_initializer=conv_kernel_initializer(),
        name="top_conv",
    )(x)
    x = BatchNormalization(axis=axis, name="top_bn")(x)
    x = Activation(activation, name="top_activation")(x)
    if include_top:
        x = GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = Dropout(dropout_rate, name="top_dropout")(x)
        x = Dense(
            classes,
            activation=classifier_activation,
            kernel_initializer=dense_kernel_initializer(),
            name="predictions",
        )(x)
    else:
        x = common_blocks.pool(x, pooling, ("avg_pool", "max_pool"))

    file_name = name + (".h5" if include_top else "_notop.h5")
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN, file_name
    )


def block(
    inputs,
    activation="swish",
    drop_rate=0.0,
    name="",
    filters_in=32,
    filters_out=16,
    kernel_size=3,
    strides=1,
    expand_ratio=1,
    se_ratio=0.0,
    id_skip=True,
):
    """One MBConv block: expand, depthwise conv, squeeze-excite, project, skip."""
    axis = bn_axis()
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = Conv2D(
            filters,
            1,
            padding="same",
            use_bias=False,
            kernel_initializer=conv_kernel_initializer(),
            name=name + "expand_conv",
        )(x)
        x = BatchNormalization(axis=axis, name=name + "expand_bn")(x)
        x = Activation(activation, name=name + "expand_activation")(x)
    if strides == 2:
        x = ZeroPadding2D(
            padding=common_blocks.correct_pad(x, kernel_size), name=name + "dwconv_pad"
        )(x)
    x = DepthwiseConv2D(
        kernel_size,
        strides=strides,
        padding="valid" if strides == 2 else "same",
        use_bias=False,
        depthwise_initializer=conv_kernel_initializer(),
        name=name + "dwconv",
    )(x)
    x = BatchNormalization(axis=axis, name=name + "bn")(x)
    x = Activation(activation, name=name + "activation")(x)
    if 0 < se_ratio <= 1:
        x = squeeze_excite(x, filters, max(1, int(filters_in * se_ratio)), activation, name)
    x = Conv2D(
        filters_out,
        1,
        padding="same",
        use_bias=False,
        kernel_initializer=conv_kernel_initializer(),
        name=name + "project_conv",
    )(x)
    x = BatchNormalization(axis=axis, name=name + "project_bn")(x)
    if id_skip and strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = Dropout(drop_rate, noise_shape=(None, 1, 1, 1), name=name + "drop")(x)
        x = add([x, inputs], name=name + "add")
    return x


def squeeze_excite(x, filters, filters_se, activation, name):
    """Gate `x`'s channels by a pooled, reduced then expanded sigmoid signal."""
    se = GlobalAveragePooling2D(name=name + "se_squeeze")(x)
    if common_blocks.channel_axis() == 1:
        se_shape = (filters, 1, 1)
    else:
        se_shape = (1, 1, filters)
    se = Reshape(se_shape, name=name + "se_reshape")(se)
    se = Conv2D(
        filters_se,
        1,
        padding="same",
        activation=activation,
        kernel_initializer=conv_kernel_initializer(),
        name=name + "se_reduce",
    )(se)
    se = Conv2D(
        filters,
        1,
        padding="same",
        activation="sigmoid",
        kernel_initializer=conv_kernel_initializer(),
        name=name + "se_expand",
    )(se)
    return multiply([x, se], name=name + "se_excite")


def _builder(model_name, width, depth, size, dropout):
    def build(
        include_top=True,
        weights="imagenet",
        input_tensor=None,
        input_shape=None,
        pooling=None,
        classes=1000,
        classifier_activation="softmax",
        name=model_name,
    ):
        return EfficientNet(
            width,
            depth,
            size,
            dropout,
            name=name,
            include_top=include_top,
            weights=weights,
            input_tensor=input_tensor,
            input_shape=input_shape,
            pooling=pooling,
            classes=classes,
            classifier_activation=classifier_activation,
        )

    build.__name__ = build.__qualname__ = "EfficientNet" + model_name[-2:].upper()
    build.__doc__ = (
        f"Build {build.__name__} (width x{width}, depth x{depth}, {size}px "
        "default input); returns a `Model` of class scores or features."
    )
    return build


EfficientNetB0 = _builder("efficientnetb0", 1.0, 1.0, 224, 0.2)
EfficientNetB1 = _builder("efficientnetb1", 1.0, 1.1, 240, 0.2)
EfficientNetB2 = _builder("efficientnetb2", 1.1, 1.2, 260, 0.3)
EfficientNetB3 = _builder("efficientnetb3", 1.2, 1.4, 300, 0.3)
EfficientNetB4 = _builder("efficientnetb4", 1.4, 1.8, 380, 0.4)
EfficientNetB5 = _builder("efficientnetb5", 1.6, 2.2, 456, 0.4)
EfficientNetB6 = _builder("efficientnetb6", 1.8, 2.6, 528, 0.5)
EfficientNetB7 = _builder("efficientnetb7", 2.0, 3.1, 600, 0.5)


def preprocess_input(x, data_format=None):
    """Return `x` unchanged: the models rescale their inputs themselves."""
    return x


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
