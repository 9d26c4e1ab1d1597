"""Conv1D/2D/3DTranspose (aliases Convolution1D/2D/3DTranspose): transposed
convolutions, the adjoint of a convolution with the same arguments ("deconvolution")."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.convolutional.conv_base import ConvLayerBase
from keras.layers.convolutional.conv_base import order_config
from keras.ops import creation
from keras.ops import operation_utils
from keras.utils import argument_validation


class BaseConvTranspose(ConvLayerBase):
    """`activation(conv_transpose(inputs, kernel) + bias)` over `rank` spatial dims.

    Each input position scatters `kernel[..., :, c]`-weighted copies into a window of
    the output, `strides` apart. The kernel has shape `kernel_size + (filters,
    input_channels)`. See `Conv2DTranspose` for the arguments and output sizes.
    """

    # The config keys in the order of Keras 3.
    _CONFIG_ORDER = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "output_padding",
        "data_format",
        "dilation_rate",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "activity_regularizer",
        "kernel_constraint",
        "bias_constraint",
    )

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        name = type(self).__name__
        filters = argument_validation.check_positive_int(filters, "filters", name)
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
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        if output_padding is not None:
            output_padding = argument_validation.standardize_tuple(
                output_padding, rank, "output_padding", minimum=0, layer=name
            )
            if any(p >= s for p, s in zip(output_padding, self.strides)):
                raise ValueError(
                    f"{name}: each `output_padding` must be smaller than the stride "
                    f"along its axis; got output_padding={output_padding} and "
                    f"strides={self.strides}."
                )
        self.output_padding = output_padding
        self.filters = filters
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        shape = self.kernel_size + (self.filters, channels)
        creation.check_element_count(
            shape, f"{type(self).__name__} '{self.name}': the kernel shape"
        )
        self.kernel = self.add_weight(
            name="kernel",
            shape=shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._add_bias(self.filters)
        self._set_input_channels(channels)
        self.built = True

    def call(self, inputs):
        x = ops.conv_transpose(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(x)

    def compute_output_shape(self, input_shape):
        # No emptiness check here: like Keras 3, an output_padding of 0 with "same"
        # padding may give an empty axis, which is returned as such.
        return operation_utils.compute_conv_transpose_output_shape(
            tuple(input_shape),
            self.filters,
            self.kernel_size,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "output_padding": self.output_padding,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
            }
        )
        return order_config(config, self._CONFIG_ORDER)


class Conv1DTranspose(BaseConvTranspose):
    """1D transposed convolution of inputs `(batch, steps, channels)`.

    Output length (with `k = (kernel_size - 1) * dilation_rate + 1`): without
    `output_padding`, `steps * strides + max(k - strides, 0)` for "valid" and
    `steps * strides` for "same"; with it, `(steps - 1) * strides + k - 2 * pad +
    output_padding`, where pad is 0 ("valid") or `k // 2` ("same").

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int, the up-sampling step.
        padding: "valid" or "same".
        output_padding: None, or an int or a tuple of 1 int smaller than `strides`:
            the extra output length, to pick one of the sizes a strided convolution
            maps to the same length.
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: an int or a tuple of 1 int (not combined with strides > 1).
        activation: the activation applied to the outputs (None: the identity).
        use_bias: whether to add a learned bias per filter.
        kernel_initializer, bias_initializer: initializers of the `kernel`
            (`kernel_size + (filters, channels)`) and `bias` (`(filters,)`).
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers.
        kernel_constraint, bias_constraint: constraints.
        **kwargs: base Layer arguments (`name`, `dtype`...).

    >>> keras.layers.Conv1DTranspose(4, 3, strides=2)(keras.ops.ones((1, 5, 2))).shape
    (1, 11, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            1,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


class Conv2DTranspose(BaseConvTranspose):
    """2D transposed convolution of images `(batch, rows, cols, channels)`.

    Output sizes per spatial axis as in `Conv1DTranspose`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size, strides, output_padding, dilation_rate: an int or a tuple of 2
            ints each (`output_padding` may be None).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (None: the config's).
        activation, use_bias, kernel_*, bias_*, activity_regularizer: as in
            `Conv1DTranspose`.
        **kwargs: base Layer arguments.

    >>> layer = keras.layers.Conv2DTranspose(3, 2, strides=2)
    >>> layer(keras.ops.ones((1, 4, 4, 8))).shape
    (1, 8, 8, 3)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            2,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution of volumes `(batch, d1, d2, d3, channels)`.

    Output sizes per spatial axis as in `Conv1DTranspose`.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size, strides, output_padding, dilation_rate: an int or a tuple of 3
            ints each (`output_padding` may be None).
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (None: the config's).
        activation, use_bias, kernel_*, bias_*, activity_regularizer: as in
            `Conv1DTranspose`.
        **kwargs: base Layer arguments.

    >>> layer = keras.layers.Conv3DTranspose(2, 2, strides=2)
    >>> layer(keras.ops.ones((1, 2, 2, 2, 1))).shape
    (1, 4, 4, 4, 2)
    """

    # Keras 3 puts `data_format` before `output_padding` here (not in 1D/2D).
    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format=None,
        output_padding=None,
        dilation_rate=(1, 1, 1),
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            3,
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )


# Keras 3's other public names of the same classes.
Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
