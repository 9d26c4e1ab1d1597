"""GeneratorDataAdapter: batches as yielded, epochs over a generator, conversion."""

import numpy as np
import pytest

from keras import ops
from keras.trainers.data_adapters import GeneratorDataAdapter


def _batches(count, batch_size=4, seed=0):
    rng = np.random.default_rng(seed)
    return [
        (
            rng.normal(size=(batch_size, 3)).astype("float32"),
            rng.integers(0, 3, size=(batch_size,)),
        )
        for _ in range(count)
    ]


def test_yields_the_batches_in_order():
    batches = _batches(3)
    adapter = GeneratorDataAdapter(iter(batches))
    assert adapter.num_batches is None
    assert adapter.batch_size is None
    assert adapter.has_partial_batch is None
    got = list(adapter.get_numpy_iterator())
    assert len(got) == 3
    for (x, y, sw), (ex, ey) in zip(got, batches):
        np.testing.assert_array_equal(x, ex)
        np.testing.assert_array_equal(y, ey)
        assert sw is None


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_x_only_pairs_and_triples(parts):
    x = np.arange(6.0).reshape(3, 2)
    y = np.array([1, 0, 1])
    w = np.array([0.1, 0.2, 0.3])
    item = (x, y, w)[:parts] if parts > 1 else x

    def gen():
        yield item

    bx, by, bw = next(GeneratorDataAdapter(gen()).get_numpy_iterator())
    np.testing.assert_array_equal(bx, x)
    assert (by is None) == (parts < 2)
    assert (bw is None) == (parts < 3)
    if parts == 3:
        np.testing.assert_array_equal(bw, w)


def test_backend_tensors_and_lists_become_numpy():
    x = np.random.default_rng(1).normal(size=(2, 3)).astype("float32")

    def gen():
        yield {"a": ops.convert_to_tensor(x)}, [0, 1]

    bx, by, _ = next(GeneratorDataAdapter(gen()).get_numpy_iterator())
    assert isinstance(bx["a"], np.ndarray)
    np.testing.assert_allclose(bx["a"], x)
    np.testing.assert_array_equal(by, [0, 1])


def test_later_epochs_of_an_exhausted_generator_are_empty():
    adapter = GeneratorDataAdapter(iter(_batches(2)))
    assert len(list(adapter.get_numpy_iterator())) == 2
    assert list(adapter.get_numpy_iterator()) == []


def test_steps_per_epoch_splits_an_endless_generator():
    def counter():
        i = 0
        while True:
            yield np.array([i]), np.array([i])
            i += 1

    adapter = GeneratorDataAdapter(counter(), steps_per_epoch=3)
    assert adapter.num_batches == 3
    first = [int(b[1][0]) for b in adapter.get_numpy_iterator()]
    second = [int(b[1][0]) for b in adapter.get_numpy_iterator()]
    assert first == [0, 1, 2] and second == [3, 4, 5]


def test_steps_per_epoch_beyond_a_finite_generator_ends_early():
    adapter = GeneratorDataAdapter(iter(_batches(5)), steps_per_epoch=3)
    assert len(list(adapter.get_numpy_iterator())) == 3
    assert len(list(adapter.get_numpy_iterator())) == 2  # ran out
    assert list(adapter.get_numpy_iterator()) == []


def test_unsupported_leaves_are_explained():
    def gen():
        yield np.ones((2, 1)), object()

    with pytest.raises(TypeError, match="`y` must hold"):
        next(GeneratorDataAdapter(gen()).get_numpy_iterator())
