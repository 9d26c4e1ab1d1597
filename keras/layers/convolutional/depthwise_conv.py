"""DepthwiseConv1D/2D: each input channel convolved with its own filters."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.convolutional.conv_base import ConvLayerBase
from keras.layers.convolutional.conv_base import order_config
from keras.ops import creation
from keras.ops import operation_utils
from keras.utils import argument_validation


class BaseDepthwiseConv(ConvLayerBase):
    """`activation(depthwise_conv(inputs, kernel) + bias)` over `rank` spatial dims.

    The kernel has shape `kernel_size + (channels, depth_multiplier)`; output channel
    `c * depth_multiplier + m` is input channel `c` convolved with filter `m`. See
    `DepthwiseConv2D` for the arguments.
    """

    # The config keys in the order of Keras 3.
    _CONFIG_ORDER = (
        "depth_multiplier",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "depthwise_initializer",
        "bias_initializer",
        "depthwise_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "depthwise_constraint",
        "bias_constraint",
    )

    def __init__(
        self,
        rank,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        name = type(self).__name__
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
            # Keras 3 runs depthwise convolutions with both > 1 (every backend can).
            strides_with_dilation=True,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.depth_multiplier = depth_multiplier
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        shape = self.kernel_size + (channels, self.depth_multiplier)
        creation.check_element_count(
            shape, f"{type(self).__name__} '{self.name}': the kernel shape"
        )
        # Keras 3 names this weight "kernel" (the separable layers say
        # "depthwise_kernel").
        self.kernel = self.add_weight(
            name="kernel",
            shape=shape,
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self._add_bias(channels * self.depth_multiplier)
        self._set_input_channels(channels)
        self.built = True

    def call(self, inputs):
        self._check_output_spatial(
            inputs.shape, self._output_shape(tuple(inputs.shape))
        )
        x = ops.depthwise_conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(x)

    def _output_shape(self, input_shape):
        channels = operation_utils.channels_of(input_shape, self.data_format)
        filters = None if channels is None else channels * self.depth_multiplier
        return operation_utils.compute_conv_output_shape(
            input_shape,
            filters,
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
                "depth_multiplier": self.depth_multiplier,
                "depthwise_initializer": initializers.serialize(
                    self.depthwise_initializer
                ),
                "depthwise_regularizer": regularizers.serialize(
                    self.depthwise_regularizer
                ),
                "depthwise_constraint": constraints.serialize(
                    self.depthwise_constraint
                ),
            }
        )
        return order_config(config, self._CONFIG_ORDER)


class DepthwiseConv1D(BaseDepthwiseConv):
    """1D depthwise convolution of inputs `(batch, steps, channels)`.

    Each input channel is convolved with `depth_multiplier` filters of its own; the
    output has `channels * depth_multiplier` channels (channel `c * depth_multiplier
    + m` from input channel `c` and filter `m`).

    Args:
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int.
        padding: "valid" or "same".
        depth_multiplier: the filters per input channel, a positive int.
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: an int or a tuple of 1 int.
        activation: the activation applied to the outputs (None: the identity).
        use_bias: whether to add a learned bias per output channel.
        depthwise_initializer, bias_initializer: initializers of the `kernel`
            (`kernel_size + (channels, depth_multiplier)`) and `bias`
            (`(channels * depth_multiplier,)`).
        depthwise_regularizer, bias_regularizer, activity_regularizer: regularizers.
        depthwise_constraint, bias_constraint: constraints.
        **kwargs: base Layer arguments (`name`, `dtype`...).

    >>> layer = keras.layers.DepthwiseConv1D(3, depth_multiplier=2)
    >>> layer(keras.ops.ones((1, 6, 4))).shape
    (1, 4, 8)
    """

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            1,
            kernel_size,
            strides=strides,
            padding=padding,
            depth_multiplier=depth_multiplier,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution of images `(batch, rows, cols, channels)`.

    Args:
        kernel_size, strides, dilation_rate: an int or a tuple of 2 ints each.
        padding: "valid" or "same".
        depth_multiplier: the filters per input channel, a positive int.
        data_format: "channels_last" or "channels_first" (None: the config's).
        activation, use_bias, depthwise_*, bias_*, activity_regularizer: as in
            `DepthwiseConv1D`.
        **kwargs: base Layer arguments.

    >>> keras.layers.DepthwiseConv2D(3)(keras.ops.ones((1, 5, 5, 3))).shape
    (1, 3, 3, 3)
    """

    def __init__(
        self,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2,
            kernel_size,
            strides=strides,
            padding=padding,
            depth_multiplier=depth_multiplier,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
