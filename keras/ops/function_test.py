"""keras.Function (a callable graph of ops) and keras.SymbolicScope."""

import numpy as np
import pytest

import keras
from keras.backends.common.keras_tensor import KerasTensor
from keras.backends.common.symbolic_scope import SymbolicScope
from keras.backends.common.symbolic_scope import get_symbolic_scope
from keras.backends.common.symbolic_scope import in_symbolic_scope
from keras.ops.function import Function


def _np(x):
    return keras.ops.convert_to_numpy(x)


def test_list_inputs_run_the_graph_like_numpy():
    x, z = KerasTensor((2, 3)), KerasTensor((2, 3))
    y = keras.ops.multiply(keras.ops.add(x, 1.0), z)
    f = Function([x, z], y, name="ff")
    assert f.name == "ff"
    assert f.inputs == [x, z] and f.outputs == [y]
    assert [op.name for op in f.operations][-1].startswith("multiply")
    a = np.arange(6, dtype="float32").reshape(2, 3)
    b = np.full((2, 3), 2.0, "float32")
    np.testing.assert_allclose(_np(f([a, b])), (a + 1.0) * b, rtol=1e-6)
    np.testing.assert_allclose(_np(f((a, b))), (a + 1.0) * b, rtol=1e-6)


def test_dict_structures_and_shared_subgraph():
    x = KerasTensor((None, 4))
    h = keras.ops.exp(x)
    f = Function({"a": x}, {"sum": keras.ops.sum(h, axis=-1), "h": h})
    a = np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4)
    out = f({"a": a})
    assert sorted(out) == ["h", "sum"]
    np.testing.assert_allclose(_np(out["h"]), np.exp(a), rtol=1e-5)
    np.testing.assert_allclose(_np(out["sum"]), np.exp(a).sum(-1), rtol=1e-5)


def test_symbolic_call_and_output_shape():
    x = KerasTensor((None, 3))
    f = Function(x, keras.ops.concatenate([x, x], axis=-1))
    spec = f(KerasTensor((5, 3)))
    assert isinstance(spec, KerasTensor) and spec.shape == (5, 6)
    assert f.compute_output_spec(KerasTensor((None, 3))).shape == (None, 6)
    assert f.compute_output_shape((7, 3)) == (7, 6)
    # The symbolic call records one node of the Function, none of its inner ops.
    assert len(f._inbound_nodes) == 1


def test_function_can_be_composed_into_another():
    x = KerasTensor((2,))
    inner = Function(x, keras.ops.square(x))
    u = KerasTensor((2,))
    outer = Function(u, keras.ops.add(inner(u), 1.0))
    np.testing.assert_allclose(_np(outer(np.array([2.0, 3.0], "float32"))), [5.0, 10.0])


def test_bad_arguments_name_what_is_wrong():
    x = KerasTensor((2, 3))
    f = Function([x], keras.ops.negative(x))
    with pytest.raises(ValueError, match="input structure"):
        f([np.ones((2, 3)), np.ones((2, 3))])
    with pytest.raises(ValueError, match=r"expected shape \(2, 3\)"):
        f([np.ones((2, 4), "float32")])
    with pytest.raises(ValueError, match="must be a KerasTensor"):
        Function([1], x)
    other = KerasTensor((2, 3))
    with pytest.raises(ValueError, match="Graph disconnected"):
        Function([x], keras.ops.add(x, other))
    with pytest.raises(NotImplementedError, match="config"):
        f.get_config()


def test_functional_model_still_walks_its_graph():
    inputs = keras.Input((3,))
    outputs = keras.layers.Dense(2, kernel_initializer="ones")(inputs)
    model = keras.Model(inputs, outputs)
    np.testing.assert_allclose(_np(model(np.ones((1, 3), "float32"))), [[3.0, 3.0]])
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(keras.Input((3,)), outputs)


def test_symbolic_scope_nests_per_block():
    assert not in_symbolic_scope() and get_symbolic_scope() is None
    with SymbolicScope() as outer:
        assert in_symbolic_scope() and get_symbolic_scope() is outer
        with SymbolicScope() as inner:
            assert get_symbolic_scope() is inner
        assert get_symbolic_scope() is outer
    assert not in_symbolic_scope()
    with pytest.raises(RuntimeError):
        with SymbolicScope():
            raise RuntimeError("leaves the scope")
    assert not in_symbolic_scope()


def test_a_functional_model_is_a_function():
    inputs = keras.Input((2,))
    model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    assert isinstance(model, Function)
    assert not isinstance(keras.Sequential([keras.layers.Dense(1)]), Function)
