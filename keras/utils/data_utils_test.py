"""pack_x_y_sample_weight / unpack_x_y_sample_weight round trips and errors."""

import numpy as np
import pytest

from keras.utils import pack_x_y_sample_weight
from keras.utils import unpack_x_y_sample_weight

X = np.arange(6.0).reshape(3, 2)
Y = np.array([0, 1, 0])
W = np.array([0.5, 1.0, 2.0])


@pytest.mark.parametrize(
    "data, expected",
    [
        (X, (X, None, None)),
        ((X,), (X, None, None)),
        ((X, Y), (X, Y, None)),
        ((X, Y, W), (X, Y, W)),
        ([X, Y], (X, Y, None)),
        ({"a": X}, ({"a": X}, None, None)),
    ],
)
def test_unpack(data, expected):
    unpacked = unpack_x_y_sample_weight(data)
    assert isinstance(unpacked, tuple) and len(unpacked) == 3
    for got, want in zip(unpacked, expected):
        if want is None:
            assert got is None
        elif isinstance(want, dict):
            assert got is data
        else:
            assert got is want


def test_unpack_rejects_long_tuples():
    with pytest.raises(ValueError, match=r"\(x, y, sample_weight\).*length 4"):
        unpack_x_y_sample_weight((X, Y, W, W))


def test_pack():
    assert pack_x_y_sample_weight(X) is X
    assert pack_x_y_sample_weight(X, Y) == (X, Y)
    assert pack_x_y_sample_weight(X, Y, W) == (X, Y, W)
    # A tuple of inputs is wrapped so that it is not read back as (x, y).
    inputs = (X, X)
    assert pack_x_y_sample_weight(inputs) == (inputs,)
    assert pack_x_y_sample_weight([X]) == ([X],)


@pytest.mark.parametrize("parts", [(X,), (X, Y), (X, Y, W), ((X, X), Y)])
def test_round_trip(parts):
    padded = tuple(parts) + (None,) * (3 - len(parts))
    assert unpack_x_y_sample_weight(pack_x_y_sample_weight(*parts)) == padded
