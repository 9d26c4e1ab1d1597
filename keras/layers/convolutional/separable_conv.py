"""SeparableConv1D/2D (aliases SeparableConvolution1D/2D): a depthwise convolution
followed by a pointwise (1x1) convolution that mixes the channels."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.convolutional.conv_base import ConvLayerBase
from keras.layers.convolutional.conv_base import order_config
from keras.ops import creation
from keras.ops import operation_utils
from keras.utils import argument_validation


class BaseSeparableConv(ConvLayerBase):
    """`activation(pointwise(depthwise(inputs)) + bias)` over `rank` spatial dims.

    Weights: `depthwise_kernel` (`kernel_size + (channels, depth_multiplier)`),
    `pointwise_kernel` (`(1,) * rank + (channels * depth_multiplier, filters)`) and
    `bias` (`(filters,)`). See `SeparableConv2D` for the arguments.
    """

    # The config keys in the order of Keras 3.
    _CONFIG_ORDER = (
        "depth_multiplier",
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "depthwise_initializer",
        "pointwise_initializer",
        "bias_initializer",
        "depthwise_regularizer",
        "pointwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "pointwise_constraint",
        "bias_constraint",
    )

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        name = type(self).__name__
        filters = argument_validation.check_positive_int(filters, "filters", name)
        depth_multiplier = argument_validation.check_positive_int(
            depth_multiplier, "depth_multiplier", name
        )
        super().__init__(
            rank,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=bias_initializer,
            bias_regularizer=bias_regularizer,
            bias_constraint=bias_constraint,
            # Keras 3 accepts both > 1 here (the depthwise step supports it).
            strides_with_dilation=True,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.filters = filters
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        name = f"{type(self).__name__} '{self.name}'"
        depthwise_shape = self.kernel_size + (channels, self.depth_multiplier)
        pointwise_shape = (1,) * self.rank + (
            channels * self.depth_multiplier,
            self.filters,
        )
        creation.check_element_count(depthwise_shape, f"{name}: the depthwise shape")
        creation.check_element_count(pointwise_shape, f"{name}: the pointwise shape")
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=depthwise_shape,
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=pointwise_shape,
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self._add_bias(self.filters)
        self._set_input_channels(channels)
        self.built = True

    def call(self, inputs):
        self._check_output_spatial(
            inputs.shape, self._output_shape(tuple(inputs.shape))
        )
        x = ops.separable_conv(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(x)

    def _output_shape(self, input_shape):
        return operation_utils.compute_conv_output_shape(
            input_shape,
            self.filters,
            self.kernel_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        output_shape = self._output_shape(input_shape)
        self._check_output_spatial(input_shape, output_shape)
        return output_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "depth_multiplier": self.depth_multiplier,
                "depthwise_initializer": initializers.serialize(
                    self.depthwise_initializer
                ),
                "pointwise_initializer": initializers.serialize(
                    self.pointwise_initializer
                ),
                "depthwise_regularizer": regularizers.serialize(
                    self.depthwise_regularizer
                ),
                "pointwise_regularizer": regularizers.serialize(
                    self.pointwise_regularizer
                ),
                "depthwise_constraint": constraints.serialize(
                    self.depthwise_constraint
                ),
                "pointwise_constraint": constraints.serialize(
                    self.pointwise_constraint
                ),
            }
        )
        return order_config(config, self._CONFIG_ORDER)


class SeparableConv1D(BaseSeparableConv):
    """1D separable convolution of inputs `(batch, steps, channels)`.

    A depthwise convolution (each channel with `depth_multiplier` filters of its own)
    followed by a pointwise convolution to `filters` channels: far fewer weights than
    a `Conv1D` with the same window.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 1 int, the depthwise window.
        strides: an int or a tuple of 1 int (of the depthwise step).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: an int or a tuple of 1 int.
        depth_multiplier: the depthwise filters per input channel.
        activation: the activation applied to the outputs (None: the identity).
        use_bias: whether to add a learned bias per filter.
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
            activity_regularizer: regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint: constraints.
        **kwargs: base Layer arguments (`name`, `dtype`...).

    >>> keras.layers.SeparableConv1D(4, 3)(keras.ops.ones((1, 6, 2))).shape
    (1, 4, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            1,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            depth_multiplier=depth_multiplier,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution of images `(batch, rows, cols, channels)`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size, strides, dilation_rate: an int or a tuple of 2 ints each.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (None: the config's).
        depth_multiplier: the depthwise filters per input channel.
        activation, use_bias, depthwise_*, pointwise_*, bias_*,
            activity_regularizer: as in `SeparableConv1D`.
        **kwargs: base Layer arguments.

    >>> keras.layers.SeparableConv2D(8, 3)(keras.ops.ones((1, 5, 5, 3))).shape
    (1, 3, 3, 8)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            depth_multiplier=depth_multiplier,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


# Keras 3's other public names of the same classes.
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
