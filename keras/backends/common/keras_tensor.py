"""KerasTensor: a symbolic tensor (shape with None dims, dtype) used to build graphs.

A KerasTensor holds no data. Ops called on one return KerasTensors with the inferred shape
and dtype, and record which operation made them from which inputs (`_keras_history`), so a
functional model can be traced later. Operators (`x + y`, `x[0]`) dispatch to the keras.ops
implementations, which keras.ops registers here (the backends layer never imports ops).
"""

import collections

from keras.backends.common import dtypes

# Filled by keras.ops.operators: name -> function(x, y) or function(x).
OPERATORS = {}

KerasHistory = collections.namedtuple(
    "KerasHistory", ["operation", "node_index", "tensor_index"]
)


def standardize_shape(shape):
    """A tuple of non-negative ints or None; raises a ValueError for anything else."""
    if shape is None:
        raise ValueError("A KerasTensor needs a shape (use None for unknown dims).")
    if not isinstance(shape, (tuple, list)):
        raise ValueError(
            f"Expected a shape as a tuple or list of ints/None; got {shape!r}."
        )
    result = []
    for dim in shape:
        if dim is not None:
            if isinstance(dim, bool) or not hasattr(dim, "__index__"):
                raise ValueError(
                    f"Expected a shape of non-negative ints or None; got {tuple(shape)!r}."
                )
            dim = int(dim)
            if dim < 0:
                raise ValueError(
                    f"Expected a shape of non-negative ints or None; got {tuple(shape)!r}."
                )
        result.append(dim)
    return tuple(result)


def _concrete_use(what):
    return TypeError(
        f"A KerasTensor is symbolic (a shape and dtype, no values), so it cannot be "
        f"{what}. KerasTensors are for building models, e.g. `keras.Model(inputs, "
        "outputs)`; call the model or the op on real arrays to get values."
    )


class KerasTensor:
    """A symbolic tensor: a shape (None for unknown dims) and a dtype, no values.

    >>> x = keras.KerasTensor((None, 3), dtype="float32")
    >>> keras.ops.add(x, 1.0).shape
    (None, 3)
    """

    def __init__(
        self,
        shape,
        dtype="float32",
        sparse=False,
        ragged=False,
        record_history=True,
        name=None,
    ):
        self._shape = standardize_shape(shape)
        self._dtype = dtypes.standardize_dtype(dtype)
        self._sparse = bool(sparse)
        self._ragged = bool(ragged)
        self.record_history = record_history
        self.name = name
        self._keras_history = None

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def sparse(self):
        return self._sparse

    @property
    def ragged(self):
        return self._ragged

    def __repr__(self):
        name = f", name={self.name}" if self.name else ""
        return (
            f"<KerasTensor shape={self._shape}, dtype={self._dtype}, "
            f"sparse={self._sparse}{name}>"
        )

    # Concrete uses are errors that say what to do instead.
    def __array__(self, dtype=None, copy=None):
        raise _concrete_use("converted to a NumPy array")

    def numpy(self):
        raise _concrete_use("converted to a NumPy array")

    def __bool__(self):
        raise _concrete_use("used as a Python bool (e.g. in `if` or `while`)")

    def __int__(self):
        raise _concrete_use("converted to a Python int")

    def __float__(self):
        raise _concrete_use("converted to a Python float")

    def __index__(self):
        raise _concrete_use("used as an index")

    def __iter__(self):
        raise _concrete_use("iterated over in Python; use keras.ops.unstack")

    def __len__(self):
        raise _concrete_use("measured with len(); use x.shape[0]")

    __hash__ = object.__hash__


def _operator(name, reflected=False):
    def method(self, *other):
        function = OPERATORS.get(name)
        if function is None:
            raise TypeError(
                f"KerasTensor operator {name!r} needs keras.ops; import keras.ops first."
            )
        if reflected:
            return function(other[0], self)
        return function(self, *other)

    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


_BINARY = {
    "add": "add",
    "sub": "subtract",
    "mul": "multiply",
    "truediv": "true_divide",
    "floordiv": "floor_divide",
    "mod": "mod",
    "pow": "power",
    "matmul": "matmul",
    "and": "logical_and",
    "or": "logical_or",
    "xor": "logical_xor",
}
for _dunder, _op in _BINARY.items():
    setattr(KerasTensor, f"__{_dunder}__", _operator(_op))
    setattr(KerasTensor, f"__r{_dunder}__", _operator(_op, reflected=True))
for _dunder, _op in {
    "lt": "less",
    "le": "less_equal",
    "gt": "greater",
    "ge": "greater_equal",
    "eq": "equal",
    "ne": "not_equal",
}.items():
    setattr(KerasTensor, f"__{_dunder}__", _operator(_op))
for _dunder, _op in {
    "neg": "negative",
    "pos": "identity_op",
    "abs": "absolute",
    "invert": "invert",
}.items():
    setattr(KerasTensor, f"__{_dunder}__", _operator(_op))
KerasTensor.__getitem__ = _operator("get_item")
KerasTensor.__hash__ = object.__hash__


def is_keras_tensor(x):
    """True when `x` is a symbolic KerasTensor."""
    return isinstance(x, KerasTensor)
