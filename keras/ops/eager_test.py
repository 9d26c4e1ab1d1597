"""The eager fast path: the C guard (keras/ops/_eager_guard.c) decides as the Python
guards of keras/ops/eager.py do, for every arity, dtype rule and call form, and a guarded
op still looks like the function it stands for."""

import functools
import inspect
import os

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.ops import eager

try:
    from keras.ops import _eager_guard
except ImportError:
    _eager_guard = None

UNDER_BAZEL = "TEST_SRCDIR" in os.environ
needs_c_guard = pytest.mark.skipif(
    _eager_guard is None,
    reason="keras/ops/_eager_guard.so is built by Bazel; this run imports the sources",
)


def test_bazel_builds_and_ships_the_c_guard():
    if not UNDER_BAZEL:
        pytest.skip("only a Bazel run has the built extension")
    assert _eager_guard is not None
    if os.environ.get("KERAS_PYTHON_EAGER_GUARD") != "1":
        assert eager._eager_guard is _eager_guard


class Recorder:
    """An engine or op that records that it ran and answers with a tag."""

    def __init__(self, tag, error=None):
        self.tag = tag
        self.error = error
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        if self.error is not None:
            raise self.error
        return self.tag


def tensor(value, dtype):
    return active.convert_to_tensor(np.asarray(value), dtype=dtype)


F32 = tensor([[1.0, 2.0]], "float32")
F16 = tensor([[1.0, 2.0]], "float16")
I32 = tensor([[1, 2]], "int32")
ACCEPTED = ("float32", "int32")

# The inputs each arity is tried with: plain tensors of accepted and refused dtypes, mixed
# dtypes, Python values, NumPy arrays on other engines, lists.
CASES = {
    "unary": [(F32,), (I32,), (F16,), (1.5,), ([1.0],), (np.ones(2, "float32"),)],
    "binary": [
        (F32, F32),
        (I32, I32),
        (F16, F16),
        (F32, I32),
        (F32, 2.0),
        (2.0, F32),
        (np.ones(2, "float32"), F32),
    ],
    "reduction": [(F32,), (I32,), (F16,), (1.0,), ([1.0, 2.0],)],
    "unary_args": [(F32, (2, 1)), (I32, (2, 1)), (F16, (-1,)), ([1.0, 2.0], (2,))],
}
# Keyword arguments each arity is tried with beside none.
KWARGS = {
    "unary": [{}],
    "binary": [{}],
    "reduction": [{}, {"axis": 0}, {"keepdims": True}, {"axis": 1, "keepdims": True}],
    "unary_args": [{}, {"order": "C"}],
}


def both_guards(arity, dtypes, engine_error=None):
    """(python_guard, c_guard, engine, op): the two guards around one engine and op."""
    engine = Recorder("engine", engine_error)
    op = Recorder("op")
    tensor_type = active.core.EAGER_TENSOR
    python = eager._MAKERS[arity, dtypes is None](op, tensor_type, dtypes, engine)
    c = _eager_guard.Guard(arity, tensor_type, dtypes, engine, op, python)
    return python, c, engine, op


def engine_dtypes(names):
    return tuple(active.convert_to_tensor(0, dtype=d).dtype for d in names)


@needs_c_guard
@pytest.mark.parametrize("accepted", [ACCEPTED, None], ids=["some_dtypes", "any_dtype"])
@pytest.mark.parametrize("arity", sorted(CASES))
def test_c_guard_decides_as_the_python_guard(arity, accepted):
    dtypes = None if accepted is None else engine_dtypes(accepted)
    compared = 0
    for args in CASES[arity]:
        for kwargs in KWARGS[arity]:
            python, c, engine, op = both_guards(arity, dtypes)
            by_python = python(*args, **kwargs)
            python_calls = (len(engine.calls), len(op.calls))
            engine.calls.clear()
            op.calls.clear()
            by_c = c(*args, **kwargs)
            assert by_c == by_python, (arity, args, kwargs)
            assert (len(engine.calls), len(op.calls)) == python_calls, (arity, args, kwargs)
            compared += 1
    assert compared >= len(CASES[arity])


@needs_c_guard
def test_c_guard_takes_the_engine_only_for_qualifying_inputs():
    _, c, engine, op = both_guards("binary", engine_dtypes(ACCEPTED))
    assert c(F32, F32) == "engine"
    assert c(I32, I32) == "engine"
    assert c(F16, F16) == "op"  # a dtype the entry does not accept
    assert c(F32, I32) == "op"  # mixed dtypes need promotion
    assert c(F32, 1.0) == "op"  # a Python number needs conversion
    assert len(engine.calls) == 2 and len(op.calls) == 3


