"""Symbolic and eager calls of every public op agree on the shape and dtype of results.

For each case of the tables in `agreement_cases_<group>.py` (see keras/ops/agreement.py),
the op runs on random tensors and on KerasTensors of the same shapes and dtypes; every
KerasTensor of the symbolic result must have the shape and dtype of the eager tensor in
the same place. `test_every_public_op_has_cases` makes a new op fail here until it has
cases.
"""

import importlib

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import families
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import agreement

GROUPS = ("elementwise", "arrays", "nn", "math", "spectral", "linalg", "image")
_TABLES = [importlib.import_module(f"keras.ops.agreement_cases_{g}") for g in GROUPS]

CASES = {}
EXCEPTIONS = {}
for _table in _TABLES:
    for _name in _table.CASES:
        assert _name not in CASES, f"{_name} has cases in two tables"
    CASES.update(_table.CASES)
    EXCEPTIONS.update(getattr(_table, "EXCEPTIONS", {}))


def _public_ops():
    names = set()
    for family in families.OP_FAMILIES:
        names.update(importlib.import_module(f"keras.ops.{family}").__all__)
    return names


def test_every_public_op_has_cases():
    missing = sorted(name for name in _public_ops() if not CASES.get(name))
    assert not missing, f"public ops without agreement cases: {missing}"


def test_no_cases_for_unknown_ops():
    unknown = sorted(set(CASES) - _public_ops())
    assert not unknown, f"cases for names that are not public ops: {unknown}"


def _public_op(name):
    # keras.ops has every op but those of the families kept in their own namespace
    # (keras.ops.image.resize).
    for family in families.OWN_NAMESPACE_ONLY:
        module = importlib.import_module(f"keras.ops.{family}")
        if name in module.__all__:
            return getattr(module, name)
    return getattr(ops, name)


def _eager_tensor(t, seed):
    return ops.convert_to_tensor(t.array(seed), dtype=t.dtype)


def _keras_tensor(t, seed):
    # The dtype the backend holds for `t`: JAX without x64 keeps int64/float64 values
    # in 32 bits, so the eager input of a 64-bit `T` is 32-bit there, and so is the
    # KerasTensor compared with it.
    held = active.convert_to_tensor(np.zeros((), t.dtype), dtype=t.dtype).dtype
    return KerasTensor(t.shape, dtype=_standard(held))


def _is_tensor(x):
    return active.is_tensor(x) or isinstance(x, active.Variable)


def _standard(dtype):
    return dtypes.standardize_dtype(dtype)


def _takes_tensors(case):
    counter = [0]
    agreement.materialize((case.args, case.kwargs), lambda t, seed: None, counter)
    return counter[0] > 0


def _check(name, case, eager, symbolic):
    eager_leaves = tree.flatten(eager)
    symbolic_leaves = tree.flatten(symbolic)
    assert len(eager_leaves) == len(symbolic_leaves), (
        f"{name}{case}: eager gives {len(eager_leaves)} results, symbolic "
        f"{len(symbolic_leaves)}"
    )
    for index, (e, s) in enumerate(zip(eager_leaves, symbolic_leaves)):
        where = f"{name}{case} result {index}"
        if not _is_tensor(e):
            # A Python value (an int, a shape tuple entry): the same value, or an
            # unknown one from the symbolic call.
            if isinstance(s, KerasTensor):
                continue
            assert s is None or s == e, f"{where}: eager {e!r}, symbolic {s!r}"
            continue
        if _is_tensor(s) and not _takes_tensors(case):
            # An op given no tensor (zeros, eye, arange of ints) has no symbolic path:
            # both calls give tensors, compared alike.
            s = KerasTensor(tuple(active.shape(s)), dtype=_standard(s.dtype))
        assert isinstance(s, KerasTensor), f"{where}: symbolic gives {type(s)}"
        eager_shape = tuple(active.shape(e))
        if case.dynamic:
            assert len(s.shape) == len(eager_shape), (
                f"{where}: rank {len(s.shape)} != eager {len(eager_shape)}"
            )
            for sd, ed in zip(s.shape, eager_shape):
                assert sd is None or sd == ed, f"{where}: shape {s.shape} != {eager_shape}"
        else:
            assert s.shape == eager_shape, f"{where}: shape {s.shape} != eager {eager_shape}"
        assert _standard(s.dtype) == _standard(e.dtype), (
            f"{where}: dtype {s.dtype} != eager {_standard(e.dtype)}"
        )


_PARAMS = [
    pytest.param(name, index, id=f"{name}-{index}")
    for name in sorted(CASES)
    for index in range(len(CASES[name]))
]


@pytest.mark.parametrize("name,index", _PARAMS)
def test_symbolic_matches_eager(name, index):
    reason = EXCEPTIONS.get(name, {}).get(active.name)
    if reason is not None:
        pytest.skip(f"{name} on {active.name}: {reason}")
    case = CASES[name][index]
    op = _public_op(name)
    eager = op(
        *agreement.materialize(case.args, _eager_tensor),
        **agreement.materialize(case.kwargs, _eager_tensor),
    )
    symbolic = op(
        *agreement.materialize(case.args, _keras_tensor),
        **agreement.materialize(case.kwargs, _keras_tensor),
    )
    _check(name, case, eager, symbolic)
