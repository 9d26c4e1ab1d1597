"""ArrayDataAdapter: batch sizes, shuffling, nested data, backend tensors, errors."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.trainers.data_adapters import ArrayDataAdapter


def _data(n, features=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype("float32")
    y = rng.integers(0, 5, size=(n,)).astype("int32")
    return x, y


def _epoch(adapter):
    return list(adapter.get_numpy_iterator())


@pytest.mark.parametrize(
    "n, batch_size, sizes",
    [(10, 4, [4, 4, 2]), (12, 4, [4, 4, 4]), (3, 32, [3]), (7, 1, [1] * 7)],
)
def test_batch_sizes_and_partial_batch(n, batch_size, sizes):
    x, y = _data(n)
    adapter = ArrayDataAdapter(x, y, batch_size=batch_size)
    assert adapter.num_batches == len(sizes)
    assert adapter.batch_size == batch_size
    assert adapter.has_partial_batch == (n % batch_size != 0)
    assert adapter.partial_batch_size == ((n % batch_size) or None)
    batches = _epoch(adapter)
    assert [len(bx) for bx, _, _ in batches] == sizes
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)
    assert all(sw is None for _, _, sw in batches)


def test_default_batch_size_is_32():
    x, _ = _data(70)
    adapter = ArrayDataAdapter(x)
    assert adapter.batch_size == 32
    assert [len(b[0]) for b in _epoch(adapter)] == [32, 32, 6]
    assert all(b[1] is None for b in _epoch(adapter))


def test_shuffle_changes_order_but_keeps_pairs():
    x, _ = _data(50)
    y = np.arange(50)
    np.random.seed(1)
    adapter = ArrayDataAdapter(x, y, batch_size=8, shuffle=True)
    first = _epoch(adapter)
    second = _epoch(adapter)
    order_1 = np.concatenate([b[1] for b in first])
    order_2 = np.concatenate([b[1] for b in second])
    assert sorted(order_1) == list(range(50))
    assert sorted(order_2) == list(range(50))
    assert not np.array_equal(order_1, np.arange(50))
    assert not np.array_equal(order_1, order_2)  # reshuffled at every epoch
    # x rows travel with their y.
    np.testing.assert_array_equal(np.concatenate([b[0] for b in first]), x[order_1])
    # The same seed replays the same order.
    np.random.seed(1)
    again = _epoch(ArrayDataAdapter(x, y, batch_size=8, shuffle=True))
    np.testing.assert_array_equal(np.concatenate([b[1] for b in again]), order_1)


def test_batch_shuffle_keeps_contiguous_batches():
    x, _ = _data(22)
    y = np.arange(22)
    np.random.seed(3)
    adapter = ArrayDataAdapter(x, y, batch_size=5, shuffle="batch")
    batches = _epoch(adapter)
    starts = [int(b[1][0]) for b in batches]
    assert sorted(starts) == [0, 5, 10, 15, 20]
    assert starts != [0, 5, 10, 15, 20]
    for _, by, _ in batches:
        np.testing.assert_array_equal(by, np.arange(by[0], min(by[0] + 5, 22)))


def test_dict_and_nested_inputs():
    x, y = _data(9)
    ids = np.arange(9, dtype="int64").reshape(9, 1)
    adapter = ArrayDataAdapter(
        {"features": x, "ids": ids}, (y, x[:, :1]), batch_size=4
    )
    batches = _epoch(adapter)
    assert [len(b[0]["ids"]) for b in batches] == [4, 4, 1]
    bx, by, _ = batches[1]
    np.testing.assert_array_equal(bx["features"], x[4:8])
    np.testing.assert_array_equal(bx["ids"], ids[4:8])
    assert isinstance(by, tuple)
    np.testing.assert_array_equal(by[0], y[4:8])
    np.testing.assert_array_equal(by[1], x[4:8, :1])


def test_single_sample_weight_is_shared_by_outputs():
    x, y = _data(6)
    w = np.linspace(0.5, 3.0, 6).astype("float32")
    adapter = ArrayDataAdapter(x, [y, y], sample_weight=w, batch_size=4)
    _, _, sw = _epoch(adapter)[0]
    assert isinstance(sw, list) and len(sw) == 2
    for weights in sw:
        np.testing.assert_array_equal(weights, w[:4])


def test_sample_weight_structure_must_match_outputs():
    x, y = _data(6)
    with pytest.raises(ValueError, match="structure of `y`"):
        ArrayDataAdapter(x, {"a": y, "b": y}, sample_weight={"a": y}, batch_size=2)
    with pytest.raises(ValueError, match=r"shape \(n,\) or \(n, 1\)"):
        ArrayDataAdapter(x, [y, y], sample_weight=np.ones((6, 3)))


def test_floats_become_floatx_and_ints_stay():
    x = np.arange(8, dtype="float64").reshape(4, 2)
    y = np.arange(4, dtype="int64")
    bx, by, _ = _epoch(ArrayDataAdapter(x, y, batch_size=4))[0]
    assert bx.dtype == np.float32
    assert by.dtype == np.int64
    np.testing.assert_array_equal(bx, x.astype("float32"))


def test_lists_of_numbers():
    x = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    adapter = ArrayDataAdapter(x, [0, 1, 2], batch_size=2)
    batches = _epoch(adapter)
    np.testing.assert_array_equal(batches[0][0], [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(batches[1][1], [2])


@pytest.mark.parametrize("n, batch_size", [(10, 4), (16, 5)])
def test_backend_tensors(n, batch_size):
    x, y = _data(n)
    adapter = ArrayDataAdapter(
        ops.convert_to_tensor(x), ops.convert_to_tensor(y), batch_size=batch_size
    )
    batches = _epoch(adapter)
    assert all(isinstance(b[0], np.ndarray) for b in batches)
    np.testing.assert_allclose(np.concatenate([b[0] for b in batches]), x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), y)


def test_backend_tensors_in_a_dict():
    x, y = _data(5)
    adapter = ArrayDataAdapter({"a": ops.convert_to_tensor(x), "b": x}, y, batch_size=5)
    bx, _, _ = _epoch(adapter)[0]
    np.testing.assert_allclose(bx["a"], x)
    np.testing.assert_allclose(bx["b"], x)


def test_steps_per_epoch_continues_and_repeats():
    y = np.arange(10)
    adapter = ArrayDataAdapter(y.astype("float32"), y, batch_size=4, steps_per_epoch=2)
    assert adapter.num_batches == 2
    epochs = [[b[1].tolist() for b in _epoch(adapter)] for _ in range(3)]
    assert epochs[0] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    # The next epoch continues, and the data starts over once exhausted.
    assert epochs[1] == [[8, 9], [0, 1, 2, 3]]
    assert epochs[2] == [[4, 5, 6, 7], [8, 9]]


def test_steps_per_epoch_beyond_the_data_repeats_within_the_epoch():
    y = np.arange(5)
    adapter = ArrayDataAdapter(y, y, batch_size=2, steps_per_epoch=5)
    assert [b[1].tolist() for b in _epoch(adapter)] == [
        [0, 1],
        [2, 3],
        [4],
        [0, 1],
        [2, 3],
    ]


def test_sample_count_mismatch_names_the_sizes():
    x, y = _data(10)
    with pytest.raises(ValueError, match=r"'x' sizes: \[10\].*'y' sizes: \[8\]"):
        ArrayDataAdapter(x, y[:8])
    with pytest.raises(ValueError, match=r"'sample_weight' sizes: \[3\]"):
        ArrayDataAdapter(x, y, sample_weight=np.ones(3))
    with pytest.raises(ValueError, match=r"'x' sizes: \[10, 4\]"):
        ArrayDataAdapter([x, x[:4]])


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"shuffle": "yes"}, "shuffle"),
        ({"steps_per_epoch": 0}, "steps_per_epoch"),
    ],
)
def test_invalid_arguments(kwargs, match):
    x, y = _data(4)
    with pytest.raises(ValueError, match=match):
        ArrayDataAdapter(x, y, **kwargs)


def test_scalar_and_unknown_leaves_are_rejected():
    with pytest.raises(ValueError, match="first .*dimension"):
        ArrayDataAdapter(np.float32(3.0))
    with pytest.raises(TypeError, match="`x` must hold .*object"):
        ArrayDataAdapter([np.ones((2, 1)), object()])


def test_config_floatx_is_followed():
    x, _ = _data(4)
    keras.config.set_floatx("float16")
    try:
        bx, _, _ = _epoch(ArrayDataAdapter(x))[0]
    finally:
        keras.config.set_floatx("float32")
    assert bx.dtype == np.float16