@needs_c_guard
@pytest.mark.parametrize("arity", sorted(CASES))
def test_an_engine_that_raises_leaves_the_call_to_the_op(arity):
    _, c, engine, op = both_guards(arity, None, engine_error=ValueError("no kernel"))
    args = CASES[arity][0]
    assert c(*args) == "op"
    assert len(engine.calls) == 1 and len(op.calls) == 1
    assert op.calls[0] == (args, {})


@needs_c_guard
def test_base_exceptions_are_not_swallowed():
    _, c, _, op = both_guards("unary", None, engine_error=KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        c(F32)
    assert not op.calls


@needs_c_guard
def test_call_forms_the_c_guard_leaves_go_to_the_python_guard():
    python, c, engine, op = both_guards("reduction", engine_dtypes(ACCEPTED))
    # Axis by position: the Python guard passes it to the engine by keyword.
    assert c(F32, 1) == "engine"
    assert engine.calls[-1] == ((F32,), {"axis": 1, "keepdims": False})
    # An unknown keyword goes to the op, which raises its own clear error.
    with pytest.raises(TypeError):
        c(F32, dtype="float32")
    python, c, engine, op = both_guards("binary", None)
    assert c(x1=F32, x2=F32) == python(x1=F32, x2=F32)


def test_guarded_ops_look_like_the_functions_they_stand_for():
    for name in ("add", "subtract", "exp", "sum", "mean", "reshape", "matmul"):
        op = getattr(ops, name)
        assert op.__name__ == name
        wrapped = inspect.unwrap(op)
        assert op.__doc__ and op.__doc__ == wrapped.__doc__
        assert inspect.signature(op) == inspect.signature(wrapped)
        assert op.__module__ == wrapped.__module__


@needs_c_guard
def test_c_guard_binds_as_a_method_and_keeps_wrapper_attributes():
    def add(x1, x2):
        """Adds."""
        return "own"

    guard = _eager_guard.Guard(
        "binary", active.core.EAGER_TENSOR, None, Recorder("e"), add, add
    )
    c = functools.wraps(add)(guard)
    assert c.__name__ == "add" and c.__doc__ == "Adds." and c.__wrapped__ is add
    assert "add" in repr(c)

    class Holder:
        method = c

    assert Holder().method(1.0) == "own"  # bound: self is x1
    assert Holder.method(1.0, 2.0) == "own"


@needs_c_guard
def test_c_guard_rejects_bad_construction():
    t = active.core.EAGER_TENSOR
    with pytest.raises(ValueError, match="arity"):
        _eager_guard.Guard("ternary", t, None, len, len, len)
    with pytest.raises(TypeError, match="tensor"):
        _eager_guard.Guard("unary", 3, None, len, len, len)
    with pytest.raises(TypeError, match="dtypes"):
        _eager_guard.Guard("unary", t, ["float32"], len, len, len)
    with pytest.raises(TypeError, match="callable"):
        _eager_guard.Guard("unary", t, None, 3, len, len)


def test_public_ops_agree_with_numpy_through_the_guard():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((8, 8)).astype("float32")
    b = rng.standard_normal((8, 8)).astype("float32")
    ta, tb = active.convert_to_tensor(a), active.convert_to_tensor(b)
    np_ = active.convert_to_numpy
    np.testing.assert_allclose(np_(ops.add(ta, tb)), a + b, rtol=1e-6)
    np.testing.assert_allclose(np_(ops.divide(ta, tb)), a / b, rtol=1e-5)
    np.testing.assert_allclose(np_(ops.matmul(ta, tb)), a @ b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np_(ops.sum(ta, axis=1)), a.sum(axis=1), rtol=1e-5)
    np.testing.assert_allclose(np_(ops.sum(ta, 0)), a.sum(axis=0), rtol=1e-5)
    np.testing.assert_allclose(
        np_(ops.mean(ta, keepdims=True)), a.mean(keepdims=True), rtol=1e-5
    )
    np.testing.assert_allclose(np_(ops.reshape(ta, (4, 16))), a.reshape(4, 16))
    # Python numbers and mixed dtypes go through the op's own path.
    assert np_(ops.add(ta, 1)).dtype == np.float32
    ints = active.convert_to_tensor(np.arange(4, dtype="int32"))
    assert np_(ops.exp(ints)).dtype == np.float32
