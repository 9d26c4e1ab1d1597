import numpy as np
import pytest

from keras.layers.reshaping.reshape import Reshape
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize(
    "shape,target",
    [
        ((2, 12), (3, 4)),
        ((2, 12), (-1, 2)),
        ((3, 2, 3, 4), (6, -1)),
        ((2, 3, 4), (12,)),
        ((2, 3, 4), (2, 1, -1, 3)),
    ],
)
def test_matches_numpy(shape, target):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    expected = x.reshape((shape[0],) + target)
    run_layer_test(
        Reshape,
        init_kwargs={"target_shape": target},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape():
    assert Reshape((3, -1)).compute_output_shape((None, 12)) == (None, 3, 4)
    assert Reshape((3, -1)).compute_output_shape((None, None)) == (None, 3, None)
    assert Reshape((3, 4)).compute_output_shape((None, None, 2)) == (None, 3, 4)


def test_config():
    assert Reshape([2, -1]).get_config()["target_shape"] == (2, -1)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="at most one -1"):
        Reshape((-1, -1))
    with pytest.raises(ValueError, match="must be a tuple of ints"):
        Reshape((2, -3))
    with pytest.raises(ValueError, match="must be a tuple of ints"):
        Reshape("2x3")
    with pytest.raises(ValueError, match="size of each sample must not change"):
        Reshape((5,))(np.ones((2, 3, 2), dtype="float32"))
    with pytest.raises(ValueError, match="size of each sample must not change"):
        Reshape((-1, 4)).compute_output_shape((None, 6))
