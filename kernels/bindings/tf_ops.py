"""The kernels on TensorFlow: custom ops (KerasLayerNorm, KerasRmsNorm,
KerasAttention and their Grad ops, KerasInt8Matmul, tf_ops.cc) with registered gradients. They run
eagerly and in `tf.function`; inside an XLA-compiled function (`jit_compile=True`)
the entries decline, since XLA cannot compile a custom op."""

import numpy as np

import tensorflow as tf

from kernels.bindings import common
from kernels.bindings import library

_DTYPES = (tf.float32, tf.bfloat16)
_gradients = []


def available():
    ops = library.tensorflow_ops()
    if ops is None:
        return False
    if not _gradients:
        _register_gradients()
        _gradients.append(True)
    return True


def _register_gradients():
    ops = library.tensorflow_ops()

    @tf.RegisterGradient("KerasLayerNorm")
    def _layer_norm_grad(op, dy, dmean, drstd):
        x, gamma = op.inputs[0], op.inputs[1]
        return ops.keras_layer_norm_grad(dy, x, gamma, op.outputs[1], op.outputs[2])

    @tf.RegisterGradient("KerasRmsNorm")
    def _rms_norm_grad(op, dy, drstd):
        x, scale = op.inputs[0], op.inputs[1]
        return ops.keras_rms_norm_grad(dy, x, scale, op.outputs[1])

    @tf.RegisterGradient("KerasAttention")
    def _attention_grad(op, dout, dlse):
        q, k, v, mask = op.inputs
        dq, dk, dv = ops.keras_attention_grad(
            q, k, v, op.outputs[0], dout, op.outputs[1], mask,
            causal=op.get_attr("causal"), has_mask=op.get_attr("has_mask"),
            scale=op.get_attr("scale"),
        )
        return dq, dk, dv, None


def _in_xla():
    if tf.executing_eagerly():
        return False
    from tensorflow.python.ops import control_flow_util

    return control_flow_util.GraphOrParentsInXlaContext(tf.compat.v1.get_default_graph())


def _qualifies(*tensors):
    dtype = None
    for t in tensors:
        if not isinstance(t, (tf.Tensor, tf.Variable)):
            return False
        if t.dtype not in _DTYPES or (dtype is not None and t.dtype != dtype):
            return False
        if "GPU" in (t.device or ""):
            return False
        dtype = t.dtype
    if any(None in t.shape.as_list() for t in tensors if t.shape.rank is not None):
        return False
    if any(t.shape.rank is None for t in tensors):
        return False
    return not _in_xla()


def _param(value, cols, fill):
    if value is None:
        return tf.fill((cols,), tf.constant(fill, tf.float32))
    return tf.cast(tf.reshape(value, (cols,)), tf.float32)


def _shape(value):
    if value is None:
        return None
    return tuple(value.shape) if hasattr(value, "shape") else np.shape(value)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, rms_scaling=False):
    """Registry entry for nn.layer_normalization (declines with NotImplemented)."""
    if not _qualifies(x):
        return NotImplemented
    shapes = [_shape(p) for p in (gamma, beta)]
    if any(s is not None and None in s for s in shapes):
        return NotImplemented
    call = common.norm_call(tuple(x.shape.as_list()), axis, epsilon, rms_scaling, *shapes)
    if call is None:
        return NotImplemented
    rows, cols, epsilon, use_beta = call
    ops = library.tensorflow_ops()
    x2 = tf.reshape(x, (rows, cols))
    g = _param(gamma, cols, 1.0)
    if rms_scaling:
        y = ops.keras_rms_norm(x2, g, epsilon=epsilon)[0]
    else:
        b = _param(beta if use_beta else None, cols, 0.0)
        y = ops.keras_layer_norm(x2, g, b, epsilon=epsilon)[0]
    return tf.reshape(y, tf.shape(x))


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """Registry entry for nn.rms_normalization."""
    return layer_normalization(x, scale, None, axis, epsilon, rms_scaling=True)


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal=False,
    flash_attention=None, attn_logits_soft_cap=None,
):
    """Registry entry for nn.dot_product_attention."""
    if not _qualifies(query, key, value):
        return NotImplemented
    mask_shape = _shape(mask)
    if mask_shape is not None and None in mask_shape:
        return NotImplemented
    call = common.attention_call(
        tuple(query.shape.as_list()), tuple(key.shape.as_list()),
        tuple(value.shape.as_list()), mask_shape, bias, scale, attn_logits_soft_cap,
        flash_attention,
    )
    if call is None:
        return NotImplemented
    _, mask4, scale = call
    if mask4 is None:
        mask = tf.ones((1, 1, 1, 1), tf.uint8)
    else:
        mask = tf.cast(tf.reshape(tf.cast(mask, tf.bool), mask4), tf.uint8)
    ops = library.tensorflow_ops()
    return ops.keras_attention(
        query, key, value, mask, causal=bool(is_causal), has_mask=mask4 is not None,
        scale=scale,
    )[0]


def int8_matmul_2d(a, b):
    """Registry entry for products._int8_matmul_2d: (m, k) x (k, n) int8 -> int32 for
    the rows `common.int8_rows_qualify` takes (XLA's int8 GEMM otherwise)."""
    for t in (a, b):
        if not isinstance(t, (tf.Tensor, tf.Variable)) or t.dtype != tf.int8:
            return NotImplemented
        if t.shape.rank != 2 or "GPU" in (t.device or ""):
            return NotImplemented
    rows = a.shape[0]
    if rows is None or not common.int8_rows_qualify(rows, "tensorflow") or _in_xla():
        return NotImplemented
    return library.tensorflow_ops().keras_int8_matmul(a, b)


# Entries of the backend's products module (install.py).
PRODUCT_ENTRIES = {"_int8_matmul_2d": int8_matmul_2d}

ENTRIES = {
    "layer_normalization": layer_normalization,
    "rms_normalization": rms_normalization,
    "dot_product_attention": dot_product_attention,
}
