"""split_dataset: sizes, order, shuffling and argument errors."""

import numpy as np
import pytest

from keras import utils


def as_list(dataset):
    return [
        tuple(part.tolist() for part in item)
        if isinstance(item, tuple)
        else item.tolist()
        for item in dataset.as_numpy_iterator()
    ]


@pytest.mark.parametrize(
    "left_size, right_size, left, right",
    [(0.3, None, 3, 7), (None, 3, 7, 3), (3, 3, 3, 3), (0.5, 0.2, 5, 2)],
)
def test_sizes_and_order(left_size, right_size, left, right):
    x = np.arange(10)
    y = x * 2
    left_ds, right_ds = utils.split_dataset(
        (x, y), left_size=left_size, right_size=right_size
    )
    want_left = [(int(i), int(2 * i)) for i in x[:left]]
    want_right = [(int(i), int(2 * i)) for i in x[10 - right :]]
    assert as_list(left_ds) == want_left
    assert as_list(right_ds) == want_right


def test_shuffle_is_a_seeded_permutation():
    x = np.arange(20)
    left_a, right_a = utils.split_dataset(x, left_size=0.5, shuffle=True, seed=1)
    left_b, _ = utils.split_dataset(x, left_size=0.5, shuffle=True, seed=1)
    assert as_list(left_a) == as_list(left_b)
    assert sorted(as_list(left_a) + as_list(right_a)) == list(range(20))
    assert as_list(left_a) != list(range(10))


def test_tf_dataset_input():
    # A tf.data.Dataset made by keras itself: windows of 2 with their targets.
    dataset = utils.timeseries_dataset_from_array(
        np.arange(7), np.arange(7) * 10, 2, batch_size=None
    )
    left, right = utils.split_dataset(dataset, right_size=2)
    assert [int(y) for _, y in left.as_numpy_iterator()] == [0, 10, 20, 30]
    assert [x.tolist() for x, _ in right.as_numpy_iterator()] == [[4, 5], [5, 6]]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({}, "left_size"),
        ({"left_size": 8, "right_size": 5}, "left_size"),
        ({"left_size": 1.5}, "left_size"),
        ({"right_size": -1}, "right_size"),
        ({"left_size": 2, "preferred_backend": "torch"}, "preferred_backend"),
    ],
)
def test_argument_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        utils.split_dataset(np.arange(10), **kwargs)


def test_arrays_of_different_lengths_are_refused():
    with pytest.raises(ValueError, match="lengths"):
        utils.split_dataset((np.arange(3), np.arange(4)), left_size=1)
