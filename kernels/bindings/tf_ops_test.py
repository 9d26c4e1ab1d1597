"""The TensorFlow binding: custom ops eagerly, in tf.function, gradients, and the
XLA-compiled case (declined: the reference runs)."""

import numpy as np
import tensorflow as tf

from kernels.bindings import references as shared
from kernels.bindings import tf_ops


def test_op_library_loads():
    assert tf_ops.available()


def test_layer_norm_in_tf_function_with_gradients():
    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(4, 30)).astype("float32"))
    g = tf.Variable(rng.normal(size=(30,)).astype("float32"))
    b = tf.Variable(rng.normal(size=(30,)).astype("float32"))

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf_ops.layer_normalization(x, g, b, epsilon=1e-3)
            loss = tf.reduce_sum(y * tf.range(30.0))
        return y, tape.gradient(loss, [x, g, b])

    y, grads = step(x)
    graph = step.get_concrete_function(x).graph
    assert any(op.type == "KerasLayerNorm" for op in graph.get_operations())
    want = shared.np_layer_norm(x.numpy(), g.numpy(), b.numpy(), (-1,), 1e-3)
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-5, atol=1e-5)

    def reference(x, g, b):
        mean = tf.reduce_mean(x, -1, keepdims=True)
        var = tf.reduce_mean((x - mean) ** 2, -1, keepdims=True)
        return tf.reduce_sum(((x - mean) * tf.math.rsqrt(var + 1e-3) * g + b) * tf.range(30.0))

    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = reference(x, g, b)
    for got, w in zip(grads, tape.gradient(loss, [x, g, b])):
        np.testing.assert_allclose(got.numpy(), w.numpy(), rtol=1e-4, atol=1e-5)


def test_attention_declines_under_xla_and_the_reference_runs():
    q, k, v, mask, causal = shared.make_attention_inputs("plain")

    @tf.function(jit_compile=True)
    def compiled(q, k, v):
        result = tf_ops.dot_product_attention(q, k, v)
        return tf.zeros_like(q) if result is NotImplemented else result

    # Declined inside XLA: the stand-in zeros come back.
    assert np.all(compiled(q, k, v).numpy() == 0)
    got = tf.function(lambda q, k, v: tf_ops.dot_product_attention(q, k, v))(q, k, v)
    np.testing.assert_allclose(got.numpy(), shared.np_attention(q, k, v), rtol=1e-4, atol=1e-5)
