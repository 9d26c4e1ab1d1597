"""Conv1D/2D/3D (aliases Convolution1D/2D/3D): grouped, dilated N-D convolutions."""

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.convolutional.conv_base import ConvLayerBase
from keras.layers.convolutional.conv_base import order_config
from keras.layers.core import lora
from keras.ops import creation
from keras.ops import operation_utils
from keras.utils import argument_validation


class BaseConv(lora.KernelLoRA, ConvLayerBase):
    """`activation(conv(inputs, kernel) + bias)` over `rank` spatial dims.

    The kernel has shape `kernel_size + (input_channels // groups, filters)`: with
    `groups > 1` the input channels are split into `groups` blocks, each convolved with
    its own `filters // groups` filters. See `Conv2D` for the arguments; `lora_rank` and
    `lora_alpha` enable LoRA on the kernel as in `Dense`.
    """

    # The config keys in the order of Keras 3.
    _CONFIG_ORDER = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "groups",
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
        data_format=None,
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        **kwargs,
    ):
        name = type(self).__name__
        filters = argument_validation.check_positive_int(filters, "filters", name)
        groups = argument_validation.check_positive_int(groups, "groups", name)
        if filters % groups:
            raise ValueError(
                f"{name}: `filters` must be a multiple of `groups`; got "
                f"filters={filters} and groups={groups}."
            )
        lora.check_rank(lora_rank, lora_alpha, name)
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
            allow_causal=rank == 1,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.filters = filters
        self.groups = groups
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the input channels must be a "
                f"multiple of `groups`; got groups={self.groups} and inputs of shape "
                f"{tuple(input_shape)} ({channels} channels)."
            )
        shape = self.kernel_size + (channels // self.groups, self.filters)
        creation.check_element_count(
            shape, f"{type(self).__name__} '{self.name}': the kernel shape"
        )
        self._kernel = self.add_weight(
            name="kernel",
            shape=shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self._add_bias(self.filters)
        self._set_input_channels(channels)
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    @property
    def kernel(self):
        """The kernel in use: the `kernel` variable, plus the LoRA delta if enabled."""
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}' is not built yet: call it (or `build` it) before "
                "reading `kernel`."
            )
        if self.lora_enabled:
            value = lora.merged(
                self._kernel,
                self.lora_kernel_a,
                self.lora_kernel_b,
                self.lora_alpha,
                self.lora_rank,
            )
            return ops.cast(value, self.compute_dtype)
        return self._kernel

    def _causal_pad(self, inputs):
        # Causal: pad only the start of the steps axis, so that output t sees inputs
        # up to t; the convolution itself is then "valid".
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        axis = 2 if self.data_format == "channels_first" else 1
        widths = [(0, 0)] * 3
        widths[axis] = (left, 0)
        return ops.pad(inputs, widths)

    def call(self, inputs):
        padding = self.padding
        if padding == "causal":
            inputs = self._causal_pad(inputs)
            padding = "valid"
        self._check_output_spatial(
            inputs.shape, self._output_shape(tuple(inputs.shape), padding)
        )
        x = ops.conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(x)

    def _output_shape(self, input_shape, padding):
        return operation_utils.compute_conv_output_shape(
            input_shape,
            self.filters,
            self.kernel_size,
            strides=self.strides,
            padding=padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        padding = self.padding
        if padding == "causal":
            # The same length as "valid" over the input padded by (k - 1) * dilation.
            axis = 2 if self.data_format == "channels_first" else 1
            extra = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            if input_shape[axis] is not None:
                input_shape = (
                    input_shape[:axis]
                    + (input_shape[axis] + extra,)
                    + input_shape[axis + 1 :]
                )
            padding = "valid"
        output_shape = self._output_shape(input_shape, padding)
        self._check_output_spatial(input_shape, output_shape)
        return output_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "groups": self.groups,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
            }
        )
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return order_config(config, self._CONFIG_ORDER)


class Conv1D(BaseConv):
    """1D convolution over inputs `(batch, steps, channels)` (or channels first).

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 1 int, the window length.
        strides: an int or a tuple of 1 int, the step of the window.
        padding: "valid" (no padding), "same" (output length `ceil(steps /
            strides)`) or "causal" (pad only the start, so that output `t` depends
            on inputs up to `t`; e.g. for autoregressive models).
        data_format: "channels_last" or "channels_first" (None: the config's
            `image_data_format`).
        dilation_rate: an int or a tuple of 1 int, the spacing of the kernel taps
            (not combined with `strides` > 1).
        groups: split the channels into this many groups, each convolved with its
            own `filters // groups` filters; must divide `filters` and the input
            channels.
        activation: the activation applied to the outputs (None: the identity).
        use_bias: whether to add a learned bias per filter.
        kernel_initializer, bias_initializer: initializers of the `kernel`
            (`kernel_size + (channels // groups, filters)`) and `bias` (`(filters,)`).
        kernel_regularizer, bias_regularizer, activity_regularizer: regularizers of
            the kernel, the bias and the outputs.
        kernel_constraint, bias_constraint: constraints applied after each
            optimizer step.
        **kwargs: base Layer arguments; also `lora_rank` and `lora_alpha`.

    >>> keras.layers.Conv1D(4, 3)(keras.ops.ones((2, 10, 3))).shape
    (2, 8, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        groups=1,
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
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
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


class Conv2D(BaseConv):
    """2D convolution over images `(batch, rows, cols, channels)` (or channels first).

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 2 ints, the window size.
        strides: an int or a tuple of 2 ints.
        padding: "valid" or "same" (output size `ceil(size / strides)`).
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: an int or a tuple of 2 ints (not combined with strides > 1).
        groups: the number of channel groups (see `Conv1D`).
        activation, use_bias, kernel_*, bias_*, activity_regularizer: as in
            `Conv1D`; the kernel has shape `kernel_size + (channels // groups,
            filters)`.
        **kwargs: base Layer arguments; also `lora_rank` and `lora_alpha`.

    >>> keras.layers.Conv2D(8, 3, padding="same")(keras.ops.ones((1, 5, 5, 3))).shape
    (1, 5, 5, 8)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        groups=1,
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
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
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


class Conv3D(BaseConv):
    """3D convolution over volumes `(batch, d1, d2, d3, channels)` (or channels first).

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple of 3 ints.
        strides: an int or a tuple of 3 ints.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (None: the config's).
        dilation_rate: an int or a tuple of 3 ints (not combined with strides > 1).
        groups: the number of channel groups (see `Conv1D`).
        activation, use_bias, kernel_*, bias_*, activity_regularizer: as in
            `Conv1D`.
        **kwargs: base Layer arguments; also `lora_rank` and `lora_alpha`.

    >>> keras.layers.Conv3D(2, 3)(keras.ops.ones((1, 4, 4, 4, 1))).shape
    (1, 2, 2, 2, 2)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1, 1),
        groups=1,
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
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
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
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
