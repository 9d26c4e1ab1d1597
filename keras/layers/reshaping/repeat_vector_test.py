import numpy as np
import pytest

from keras.layers.reshaping.repeat_vector import RepeatVector
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize("shape,n", [((2, 3), 4), ((5, 1), 1), ((1, 7), 3)])
def test_matches_numpy(shape, n):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    expected = np.repeat(x[:, np.newaxis, :], n, axis=1)
    run_layer_test(
        RepeatVector,
        init_kwargs={"n": n},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape():
    assert RepeatVector(3).compute_output_shape((None, None)) == (None, 3, None)


def test_config():
    assert RepeatVector(5).get_config()["n"] == 5


def test_invalid_arguments():
    with pytest.raises(TypeError, match="`n` must be an int"):
        RepeatVector(2.5)
    with pytest.raises(ValueError, match="`n` must be >= 0"):
        RepeatVector(-1)
    with pytest.raises(ValueError, match="expected ndim=2"):
        RepeatVector(2)(np.ones((2, 3, 4), dtype="float32"))
