"""train_validation_split and the array helpers behind the adapters."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.trainers.data_adapters import array_utils
from keras.trainers.data_adapters import train_validation_split


def _arrays(n, seed=0):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(n, 3)).astype("float32"),
        rng.integers(0, 4, size=(n,)),
        rng.uniform(size=(n,)),
    )


@pytest.mark.parametrize(
    "n, split, train_size", [(10, 0.2, 8), (10, 0.25, 7), (7, 0.5, 3), (100, 0.1, 90)]
)
def test_split_takes_the_last_fraction(n, split, train_size):
    x, y, w = _arrays(n)
    (tx, ty, tw), (vx, vy, vw) = train_validation_split((x, y, w), split)
    np.testing.assert_array_equal(tx, x[:train_size])
    np.testing.assert_array_equal(vx, x[train_size:])
    np.testing.assert_array_equal(ty, y[:train_size])
    np.testing.assert_array_equal(vy, y[train_size:])
    np.testing.assert_array_equal(tw, w[:train_size])
    np.testing.assert_array_equal(vw, w[train_size:])


def test_split_keeps_none_and_nested_structures():
    x, y, _ = _arrays(10)
    train, val = train_validation_split(({"a": x, "b": [x, x]}, y, None), 0.3)
    assert train[2] is None and val[2] is None
    assert len(train[0]["a"]) == 7 and len(val[0]["b"][1]) == 3
    np.testing.assert_array_equal(val[1], y[7:])


def test_split_keeps_backend_tensors_as_tensors():
    x, y, _ = _arrays(10)
    (tx, ty, _), (vx, vy, _) = train_validation_split(
        (ops.convert_to_tensor(x), y, None), 0.2
    )
    assert active.is_tensor(tx) and active.is_tensor(vx)
    np.testing.assert_allclose(active.convert_to_numpy(vx), x[8:])
    np.testing.assert_array_equal(ty, y[:8])


def test_split_of_lists_of_numbers():
    train, val = train_validation_split(([1.0, 2.0, 3.0, 4.0], [0, 1, 0, 1]), 0.5)
    np.testing.assert_array_equal(train[0], [1.0, 2.0])
    np.testing.assert_array_equal(val[1], [0, 1])


def test_split_rejects_generators_and_datasets():
    def gen():
        yield np.ones((2, 1))

    match = "only supported for NumPy arrays and tensors.*generator"
    with pytest.raises(ValueError, match=match):
        train_validation_split((gen(), None, None), 0.2)


@pytest.mark.parametrize("split", [0, 1, 1.5, -0.1, "0.2"])
def test_split_fraction_must_be_in_the_open_interval(split):
    x, y, _ = _arrays(10)
    with pytest.raises(ValueError, match="validation_split"):
        train_validation_split((x, y, None), split)


def test_split_needs_enough_samples():
    x, y, _ = _arrays(3)
    with pytest.raises(ValueError, match="3 samples, too few"):
        train_validation_split((x, y, None), 0.9)  # no training sample left
    with pytest.raises(ValueError, match="1 samples, too few"):
        train_validation_split((x[:1], y[:1], None), 1e-20)  # no validation sample


def test_split_sizes_must_agree():
    x, y, _ = _arrays(10)
    with pytest.raises(ValueError, match="cardinality is ambiguous"):
        train_validation_split((x, y[:5], None), 0.2)


def test_array_structure_detection():
    x, _, _ = _arrays(4)
    assert array_utils.is_array_structure(x)
    assert array_utils.is_array_structure([1, 2, 3])
    assert array_utils.is_array_structure({"a": x, "b": [x, None]})
    assert array_utils.is_array_structure(ops.convert_to_tensor(x))
    assert not array_utils.is_array_structure(iter([x]))
    assert not array_utils.is_array_structure([x, "text"])
