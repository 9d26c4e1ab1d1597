"""Dense: the fully connected layer, `activation(inputs @ kernel + bias)`."""

from keras import activations
from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.layers import input_spec as input_spec_lib
from keras.layers.core import lora
from keras.layers.core import quantized
from keras.layers.core.quantized_kernel import QuantizedKernel
from keras.layers.layer import Layer
from keras.ops import creation
from keras.ops import fused
from keras.utils import argument_validation


class Dense(QuantizedKernel, lora.KernelLoRA, Layer):
    """Densely connected layer: `outputs = activation(inputs @ kernel + bias)`.

    The product runs over the last axis of the inputs, so inputs of shape
    `(batch, ..., input_dim)` give outputs of shape `(batch, ..., units)`.

    Args:
        units: positive integer, the size of the last axis of the outputs.
        activation: the activation applied to the outputs (name, function or None
            for the identity).
        use_bias: whether to add a learned bias vector.
        kernel_initializer, bias_initializer: initializers of the `kernel`
            (shape `(input_dim, units)`) and `bias` (shape `(units,)`) weights.
        kernel_regularizer, bias_regularizer: regularizers of those weights.
        activity_regularizer: a regularizer applied to the outputs.
        kernel_constraint, bias_constraint: constraints applied to those weights
            after each optimizer step.
        lora_rank: if set, enables LoRA with this rank when the layer is built: the
            kernel is frozen and adapted by two trainable low-rank matrices.
        lora_alpha: scales the LoRA delta by `lora_alpha / lora_rank` (defaults to
            `lora_rank`).
        quantization_config: a `keras.quantizers` config used when the layer is
            built with a quantized dtype policy (e.g. "int8_from_float32").
        **kwargs: base layer arguments (`name`, `dtype`, `trainable`...).

    >>> layer = keras.layers.Dense(4, activation="relu")
    >>> layer(np.ones((2, 3))).shape
    (2, 4)
    """

    # `quantize(type_check=True)` accepts this class itself, not its subclasses.
    _quantizable = True

    def __init__(
        self,
        units,
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
        quantization_config=None,
        **kwargs,
    ):
        units = argument_validation.check_positive_int(units, "units", "Dense")
        lora.check_rank(lora_rank, lora_alpha, "Dense")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = quantized.config_from_argument(quantization_config)
        self.input_spec = input_spec_lib.InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Layer '{self.name}': the last axis of the inputs must be defined to "
                f"build a Dense layer; received input_shape={tuple(input_shape)}."
            )
        # A kernel too large for any engine (e.g. units=2**62 from a config) is an
        # error here rather than an abort inside the engine.
        creation.check_element_count(
            (input_dim, self.units), f"Dense '{self.name}': the kernel shape"
        )
        self._float_kernel_shape = (input_dim, self.units)
        if self.quantization_mode:
            self._quantized_build(self.quantization_mode)
        if self.quantization_mode in (None, "float8"):
            # float8 layers train a float kernel (made after their scaling variables).
            self._kernel = self.add_weight(
                name="kernel",
                shape=(input_dim, self.units),
                initializer=self.kernel_initializer,
                regularizer=self.kernel_regularizer,
                constraint=self.kernel_constraint,
            )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.input_spec = input_spec_lib.InputSpec(min_ndim=2, axes={-1: input_dim})
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
        if self.lora_enabled and not self.quantization_mode:
            value = lora.merged(
                self._kernel,
                self.lora_kernel_a,
                self.lora_kernel_b,
                self.lora_alpha,
                self.lora_rank,
            )
            return ops.cast(value, self.compute_dtype)
        return self._kernel

    def call(self, inputs, training=None):
        if self.quantization_mode:
            x = self._quantized_product(inputs, training)
            if self.bias is not None:
                x = ops.add(x, self._quantized_bias())
            return self.activation(x) if self.activation is not None else x
        if self.bias is not None:
            x = fused.dense(inputs, self.kernel, self.bias)
        else:
            x = ops.matmul(inputs, self.kernel)
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)[:-1] + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": quantized.serialize_config(
                    self.quantization_config
                ),
            }
        )
        # Keras 3 leaves the activity regularizer out of Dense configs; keep it when
        # set so that it survives a round trip (Dense accepts the key either way).
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = regularizers.serialize(
                self.activity_regularizer
            )
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config

    # The hooks of QuantizedKernel: the kernel is (input_dim, units), the product a
    # matmul over the last axis of the inputs.
    def _product(self, inputs, kernel):
        return ops.matmul(inputs, kernel)

    def _product_input_gradient(self, upstream, kernel):
        return ops.matmul(upstream, ops.transpose(kernel))

    def _int8_kernel_axes(self):
        return 0

    def _int8_input_axes(self, inputs):
        return -1

    def _int8_scale_shape(self):
        return (self.units,)

    def _int8_scale_layout(self, scale):
        return ops.reshape(scale, (self.units,))

    def _int8_kernel_scale(self):
        return self.kernel_scale

    def _int8_rescale(self, product, inputs_scale, dtype):
        return fused.int8_dequantize(product, inputs_scale, self.kernel_scale, dtype)

    def _int4_view(self):
        rows, cols = self._float_kernel_shape
        return [0, 1], rows, cols
