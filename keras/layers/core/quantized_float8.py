"""float8 training of Dense and EinsumDense (`layer.quantize("float8")`), with
delayed scaling.

A float8 layer keeps its float kernel (still trained) and adds, for each of three
tensors (the inputs, the kernel, and the gradient of the outputs), a scalar `scale`
and an `amax_history` (the largest magnitudes of the last steps, 1024 by default,
from the dtype policy's `amax_history_length`):

    inputs_scale, inputs_amax_history, kernel_scale, kernel_amax_history,
    outputs_grad_scale, outputs_grad_amax_history

These are trainable variables flagged `overwrite_with_gradient`: their "gradient"
is their next value, which the optimizer assigns instead of taking a step.

Forward, the inputs and the kernel are rounded through float8_e4m3fn with their
current scales (`quantize_and_dequantize`); backward, the gradient of the outputs is
rounded through float8_e5m2. Each tensor's next scale comes from its history before
this step (`compute_float8_scale` of the history's max: delayed scaling), and the
history gains this step's largest magnitude (`compute_float8_amax_history`). Outside
training the "gradients" of these variables are their current values, so that
applying them changes nothing.
"""

from keras import ops
from keras import quantizers

# The tensors that get a scale and an amax history, in Keras 3's variable order.
ROLES = ("inputs", "kernel", "outputs_grad")
DEFAULT_HISTORY_LENGTH = 1024
# Largest finite values of the two float8 formats.
E4M3_MAX = 448.0
E5M2_MAX = 57344.0


def build_variables(layer, history_length=None):
    """Adds the scale (ones) and amax history (zeros) variables of each role."""
    if history_length is None:
        history_length = getattr(
            layer.dtype_policy, "amax_history_length", DEFAULT_HISTORY_LENGTH
        )
    for role in ROLES:
        for suffix, shape, init in (("scale", (), "ones"), ("amax_history", (history_length,), "zeros")):
            name = f"{role}_{suffix}"
            variable = layer.add_weight(
                name=name,
                shape=shape,
                initializer=init,
                dtype="float32",
                trainable=True,
                overwrite_with_gradient=True,
            )
            setattr(layer, name, variable)


def variables(layer):
    """The six float8 variables of `layer`, in Keras 3's saving order."""
    return [getattr(layer, f"{role}_{suffix}") for role in ROLES for suffix in ("scale", "amax_history")]


def _next_state(x, scale, history, dtype_max):
    new_scale = quantizers.compute_float8_scale(ops.max(history, axis=0), scale, dtype_max)
    new_history = quantizers.compute_float8_amax_history(x, history)
    return new_scale, new_history


def forward_qdq(x, scale, history, compute_dtype, training):
    """`x` rounded through float8_e4m3fn with `scale`; the gradients it gives the
    scale and history are their next values (their current ones outside training)."""

    @ops.custom_gradient
    def qdq(x, scale, history):
        if training:
            new_scale, new_history = _next_state(x, scale, history, E4M3_MAX)
        else:
            new_scale, new_history = scale, history
        outputs = quantizers.quantize_and_dequantize(x, scale, "float8_e4m3fn", compute_dtype)

        def grad(upstream):
            return upstream, new_scale, new_history

        return outputs, grad

    return qdq(x, scale, history)


def backward_qdq(x, scale, history, compute_dtype):
    """`x` unchanged forward; backward its gradient is rounded through float8_e5m2
    with `scale`, and the scale and history get their next values."""

    @ops.custom_gradient
    def qdq(x, scale, history):
        def grad(upstream):
            new_scale, new_history = _next_state(upstream, scale, history, E5M2_MAX)
            rounded = quantizers.quantize_and_dequantize(
                upstream, scale, "float8_e5m2", compute_dtype
            )
            return rounded, new_scale, new_history

        return x, grad

    return qdq(x, scale, history)


def product(layer, inputs, training=None):
    """`layer._product(inputs, kernel)` with float8 inputs, kernel and output
    gradients (no bias, no activation)."""
    if layer.lora_enabled:
        raise NotImplementedError(
            f"Layer '{layer.name}': LoRA is not supported on a float8-quantized layer "
            "(as in Keras 3); quantize to 'int8' or 'int4' to use LoRA."
        )
    compute_dtype = layer.compute_dtype
    tensor = ops.convert_to_tensor
    training = bool(training)
    x = forward_qdq(
        ops.cast(inputs, compute_dtype),
        tensor(layer.inputs_scale),
        tensor(layer.inputs_amax_history),
        compute_dtype,
        training,
    )
    kernel = forward_qdq(
        ops.cast(tensor(layer._kernel), compute_dtype),
        tensor(layer.kernel_scale),
        tensor(layer.kernel_amax_history),
        compute_dtype,
        training,
    )
    outputs = layer._product(x, kernel)
    return backward_qdq(
        outputs,
        tensor(layer.outputs_grad_scale),
        tensor(layer.outputs_grad_amax_history),
        compute_dtype,
    )


def rounded_bias(layer):
    """The layer's bias rounded through bfloat16 (Keras 3.15.1's float8 layers add
    it so; the gradient passes through the casts)."""
    bias = ops.cast(ops.convert_to_tensor(layer.bias), "bfloat16")
    return ops.cast(bias, layer.compute_dtype)
