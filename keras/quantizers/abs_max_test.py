"""abs_max_quantize and its grouped, zero-point variant against NumPy references."""

import numpy as np
import pytest

from keras import quantizers
from keras.ops import testing


def reference_abs_max(x, axis, value_range=(-127, 127), epsilon=1e-7):
    amax = np.max(np.abs(x), axis=axis, keepdims=True)
    scale = (value_range[1] / (amax + np.asarray(epsilon, x.dtype))).astype(x.dtype)
    quantized = np.clip(np.round(x * scale), *value_range)
    return quantized, scale


def reference_grouped(x, block_size, value_range=(-8, 7), epsilon=1e-7, to_numpy=False):
    """Per group of rows (zero-padded): (min, max), scale, zero point. The device path
    (to_numpy False) keeps short tensors one group, widens flat groups and takes its
    steps from the widest signed power-of-two grid inside value_range."""
    rows, cols = x.shape
    low, high = value_range
    levels, zero_low, zero_high = high - low, low, high
    if not to_numpy:
        block_size = min(block_size, rows)
        bits = int(np.floor(np.log2(high - low + 1)))
        levels, zero_low, zero_high = 2**bits - 1, -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    groups = -(-rows // block_size)
    padded = np.zeros((groups * block_size, cols), x.dtype)
    padded[:rows] = x
    blocks = padded.reshape(groups, block_size, cols)
    lo, hi = blocks.min(axis=1), blocks.max(axis=1)
    if not to_numpy:
        flat = lo == hi
        lo, hi = np.where(flat, lo - 1, lo), np.where(flat, hi + 1, hi)
    scale = ((hi - lo + np.asarray(epsilon, x.dtype)) / levels).astype(x.dtype)
    zero = np.clip(np.round(-lo / scale) + zero_low, zero_low, zero_high)
    row_scale = np.repeat(scale, block_size, axis=0)[:rows]
    row_zero = np.repeat(zero, block_size, axis=0)[:rows]
    quantized = np.clip(np.round(x / row_scale) + row_zero, low, high)
    return quantized, scale, zero


@pytest.mark.parametrize("axis", [-1, 0, None, (0, 1)])
@pytest.mark.parametrize("to_numpy", [False, True])
def test_abs_max_quantize_matches_numpy(axis, to_numpy):
    x = testing.random_array((6, 5), seed=1)
    quantized, scale = quantizers.abs_max_quantize(x, axis=axis, to_numpy=to_numpy)
    expected_q, expected_scale = reference_abs_max(x, axis)
    assert testing.to_numpy(quantized).dtype == np.int8
    np.testing.assert_array_equal(testing.to_numpy(quantized), expected_q.astype("int8"))
    testing.assert_close(scale, expected_scale)
    # Dequantized values are within half a step of the inputs.
    restored = testing.to_numpy(quantized) / testing.to_numpy(scale)
    assert np.all(np.abs(restored - x) <= 0.5 / testing.to_numpy(scale) + 1e-6)


def test_abs_max_quantize_known_values():
    # Values produced by Keras 3.15.1.
    x = np.array([[0.5, -1.0, 2.0], [3.0, 0.25, -0.75]], "float32")
    quantized, scale = quantizers.abs_max_quantize(x, axis=-1)
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[32, -64, 127], [127, 11, -32]])
    testing.assert_close(scale, np.array([[63.5], [42.333332]], "float32"))


def test_rounds_half_to_even_and_clips_to_the_range():
    x = np.array([0.5, 1.5, 2.5, -0.5, -1.5, 4.0], "float32")
    quantized, scale = quantizers.abs_max_quantize(x, axis=-1, value_range=(-4, 4))
    np.testing.assert_array_equal(testing.to_numpy(quantized), [0, 2, 2, 0, -2, 4])
    testing.assert_close(scale, np.array([1.0], "float32"))
    # An asymmetric range clips the side that does not set the scale.
    quantized, _ = quantizers.abs_max_quantize(
        np.array([[1.0, -20.0, 3.0]], "float32"), axis=-1, value_range=(-5, 127)
    )
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[6, -5, 19]])


def test_zeros_divide_safely_and_dtype_follows_arguments():
    quantized, scale = quantizers.abs_max_quantize(np.zeros((2, 3), "float32"), axis=-1)
    np.testing.assert_array_equal(testing.to_numpy(quantized), np.zeros((2, 3)))
    testing.assert_close(scale, np.full((2, 1), 1.27e9, "float32"), rtol=1e-6)
    quantized, _ = quantizers.abs_max_quantize(
        np.array([[1.0, 2.0, 3.0]], "float32"), axis=-1, value_range=(-1000, 1000), dtype="int16"
    )
    assert testing.to_numpy(quantized).dtype == np.int16
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[333, 667, 1000]])


def test_abs_max_quantizer_object():
    quantizer = quantizers.AbsMaxQuantizer(axis=0)
    x = testing.random_array((4, 3), seed=2)
    quantized, scale = quantizer(x)
    expected_q, expected_scale = reference_abs_max(x, 0)
    np.testing.assert_array_equal(testing.to_numpy(quantized), expected_q)
    testing.assert_close(scale, expected_scale)
    assert quantizer.get_config() == {
        "value_range": (-127, 127),
        "epsilon": 1e-7,
        "output_dtype": "int8",
        "axis": (0,),
    }
    assert "axis" not in quantizers.AbsMaxQuantizer().get_config()


