"""The im2col fast path of 1-D and 2-D convolutions on XLA:CPU (registry entry
nn._conv_channels_last): equal to XLA's convolution, values and gradients."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from keras import ops
from keras.backends.common import backend_utils
from keras.backends.common import registry
from keras.backends.jax import nn


def reference(x, kernel, strides, pads):
    return jax.lax.conv_general_dilated(
        x, kernel, strides, pads, dimension_numbers=("NHWC", "HWIO", "NHWC")
    )


@pytest.mark.parametrize(
    "x_shape,k_shape,strides,padding",
    [
        ((2, 9, 11, 3), (3, 3, 3, 4), (1, 1), "valid"),
        ((2, 9, 11, 3), (3, 3, 3, 4), (2, 1), "same"),
        ((1, 8, 8, 5), (1, 1, 5, 2), (1, 1), "valid"),
        ((3, 7, 6, 2), (5, 2, 2, 3), (2, 3), "same"),
        ((1, 4, 4, 1), (4, 4, 1, 1), (1, 1), "valid"),
    ],
)
def test_matches_xla_convolution_and_its_gradients(x_shape, k_shape, strides, padding):
    rng = np.random.default_rng(sum(x_shape))
    x = jnp.asarray(rng.normal(size=x_shape).astype("float32"))
    kernel = jnp.asarray(rng.normal(size=k_shape).astype("float32"))
    pads = backend_utils.conv_padding(x.shape[1:-1], k_shape[:2], strides, padding, (1, 1))
    got = nn._im2col_conv(x, kernel, strides, pads, (1, 1))
    assert got is not NotImplemented
    np.testing.assert_allclose(got, reference(x, kernel, strides, pads), rtol=1e-5, atol=1e-5)

    def loss(f):
        return lambda x, k: jnp.sum(jnp.sin(f(x, k, strides, pads)))

    got = jax.grad(loss(lambda *a: nn._im2col_conv(*a, (1, 1))), argnums=(0, 1))(x, kernel)
    want = jax.grad(loss(reference), argnums=(0, 1))(x, kernel)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "x_shape,k_shape,stride,padding",
    [
        ((2, 17, 3), (3, 3, 4), 1, "valid"),
        ((2, 17, 3), (3, 3, 4), 2, "same"),
        ((1, 9, 5), (1, 5, 2), 1, "valid"),
        ((3, 10, 2), (4, 2, 3), 3, "same"),
        ((2, 11, 3), (3, 3, 2), 1, "causal"),
    ],
)
def test_one_dimensional_matches_xla_convolution_and_its_gradients(
    x_shape, k_shape, stride, padding
):
    rng = np.random.default_rng(sum(x_shape) + stride)
    x = jnp.asarray(rng.normal(size=x_shape).astype("float32"))
    kernel = jnp.asarray(rng.normal(size=k_shape).astype("float32"))
    if padding == "causal":
        pads = [(k_shape[0] - 1, 0)]
    else:
        pads = backend_utils.conv_padding(x.shape[1:-1], k_shape[:1], (stride,), padding, (1,))

    def xla(x, kernel):
        return jax.lax.conv_general_dilated(
            x, kernel, (stride,), pads, dimension_numbers=("NWC", "WIO", "NWC")
        )

    def ours(x, kernel):
        return nn._im2col_conv(x, kernel, (stride,), pads, (1,))

    assert ours(x, kernel) is not NotImplemented
    np.testing.assert_allclose(ours(x, kernel), xla(x, kernel), rtol=1e-5, atol=1e-5)
    got = jax.grad(lambda *a: jnp.sum(jnp.sin(ours(*a))), argnums=(0, 1))(x, kernel)
    want = jax.grad(lambda *a: jnp.sum(jnp.sin(xla(*a))), argnums=(0, 1))(x, kernel)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)


def test_declines_what_it_does_not_cover():
    x = jnp.ones((1, 6, 6, 4), jnp.float32)
    kernel = jnp.ones((3, 3, 4, 2), jnp.float32)
    pads = [(0, 0), (0, 0)]
    assert nn._im2col_conv(x, kernel, (1, 1), pads, (2, 2)) is NotImplemented
    grouped = jnp.ones((3, 3, 2, 2), jnp.float32)
    assert nn._im2col_conv(x, grouped, (1, 1), pads, (1, 1)) is NotImplemented
    assert (
        nn._im2col_conv(x.astype(jnp.bfloat16), kernel.astype(jnp.bfloat16), (1, 1),
                        pads, (1, 1))
        is NotImplemented
    )
    assert nn._im2col_conv(x[0], kernel, (1,), [(0, 0)], (1,)) is NotImplemented
    # 1-D: dilated kernels go to XLA.
    assert nn._im2col_conv(x[0], kernel[0], (1,), [(0, 0)], (2,)) is NotImplemented


@pytest.mark.parametrize(
    "x_shape,k_shape",
    [((2, 3, 10, 10), (3, 3, 3, 4)), ((2, 4, 15), (3, 4, 5))],  # 2-D, 1-D
)
def test_the_public_op_takes_it_and_the_switch_turns_it_off(x_shape, k_shape):
    rng = np.random.default_rng(len(x_shape))
    x = rng.normal(size=x_shape).astype("float32")
    kernel = rng.normal(size=k_shape).astype("float32")
    taken = registry.for_backend("jax").entries("nn._conv_channels_last")
    assert taken and taken[0].function is nn._im2col_conv
    fast = ops.conv(x, kernel, strides=2, padding="same", data_format="channels_first")
    registry.set_reference_only(True, "jax")
    try:
        slow = ops.conv(x, kernel, strides=2, padding="same", data_format="channels_first")
    finally:
        registry.set_reference_only(False, "jax")
    np.testing.assert_allclose(fast, slow, rtol=1e-5, atol=1e-5)
