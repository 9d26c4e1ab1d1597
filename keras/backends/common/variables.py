"""The Variable base class shared by every backend.

A backend subclass stores the value in its own engine and implements four hooks:
`_convert(value)` (to a backend tensor of the variable's dtype), `_initialize(value)`,
`_direct_assign(value)` and `_to_numpy(value)`; `value` returns the backend tensor.
"""

import operator
import threading

import numpy as np

from keras.backends.common import dtypes
from keras.backends.common import name_scope
from keras.backends.common import stateless_scope

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = ("none", "on_write", "on_read", "auto")


# The most elements a tensor of any dtype may hold: its size in bytes (up to 16 per
# element) must fit in a signed 64-bit integer. Engines fail past that in their own
# way (JAX aborts the interpreter).
MAX_ELEMENTS = (2**63 - 1) // 16


def check_element_count(shape, what="`shape`"):
    """Raises a ValueError when a tensor of `shape` (non-negative ints) would hold more
    than MAX_ELEMENTS elements; `what` names the argument in the message."""
    count = 1
    for dim in shape:
        count *= int(dim)
    if count > MAX_ELEMENTS:
        raise ValueError(
            f"{what}={tuple(shape)} describes a tensor of {count:,} elements; a tensor "
            f"holds at most {MAX_ELEMENTS:,} (its size in bytes must fit in 64 bits)."
        )


def standardize_shape(shape):
    """Returns `shape` as a tuple of non-negative ints, or raises a ValueError (also for
    a shape of more than MAX_ELEMENTS elements: random ops and every Variable)."""
    if shape is None:
        raise ValueError("Undefined shapes are not supported for a Variable.")
    if not isinstance(shape, (tuple, list)):
        raise ValueError(f"Expected a shape as a tuple or list; got {shape!r}.")
    result = []
    for dim in shape:
        if hasattr(dim, "__index__") and not isinstance(dim, bool):
            dim = int(dim)
        if not isinstance(dim, int) or dim < 0:
            raise ValueError(
                f"Expected a shape of non-negative integers; got {tuple(shape)!r}."
            )
        result.append(dim)
    check_element_count(result)
    return tuple(result)


# The count of StatelessScopes open in all threads (a list shared with that module).
_stateless_open = stateless_scope._open

_autocast = threading.local()
# How many AutocastScopes are open, in all threads: while none is, reading a variable
# skips the thread-local lookup.
_autocasting = [0]
_autocast_lock = threading.Lock()


def _autocast_scope():
    if not _autocasting[0]:
        return None
    return getattr(_autocast, "scope", None)


class AutocastScope:
    """Inside it, reading an autocast float variable gives its value cast to `dtype` (how
    a layer under a mixed policy computes in float16 with float32 weights)."""

    def __init__(self, dtype, cast):
        self.dtype = dtype
        self.cast = cast

    def __enter__(self):
        with _autocast_lock:
            _autocasting[0] += 1
        self._previous = getattr(_autocast, "scope", None)
        _autocast.scope = self
        return self

    def __exit__(self, *exc_info):
        _autocast.scope = self._previous
        with _autocast_lock:
            _autocasting[0] -= 1


def _choice(value, allowed, argument):
    if value not in allowed:
        raise ValueError(
            f"Invalid {argument} {value!r}. Expected one of: {', '.join(allowed)}."
        )
    return value


