"""The straight-through gradient of fake_quant_with_min_max_vars."""

import numpy as np
import pytest

from keras import ops
from keras import quantizers
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def gradients(x, min_vals, max_vals, weights, **kwargs):
    def loss(values):
        outputs = quantizers.fake_quant_with_min_max_vars(*values, **kwargs)
        return ops.sum(ops.multiply(outputs, weights))

    tensors = [ops.convert_to_tensor(v) for v in (x, min_vals, max_vals)]
    _, grads = testing.Model._value_and_grad(loss, tensors)
    return [testing.to_numpy(g) for g in grads]


def test_passes_inside_the_nudged_range_and_routes_the_rest_to_min_max():
    # [-6, 6] with 8 bits is nudged to [-6.0235, 5.9765].
    x = np.array([-7.0, -6.1, -5.9, -0.3, 0.0, 2.5, 5.9, 6.0, 6.1, 100.0], "float32")
    weights = np.arange(1, 11, dtype="float32")
    grad_x, grad_min, grad_max = gradients(x, np.float32(-6.0), np.float32(6.0), weights)
    np.testing.assert_array_equal(grad_x, [0, 0, 3, 4, 5, 6, 7, 0, 0, 0])
    np.testing.assert_allclose(grad_min, 1 + 2)
    np.testing.assert_allclose(grad_max, 8 + 9 + 10)


def test_per_channel_gradients_have_the_shape_of_the_ranges():
    x = np.array([[-1.0, 0.5, 3.0], [2.0, -4.0, 0.1]], "float32")
    weights = np.arange(1, 7, dtype="float32").reshape(2, 3)
    mins, maxs = np.array([-1.0, -2.0, 0.0], "float32"), np.array([1.0, 2.0, 2.0], "float32")
    grad_x, grad_min, grad_max = gradients(x, mins, maxs, weights, axis=-1)
    # Values from Keras 3.15.1: -1 lies below the nudged minimum -0.996 of channel 0.
    np.testing.assert_array_equal(grad_x, [[0, 2, 0], [0, 0, 6]])
    np.testing.assert_array_equal(grad_min, [1, 5, 0])
    np.testing.assert_array_equal(grad_max, [4, 0, 3])
