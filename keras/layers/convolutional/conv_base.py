"""What every convolution layer shares: the window arguments, the bias and activation.

`ConvLayerBase` holds the arguments of a sliding kernel over `rank` spatial dims
(kernel_size, strides, padding, data_format, dilation_rate), checks them the way every
convolution layer does, adds the bias (over the channels axis, either layout) and the
activation after the convolution itself, and writes the shared part of the config. Each
family (regular, transposed, depthwise, separable) adds its kernels and the call.
"""

from keras import activations
from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer
from keras.ops import operation_utils
from keras.utils import argument_validation


def check_padding(value, layer, allow_causal=False):
    """`value` lower-cased if it is "valid", "same" (or "causal" where allowed)."""
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if not isinstance(value, str) or value.lower() not in allowed:
        expected = " or ".join(repr(a) for a in allowed)
        raise ValueError(
            f"{layer}: `padding` must be {expected}; got padding={value!r}."
        )
    return value.lower()


def order_config(config, keys):
    """`config` with `keys` first after the base Layer keys, in Keras 3's order (so
    that config.json files read the same), then any other keys (e.g. LoRA's)."""
    first = [k for k in ("name", "trainable", "dtype") if k in config]
    rest = [k for k in config if k not in first and k not in keys]
    return {k: config[k] for k in (*first, *keys, *rest) if k in config}


class ConvLayerBase(Layer):
    """The shared part of the convolution layers over `rank` spatial dims.

    Args:
        rank: the number of spatial dims (1, 2 or 3).
        kernel_size, strides, dilation_rate: an int or a tuple of `rank` ints >= 1.
        padding: "valid" or "same" ("causal" too where `allow_causal`).
        data_format: "channels_last" or "channels_first" (None: the config's).
        activation, use_bias, bias_initializer, bias_regularizer, bias_constraint:
            as in every convolution layer.
        allow_causal: whether "causal" padding is accepted (1D convolutions).
        strides_with_dilation: whether strides > 1 may be combined with a dilation
            rate > 1 (Keras 3 refuses it for the regular and transposed layers).
        **kwargs: base Layer arguments (`name`, `dtype`, `activity_regularizer`...).
    """

    def __init__(
        self,
        rank,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        bias_initializer="zeros",
        bias_regularizer=None,
        bias_constraint=None,
        allow_causal=False,
        strides_with_dilation=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        name = type(self).__name__
        self.rank = rank
        self.kernel_size = argument_validation.standardize_tuple(
            kernel_size, rank, "kernel_size", layer=name
        )
        self.strides = argument_validation.standardize_tuple(
            strides, rank, "strides", layer=name
        )
        self.padding = check_padding(padding, name, allow_causal)
        self.data_format = argument_validation.standardize_data_format(
            data_format, name
        )
        self.dilation_rate = argument_validation.standardize_tuple(
            dilation_rate, rank, "dilation_rate", layer=name
        )
        if (
            not strides_with_dilation
            and max(self.strides) > 1
            and max(self.dilation_rate) > 1
        ):
            raise ValueError(
                f"{name}: `strides` > 1 cannot be combined with `dilation_rate` > 1; "
                f"got strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    @property
    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _input_channels(self, input_shape):
        """The channels of `input_shape`, which must be known to build the kernels."""
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': inputs must have rank "
                f"{self.rank + 2} (batch, {self.rank} spatial dims, channels); got "
                f"input_shape={input_shape}."
            )
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the channels axis of the inputs "
                f"must be defined to build the layer; got input_shape={input_shape} "
                f"with data_format={self.data_format!r}."
            )
        return int(channels)

    def _set_input_channels(self, channels):
        self.input_spec = InputSpec(
            min_ndim=self.rank + 2, axes={self._channel_axis: channels}
        )

    def _add_bias(self, size):
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(
            name="bias",
            shape=(size,),
            initializer=self.bias_initializer,
            regularizer=self.bias_regularizer,
            constraint=self.bias_constraint,
        )

    def _bias_and_activation(self, x):
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                # (channels,) -> (channels, 1, ..., 1): broadcast over the spatial dims.
                bias = ops.reshape(bias, (-1,) + (1,) * self.rank)
            x = ops.add(x, bias)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def _check_output_spatial(self, input_shape, output_shape):
        """Raises when a known output spatial dim would be empty."""
        spatial = operation_utils.spatial_shape(output_shape, self.data_format)
        if any(size is not None and size <= 0 for size in spatial):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the output would be empty: "
                f"inputs of shape {tuple(input_shape)} are smaller than the kernel "
                f"(kernel_size={self.kernel_size}, dilation_rate={self.dilation_rate}, "
                f"strides={self.strides}, padding={self.padding!r})."
            )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        return config