@pytest.mark.parametrize(
    "shape,block_size,value_range",
    [
        ((6, 2), 4, (-8, 7)),
        ((8, 3), 2, (-8, 7)),
        ((5, 4), 128, (-8, 7)),
        ((9, 2), 4, (-128, 127)),
        ((7, 3), 3, (0, 15)),
        ((6, 2), 2, (-3, 3)),
    ],
)
@pytest.mark.parametrize("to_numpy", [False, True])
def test_grouped_matches_numpy(shape, block_size, value_range, to_numpy):
    x = testing.random_array(shape, seed=3)
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        x, block_size=block_size, value_range=value_range, to_numpy=to_numpy
    )
    expected_q, expected_scale, expected_zero = reference_grouped(
        x, block_size, value_range, to_numpy=to_numpy
    )
    np.testing.assert_array_equal(testing.to_numpy(quantized), expected_q)
    testing.assert_close(scale, expected_scale)
    np.testing.assert_array_equal(testing.to_numpy(zero), expected_zero)
    assert testing.to_numpy(zero).dtype == np.int8


def test_grouped_known_values():
    # Values produced by Keras 3.15.1: the last group of column 1 ([1, 1]) is padded
    # with zeros; a single flat group ([1, 1] alone) is widened to [0, 2].
    x = np.array(
        [[0.5, 3.0], [-1.0, 0.25], [2.0, -0.75], [3.0, 1.0], [-4.0, 1.0], [0.1, 1.0]], "float32"
    )
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(x, block_size=4)
    np.testing.assert_array_equal(
        testing.to_numpy(quantized), [[-2, 7], [-8, -4], [3, -8], [7, -1], [-8, 7], [7, 7]]
    )
    testing.assert_close(scale, np.array([[0.26666668, 0.25], [0.27333334, 0.06666668]], "float32"))
    np.testing.assert_array_equal(testing.to_numpy(zero), [[-4, -5], [7, -8]])
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        np.ones((2, 1), "float32"), block_size=4
    )
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[-1], [-1]])
    testing.assert_close(scale, np.array([[0.13333334]], "float32"))


def test_grouped_host_path_known_values():
    # Values produced by Keras 3.15.1 with to_numpy=True (the path its quantized
    # layers take): rows always pad up to whole blocks, flat groups stay flat.
    x = np.array(
        [[0.5, 3.0], [-1.0, 0.25], [2.0, -0.75], [3.0, 1.0], [-4.0, 1.0], [0.1, 1.0]], "float32"
    )
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        x, block_size=4, to_numpy=True
    )
    np.testing.assert_array_equal(
        testing.to_numpy(quantized), [[-2, 7], [-8, -4], [3, -8], [7, -1], [-8, 7], [7, 7]]
    )
    testing.assert_close(scale, np.array([[0.26666668, 0.25], [0.27333334, 0.06666668]], "float32"))
    np.testing.assert_array_equal(testing.to_numpy(zero), [[-4, -5], [7, -8]])
    # Two rows of ones in a block of 4: the zero padding sets the range [0, 1].
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        np.ones((2, 1), "float32"), block_size=4, to_numpy=True
    )
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[7], [7]])
    testing.assert_close(scale, np.array([[0.06666668]], "float32"))
    np.testing.assert_array_equal(testing.to_numpy(zero), [[-8]])


def test_grouped_device_path_other_value_ranges():
    # Values produced by Keras 3.15.1 (to_numpy=False): (0, 15) steps as (-8, 7) and
    # only clips the quantized values; (-3, 3) steps as the 2-bit grid (-2, 1).
    x = np.array(
        [[0.5, 3.0], [-1.0, 0.25], [2.0, -0.75], [3.0, 1.0], [-4.0, 1.0], [0.1, 1.0]], "float32"
    )
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        x, block_size=4, value_range=(0, 15)
    )
    np.testing.assert_array_equal(
        testing.to_numpy(quantized), [[0, 7], [0, 0], [3, 0], [7, 0], [0, 7], [7, 7]]
    )
    np.testing.assert_array_equal(testing.to_numpy(zero), [[-4, -5], [7, -8]])
    quantized, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
        x[:4], block_size=4, value_range=(-3, 3)
    )
    np.testing.assert_array_equal(testing.to_numpy(quantized), [[-1, 1], [-2, -1], [1, -2], [1, 0]])
    testing.assert_close(scale, np.array([[1.3333334, 1.25]], "float32"))
    np.testing.assert_array_equal(testing.to_numpy(zero), [[-1, -1]])


def test_grouped_rejects_bad_arguments():
    with pytest.raises(ValueError, match="rank 2"):
        quantizers.abs_max_quantize_grouped_with_zero_point(np.ones((3,), "float32"), 4)
    with pytest.raises(ValueError, match="block_size"):
        quantizers.abs_max_quantize_grouped_with_zero_point(np.ones((3, 2), "float32"), 0)
