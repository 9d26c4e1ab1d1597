"""Compositions of ops on the training hot path that a backend may run as fewer engine
calls.

Each function is defined by the composition of public ops its docstring gives, and
returns what that composition returns (up to the rounding of a fused engine kernel). A
backend may register a `"call"` entry for it in its registry
(keras.backends.common.registry, names in its `COMPOSITIONS`); the entry is used for
eager tensors when it accepts them (it returns `NotImplemented` otherwise), and the
composition in every other case (symbolic inputs, a stateless scope, a backend without
one, `KERAS_REFERENCE_OPS=1`). Not part of the public `keras.ops`.
"""

from keras.backends import active
from keras.backends.common import stateless_scope
from keras.ops import binary
from keras.ops import core_ops
from keras.ops import manipulation
from keras.ops import nn
from keras.ops import products
from keras.ops import reduction
from keras.ops import unary

_MEAN_SPARSE_CE = active.fast_call("nn", "mean_sparse_categorical_crossentropy")
_SCALED_ASSIGN_SUB = active.fast_call("core_ops", "scaled_assign_sub")
_DENSE = active.fast_call("products", "dense")
_ACCUMULATE = active.fast_call("core_ops", "weighted_accumulate")
_ADAM = active.fast_call("core_ops", "adam_update")
_ABS_MAX_QUANTIZE = active.fast_call("core_ops", "abs_max_quantize")
_INT8_DEQUANTIZE = active.fast_call("core_ops", "int8_dequantize")
_INT4_DEQUANTIZE = active.fast_call("core_ops", "int4_dequantize")
_COMPILED_CALL = active.fast_call("core_ops", "compiled_call")


def dense(x, kernel, bias):
    """`add(matmul(x, kernel), bias)`: an affine map of the last axis of `x` (kernel
    and bias may be Variables)."""
    if _DENSE is not None and active.is_tensor(x):
        result = _DENSE(x, kernel, bias)
        if result is not NotImplemented:
            return result
    return binary.add(products.matmul(x, kernel), bias)


def abs_max_quantize(x, axis, value_range, dtype, epsilon):
    """`scale = cast(divide(value_range[1], add(max(abs(x), axis, keepdims=True),
    epsilon)), x.dtype)` and `quantized = cast(clip(round(multiply(x, scale)),
    *value_range), dtype)`; returns `(quantized, scale)` (the inputs of int8 layers,
    quantized on every call: one pass instead of eight where a backend fuses it)."""
    if _ABS_MAX_QUANTIZE is not None and active.is_tensor(x):
        result = _ABS_MAX_QUANTIZE(x, axis, value_range, dtype, epsilon)
        if result is not NotImplemented:
            return result
    amax = reduction.max(unary.absolute(x), axis=axis, keepdims=True)
    scale = core_ops.cast(
        binary.divide(value_range[1], binary.add(amax, epsilon)), x.dtype
    )
    quantized = unary.clip(
        unary.round(binary.multiply(x, scale)), value_range[0], value_range[1]
    )
    return core_ops.cast(quantized, dtype), scale


def int8_dequantize(product, inputs_scale, kernel_scale, dtype):
    """`divide(cast(product, dtype), cast(multiply(inputs_scale, kernel_scale), dtype))`
    (without the multiply when `inputs_scale` is None): an int8 layer's int32 product
    (or float product of int8 values) back to `dtype`; the scales broadcast."""
    if _INT8_DEQUANTIZE is not None and active.is_tensor(product):
        result = _INT8_DEQUANTIZE(product, inputs_scale, kernel_scale, dtype)
        if result is not NotImplemented:
            return result
    scale = kernel_scale
    if inputs_scale is not None:
        scale = binary.multiply(inputs_scale, kernel_scale)
    return binary.divide(core_ops.cast(product, dtype), core_ops.cast(scale, dtype))


def int4_dequantize(kernel, cols, scale, zero=None, g_idx=None):
    """The float32 (rows, `cols`) matrix whose int4 values the int8 `kernel` (rows,
    ceil(cols / 2)) packs two per byte along its last axis (value 2i in the low nibble
    of byte i, two's complement, as `keras.quantizers.pack_int4` writes them):
    `divide(q, scale)` (per column) when `zero` is None, else `multiply(subtract(q,
    take(zero, g, axis=0)), take(scale, g, axis=0))` with `g = cast(g_idx, "int32")`,
    the group of each row (`scale` and `zero` (groups, cols)). An int4 layer's weight,
    rebuilt from its variables on every call: a backend may do it in one pass."""
    if _INT4_DEQUANTIZE is not None and stateless_scope.current() is None:
        result = _INT4_DEQUANTIZE(kernel, cols, scale, zero, g_idx)
        if result is not NotImplemented:
            return result
    x = core_ops.cast(kernel, "int32")
    nibbles = manipulation.stack(
        [binary.bitwise_and(x, 15), binary.bitwise_and(binary.right_shift(x, 4), 15)],
        axis=-1,
    )
    q = manipulation.reshape(nibbles, (x.shape[0], -1))[:, :cols]
    # Nibbles 8-15 are -8..-1.
    q = binary.subtract(q, binary.multiply(core_ops.cast(binary.greater_equal(q, 8), "int32"), 16))
    q = core_ops.cast(q, "float32")
    if zero is None:
        return binary.divide(q, scale)
    g = core_ops.cast(g_idx, "int32")
    zero = manipulation.take(core_ops.cast(zero, "float32"), g, axis=0)
    return binary.multiply(binary.subtract(q, zero), manipulation.take(scale, g, axis=0))


