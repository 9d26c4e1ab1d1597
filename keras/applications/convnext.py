"""ConvNeXt Tiny/Small/Base/Large/XLarge: ResNet-style stages modernised with
7x7 depthwise convolutions, LayerNorm, inverted MLPs and per-channel scaling.

With `include_preprocessing=True` the model normalises raw [0, 255] pixels
itself (a `Normalization` by the ImageNet mean/std), so `preprocess_input` is a
pass-through. `LayerScale` and `StochasticDepth` are the two custom layers the
blocks use.
"""

import numpy as np

from keras import ops
from keras.applications import common_blocks
from keras.initializers.constant_initializers import Constant
from keras.layers.activations.activation import Activation
from keras.layers.convolutional.conv import Conv2D
from keras.layers.core.dense import Dense
from keras.layers.layer import Layer
from keras.layers.normalization.layer_normalization import LayerNormalization
from keras.layers.pooling.global_pooling import GlobalAveragePooling2D
from keras.layers.preprocessing.normalization import Normalization
from keras.models.sequential import Sequential
from keras.saving.object_registration import register_keras_serializable

WEIGHTS_ORIGIN = "https://storage.googleapis.com/tensorflow/keras-applications/convnext/"

# Blocks per stage and channels per stage of each size.
MODEL_CONFIGS = {
    "tiny": ([3, 3, 9, 3], [96, 192, 384, 768], 224),
    "small": ([3, 3, 27, 3], [96, 192, 384, 768], 224),
    "base": ([3, 3, 27, 3], [128, 256, 512, 1024], 224),
    "large": ([3, 3, 27, 3], [192, 384, 768, 1536], 224),
    "xlarge": ([3, 3, 27, 3], [256, 512, 1024, 2048], 224),
}


@register_keras_serializable(package="keras.applications.convnext")
class StochasticDepth(Layer):
    """Drop a whole residual branch per sample with probability `drop_path_rate`
    during training (scaling the kept ones by 1/keep); identity at inference."""

    def __init__(self, drop_path_rate, **kwargs):
        super().__init__(**kwargs)
        self.drop_path_rate = drop_path_rate

    def call(self, x, training=None):
        if not training or not self.drop_path_rate:
            return x
        from keras.random.random import uniform

        keep = 1.0 - self.drop_path_rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        mask = ops.floor(keep + uniform(shape, 0.0, 1.0, dtype=x.dtype))
        return x / keep * mask

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "drop_path_rate": self.drop_path_rate}


@register_keras_serializable(package="keras.applications.convnext")
class LayerScale(Layer):
    """Multiply the last axis by a learned per-channel `gamma` (of size
    `projection_dim`) that starts at `init_values`."""

    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, _=None):
        self.gamma = self.add_weight(
            shape=(self.projection_dim,),
            initializer=Constant(self.init_values),
            trainable=True,
        )

    def call(self, x):
        return x * ops.cast(self.gamma, x.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "init_values": self.init_values,
            "projection_dim": self.projection_dim,
        }


def convnext_block(x, projection_dim, drop_path_rate=0.0, layer_scale_init_value=1e-6, name=""):
    """Depthwise 7x7 conv, LayerNorm, Dense 4x + GELU, Dense back, scale, add."""
    inputs = x
    x = Conv2D(
        filters=projection_dim,
        kernel_size=7,
        padding="same",
        groups=projection_dim,
        name=name + "_depthwise_conv",
    )(x)
    x = LayerNormalization(epsilon=1e-6, name=name + "_layernorm")(x)
    x = Dense(4 * projection_dim, name=name + "_pointwise_conv_1")(x)
    x = Activation("gelu", name=name + "_gelu")(x)
    x = Dense(projection_dim, name=name + "_pointwise_conv_2")(x)
    if layer_scale_init_value is not None:
        x = LayerScale(layer_scale_init_value, projection_dim, name=name + "_layer_scale")(x)
    if drop_path_rate:
        branch = StochasticDepth(drop_path_rate, name=name + "_stochastic_depth")
    else:
        branch = Activation("linear", name=name + "_identity")
    return inputs + branch(x)


