"""Cases for the symbolic/eager agreement test (keras/ops/agreement_test.py).

A case is one call of a public op. Its tensor arguments are `T(shape, dtype)`
placeholders: the test runs the call once eagerly, with random tensors of those shapes
and dtypes, and once on KerasTensors of the same shapes and dtypes, and checks that every
KerasTensor of the symbolic result has the shape and dtype of the matching eager tensor.

The case tables live in `agreement_cases_<group>.py`, one per group of op families; each
defines `CASES` (op name -> list of `Case`) and `EXCEPTIONS` (op name -> {backend:
reason} for a backend whose symbolic and eager results may not agree, with the reason).
"""

import numpy as np


class T:
    """A tensor argument: random values of `shape` and `dtype`, drawn in [low, high)
    (bools at random), or the given `values`."""

    def __init__(self, shape, dtype="float32", low=-3.0, high=3.0, values=None):
        self.shape = tuple(shape)
        self.dtype = dtype
        self.low = low
        self.high = high
        self.values = values

    def array(self, seed):
        if self.values is not None:
            return np.asarray(self.values, dtype=self.dtype).reshape(self.shape)
        generator = np.random.default_rng(seed)
        if self.dtype == "bool":
            return generator.random(self.shape) > 0.5
        if np.dtype(self.dtype).kind in "iu":
            return generator.integers(int(self.low), int(self.high), self.shape).astype(
                self.dtype
            )
        if np.dtype(self.dtype).kind == "c":
            real = generator.uniform(self.low, self.high, self.shape)
            imag = generator.uniform(self.low, self.high, self.shape)
            return (real + 1j * imag).astype(self.dtype)
        return generator.uniform(self.low, self.high, self.shape).astype(self.dtype)

    def __repr__(self):
        return f"T({self.shape}, {self.dtype})"


class Case:
    """One call: `op(*args, **kwargs)`, where any argument (nested in lists, tuples or
    dicts too) may be a `T`.

    `dynamic=True` marks a result whose shape depends on the values (e.g. `unique`,
    `nonzero`): the symbolic dims may then be None where the eager ones are known.
    """

    def __init__(self, *args, dynamic=False, **kwargs):
        self.args = args
        self.kwargs = kwargs
        self.dynamic = dynamic

    def __repr__(self):
        inner = [repr(a) for a in self.args]
        inner += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"({', '.join(inner)})"


def materialize(value, make, counter=None):
    """`value` with every `T` in it replaced by `make(t, seed)` (seeds 0, 1, ...)."""
    counter = counter if counter is not None else [0]
    if isinstance(value, T):
        counter[0] += 1
        return make(value, counter[0])
    if isinstance(value, list):
        return [materialize(v, make, counter) for v in value]
    if isinstance(value, tuple):
        return tuple(materialize(v, make, counter) for v in value)
    if isinstance(value, dict):
        return {k: materialize(v, make, counter) for k, v in value.items()}
    return value