def compiled_call(owner, name, function, x):
    """`function(x)`, where `function` is a composition of ops on `x` and `owner`'s
    variables. A backend whose eager ops each pay a fixed dispatch cost may run it as
    one compiled program, cached per (`owner`, `name`) (tensorflow: an int8 layer's
    quantize-multiply-rescale in eager `model(x)`)."""
    # In a stateless scope the owner's variables read the scope's values, which a
    # cached program would not see: the composition runs.
    if (
        _COMPILED_CALL is not None
        and active.is_tensor(x)
        and stateless_scope.current() is None
    ):
        result = _COMPILED_CALL(owner, name, function, x)
        if result is not NotImplemented:
            return result
    return function(x)


def mean_sparse_categorical_crossentropy(target, output, from_logits=False):
    """`mean(sparse_categorical_crossentropy(target, output, from_logits))`: the
    cross-entropy averaged over every sample (labels out of range count as 0)."""
    if (
        _MEAN_SPARSE_CE is not None
        and active.is_tensor(output)
        and active.is_tensor(target)
    ):
        result = _MEAN_SPARSE_CE(target, output, from_logits)
        if result is not NotImplemented:
            return result
    return reduction.mean(
        nn.sparse_categorical_crossentropy(target, output, from_logits=from_logits)
    )


def scaled_assign_sub(variables, values, scale):
    """For each pair of the lists `variables` and `values`:
    `variable.assign_sub(cast(value, variable.dtype) * cast(scale, variable.dtype))`
    (the update of plain gradient descent)."""
    if (
        _SCALED_ASSIGN_SUB is not None
        and variables
        and stateless_scope.current() is None
    ):
        if _SCALED_ASSIGN_SUB(variables, values, scale) is not NotImplemented:
            return
    scales = {}
    for variable, value in zip(variables, values):
        factor = scales.get(variable.dtype)
        if factor is None:
            factor = scales[variable.dtype] = core_ops.cast(scale, variable.dtype)
        variable.assign_sub(core_ops.cast(value, variable.dtype) * factor)


def weighted_accumulate(total, count, value, weight):
    """`total.assign_add(value * weight)` then `count.assign_add(weight)`: a running
    weighted sum and its weight (the state of a mean) for a scalar `value` and a Python
    number `weight`."""
    if _ACCUMULATE is not None and stateless_scope.current() is None:
        if _ACCUMULATE(total, count, value, weight) is not NotImplemented:
            return
    total.assign_add(binary.multiply(value, weight))
    count.assign_add(weight)



def adam_update(
    variables,
    grads,
    momentums,
    velocities,
    learning_rate,
    iterations,
    beta_1,
    beta_2,
    epsilon,
):
    """The Adam update (without amsgrad) of each variable from its gradient `g`,
    momentum `m` and velocity `v`, with `t = iterations + 1` and, in the variable's
    dtype, `alpha = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)`:
    `m.assign(m + (g - m) * (1 - beta_1))`, `v.assign(v + (g * g - v) * (1 - beta_2))`,
    then `variable.assign_sub(m * alpha / (sqrt(v) + epsilon))` (`g` cast to the
    variable's dtype)."""
    if _ADAM is not None and variables and stateless_scope.current() is None:
        hyperparameters = (learning_rate, iterations, beta_1, beta_2, epsilon)
        done = _ADAM(variables, grads, momentums, velocities, *hyperparameters)
        if done is not NotImplemented:
            return
    # The factors depend on the dtype only: computed once per dtype.
    factors = {}
    for variable, gradient, m, v in zip(variables, grads, momentums, velocities):
        dtype = variable.dtype
        if dtype not in factors:
            t = core_ops.cast(iterations + 1, dtype)
            decay_1, decay_2 = (core_ops.cast(b, dtype) for b in (beta_1, beta_2))
            correction = unary.sqrt(1 - binary.power(decay_2, t)) / (
                1 - binary.power(decay_1, t)
            )
            factors[dtype] = (
                1 - decay_1,
                1 - decay_2,
                core_ops.cast(learning_rate, dtype) * correction,
            )
        keep_1, keep_2, alpha = factors[dtype]
        gradient = core_ops.cast(gradient, dtype)
        m.assign(m + (gradient - m) * keep_1)
        v.assign(v + (unary.square(gradient) - v) * keep_2)
        variable.assign_sub(m * alpha / (unary.sqrt(v) + epsilon))
