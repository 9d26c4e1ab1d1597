import numpy as np
import pytest

from keras.layers.reshaping.permute import Permute
from keras.layers.testing import run_layer_test


@pytest.mark.parametrize(
    "shape,dims",
    [
        ((2, 3, 4), (2, 1)),
        ((2, 3, 4), (1, 2)),
        ((2, 3, 4, 5), (3, 1, 2)),
        ((1, 2, 3, 4, 5), (4, 2, 3, 1)),
    ],
)
def test_matches_numpy(shape, dims):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    expected = np.transpose(x, (0,) + dims)
    run_layer_test(
        Permute,
        init_kwargs={"dims": dims},
        input_data=x,
        expected_output=expected,
        expected_output_shape=expected.shape,
    )


def test_compute_output_shape():
    assert Permute((2, 1)).compute_output_shape((None, None, 4)) == (None, 4, None)


def test_config():
    assert Permute([3, 1, 2]).get_config()["dims"] == (3, 1, 2)


@pytest.mark.parametrize("dims", [(0, 1), (1, 3), (1, 1), 2])
def test_invalid_dims(dims):
    with pytest.raises(ValueError, match="`dims` must be a permutation"):
        Permute(dims)


def test_wrong_rank():
    with pytest.raises(ValueError, match="expected ndim=3"):
        Permute((2, 1))(np.ones((2, 3, 4, 5), dtype="float32"))
