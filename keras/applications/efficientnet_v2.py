"""EfficientNetV2 (B0-B3, S, M, L): MBConv and fused-MBConv stages.

The models include their input preprocessing when `include_preprocessing=True`
(B variants: `Rescaling(1/255)` + ImageNet mean/std `Normalization`; S/M/L:
`Rescaling(1/128, offset=-1)`), so `preprocess_input` is a pass-through.
"""

import copy
import math

from keras.applications import common_blocks
from keras.applications.efficientnet import bn_axis
from keras.applications.efficientnet import conv_kernel_initializer
from keras.applications.efficientnet import dense_kernel_initializer
from keras.applications.efficientnet import squeeze_excite
from keras.initializers.constant_initializers import Constant
from keras.layers.activations.activation import Activation
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.depthwise_conv import DepthwiseConv2D
from keras.layers.core.dense import Dense
from keras.layers.merging.add import add
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.preprocessing.image_preprocessing.rescaling import Rescaling
from keras.layers.preprocessing.normalization import Normalization
from keras.layers.regularization.dropout import Dropout

WEIGHTS_ORIGIN = (
    "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/"
)

_KEYS = (
    "kernel_size",
    "num_repeat",
    "input_filters",
    "output_filters",
    "expand_ratio",
    "se_ratio",
    "strides",
    "conv_type",  # 1: fused MBConv, 0: MBConv
)
_B = [
    (3, 1, 32, 16, 1, 0.0, 1, 1),
    (3, 2, 16, 32, 4, 0.0, 2, 1),
    (3, 2, 32, 48, 4, 0.0, 2, 1),
    (3, 3, 48, 96, 4, 0.25, 2, 0),
    (3, 5, 96, 112, 6, 0.25, 1, 0),
    (3, 8, 112, 192, 6, 0.25, 2, 0),
]
_STAGES = {
    "efficientnetv2-s": [
        (3, 2, 24, 24, 1, 0.0, 1, 1),
        (3, 4, 24, 48, 4, 0.0, 2, 1),
        (3, 4, 48, 64, 4, 0.0, 2, 1),
        (3, 6, 64, 128, 4, 0.25, 2, 0),
        (3, 9, 128, 160, 6, 0.25, 1, 0),
        (3, 15, 160, 256, 6, 0.25, 2, 0),
    ],
    "efficientnetv2-m": [
        (3, 3, 24, 24, 1, 0.0, 1, 1),
        (3, 5, 24, 48, 4, 0.0, 2, 1),
        (3, 5, 48, 80, 4, 0.0, 2, 1),
        (3, 7, 80, 160, 4, 0.25, 2, 0),
        (3, 14, 160, 176, 6, 0.25, 1, 0),
        (3, 18, 176, 304, 6, 0.25, 2, 0),
        (3, 5, 304, 512, 6, 0.25, 1, 0),
    ],
    "efficientnetv2-l": [
        (3, 4, 32, 32, 1, 0.0, 1, 1),
        (3, 7, 32, 64, 4, 0.0, 2, 1),
        (3, 7, 64, 96, 4, 0.0, 2, 1),
        (3, 10, 96, 192, 4, 0.25, 2, 0),
        (3, 19, 192, 224, 6, 0.25, 1, 0),
        (3, 25, 224, 384, 6, 0.25, 2, 0),
        (3, 7, 384, 640, 6, 0.25, 1, 0),
    ],
    "efficientnetv2-b0": _B,
    "efficientnetv2-b1": _B,
    "efficientnetv2-b2": _B,
    "efficientnetv2-b3": _B,
}
DEFAULT_BLOCKS_ARGS = {
    key: [dict(zip(_KEYS, stage)) for stage in stages] for key, stages in _STAGES.items()
}