class Variable:
    """A named, stateful tensor: the weights of layers and the state of optimizers.

    Args:
        initializer: an initial value (array, tensor, Python number or list), or a
            callable `initializer(shape, dtype)` such as a `keras.initializers` object.
        shape: the shape; required when `initializer` is callable.
        dtype: the dtype; defaults to `keras.config.floatx()`.
        trainable: whether gradients should update the variable.
        autocast: whether layers may cast it to their compute dtype.
        aggregation: "none", "mean", "sum" or "only_first_replica".
        synchronization: "none", "on_write", "on_read" or "auto".
        name: the name; defaults to a unique "variable[_N]". The `path` is the name
            prefixed by the active name scopes.

    >>> v = keras.Variable([[1.0, 2.0]], name="kernel")
    >>> v.shape, v.dtype, v.path
    ((1, 2), 'float32', 'kernel')
    """

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
    ):
        if name is None:
            name = name_scope.auto_name("variable")
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                f"Variable name must be a non-empty string without '/'; got {name!r}."
            )
        self._name = name
        scope = name_scope.current_path()
        self._path = f"{scope}/{name}" if scope else name
        self._dtype = dtypes.standardize_dtype(dtype)
        self._trainable = bool(trainable)
        self._autocast = bool(autocast)
        self._aggregation = _choice(aggregation, _AGGREGATIONS, "aggregation")
        self._synchronization = _choice(
            synchronization, _SYNCHRONIZATIONS, "synchronization"
        )
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    f"Variable '{self._path}': `shape` is required when the initializer "
                    f"is callable ({initializer!r})."
                )
            shape = standardize_shape(shape)
            value = self._convert(initializer(shape, dtype=self._dtype))
        else:
            value = self._convert(initializer)
        value_shape = tuple(int(d) for d in value.shape)
        if shape is not None and standardize_shape(shape) != value_shape:
            raise ValueError(
                f"Variable '{self._path}': the initial value has shape {value_shape}, "
                f"but shape={tuple(shape)} was given."
            )
        self._shape = value_shape
        self._initialize(value)

    # Backend hooks. `_convert` is the backend's own; the others default to a value that
    # is replaced, never mutated, on assignment (numpy, jax and openvino keep them; torch
    # and tensorflow store an engine variable instead).
    def _convert(self, value):
        raise NotImplementedError

    def _initialize(self, value):
        self._value = value

    def _direct_assign(self, value):
        self._value = value

    def _to_numpy(self, value):
        return np.array(value)

    def _read(self):
        """The stored value as a backend tensor."""
        return self._value

    def _operand(self, other):
        """`other` made fit for an operator with the value (backends may convert)."""
        return _unwrap(other)

    @property
    def value(self):
        """The current value, as a tensor of the active backend (inside a
        StatelessScope that maps this variable: the mapped value)."""
        if not _stateless_open[0] and not _autocasting[0]:
            return self._read()  # no scope open in any thread
        scope = stateless_scope.current()
        value = None
        if scope is not None:
            value = scope.get_current_value(self)
        if value is None:
            value = self._read()
        cast = _autocast_scope()
        if (
            cast is not None
            and self._autocast
            and self._dtype != cast.dtype
            and dtypes.is_float_dtype(self._dtype)
        ):
            return cast.cast(value, cast.dtype)
        return value

    # Public API.
    @property
    def name(self):
        return self._name

    @property
    def path(self):
        """The name prefixed by the name scopes active at creation: "block1/kernel"."""
        return self._path

    @property
    def dtype(self):
        """The dtype (inside a layer's call under a mixed policy: the compute dtype)."""
        cast = _autocast_scope()
        if cast is not None and self._autocast and dtypes.is_float_dtype(self._dtype):
            return cast.dtype
        return self._dtype

    @property
    def shape(self):
        return self._shape

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    @property
    def autocast(self):
        return self._autocast

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def synchronization(self):
        return self._synchronization

    def assign(self, value):
        """Sets the value (same shape; cast to the variable's dtype) and returns it."""
        if isinstance(value, Variable):
            value = value.value
        value = self._convert(value)
        value_shape = tuple(int(d) for d in value.shape)
        if value_shape != self._shape:
            raise ValueError(
                f"Variable '{self._path}' has shape {self._shape}; cannot assign a value "
                f"of shape {value_shape}."
            )
        scope = stateless_scope.current()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._direct_assign(value)
        return value

    def assign_add(self, value):
        """Adds `value` to the variable in place and returns the new value."""
        return self.assign(self.value + self._convert(_unwrap(value)))

    def assign_sub(self, value):
        """Subtracts `value` from the variable in place and returns the new value."""
        return self.assign(self.value - self._convert(_unwrap(value)))

    def numpy(self):
        """The current value as a NumPy array."""
        return self._to_numpy(self.value)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __repr__(self):
        return (
            f"<Variable path={self._path}, shape={self._shape}, dtype={self._dtype}, "
            f"value={self.numpy()!r}>"
        )

    def __len__(self):
        if not self._shape:
            raise TypeError(f"len() of a 0-d Variable ('{self._path}')")
        return self._shape[0]

    def __bool__(self):
        return bool(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __float__(self):
        return float(self.numpy())

    def __getitem__(self, index):
        return self.value[index]


def _unwrap(x):
    return x.value if isinstance(x, Variable) else x


def _forward(op):
    return lambda self, other: op(self.value, self._operand(other))


def _reflected(op):
    return lambda self, other: op(self._operand(other), self.value)


# Arithmetic and comparisons act on the value, so `v * 2` is a backend tensor.
for _name, _op in [
    ("add", operator.add),
    ("sub", operator.sub),
    ("mul", operator.mul),
    ("truediv", operator.truediv),
    ("floordiv", operator.floordiv),
    ("mod", operator.mod),
    ("pow", operator.pow),
    ("matmul", operator.matmul),
]:
    setattr(Variable, f"__{_name}__", _forward(_op))
    setattr(Variable, f"__r{_name}__", _reflected(_op))
for _name, _op in [
    ("lt", operator.lt),
    ("le", operator.le),
    ("gt", operator.gt),
    ("ge", operator.ge),
]:
    setattr(Variable, f"__{_name}__", _forward(_op))
Variable.__neg__ = lambda self: -self.value
Variable.__abs__ = lambda self: abs(self.value)
