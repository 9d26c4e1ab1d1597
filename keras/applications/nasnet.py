"""NASNet Mobile and Large: stacks of searched "normal" and "reduction" cells.

Each cell mixes separable convolutions and poolings of its input `ip` and of the
previous cell's output `p` (first adjusted to `ip`'s size and width), then
concatenates the branches. Inputs are scaled to [-1, 1] by `preprocess_input`.
"""

from keras.applications import common_blocks
from keras.layers.activations.activation import Activation
from keras.layers.convolutional.conv import Conv2D
from keras.layers.convolutional.separable_conv import SeparableConv2D
from keras.layers.merging.add import add
from keras.layers.merging.concatenate import concatenate
from keras.layers.normalization.batch_normalization import BatchNormalization
from keras.layers.pooling.average_pooling import AveragePooling2D
from keras.layers.pooling.max_pooling import MaxPooling2D
from keras.layers.reshaping.cropping import Cropping2D
from keras.layers.reshaping.zero_padding import ZeroPadding2D

WEIGHTS_ORIGIN = "https://storage.googleapis.com/tensorflow/keras-applications/nasnet/"


def _bn(x, name=None):
    return BatchNormalization(
        axis=common_blocks.channel_axis(), momentum=0.9997, epsilon=1e-3, name=name
    )(x)


def _conv1x1(filters, name, strides=(1, 1)):
    return Conv2D(
        filters,
        (1, 1),
        strides=strides,
        padding="same",
        use_bias=False,
        kernel_initializer="he_normal",
        name=name,
    )


