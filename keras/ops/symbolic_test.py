"""KerasTensor and Operation: symbolic calls, the graph record, errors on concrete use."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.ops import symbolic
from keras.ops import testing


def test_keras_tensor_basics():
    x = keras.KerasTensor((None, 3), dtype="int32", name="x")
    assert x.shape == (None, 3) and x.dtype == "int32" and x.ndim == 2
    assert "shape=(None, 3)" in repr(x)
    with pytest.raises(ValueError, match="non-negative ints or None"):
        keras.KerasTensor((2, -1))
    assert keras.backend.is_keras_tensor(x)
    assert not keras.backend.is_keras_tensor(np.zeros(2))


@pytest.mark.parametrize(
    "use",
    [np.asarray, bool, int, float, len, iter, lambda x: x.numpy()],
)
def test_concrete_use_is_a_clear_error(use):
    x = keras.KerasTensor((2, 3))
    with pytest.raises(TypeError, match="symbolic"):
        use(x)


def test_operators_build_symbolic_ops():
    x = keras.KerasTensor((None, 3))
    y = keras.KerasTensor((1, 3), dtype="float16")
    testing.assert_spec(x + y, (None, 3), "float32")
    testing.assert_spec(2 * x, (None, 3), "float32")
    testing.assert_spec(x - 1, (None, 3), "float32")


def test_history_records_the_graph():
    a = keras.KerasTensor((None, 4))
    b = keras.KerasTensor((None, 4))
    c = ops.add(a, b)
    d = ops.multiply(c, 2.0)
    operation, node_index, tensor_index = d._keras_history
    node = operation._inbound_nodes[node_index]
    assert node.input_tensors == [c] and node.outputs == [d] and tensor_index == 0
    parent = node.parent_nodes[0]
    assert parent.input_tensors == [a, b] and parent.operation.name.startswith("add")
    assert operation.input is c and operation.output is d


def test_operation_call_dispatches_eager_or_symbolic():
    class Double(keras.Operation):
        def call(self, x):
            return ops.multiply(x, 2)

        def compute_output_spec(self, x):
            return keras.KerasTensor(x.shape, x.dtype)

    op = Double()
    testing.assert_close(op(np.array([1.0, 2.0], "float32")), np.array([2.0, 4.0], "float32"))
    testing.assert_spec(op(keras.KerasTensor((None,))), (None,), "float32")
    assert op.name.startswith("double")


def test_broadcast_and_reduce_shape_helpers():
    assert symbolic.broadcast_shapes((None, 1, 3), (4, 1)) == (None, 4, 3)
    assert symbolic.broadcast_shapes((None,), (1,)) == (None,)
    assert symbolic.broadcast_shapes((), (2, 0)) == (2, 0)
    assert symbolic.reduce_shape((2, None, 4), axis=1) == (2, 4)
    assert symbolic.reduce_shape((2, None, 4), axis=(0, -1), keepdims=True) == (1, None, 1)
    with pytest.raises(ValueError, match="out of range"):
        symbolic.reduce_shape((2, 3), axis=2)
