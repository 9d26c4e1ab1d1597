"""GPTQ and AWQ weight quantizers (keras/quantizers/calibrated.py) against plain
rounding, on correlated inputs with channels of very different sizes."""

import numpy as np
import pytest

from keras.quantizers import calibrated


def _problem(seed=0, n=1024, inputs=96, outputs=48):
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(inputs, inputs)) / np.sqrt(inputs) + np.eye(inputs)
    x = rng.normal(size=(n, inputs)) @ mix * np.exp(rng.normal(size=inputs))
    w = rng.normal(size=(outputs, inputs)) * 0.1
    return x, w


def _output_error(x, w, approx):
    return np.linalg.norm(x @ approx.T - x @ w.T) / np.linalg.norm(x @ w.T)


@pytest.mark.parametrize("group_size", [32, -1])
@pytest.mark.parametrize("activation_order", [False, True])
def test_gptq_lowers_the_output_error_of_plain_rounding(group_size, activation_order):
    x, w = _problem()
    hessian = 2 * x.T @ x / len(x)
    plain = _output_error(x, w, calibrated.dequantize(*calibrated.round_to_nearest(w, 4, group_size)))
    q, scale, zero, g_idx = calibrated.gptq(
        w, hessian, bits=4, group_size=group_size, activation_order=activation_order
    )
    assert q.dtype == np.uint8 and q.max() <= 15
    groups = 1 if group_size == -1 else 3
    assert scale.shape == zero.shape == (48, groups)
    assert sorted(np.bincount(g_idx)) == [96 // groups] * groups
    assert _output_error(x, w, calibrated.dequantize(q, scale, zero, g_idx)) < 0.9 * plain


def test_gptq_levels_and_symmetric_zero_points():
    x, w = _problem(seed=1)
    hessian = 2 * x.T @ x / len(x)
    for bits in (2, 3, 8):
        q, _, zero, _ = calibrated.gptq(w, hessian, bits=bits, group_size=32)
        assert q.max() <= 2**bits - 1 and zero.max() <= 2**bits - 1
    q, scale, zero, g_idx = calibrated.gptq(w, hessian, bits=4, group_size=32, symmetric=True)
    np.testing.assert_array_equal(zero, 8)
    # 8-bit GPTQ is close to the float weights themselves.
    q, scale, zero, g_idx = calibrated.gptq(w, hessian, bits=8, group_size=-1)
    approx = calibrated.dequantize(q, scale, zero, g_idx)
    assert np.abs(approx - w).max() < 0.02 * np.abs(w).max()


def test_gptq_zeroes_the_columns_whose_inputs_were_always_zero():
    x, w = _problem(seed=2)
    x[:, 5] = 0.0
    q, scale, zero, g_idx = calibrated.gptq(w, 2 * x.T @ x / len(x), bits=4, group_size=32)
    approx = calibrated.dequantize(q, scale, zero, g_idx)
    np.testing.assert_allclose(approx[:, 5], 0.0, atol=1e-12)


def test_awq_scales_and_error():
    x, w = _problem(seed=3)
    plain = _output_error(x, w, calibrated.dequantize(*calibrated.round_to_nearest(w, 4, 32)))
    q, scale, zero, g_idx, s = calibrated.awq(w, x, bits=4, group_size=32, num_grid_points=10)
    assert s.shape == (96,) and s.dtype == np.float32 and np.all(s > 0)
    approx = calibrated.dequantize(q, scale, zero, g_idx) / s[None, :]
    assert _output_error(x, w, approx) < 0.95 * plain
    # One grid point is alpha = 0: plain rounding with unit scales.
    *_, ones = calibrated.awq(w, x, bits=4, group_size=32, num_grid_points=1)
    np.testing.assert_allclose(ones, 1.0)


def test_pack_rows_round_trip():
    q = np.random.default_rng(0).integers(0, 16, size=(7, 5)).astype(np.uint8)
    packed = calibrated.pack_rows(q)
    assert packed.shape == (4, 5) and packed.dtype == np.uint8
    np.testing.assert_array_equal(packed[0], q[0] | (q[1] << 4))
    np.testing.assert_array_equal(calibrated.unpack_rows(packed, 7), q)