def round_filters(filters, width_coefficient, min_depth, depth_divisor):
    """Scale a channel count by `width_coefficient`, rounded to `depth_divisor`."""
    filters *= width_coefficient
    minimum = min_depth or depth_divisor
    return int(max(minimum, int(filters + depth_divisor / 2) // depth_divisor * depth_divisor))


def round_repeats(repeats, depth_coefficient):
    """Scale a stage's block count by `depth_coefficient` (rounded up)."""
    return int(math.ceil(depth_coefficient * repeats))


def _bn(x, momentum, name):
    return BatchNormalization(
        axis=bn_axis(), momentum=momentum, name=name
    )(x)


def _conv(filters, kernel_size, strides, name):
    return Conv2D(
        filters,
        kernel_size,
        strides=strides,
        kernel_initializer=conv_kernel_initializer(),
        padding="same",
        use_bias=False,
        name=name,
    )


def _skip(x, inputs, survival_probability, name):
    if survival_probability:
        x = Dropout(survival_probability, noise_shape=(None, 1, 1, 1), name=name + "drop")(x)
    return add([x, inputs], name=name + "add")


def mb_conv_block(inputs, input_filters, output_filters, expand_ratio=1, kernel_size=3,
                  strides=1, se_ratio=0.0, bn_momentum=0.9, activation="swish",
                  survival_probability=0.8, name=""):
    """MBConv: 1x1 expand, depthwise conv, squeeze-excite, 1x1 project, skip."""
    filters = input_filters * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv(filters, 1, 1, name + "expand_conv")(x)
        x = _bn(x, bn_momentum, name + "expand_bn")
        x = Activation(activation, name=name + "expand_activation")(x)
    x = DepthwiseConv2D(
        kernel_size,
        strides=strides,
        depthwise_initializer=conv_kernel_initializer(),
        padding="same",
        use_bias=False,
        name=name + "dwconv2",
    )(x)
    x = _bn(x, bn_momentum, name + "bn")
    x = Activation(activation, name=name + "activation")(x)
    if 0 < se_ratio <= 1:
        x = squeeze_excite(x, filters, max(1, int(input_filters * se_ratio)), activation, name)
    x = _conv(output_filters, 1, 1, name + "project_conv")(x)
    x = _bn(x, bn_momentum, name + "project_bn")
    if strides == 1 and input_filters == output_filters:
        x = _skip(x, inputs, survival_probability, name)
    return x


def fused_mb_conv_block(inputs, input_filters, output_filters, expand_ratio=1,
                        kernel_size=3, strides=1, se_ratio=0.0, bn_momentum=0.9,
                        activation="swish", survival_probability=0.8, name=""):
    """Fused MBConv: one full KxK expand conv (instead of 1x1 + depthwise),
    squeeze-excite, 1x1 project, skip."""
    filters = input_filters * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv(filters, kernel_size, strides, name + "expand_conv")(x)
        x = _bn(x, bn_momentum, name + "expand_bn")
        x = Activation(activation, name=name + "expand_activation")(x)
    if 0 < se_ratio <= 1:
        x = squeeze_excite(x, filters, max(1, int(input_filters * se_ratio)), activation, name)
    fused = expand_ratio == 1
    x = _conv(
        output_filters,
        kernel_size if fused else 1,
        strides if fused else 1,
        name + "project_conv",
    )(x)
    x = _bn(x, bn_momentum, name + "project_bn")
    if fused:
        x = Activation(activation, name=name + "project_activation")(x)
    if strides == 1 and input_filters == output_filters:
        x = _skip(x, inputs, survival_probability, name)
    return x


def EfficientNetV2(
    width_coefficient,
    depth_coefficient,
    default_size,
    dropout_rate=0.2,
    drop_connect_rate=0.2,
    depth_divisor=8,
    min_depth=8,
    bn_momentum=0.9,
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
    include_preprocessing=True,
):
    """Build an EfficientNetV2 with the given scaling (used by the builders)."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    if blocks_args == "default":
        blocks_args = DEFAULT_BLOCKS_ARGS[name]
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    img_input = common_blocks.image_input(shape, input_tensor)
    axis = bn_axis()

    def filters_of(n):
        return round_filters(n, width_coefficient, min_depth, depth_divisor)

    x = img_input
    if include_preprocessing:
        if name.split("-")[-1].startswith("b"):
            x = Rescaling(scale=1.0 / 255)(x)
            x = Normalization(
                mean=[0.485, 0.456, 0.406],
                variance=[0.229**2, 0.224**2, 0.225**2],
                axis=axis,
            )(x)
        else:
            x = Rescaling(scale=1.0 / 128.0, offset=-1)(x)

    x = _conv(filters_of(blocks_args[0]["input_filters"]), 3, 2, "stem_conv")(x)
    x = _bn(x, bn_momentum, "stem_bn")
    x = Activation(activation, name="stem_activation")(x)

    blocks_args = copy.deepcopy(blocks_args)
    done = 0
    total = float(sum(args["num_repeat"] for args in blocks_args))
    for i, args in enumerate(blocks_args):
        args["input_filters"] = filters_of(args["input_filters"])
        args["output_filters"] = filters_of(args["output_filters"])
        build_block = fused_mb_conv_block if args.pop("conv_type") else mb_conv_block
        for j in range(round_repeats(args.pop("num_repeat"), depth_coefficient)):
            if j > 0:
                args["strides"] = 1
                args["input_filters"] = args["output_filters"]
            x = build_block(
                x,
                activation=activation,
                bn_momentum=bn_momentum,
                survival_probability=drop_connect_rate * done / total,
                name=f"block{i + 1}{chr(j + 97)}_",
                **args,
            )
            done += 1

    x = _conv(filters_of(1280), 1, 1, "top_conv")(x)
    x = _bn(x, bn_momentum, "top_bn")
    x = Activation(activation, name="top_activation")(x)
    if include_top:
        x = GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = Dropout(dropout_rate, name="top_dropout")(x)
        x = Dense(
            classes,
            activation=classifier_activation,
            kernel_initializer=dense_kernel_initializer(),
            bias_initializer=Constant(0.0),
            name="predictions",
        )(x)
    else:
        x = common_blocks.pool(x, pooling, ("avg_pool", "max_pool"))

    file_name = name + (".h5" if include_top else "_notop.h5")
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN, file_name
    )


def _builder(public_name, model_name, width, depth, size):
    def build(
        include_top=True,
        weights="imagenet",
        input_tensor=None,
        input_shape=None,
        pooling=None,
        classes=1000,
        classifier_activation="softmax",
        include_preprocessing=True,
        name=model_name,
    ):
        return EfficientNetV2(
            width,
            depth,
            size,
            name=name,
            include_top=include_top,
            weights=weights,
            input_tensor=input_tensor,
            input_shape=input_shape,
            pooling=pooling,
            classes=classes,
            classifier_activation=classifier_activation,
            include_preprocessing=include_preprocessing,
            blocks_args=DEFAULT_BLOCKS_ARGS[model_name],
        )

    build.__name__ = build.__qualname__ = public_name
    build.__doc__ = (
        f"Build {public_name} ({size}px default input); returns a `Model` of "
        "class scores or features."
    )
    return build


EfficientNetV2B0 = _builder("EfficientNetV2B0", "efficientnetv2-b0", 1.0, 1.0, 224)
EfficientNetV2B1 = _builder("EfficientNetV2B1", "efficientnetv2-b1", 1.0, 1.1, 240)
EfficientNetV2B2 = _builder("EfficientNetV2B2", "efficientnetv2-b2", 1.1, 1.2, 260)
EfficientNetV2B3 = _builder("EfficientNetV2B3", "efficientnetv2-b3", 1.2, 1.4, 300)
EfficientNetV2S = _builder("EfficientNetV2S", "efficientnetv2-s", 1.0, 1.0, 384)
EfficientNetV2M = _builder("EfficientNetV2M", "efficientnetv2-m", 1.0, 1.0, 480)
EfficientNetV2L = _builder("EfficientNetV2L", "efficientnetv2-l", 1.0, 1.0, 480)


def preprocess_input(x, data_format=None):
    """Return `x` unchanged: the models rescale their inputs themselves."""
    return x


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
