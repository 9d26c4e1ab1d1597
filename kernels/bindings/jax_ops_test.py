"""The jax binding under jit, grad and vmap (XLA FFI custom calls)."""

import numpy as np

import jax
import jax.numpy as jnp

from kernels.bindings import jax_ops
from kernels.bindings import references as shared


def test_ffi_targets_register():
    assert jax_ops.available()


def test_layer_norm_under_jit_and_grad():
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.normal(size=(6, 50)).astype("float32"))
    g = jnp.asarray(rng.normal(size=(50,)).astype("float32"))
    b = jnp.asarray(rng.normal(size=(50,)).astype("float32"))

    @jax.jit
    def loss(x, g, b):
        y = jax_ops.layer_normalization(x, g, b, epsilon=1e-3)
        return jnp.sum(y * jnp.arange(50.0))

    def reference(x, g, b):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        y = (x - mean) / jnp.sqrt(var + 1e-3) * g + b
        return jnp.sum(y * jnp.arange(50.0))

    np.testing.assert_allclose(loss(x, g, b), reference(x, g, b), rtol=1e-5)
    got = jax.jit(jax.grad(loss, argnums=(0, 1, 2)))(x, g, b)
    want = jax.grad(reference, argnums=(0, 1, 2))(x, g, b)
    for a, w in zip(got, want):
        np.testing.assert_allclose(a, w, rtol=1e-4, atol=1e-5)


def test_vmap_of_the_kernels_equals_the_loop():
    rng = np.random.default_rng(1)
    xs = jnp.asarray(rng.normal(size=(3, 4, 20)).astype("float32"))
    gs = jnp.asarray(rng.normal(size=(3, 20)).astype("float32"))
    # Both x and gamma batched, then gamma shared.
    batched = jax.vmap(lambda x, g: jax_ops.layer_normalization(x, g, None))(xs, gs)
    looped = jnp.stack([jax_ops.layer_normalization(xs[i], gs[i], None) for i in range(3)])
    np.testing.assert_allclose(batched, looped, rtol=1e-6, atol=1e-6)
    shared_g = jax.vmap(lambda x: jax_ops.rms_normalization(x, gs[0]))(xs)
    looped = jnp.stack([jax_ops.rms_normalization(xs[i], gs[0]) for i in range(3)])
    np.testing.assert_allclose(shared_g, looped, rtol=1e-6, atol=1e-6)

    q, k, v, mask, causal = shared.make_attention_inputs("key_padding")
    k, v = jnp.asarray(k), jnp.asarray(v)
    qs = jnp.stack([jnp.asarray(q), jnp.asarray(q) * 0.5])
    attend = lambda q: jax_ops.dot_product_attention(q, k, v, mask=mask)  # noqa: E731
    batched = jax.vmap(attend)(qs)
    looped = jnp.stack([attend(qs[0]), attend(qs[1])])
    np.testing.assert_allclose(batched, looped, rtol=1e-6, atol=1e-6)
    grads = jax.vmap(jax.grad(lambda q: jnp.sum(attend(q) ** 2)))(qs)
    looped = jnp.stack([jax.grad(lambda q: jnp.sum(attend(q) ** 2))(qs[i]) for i in range(2)])
    np.testing.assert_allclose(grads, looped, rtol=1e-5, atol=1e-6)


def test_attention_under_jit_matches_numpy():
    q, k, v, mask, causal = shared.make_attention_inputs("causal")
    q, k, v = (jnp.asarray(a) for a in (q, k, v))
    got = jax.jit(lambda q, k, v: jax_ops.dot_product_attention(q, k, v, is_causal=True))(
        q, k, v
    )
    want = shared.np_attention(*(np.asarray(a) for a in (q, k, v)), causal=True)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
