"""The tiling max pooling of XLA:CPU (registry entry nn._max_pool_channels_last):
equal to `reduce_window(max)`, values and gradients (the first maximum of a window
takes the gradient, ties included), forward-mode too."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from keras import ops
from keras.backends.common import registry
from keras.backends.jax import nn


def reference(x, pool_size):
    window = (1, *pool_size, 1)
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window, window, "VALID")


def first_max_gradient(x, pool_size, dy):
    """NumPy: each window's upstream gradient goes to its first maximum (row-major)."""
    x, dy = np.asarray(x), np.asarray(dy)
    dx = np.zeros_like(x)
    for index in np.ndindex(dy.shape):
        b, *out, c = index
        starts = [o * p for o, p in zip(out, pool_size)]
        box = (b, *(slice(s, s + p) for s, p in zip(starts, pool_size)), c)
        window = x[box]
        offset = np.unravel_index(np.argmax(window), window.shape)
        dx[(b, *(s + o for s, o in zip(starts, offset)), c)] += dy[index]
    return dx


CASES = [
    ((2, 8, 8, 3), (2, 2)),
    ((2, 9, 7, 2), (2, 2)),  # cropped: the last row and column are in no window
    ((1, 9, 9, 2), (3, 3)),
    ((2, 6, 4, 1), (3, 2)),
    ((3, 10, 2), (2,)),
    ((2, 11, 4), (4,)),
    ((1, 4, 6, 5, 2), (2, 3, 2)),
]


@pytest.mark.parametrize("shape,pool_size", CASES)
@pytest.mark.parametrize("ties", [False, True])
def test_matches_reduce_window_and_its_gradient(shape, pool_size, ties):
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(size=shape).astype("float32")
    if ties:
        # Few distinct values (and zeros, as after a relu): most windows tie.
        x = np.maximum(np.round(x), 0.0).astype("float32")
    x = jnp.asarray(x)
    got = nn._tiled_max_pool(x, pool_size, pool_size, [(0, 0)] * len(pool_size))
    assert got is not NotImplemented
    np.testing.assert_array_equal(got, reference(x, pool_size))

    dy = jnp.asarray(rng.normal(size=got.shape).astype("float32"))
    _, pullback = jax.vjp(lambda v: nn._tiled_max(v, tuple(pool_size)), x)
    (dx,) = pullback(dy)
    np.testing.assert_allclose(dx, first_max_gradient(x, pool_size, dy), rtol=1e-6)
    # XLA's own gradient (select-and-scatter) picks the same element.
    _, pullback = jax.vjp(lambda v: reference(v, pool_size), x)
    np.testing.assert_allclose(dx, pullback(dy)[0], rtol=1e-6)

    # Forward mode: the tangent of the first maximum of each window.
    tangent = jnp.asarray(rng.normal(size=shape).astype("float32"))
    _, out_tangent = jax.jvp(lambda v: nn._tiled_max(v, tuple(pool_size)), (x,), (tangent,))
    _, want = jax.jvp(lambda v: reference(v, pool_size), (x,), (tangent,))
    np.testing.assert_allclose(out_tangent, want, rtol=1e-6)


def test_half_precision_and_jit():
    x = jnp.asarray(np.arange(2 * 6 * 6 * 3).reshape(2, 6, 6, 3) % 7, jnp.bfloat16)
    f = jax.jit(lambda v: nn._tiled_max(v, (2, 3)))
    got = f(x)
    assert got.dtype == jnp.bfloat16
    np.testing.assert_array_equal(got, reference(x, (2, 3)))
    grad = jax.grad(lambda v: jnp.sum(f(v).astype(jnp.float32)))(x)
    want = jax.grad(lambda v: jnp.sum(reference(v, (2, 3)).astype(jnp.float32)))(x)
    np.testing.assert_array_equal(grad, want)


def test_declines_what_it_does_not_cover():
    x = jnp.ones((1, 6, 6, 4), jnp.float32)
    none = [(0, 0), (0, 0)]
    assert nn._tiled_max_pool(x, (2, 2), (1, 1), none) is NotImplemented  # overlapping
    assert nn._tiled_max_pool(x, (2, 2), (2, 2), [(0, 1), (0, 1)]) is NotImplemented
    assert nn._tiled_max_pool(x.astype(jnp.int32), (2, 2), (2, 2), none) is NotImplemented
    assert nn._tiled_max_pool(x, (5, 5), (5, 5), none) is NotImplemented  # 25 > 16
    assert nn._tiled_max_pool(x, (7, 1), (7, 1), none) is NotImplemented  # no window


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_the_public_op_takes_it_and_the_switch_turns_it_off(data_format, padding):
    rng = np.random.default_rng(0)
    x = np.maximum(rng.normal(size=(2, 3, 9, 8)), 0).astype("float32")
    taken = registry.for_backend("jax").entries("nn._max_pool_channels_last")
    assert taken and taken[0].function is nn._tiled_max_pool

    def pooled_and_gradient(v):
        def loss(t):
            y = ops.max_pool(t, 2, padding=padding, data_format=data_format)
            return jnp.sum(jnp.sin(y)), y

        (_, y), grad = jax.value_and_grad(loss, has_aux=True)(jnp.asarray(v))
        return y, grad

    fast = pooled_and_gradient(x)
    registry.set_reference_only(True, "jax")
    try:
        slow = pooled_and_gradient(x)
    finally:
        registry.set_reference_only(False, "jax")
    for a, b in zip(fast, slow):
        np.testing.assert_allclose(a, b, rtol=1e-6)
