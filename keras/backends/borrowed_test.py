"""`active.borrowed("tensorflow")`: keras.ops traced as TensorFlow ops inside tf.data,
whatever the backend chosen at start-up, and everything restored afterwards."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.backends import active
from keras.backends import tf_graph

tf = pytest.importorskip("tensorflow")


def _mapped(function, x):
    def traced(batch):
        with active.borrowed("tensorflow"):
            return function(batch)

    dataset = tf.data.Dataset.from_tensor_slices(x).batch(len(x)).map(traced)
    return [batch.numpy() for batch in dataset]


def test_ops_inside_a_tf_data_map_match_numpy():
    x = np.arange(12, dtype="float32").reshape(3, 4)
    (out,) = _mapped(lambda b: ops.flip(ops.square(b), axis=-1) + ops.mean(b), x)
    np.testing.assert_allclose(out, np.flip(x**2, axis=-1) + x.mean(), rtol=1e-6)


def test_digitize_and_one_hot_trace_as_tensorflow_ops():
    # The numeric preprocessing layers (Discretization, CategoryEncoding) rely on them.
    x = np.array([[-1.0, 0.0, 0.5], [2.0, 1.0, -0.5]], "float32")
    bins = np.array([0.0, 1.0], "float32")
    (out,) = _mapped(lambda b: ops.one_hot(ops.digitize(b, bins), 3), x)
    expected = np.zeros((2, 3, 3), "float32")
    for i in range(2):
        for j in range(3):
            expected[i, j, np.searchsorted(bins, x[i, j], side="right")] = 1.0
    np.testing.assert_array_equal(out, expected)


def test_a_trainable_variable_of_the_start_up_engine_enters_the_trace():
    # A torch variable needs grad (TensorFlow cannot read it as it is): its value is
    # copied out by its own engine.
    w = keras.Variable(np.array([1.0, 2.0, 3.0], "float32"), trainable=True)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    def traced(b):
        return b * ops.cast(w, b.dtype) + ops.convert_to_tensor(w)

    (out,) = _mapped(traced, x)
    np.testing.assert_allclose(out, x * [1.0, 2.0, 3.0] + [1.0, 2.0, 3.0])


def test_the_start_up_engine_is_back_after_the_scope():
    name, core = active.name, active.core
    _mapped(lambda b: ops.exp(b), np.ones((2, 2), "float32"))
    assert active.name == name and active.core is core and active.borrowed_from is None
    y = active.convert_to_tensor(np.ones((2,), "float32"))
    assert isinstance(y, active.core.EAGER_TENSOR)
    np.testing.assert_allclose(active.convert_to_numpy(y), [1.0, 1.0])


def test_a_seed_generator_draws_anew_for_each_element():
    generator = keras.random.SeedGenerator(5)
    x = np.zeros((6, 3), "float32")

    def traced(row):
        with active.borrowed("tensorflow"):
            return row + keras.random.uniform((3,), seed=generator)

    rows = [r.numpy() for r in tf.data.Dataset.from_tensor_slices(x).map(traced)]
    assert len({tuple(r) for r in rows}) == len(rows)
    assert all(((r >= 0) & (r < 1)).all() for r in rows)
    if active.name != "tensorflow":
        # The generator's own state (a variable of another engine) did not move; on
        # tensorflow it is a tf.Variable that the pipeline advances.
        np.testing.assert_array_equal(ops.convert_to_numpy(generator.state.value), [5, 0])


def test_two_draws_from_one_generator_in_one_trace_differ():
    generator = keras.random.SeedGenerator(9)

    def traced(row):
        with active.borrowed("tensorflow"):
            first = keras.random.uniform((4,), seed=generator)
            second = keras.random.uniform((4,), seed=generator)
            return first - second

    dataset = tf.data.Dataset.from_tensor_slices(np.zeros((1, 4))).map(traced)
    (diff,) = [d.numpy() for d in dataset]
    assert np.abs(diff).min() > 0


def test_graph_tensors_are_recognised_only_while_tracing():
    seen = []

    def traced(batch):
        seen.append(tf_graph.any_graph_tensor({"images": batch}))
        return batch

    list(tf.data.Dataset.from_tensor_slices(np.ones((2, 2))).map(traced))
    assert seen == [True]
    assert not tf_graph.is_graph_tensor(tf.constant(1.0))
    assert not tf_graph.any_graph_tensor([np.ones(2)])


def test_scopes_do_not_nest():
    if active.name == "tensorflow":
        pytest.skip("on tensorflow a scope for tensorflow itself changes nothing")
    with active.borrowed("tensorflow"):
        with pytest.raises(RuntimeError, match="do not nest"):
            with active.borrowed("tensorflow"):
                pass
    assert active.borrowed_from is None
