"""NumPy specifics of the backend contract: no copies, ml_dtypes, no sparse."""

import numpy as np

from keras.backends.numpy import core


def test_convert_is_zero_copy_for_matching_arrays():
    data = np.arange(6, dtype="float32").reshape(2, 3)
    assert core.convert_to_tensor(data) is data
    assert core.convert_to_tensor(data, dtype="float64") is not data


def test_bfloat16_through_ml_dtypes():
    out = core.cast(np.array([1.0, 2.5], "float32"), "bfloat16")
    assert out.dtype.name == "bfloat16"
    np.testing.assert_array_equal(out.astype("float32"), [1.0, 2.5])


def test_variable_value_is_an_independent_copy():
    data = np.ones(3, "float32")
    v = core.Variable(data)
    data[0] = 5.0
    assert v.numpy()[0] == 1.0
