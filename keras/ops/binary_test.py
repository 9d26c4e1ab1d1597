"""keras.ops binary ops against NumPy: values, broadcasting, dtypes, symbolic shapes."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import dtypes
from keras.ops import testing

ARITHMETIC = {
    "add": np.add,
    "subtract": np.subtract,
    "multiply": np.multiply,
}


@pytest.mark.parametrize("name", sorted(ARITHMETIC))
@pytest.mark.parametrize("shapes", testing.BROADCAST_PAIRS)
def test_matches_numpy_with_broadcasting(name, shapes):
    a = testing.random_array(shapes[0], seed=1)
    b = testing.random_array(shapes[1], seed=2)
    testing.assert_close(getattr(ops, name)(a, b), ARITHMETIC[name](a, b))


@pytest.mark.parametrize("name", sorted(ARITHMETIC))
@pytest.mark.parametrize(
    "dtype1,dtype2", [("int8", "uint8"), ("int32", "float16"), ("bool", "int16")]
)
def test_result_dtype_follows_keras_promotion(name, dtype1, dtype2):
    a = testing.random_array((2, 3), dtype1, seed=3, low=0, high=5)
    b = testing.random_array((2, 3), dtype2, seed=4, low=0, high=5)
    expected_dtype = dtypes.result_type(dtype1, dtype2)
    out = getattr(ops, name)(a, b)
    reference = ARITHMETIC[name](a.astype(expected_dtype), b.astype(expected_dtype))
    testing.assert_close(out, reference, rtol=1e-3)


@pytest.mark.parametrize("name", sorted(ARITHMETIC))
def test_python_scalars_are_weak(name):
    a = testing.random_array((4,), "int8", seed=5, low=-5, high=5)
    out = getattr(ops, name)(a, 2)
    testing.assert_close(out, ARITHMETIC[name](a, np.int8(2)))
    f = testing.random_array((4,), "float16", seed=6)
    assert testing.to_numpy(getattr(ops, name)(f, 1.5)).dtype == np.float16


@pytest.mark.parametrize("name", sorted(ARITHMETIC))
def test_symbolic_shapes_and_dtypes(name):
    op = getattr(ops, name)
    out = op(testing.symbolic((None, 1, 3)), testing.symbolic((4, 1), "int32"))
    testing.assert_spec(out, (None, 4, 3), "float32")
    out = op(testing.symbolic((2, None), "int8"), 3)
    testing.assert_spec(out, (2, None), "int8")
    with pytest.raises(ValueError, match="cannot be broadcast"):
        op(testing.symbolic((2, 3)), testing.symbolic((4,)))