def NASNet(
    input_shape=None,
    penultimate_filters=4032,
    num_blocks=6,
    stem_block_filters=96,
    skip_reduction=True,
    filter_multiplier=2,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    default_size=None,
    classifier_activation="softmax",
    name="NASNet",
    weights_file=None,
):
    """Build a NASNet: stem, two reduction cells, then three groups of
    `num_blocks` normal cells separated by reduction cells."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    if penultimate_filters % (24 * filter_multiplier**2) != 0:
        raise ValueError(
            "`penultimate_filters` must be a multiple of 24 * filter_multiplier**2 "
            f"(= {24 * filter_multiplier**2}); received "
            f"penultimate_filters={penultimate_filters}."
        )
    default_size = default_size or 331
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    img_input = common_blocks.image_input(shape, input_tensor)

    filters = penultimate_filters // 24
    x = Conv2D(
        stem_block_filters,
        (3, 3),
        strides=(2, 2),
        padding="valid",
        use_bias=False,
        name="stem_conv1",
        kernel_initializer="he_normal",
    )(img_input)
    x = _bn(x, "stem_bn1")
    p = None
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier**2, "stem_1")
    x, p = _reduction_a_cell(x, p, filters // filter_multiplier, "stem_2")
    for group in range(3):
        width = filters * filter_multiplier**group
        if group:
            x, p0 = _reduction_a_cell(x, p, width, f"reduce_{group * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            block_id = group * num_blocks + i + (1 if group else 0)
            x, p = _normal_a_cell(x, p, width, f"{block_id}")
    x = Activation("relu")(x)
    x = common_blocks.top_or_pooling(
        x, include_top, pooling, classes, classifier_activation, {}
    )
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN, weights_file
    )


def _separable_conv_block(ip, filters, kernel_size=(3, 3), strides=(1, 1), block_id=None):
    """ReLU, separable conv (strided: after explicit padding), BN, twice."""
    x = Activation("relu")(ip)
    if strides == (2, 2):
        x = ZeroPadding2D(
            padding=common_blocks.correct_pad(x, kernel_size),
            name=f"separable_conv_1_pad_{block_id}",
        )(x)
        conv_pad = "valid"
    else:
        conv_pad = "same"
    x = SeparableConv2D(
        filters,
        kernel_size,
        strides=strides,
        name=f"separable_conv_1_{block_id}",
        padding=conv_pad,
        use_bias=False,
    )(x)
    x = _bn(x, f"separable_conv_1_bn_{block_id}")
    x = Activation("relu")(x)
    x = SeparableConv2D(
        filters,
        kernel_size,
        name=f"separable_conv_2_{block_id}",
        padding="same",
        use_bias=False,
    )(x)
    return _bn(x, f"separable_conv_2_bn_{block_id}")


def _adjust_block(p, ip, filters, block_id=None):
    """Bring the previous cell's output `p` to `ip`'s spatial size and `filters`
    channels (factorised reduction, or a 1x1 projection)."""
    axis = common_blocks.channel_axis()
    img_dim = 2 if axis == 1 else -2
    if p is None:
        return ip
    if p.shape[img_dim] != ip.shape[img_dim]:
        p = Activation("relu", name=f"adjust_relu_1_{block_id}")(p)
        p1 = AveragePooling2D(
            (1, 1), strides=(2, 2), padding="valid", name=f"adjust_avg_pool_1_{block_id}"
        )(p)
        p1 = _conv1x1(filters // 2, f"adjust_conv_1_{block_id}")(p1)
        p2 = ZeroPadding2D(padding=((0, 1), (0, 1)))(p)
        p2 = Cropping2D(cropping=((1, 0), (1, 0)))(p2)
        p2 = AveragePooling2D(
            (1, 1), strides=(2, 2), padding="valid", name=f"adjust_avg_pool_2_{block_id}"
        )(p2)
        p2 = _conv1x1(filters // 2, f"adjust_conv_2_{block_id}")(p2)
        p = concatenate([p1, p2], axis=axis)
        return _bn(p, f"adjust_bn_{block_id}")
    if p.shape[axis] != filters:
        p = Activation("relu")(p)
        p = _conv1x1(filters, f"adjust_conv_projection_{block_id}")(p)
        return _bn(p, f"adjust_bn_{block_id}")
    return p


def _normal_a_cell(ip, p, filters, block_id=None):
    """Normal cell: five branch pairs summed, concatenated with `p`."""
    p = _adjust_block(p, ip, filters, block_id)
    h = Activation("relu")(ip)
    h = _conv1x1(filters, f"normal_conv_1_{block_id}")(h)
    h = _bn(h, f"normal_bn_1_{block_id}")

    x1 = add(
        [
            _separable_conv_block(h, filters, (5, 5), block_id=f"normal_left1_{block_id}"),
            _separable_conv_block(p, filters, block_id=f"normal_right1_{block_id}"),
        ],
        name=f"normal_add_1_{block_id}",
    )
    x2 = add(
        [
            _separable_conv_block(p, filters, (5, 5), block_id=f"normal_left2_{block_id}"),
            _separable_conv_block(p, filters, (3, 3), block_id=f"normal_right2_{block_id}"),
        ],
        name=f"normal_add_2_{block_id}",
    )
    x3 = _avg3(h, (1, 1), "same", f"normal_left3_{block_id}")
    x3 = add([x3, p], name=f"normal_add_3_{block_id}")
    x4 = add(
        [
            _avg3(p, (1, 1), "same", f"normal_left4_{block_id}"),
            _avg3(p, (1, 1), "same", f"normal_right4_{block_id}"),
        ],
        name=f"normal_add_4_{block_id}",
    )
    x5 = _separable_conv_block(h, filters, block_id=f"normal_left5_{block_id}")
    x5 = add([x5, h], name=f"normal_add_5_{block_id}")
    x = concatenate(
        [p, x1, x2, x3, x4, x5],
        axis=common_blocks.channel_axis(),
        name=f"normal_concat_{block_id}",
    )
    return x, ip


def _avg3(x, strides, padding, name):
    return AveragePooling2D((3, 3), strides=strides, padding=padding, name=name)(x)


def _reduction_a_cell(ip, p, filters, block_id=None):
    """Reduction cell: halves the spatial size; four branch sums concatenated."""
    p = _adjust_block(p, ip, filters, block_id)
    h = Activation("relu")(ip)
    h = _conv1x1(filters, f"reduction_conv_1_{block_id}")(h)
    h = _bn(h, f"reduction_bn_1_{block_id}")
    h3 = ZeroPadding2D(
        padding=common_blocks.correct_pad(h, 3), name=f"reduction_pad_1_{block_id}"
    )(h)

    x1 = add(
        [
            _separable_conv_block(
                h, filters, (5, 5), strides=(2, 2), block_id=f"reduction_left1_{block_id}"
            ),
            _separable_conv_block(
                p, filters, (7, 7), strides=(2, 2), block_id=f"reduction_right1_{block_id}"
            ),
        ],
        name=f"reduction_add_1_{block_id}",
    )
    x2_1 = MaxPooling2D(
        (3, 3), strides=(2, 2), padding="valid", name=f"reduction_left2_{block_id}"
    )(h3)
    x2_2 = _separable_conv_block(
        p, filters, (7, 7), strides=(2, 2), block_id=f"reduction_right2_{block_id}"
    )
    x2 = add([x2_1, x2_2], name=f"reduction_add_2_{block_id}")
    x3_1 = _avg3(h3, (2, 2), "valid", f"reduction_left3_{block_id}")
    x3_2 = _separable_conv_block(
        p, filters, (5, 5), strides=(2, 2), block_id=f"reduction_right3_{block_id}"
    )
    x3 = add([x3_1, x3_2], name=f"reduction_add3_{block_id}")
    x4 = _avg3(x1, (1, 1), "same", f"reduction_left4_{block_id}")
    x4 = add([x2, x4])
    x5_1 = _separable_conv_block(x1, filters, (3, 3), block_id=f"reduction_left4_{block_id}")
    x5_2 = MaxPooling2D(
        (3, 3), strides=(2, 2), padding="valid", name=f"reduction_right5_{block_id}"
    )(h3)
    x5 = add([x5_1, x5_2], name=f"reduction_add4_{block_id}")
    x = concatenate(
        [x2, x3, x4, x5],
        axis=common_blocks.channel_axis(),
        name=f"reduction_concat_{block_id}",
    )
    return x, ip


def NASNetMobile(
    input_shape=None,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="nasnet_mobile",
):
    """Build NASNet-Mobile (224px default input, 4 cells per group).

    As in Keras, the input is 224x224 when `input_shape` is not given, even
    without the classifier.
    """
    if input_shape is None:
        first = common_blocks.channel_axis() == 1
        input_shape = (3, 224, 224) if first else (224, 224, 3)
    return NASNet(
        input_shape,
        penultimate_filters=1056,
        num_blocks=4,
        stem_block_filters=32,
        skip_reduction=False,
        filter_multiplier=2,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        pooling=pooling,
        classes=classes,
        default_size=224,
        classifier_activation=classifier_activation,
        name=name,
        weights_file="NASNet-mobile.h5" if include_top else "NASNet-mobile-no-top.h5",
    )


def NASNetLarge(
    input_shape=None,
    include_top=True,
    weights="imagenet",
    input_tensor=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    name="nasnet_large",
):
    """Build NASNet-Large (331px default input, 6 cells per group)."""
    return NASNet(
        input_shape,
        penultimate_filters=4032,
        num_blocks=6,
        stem_block_filters=96,
        skip_reduction=True,
        filter_multiplier=2,
        include_top=include_top,
        weights=weights,
        input_tensor=input_tensor,
        pooling=pooling,
        classes=classes,
        default_size=331,
        classifier_activation=classifier_activation,
        name=name,
        weights_file="NASNet-large.h5" if include_top else "NASNet-large-no-top.h5",
    )


def preprocess_input(x, data_format=None):
    """Scale pixels from [0, 255] to [-1, 1] ("tf" mode)."""
    from keras.applications import imagenet_utils

    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="tf")


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
