"""fake_quant_with_min_max_vars against a NumPy reference of the nudged grid."""

import numpy as np
import pytest

from keras import quantizers
from keras.ops import testing


def reference_fake_quant(x, min_vals, max_vals, num_bits=8, narrow_range=False):
    f = np.float32
    quant_min, quant_max = f(1 if narrow_range else 0), f(2**num_bits - 1)
    min_vals, max_vals = f(min_vals), f(max_vals)
    scale = (max_vals - min_vals) / (quant_max - quant_min)
    zero = np.clip(np.round(quant_min - min_vals / scale), quant_min, quant_max)
    nudged_min, nudged_max = (quant_min - zero) * scale, (quant_max - zero) * scale
    clamped = np.clip(x, nudged_min, nudged_max)
    steps = np.floor((clamped - nudged_min) / scale + f(0.5))
    return (steps + quant_min - zero) * scale


@pytest.mark.parametrize(
    "min_vals,max_vals,num_bits,narrow_range",
    [(-6.0, 6.0, 8, False), (-6.0, 6.0, 8, True), (-0.37, 5.3, 4, False), (-1.3, 5.1, 3, True),
     (0.1, 2.0, 8, False)],
)
def test_matches_numpy(min_vals, max_vals, num_bits, narrow_range):
    x = testing.random_array((400,), seed=7, low=-8, high=8)
    result = quantizers.fake_quant_with_min_max_vars(
        x, min_vals, max_vals, num_bits=num_bits, narrow_range=narrow_range
    )
    expected = reference_fake_quant(x, min_vals, max_vals, num_bits, narrow_range)
    testing.assert_close(result, expected, rtol=1e-6, atol=1e-6)


def test_known_values_and_ties():
    # Values produced by Keras 3.15.1: the zero point rounds half to even (126.5 ->
    # 126), the steps round half up.
    x = np.array([-127.0, -126.5, -126.0, -125.5, -3.5, -2.5, 0.5, 1.5, 128.0, 129.0], "float32")
    result = quantizers.fake_quant_with_min_max_vars(x, -126.5, 128.5)
    np.testing.assert_array_equal(
        testing.to_numpy(result), [-126, -126, -126, -125, -3, -2, 1, 2, 128, 129]
    )


def test_per_channel_ranges_broadcast():
    x = np.array([[-1.0, 0.5, 3.0], [2.0, -4.0, 0.1]], "float32")
    mins, maxs = np.array([-1.0, -2.0, 0.0], "float32"), np.array([1.0, 2.0, 2.0], "float32")
    result = quantizers.fake_quant_with_min_max_vars(x, mins, maxs, axis=-1)
    expected = np.stack(
        [reference_fake_quant(x[:, c], mins[c], maxs[c]) for c in range(3)], axis=1
    )
    testing.assert_close(result, expected, rtol=1e-6, atol=1e-6)
    assert testing.to_numpy(result).dtype == np.float32