def ConvNeXt(
    depths,
    projection_dims,
    drop_path_rate=0.0,
    layer_scale_init_value=1e-6,
    default_size=224,
    name="convnext",
    include_preprocessing=True,
    include_top=True,
    weights=None,
    input_tensor=None,
    input_shape=None,
    pooling=None,
    classes=1000,
    classifier_activation="softmax",
    weights_name=None,
):
    """Build a ConvNeXt with the given stage depths and widths."""
    common_blocks.check_weights_args(weights, include_top, classes, classifier_activation)
    shape = common_blocks.input_shape_for(
        input_shape, default_size, 32, include_top, weights
    )
    img_input = common_blocks.image_input(shape, input_tensor)
    x = img_input
    if include_preprocessing:
        x = Normalization(
            mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
            variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
            name=name + "_prestem_normalization",
        )(x)

    downsampling = [
        Sequential(
            [
                Conv2D(projection_dims[0], kernel_size=4, strides=4, name=name + "_stem_conv"),
                LayerNormalization(epsilon=1e-6, name=name + "_stem_layernorm"),
            ],
            name=name + "_stem",
        )
    ]
    for i in range(3):
        downsampling.append(
            Sequential(
                [
                    LayerNormalization(epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
                    Conv2D(
                        projection_dims[i + 1],
                        kernel_size=2,
                        strides=2,
                        name=f"{name}_downsampling_conv_{i}",
                    ),
                ],
                name=f"{name}_downsampling_block_{i}",
            )
        )
    rates = [float(r) for r in np.linspace(0.0, drop_path_rate, sum(depths))]
    current = 0
    for i in range(4):
        x = downsampling[i](x)
        for j in range(depths[i]):
            x = convnext_block(
                x,
                projection_dims[i],
                drop_path_rate=rates[current + j],
                layer_scale_init_value=layer_scale_init_value,
                name=f"{name}_stage_{i}_block_{j}",
            )
        current += depths[i]

    if include_top:
        x = GlobalAveragePooling2D(name=name + "_head_gap")(x)
        x = LayerNormalization(epsilon=1e-6, name=name + "_head_layernorm")(x)
        x = Dense(classes, activation=classifier_activation, name=name + "_head_dense")(x)
    else:
        x = common_blocks.pool(x, pooling)
        x = LayerNormalization(epsilon=1e-6)(x)

    file_name = (weights_name or name) + (".h5" if include_top else "_notop.h5")
    return common_blocks.finish(
        input_tensor, img_input, x, name, weights, WEIGHTS_ORIGIN, file_name
    )


def _builder(size):
    depths, dims, default_size = MODEL_CONFIGS[size]
    public_name = "ConvNeXt" + ("XLarge" if size == "xlarge" else size.capitalize())

    def build(
        include_top=True,
        include_preprocessing=True,
        weights="imagenet",
        input_tensor=None,
        input_shape=None,
        pooling=None,
        classes=1000,
        classifier_activation="softmax",
        name=f"convnext_{size}",
    ):
        return ConvNeXt(
            depths,
            dims,
            default_size=default_size,
            name=name,
            include_preprocessing=include_preprocessing,
            include_top=include_top,
            weights=weights,
            input_tensor=input_tensor,
            input_shape=input_shape,
            pooling=pooling,
            classes=classes,
            classifier_activation=classifier_activation,
            weights_name=f"convnext_{size}",
        )

    build.__name__ = build.__qualname__ = public_name
    build.__doc__ = (
        f"Build {public_name} (stages of {depths} blocks, {dims} channels); "
        "returns a `Model` of class scores or features."
    )
    return build


ConvNeXtTiny = _builder("tiny")
ConvNeXtSmall = _builder("small")
ConvNeXtBase = _builder("base")
ConvNeXtLarge = _builder("large")
ConvNeXtXLarge = _builder("xlarge")


def preprocess_input(x, data_format=None):
    """Return `x` unchanged: the models normalise their inputs themselves."""
    return x


def decode_predictions(preds, top=5):
    """Decode ImageNet predictions into `(class_id, name, score)` lists."""
    from keras.applications import imagenet_utils

    return imagenet_utils.decode_predictions(preds, top=top)
