"""Float8 delayed scaling: amax history, scale, quantize-dequantize."""

import ml_dtypes
import numpy as np
import pytest

from keras import quantizers
from keras.ops import testing

# OpenVINO has no float8 element type: there, float8 casts raise a clear error.
NO_FLOAT8 = testing.backend_name() == "openvino"


def test_openvino_says_it_has_no_float8():
    if not NO_FLOAT8:
        pytest.skip("this backend has float8 dtypes")
    with pytest.raises(ValueError, match="not supported by the openvino backend"):
        quantizers.quantize_and_dequantize(np.ones(2, "float32"), 1.0, "float8_e4m3fn", "float32")


def test_amax_history_rolls_and_records():
    x = np.array([[1.0, -3.0], [2.0, 0.5]], "float32")
    history = quantizers.compute_float8_amax_history(x, np.array([1.0, 2.0, 3.0, 4.0], "float32"))
    np.testing.assert_array_equal(testing.to_numpy(history), [3.0, 3.0, 4.0, 1.0])
    history = quantizers.compute_float8_amax_history(x, np.zeros(4, "float16"))
    assert testing.to_numpy(history).dtype == np.float16
    np.testing.assert_array_equal(testing.to_numpy(history), [3.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize(
    "amax,scale,dtype_max,margin",
    [(2.0, 1.0, 448.0, 0), (2.0, 1.0, 448.0, 1), (1000.0, 0.5, 57344.0, 2), (3.0, 1.0, 448.0, 0.5)],
)
def test_scale_is_amax_over_dtype_max_with_margin(amax, scale, dtype_max, margin):
    result = quantizers.compute_float8_scale(np.float32(amax), np.float32(scale), dtype_max, margin)
    assert testing.to_numpy(result).dtype == np.float32
    testing.assert_close(result, np.float32(amax / dtype_max * 2.0**margin), rtol=1e-6)


@pytest.mark.parametrize("amax", [0.0, -2.0, np.inf, np.nan])
def test_unusable_amax_keeps_the_scale(amax):
    result = quantizers.compute_float8_scale(np.float32(amax), np.float32(3.0), 448.0)
    testing.assert_close(result, np.float32(3.0))


def test_scale_elementwise():
    result = quantizers.compute_float8_scale(
        np.array([2.0, 0.0], "float32"), np.array([1.0, 5.0], "float32"), 448.0
    )
    testing.assert_close(result, np.array([2.0 / 448.0, 5.0], "float32"), rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float8_e4m3fn", "float8_e5m2"])
@pytest.mark.parametrize("scale", [2.0, 0.5])
@pytest.mark.skipif(NO_FLOAT8, reason="OpenVINO has no float8 element type")
def test_quantize_and_dequantize_matches_ml_dtypes(dtype, scale):
    x = np.concatenate(
        [testing.random_array((50,), seed=6, low=-5, high=5), [448.0, 500.0, -1000.0, 1e-5]]
    ).astype("float32")
    result = quantizers.quantize_and_dequantize(x, np.float32(scale), dtype, "float32")
    limit = float(ml_dtypes.finfo(getattr(ml_dtypes, dtype)).max)
    expected = np.clip(x / scale, -limit, limit).astype(getattr(ml_dtypes, dtype))
    expected = expected.astype("float32") * scale
    assert testing.to_numpy(result).dtype == np.float32
    np.testing.assert_array_equal(testing.to_numpy(result), expected)


@pytest.mark.skipif(NO_FLOAT8, reason="OpenVINO has no float8 element type")
def test_quantize_and_dequantize_known_values():
    # Values produced by Keras 3.15.1.
    x = np.array([0.1, 1.0, 3.3, 448.0, 500.0, -1000.0, 1e-5, 0.3], "float32")
    result = quantizers.quantize_and_dequantize(x, np.float32(2.0), "float8_e4m3fn", "float32")
    np.testing.assert_array_equal(
        testing.to_numpy(result), [0.1015625, 1.0, 3.25, 448.0, 512.0, -896.0, 0.0, 0.3125]
    )


def test_quantize_and_dequantize_rejects_non_float8():
    with pytest.raises(ValueError, match="float8"):
        quantizers.quantize_and_dequantize(np.ones(2, "float32"), 1.0, "int8", "float32")
