"""Gradients through the random ops that are differentiable in their tensor arguments.

With a fixed int seed the noise is fixed, so each op is a plain function of its input:
dropout multiplies by a fixed mask, shuffle permutes, and normal/uniform are affine in
their location and scale (the reparameterization used by variational models).
"""

import numpy as np
import pytest

from keras import ops
from keras import random
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def test_dropout_gradient_is_the_scaled_mask():
    x = testing.random_array((6, 5), seed=1)
    grad = testing.gradient(lambda t: random.dropout(t, 0.4, seed=3), x)
    # Same seed and shape, so the same mask: dropout(ones) is the mask / (1 - rate).
    expected = testing.to_numpy(random.dropout(np.ones_like(x), 0.4, seed=3))
    np.testing.assert_allclose(grad, expected, rtol=1e-2, atol=1e-3)
    assert 0 < (grad == 0).sum() < grad.size


def test_dropout_gradient_with_a_noise_shape():
    x = testing.random_array((4, 3, 5), seed=2)
    grad = testing.gradient(
        lambda t: random.dropout(t, 0.5, noise_shape=(4, 1, 5), seed=7), x
    )
    expected = testing.to_numpy(
        random.dropout(np.ones_like(x), 0.5, noise_shape=(4, 1, 5), seed=7)
    )
    np.testing.assert_allclose(grad, expected, rtol=1e-2, atol=1e-3)


def test_shuffle_gradient_is_the_inverse_permutation():
    x = testing.random_array((7, 3), seed=3)
    weights = testing.random_array((7, 3), seed=4)
    # sin before the shuffle: TensorFlow's gradient of a gather straight from the
    # variable is IndexedSlices, which testing.gradient does not densify.
    grad = testing.gradient(
        lambda t: ops.multiply(random.shuffle(ops.sin(t), seed=5), weights), x
    )
    permutation = testing.to_numpy(random.shuffle(np.arange(7, dtype="int32"), seed=5))
    # sum(sin(x)[p] * w) has gradient cos(x[p[j]]) * w[j] at x[p[j]].
    expected = np.empty_like(weights)
    expected[permutation] = weights
    np.testing.assert_allclose(grad, np.cos(x) * expected, rtol=1e-2, atol=1e-3)
    numeric = testing.numeric_gradient(lambda t: np.sin(t)[permutation] * weights, x)
    np.testing.assert_allclose(grad, numeric, rtol=1e-2, atol=1e-3)


def test_normal_gradients_in_mean_and_stddev():
    mean = testing.random_array((5,), seed=6)
    stddev = testing.random_array((5,), low=0.5, high=2.0, seed=7)
    noise = testing.to_numpy(random.normal((4, 5), seed=8))
    grad_mean = testing.gradient(
        lambda m: random.normal((4, 5), mean=m, stddev=stddev, seed=8), mean
    )
    np.testing.assert_allclose(grad_mean, np.full(5, 4.0), rtol=1e-2, atol=1e-3)
    grad_stddev = testing.gradient(
        lambda s: random.normal((4, 5), mean=mean, stddev=s, seed=8), stddev
    )
    numeric = testing.numeric_gradient(lambda s: noise * s + mean, stddev)
    np.testing.assert_allclose(grad_stddev, numeric, rtol=1e-2, atol=1e-3)


def test_uniform_gradients_in_the_bounds():
    minval = testing.random_array((3,), low=-2.0, high=-1.0, seed=9)
    maxval = testing.random_array((3,), low=1.0, high=2.0, seed=10)
    u = testing.to_numpy(random.uniform((8, 3), seed=11))
    grad_max = testing.gradient(
        lambda b: random.uniform((8, 3), minval=minval, maxval=b, seed=11), maxval
    )
    numeric = testing.numeric_gradient(lambda b: minval + u * (b - minval), maxval)
    np.testing.assert_allclose(grad_max, numeric, rtol=1e-2, atol=1e-3)
