"""keras.ops core ops: casts and conversions, control flow, slices and scatters.

Each op follows the pattern of keras/ops/binary.py: the public function checks once for
KerasTensor arguments and otherwise makes one call into the backend (`active.core_ops`,
or the backend contract `active.cast`, `active.convert_to_tensor`, ... for the
conversions). For KerasTensors an Operation infers the output: the control-flow ops call
their functions on KerasTensor placeholders, so those functions must be built from
keras.ops.

Control flow follows jax.lax: `scan`, `map`, `fori_loop`, `while_loop`, `cond` and
`switch` trace under jax.jit and tf.function; on numpy and torch they run in Python.
"""

import functools

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation
from keras.ops.operation import any_symbolic

__all__ = [
    "associative_scan",
    "cast",
    "cond",
    "convert_to_numpy",
    "convert_to_tensor",
    "custom_gradient",
    "dtype",
    "fori_loop",
    "is_tensor",
    "map",
    "saturate_cast",
    "scan",
    "scatter",
    "scatter_update",
    "shape",
    "slice",
    "slice_update",
    "stop_gradient",
    "switch",
    "unstack",
    "vectorized_map",
    "while_loop",
]

_REDUCTIONS = (None, "add", "mul", "max", "min")


# Symbolic helpers: placeholders for the functions of the control-flow ops and fresh
# outputs built from what those functions return.


def _placeholder(x):
    """A KerasTensor with the shape and dtype of `x` (None stays None)."""
    if x is None:
        return None
    dtype = dtypes.result_type_keeping_64(symbolic.dtype_of(x))
    return KerasTensor(symbolic.shape_of(x), dtype=dtype)


def _placeholders(structure):
    return tree.map_structure(_placeholder, structure)


def _slice_placeholders(structure):
    """Placeholders for one slice (the leading dim dropped) of every leaf."""
    return tree.map_structure(
        lambda x: KerasTensor(symbolic.shape_of(x)[1:], dtype=symbolic.dtype_of(x)),
        structure,
    )


def _stacked(structure, n):
    """Placeholders with a leading dim `n` added to every leaf."""
    return tree.map_structure(
        lambda y: None
        if y is None
        else KerasTensor((n,) + symbolic.shape_of(y), dtype=_placeholder(y).dtype),
        structure,
    )


def _leading_dim(structure, argument):
    dims = {symbolic.shape_of(x)[0] for x in tree.flatten(structure) if _rank(x)}
    if any(_rank(x) == 0 for x in tree.flatten(structure)):
        raise ValueError(
            f"Every leaf of `{argument}` needs a leading dimension; got a scalar."
        )
    known = dims - {None}
    if len(known) > 1:
        raise ValueError(
            f"Every leaf of `{argument}` must have the same leading dimension; got "
            f"{sorted(known)}."
        )
    return known.pop() if known else None


def _rank(x):
    return len(symbolic.shape_of(x))


def _merge(a, b, what):
    """One spec for two matching outputs (a dim known in only one becomes None)."""
    a, b = _placeholders(a), _placeholders(b)
    try:
        tree.map_structure(lambda x, y: None, a, b)
    except (TypeError, ValueError):
        raise ValueError(
            f"{what} must return the same structure; got {a} and {b}."
        ) from None
    leaves_a, leaves_b = tree.flatten(a), tree.flatten(b)
    merged = []
    for x, y in zip(leaves_a, leaves_b):
        if x is None or y is None:
            if not (x is None and y is None):
                raise ValueError(
                    f"{what} must return the same structure; got {a} and {b}."
                )
            merged.append(None)
            continue
        if x.dtype != y.dtype or len(x.shape) != len(y.shape):
            raise ValueError(
                f"{what} must return tensors of the same dtype and rank; got {x} and "
                f"{y}."
            )
        dims = []
        for p, q in zip(x.shape, y.shape):
            if p is not None and q is not None and p != q:
                raise ValueError(
                    f"{what} must return tensors of the same shape; got {x} and {y}."
                )
            dims.append(p if p == q else None)
        merged.append(KerasTensor(tuple(dims), dtype=x.dtype))
    return tree.pack_sequence_as(a, merged)


def _check_callable(value, argument):
    if not callable(value):
        raise TypeError(f"`{argument}` must be callable; got {value!r}.")


# Conversions and dtypes.


class Cast(Operation):
    def __init__(self, dtype, name=None):
        super().__init__(name=name)
        self.dtype = dtypes.standardize_dtype(dtype)

    def call(self, x):
        return active.cast(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype=self.dtype)


def cast(x, dtype):
    """Casts a tensor to `dtype` (floats to ints truncate toward zero).

    Args:
        x: a tensor (or array, list, Python number).
        dtype: the target dtype, e.g. "int32".

    Returns:
        `x` as a tensor of `dtype`.

    >>> keras.ops.cast(keras.ops.array([1.7, -2.5]), "int32")
    array([ 1, -2], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Cast(dtype).symbolic_call(x)
    return active.cast(x, dtype)


class SaturateCast(Operation):
    def __init__(self, dtype, name=None):
        super().__init__(name=name)
        self.dtype = dtypes.standardize_dtype(dtype)

    def call(self, x):
        return active.core_ops.saturate_cast(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype=self.dtype)


def saturate_cast(x, dtype):
    """Casts to `dtype`, first clipping values to the range `dtype` can represent.

    Args:
        x: a tensor.
        dtype: the target dtype.

    Returns:
        `x` clipped to the range of `dtype`, as a tensor of `dtype` (a plain `cast`
        of an out-of-range value wraps around or is undefined instead).

    >>> keras.ops.saturate_cast(keras.ops.array([-1, 300]), "uint8")
    array([  0, 255], dtype=uint8)
    """
    if isinstance(x, KerasTensor):
        return SaturateCast(dtype).symbolic_call(x)
    return active.core_ops.saturate_cast(x, dtype)


class ConvertToTensor(Operation):
    def __init__(self, dtype=None, sparse=None, ragged=None, name=None):
        super().__init__(name=name)
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)
        self.sparse = sparse
        self.ragged = ragged

    def call(self, x):
        return active.convert_to_tensor(
            x, dtype=self.dtype, sparse=self.sparse, ragged=self.ragged
        )

    def compute_output_spec(self, x):
        sparse = x.sparse if self.sparse is None else bool(self.sparse)
        ragged = x.ragged if self.ragged is None else bool(self.ragged)
        return KerasTensor(
            x.shape, dtype=self.dtype or x.dtype, sparse=sparse, ragged=ragged
        )


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts an array, a list or a Python number to a tensor of the backend.

    Args:
        x: the value to convert.
        dtype: the dtype of the result; inferred from `x` when None (Python ints give
            int32, floats give floatx, as in Keras 3).
        sparse: whether to keep (True) or densify (False) a sparse tensor; None keeps
            it.
        ragged: the same for ragged tensors.

    Returns:
        A tensor of the active backend.

    >>> keras.ops.convert_to_tensor([1, 2]).dtype
    int32
    """
    if isinstance(x, KerasTensor):
        operation = ConvertToTensor(dtype=dtype, sparse=sparse, ragged=ragged)
        return operation.symbolic_call(x)
    return active.convert_to_tensor(x, dtype=dtype, sparse=sparse, ragged=ragged)


def convert_to_numpy(x):
    """Converts a tensor to a NumPy array.

    Args:
        x: a tensor (not a symbolic KerasTensor).

    Returns:
        A NumPy array with the values of `x`.
    """
    if isinstance(x, KerasTensor):
        raise ValueError(
            "A symbolic KerasTensor (the result of ops on `keras.Input`) has no values "
            "and cannot be converted to a NumPy array; call the model or op on real "
            "arrays."
        )
    return active.convert_to_numpy(x)


def is_tensor(x):
    """True when `x` is a tensor of the active backend (KerasTensors are not).

    Args:
        x: any value.

    Returns:
        A Python bool.
    """
    return active.is_tensor(x)


def shape(x):
    """The shape of a tensor as a tuple.

    Args:
        x: a tensor or a KerasTensor.

    Returns:
        A tuple of ints; None marks an unknown dim of a KerasTensor, and under
        tf.function an unknown dim is a scalar tensor.

    >>> keras.ops.shape(keras.ops.zeros((2, 3)))
    (2, 3)
    """
    if isinstance(x, KerasTensor):
        return x.shape
    return active.shape(x)


def dtype(x):
    """The dtype of a tensor as a standardized string such as "float32".

    Args:
        x: a tensor, a KerasTensor, an array or a Python value.

    Returns:
        The Keras dtype name.
    """
    if hasattr(x, "dtype"):
        return dtypes.standardize_dtype(x.dtype)
    return dtypes.infer_dtype(x)


class StopGradient(Operation):
    def call(self, variable):
        return active.core_ops.stop_gradient(variable)

    def compute_output_spec(self, variable):
        return symbolic.unary_spec(variable)


def stop_gradient(variable):
    """Returns the value of `variable` with no gradient flowing back through it.

    Args:
        variable: a tensor or Variable.

    Returns:
        A tensor equal to `variable` that gradients treat as a constant.
    """
    if isinstance(variable, KerasTensor):
        return StopGradient().symbolic_call(variable)
    return active.core_ops.stop_gradient(variable)


# Slices, scatters and unstack.


def _check_unstack(x_shape, num, axis):
    axis = symbolic.canonicalize_axis(axis, len(x_shape))
    dim = x_shape[axis]
    if num is not None and dim is not None and num != dim:
        raise ValueError(
            f"`num`={num} does not match the size {dim} of `x` along axis {axis}."
        )
    if num is None and dim is None:
        raise ValueError(
            f"Cannot infer `num` from the shape {x_shape} (axis {axis} is unknown); "
            "pass `num` explicitly."
        )
    return axis, dim if dim is not None else num


class Unstack(Operation):
    def __init__(self, num=None, axis=0, name=None):
        super().__init__(name=name)
        self.num = num
        self.axis = axis

    def call(self, x):
        return active.core_ops.unstack(x, num=self.num, axis=self.axis)

    def compute_output_spec(self, x):
        axis, num = _check_unstack(x.shape, self.num, self.axis)
        part = x.shape[:axis] + x.shape[axis + 1 :]
        return [KerasTensor(part, dtype=x.dtype) for _ in range(num)]


def unstack(x, num=None, axis=0):
    """Splits a tensor along `axis` into a list of tensors of one rank less.

    Args:
        x: a tensor.
        num: the size of `x` along `axis`; needed only when that size is unknown.
        axis: the axis to unstack along.

    Returns:
        A list of `x.shape[axis]` tensors.

    >>> [t.shape for t in keras.ops.unstack(keras.ops.zeros((2, 3)), axis=1)]
    [(2,), (2,), (2,)]
    """
    if isinstance(x, KerasTensor):
        return Unstack(num=num, axis=axis).symbolic_call(x)
    _check_unstack(symbolic.shape_of(x), num, axis)
    return active.core_ops.unstack(x, num=num, axis=axis)


def _is_tensor_like(x):
    return isinstance(x, KerasTensor) or active.is_tensor(x)


def _check_start_indices(start_indices, rank):
    if isinstance(start_indices, (list, tuple)):
        size = len(start_indices)
    else:
        size = symbolic.shape_of(start_indices)
        size = size[0] if len(size) == 1 else None
    if size != rank:
        raise ValueError(
            f"`start_indices` must hold one index per dim of `inputs` (rank {rank}); "
            f"got {start_indices}."
        )


def _check_slice(inputs_shape, start_indices, shape):
    """The static output shape of `slice` (None where unknown), or a ValueError."""
    rank = len(inputs_shape)
    if len(shape) != rank:
        raise ValueError(
            f"`shape` must have one size per dim of `inputs` (rank {rank}); got "
            f"{shape}."
        )
    _check_start_indices(start_indices, rank)
    if isinstance(start_indices, (list, tuple)):
        statics = [None if _is_tensor_like(s) else s for s in start_indices]
    else:
        statics = [None] * rank
    out = []
    for size, dim, start in zip(shape, inputs_shape, statics):
        if size == -1:
            if start is None:
                raise ValueError("A size of -1 in `shape` needs a static start index.")
            out.append(None if dim is None else dim - int(start))
            continue
        if not isinstance(size, (int, np.integer)) or size < 0:
            raise ValueError(f"`shape` must hold sizes >= 0 (or -1); got {shape}.")
        if dim is not None and size > dim:
            raise ValueError(
                f"`shape`={shape} does not fit in `inputs` of shape {inputs_shape}."
            )
        out.append(int(size))
    return tuple(out)


class Slice(Operation):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = tuple(shape)

    def call(self, inputs, start_indices):
        return active.core_ops.slice(inputs, start_indices, self.shape)

    def compute_output_spec(self, inputs, start_indices):
        out = _check_slice(inputs.shape, start_indices, self.shape)
        return KerasTensor(out, dtype=inputs.dtype)


def slice(inputs, start_indices, shape):
    """A window of `inputs` of size `shape` starting at `start_indices`.

    As `jax.lax.dynamic_slice`, start indices are clamped so that the window fits.

    Args:
        inputs: a tensor.
        start_indices: one start per dim (ints or scalar tensors).
        shape: the size of the window in each dim; -1 takes the rest of the dim.

    Returns:
        A tensor of shape `shape` and the dtype of `inputs`.

    >>> keras.ops.slice(keras.ops.arange(6), [2], [3])
    array([2, 3, 4], dtype=int32)
    """
    if any_symbolic((inputs, start_indices)):
        return Slice(shape).symbolic_call(inputs, start_indices)
    _check_slice(symbolic.shape_of(inputs), start_indices, shape)
    return active.core_ops.slice(inputs, start_indices, shape)


def _check_slice_update(inputs_shape, start_indices, updates_shape):
    rank = len(inputs_shape)
    if len(updates_shape) != rank:
        raise ValueError(
            f"`updates` must have the rank of `inputs` ({rank}); got shape "
            f"{updates_shape}."
        )
    _check_start_indices(start_indices, rank)
    for dim, size in zip(inputs_shape, updates_shape):
        if dim is not None and size is not None and size > dim:
            raise ValueError(
                f"`updates` of shape {updates_shape} does not fit in `inputs` of shape "
                f"{inputs_shape}."
            )


class SliceUpdate(Operation):
    def call(self, inputs, start_indices, updates):
        return active.core_ops.slice_update(inputs, start_indices, updates)

    def compute_output_spec(self, inputs, start_indices, updates):
        inputs_shape = symbolic.shape_of(inputs)
        _check_slice_update(inputs_shape, start_indices, symbolic.shape_of(updates))
        return KerasTensor(inputs_shape, dtype=_placeholder(inputs).dtype)


def slice_update(inputs, start_indices, updates):
    """`inputs` with the window at `start_indices` replaced by `updates`.

    As `jax.lax.dynamic_update_slice`, start indices are clamped so `updates` fits.

    Args:
        inputs: a tensor.
        start_indices: one start per dim (ints or scalar tensors).
        updates: a tensor of the rank of `inputs`, cast to the dtype of `inputs`.

    Returns:
        A new tensor; `inputs` is not modified.

    >>> keras.ops.slice_update(keras.ops.zeros((4,)), [1], keras.ops.ones((2,)))
    array([0., 1., 1., 0.], dtype=float32)
    """
    if any_symbolic((inputs, start_indices, updates)):
        return SliceUpdate().symbolic_call(inputs, start_indices, updates)
    inputs_shape, updates_shape = symbolic.shape_of(inputs), symbolic.shape_of(updates)
    _check_slice_update(inputs_shape, start_indices, updates_shape)
    return active.core_ops.slice_update(inputs, start_indices, updates)


def _compatible(shape, expected):
    """Whether `shape` matches `expected` where both dims are known."""
    return len(shape) == len(expected) and all(
        a is None or b is None or a == b for a, b in zip(shape, expected)
    )


def _check_indices(indices_shape, rank, argument):
    if len(indices_shape) < 1 or (
        indices_shape[-1] is not None and not 1 <= indices_shape[-1] <= rank
    ):
        raise ValueError(
            f"`indices` must have a last dim of size 1 to {rank} (the rank of "
            f"`{argument}`); got shape {indices_shape}."
        )


def _check_scatter(indices, values, shape):
    if not all(isinstance(d, (int, np.integer)) and d >= 0 for d in shape):
        raise ValueError(f"`shape` must be a tuple of non-negative ints; got {shape}.")
    indices_shape = symbolic.shape_of(indices)
    _check_indices(indices_shape, len(shape), "shape")
    expected = indices_shape[:-1] + tuple(shape[indices_shape[-1] :])
    values_shape = symbolic.shape_of(values)
    if not _compatible(values_shape, expected):
        raise ValueError(
            f"`values` must have shape indices.shape[:-1] + shape[k:] = {expected}; "
            f"got {values_shape}."
        )


class Scatter(Operation):
    def __init__(self, shape, name=None):
        super().__init__(name=name)
        self.shape = tuple(shape)

    def call(self, indices, values):
        return active.core_ops.scatter(indices, values, self.shape)

    def compute_output_spec(self, indices, values):
        _check_scatter(indices, values, self.shape)
        return KerasTensor(self.shape, dtype=_placeholder(values).dtype)


def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (duplicates summed).

    Args:
        indices: integers of shape (..., k) with k <= len(shape): each row is the
            index of an element (k = len(shape)) or of a slice (k < len(shape)).
        values: of shape `indices.shape[:-1] + shape[k:]`.
        shape: the static shape of the result.

    Returns:
        A tensor of `shape` and the dtype of `values`.

    >>> keras.ops.scatter([[1], [3], [1]], keras.ops.array([1.0, 2.0, 3.0]), (4,))
    array([0., 4., 0., 2.], dtype=float32)
    """
    if any_symbolic((indices, values)):
        return Scatter(shape).symbolic_call(indices, values)
    _check_scatter(indices, values, shape)
    return active.core_ops.scatter(indices, values, shape)


def _check_scatter_update(inputs, indices, updates, reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(
            f"`reduction` must be one of {_REDUCTIONS}; got {reduction!r}."
        )
    inputs_shape = symbolic.shape_of(inputs)
    indices_shape = symbolic.shape_of(indices)
    _check_indices(indices_shape, len(inputs_shape), "inputs")
    if indices_shape[-1] is None:
        return
    expected = indices_shape[:-1] + inputs_shape[indices_shape[-1] :]
    updates_shape = symbolic.shape_of(updates)
    if not _compatible(updates_shape, expected):
        raise ValueError(
            "`updates` must have shape indices.shape[:-1] + inputs.shape[k:] = "
            f"{expected}; got {updates_shape}."
        )


class ScatterUpdate(Operation):
    def __init__(self, reduction=None, name=None):
        super().__init__(name=name)
        self.reduction = reduction

    def call(self, inputs, indices, updates):
        return active.core_ops.scatter_update(inputs, indices, updates, self.reduction)

    def compute_output_spec(self, inputs, indices, updates):
        _check_scatter_update(inputs, indices, updates, self.reduction)
        return _placeholder(inputs)


def scatter_update(inputs, indices, updates, reduction=None):
    """`inputs` with `updates` written (or combined) at `indices`.

    Args:
        inputs: the tensor to update (it is not modified).
        indices: integers of shape (N, k), k <= inputs.ndim: each row indexes an element
            (k = inputs.ndim) or a slice (k < inputs.ndim) of `inputs`.
        updates: of shape `(N,) + inputs.shape[k:]`, cast to the dtype of `inputs`.
        reduction: None to overwrite (which of several updates of one position wins is
            unspecified), or "add", "mul", "max", "min" to combine the current values
            with every update of their position.

    Returns:
        A new tensor of the shape and dtype of `inputs`.

    >>> keras.ops.scatter_update(keras.ops.zeros((3,)), [[0], [2]], [5.0, 6.0])
    array([5., 0., 6.], dtype=float32)
    """
    if any_symbolic((inputs, indices, updates)):
        return ScatterUpdate(reduction).symbolic_call(inputs, indices, updates)
    _check_scatter_update(inputs, indices, updates, reduction)
    return active.core_ops.scatter_update(inputs, indices, updates, reduction)


# Control flow.


class Scan(Operation):
    def __init__(self, f, length=None, reverse=False, unroll=1, name=None):
        super().__init__(name=name)
        self.f = f
        self.length = length
        self.reverse = reverse
        self.unroll = unroll

    def call(self, init, xs=None):
        return active.core_ops.scan(
            self.f,
            init,
            xs,
            length=self.length,
            reverse=self.reverse,
            unroll=self.unroll,
        )

    def compute_output_spec(self, init, xs=None):
        n = self.length if xs is None else _leading_dim(xs, "xs")
        if n is None:
            n = self.length
        x = None if xs is None else _slice_placeholders(xs)
        carry = _placeholders(init)
        new_carry, y = self.f(carry, x)
        return _merge(carry, new_carry, "`f` (as its carry)"), _stacked(y, n)


def _check_scan(f, xs, length, unroll):
    _check_callable(f, "f")
    if xs is None and length is None:
        raise ValueError("`scan` needs `xs` or `length` to know how many steps to run.")
    if length is not None:
        if not isinstance(length, (int, np.integer)) or length < 0:
            raise ValueError(f"`length` must be a non-negative int; got {length!r}.")
        if xs is not None:
            n = _leading_dim(xs, "xs")
            if n is not None and n != length:
                raise ValueError(
                    f"`length`={length} does not match `xs` of length {n}."
                )
    if not isinstance(unroll, (bool, int, np.integer)) or (
        not isinstance(unroll, bool) and unroll < 1
    ):
        raise ValueError(f"`unroll` must be a positive int or a bool; got {unroll!r}.")


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loops `f(carry, x) -> (carry, y)` over the leading axis of `xs`, stacking `y`s.

    Args:
        f: the step function; `carry` keeps its structure, shapes and dtypes.
        init: the initial carry (a tensor or a nested structure of tensors).
        xs: the sequence(s) to loop over (their leading axis), or None.
        length: the number of steps; required when `xs` is None.
        reverse: whether to loop from the last element to the first (the `y`s are
            still stacked in the order of `xs`).
        unroll: a positive int or a bool, a hint for the JAX backend; other backends
            ignore it.

    Returns:
        `(final_carry, stacked_ys)`.

    >>> carry, ys = keras.ops.scan(lambda c, x: (c + x, c + x), 0.0, keras.ops.ones(3))
    >>> ys
    array([1., 2., 3.], dtype=float32)
    """
    _check_scan(f, xs, length, unroll)
    if any_symbolic((init, xs)):
        operation = Scan(f, length=length, reverse=reverse, unroll=unroll)
        return operation.symbolic_call(init, xs)
    return active.core_ops.scan(
        f, init, xs, length=length, reverse=reverse, unroll=unroll
    )


class Map(Operation):
    def __init__(self, f, name=None):
        super().__init__(name=name)
        self.f = f

    def call(self, xs):
        return active.core_ops.map(self.f, xs)

    def compute_output_spec(self, xs):
        return _stacked(self.f(_slice_placeholders(xs)), _leading_dim(xs, "xs"))


def map(f, xs):
    """Applies `f` to every slice of `xs` along its leading axis and stacks the results.

    Args:
        f: a function of one slice of `xs` (its structure, the leading dim dropped).
        xs: a tensor or a nested structure of tensors sharing a leading dim.

    Returns:
        The outputs of `f`, stacked on a new leading axis.

    >>> keras.ops.map(lambda x: x * 2, keras.ops.arange(3))
    array([0, 2, 4], dtype=int32)
    """
    _check_callable(f, "f")
    if any_symbolic((xs,)):
        return Map(f).symbolic_call(xs)
    return active.core_ops.map(f, xs)


class VectorizedMap(Operation):
    def __init__(self, function, name=None):
        super().__init__(name=name)
        self.function = function

    def call(self, elements):
        return active.core_ops.vectorized_map(self.function, elements)

    def compute_output_spec(self, elements):
        y = self.function(_slice_placeholders(elements))
        return _stacked(y, _leading_dim(elements, "elements"))


def vectorized_map(function, elements):
    """`map`, vectorised: jax.vmap, torch.vmap or tf.vectorized_map where available.

    Args:
        function: a function of one slice of `elements`.
        elements: a tensor or a nested structure of tensors sharing a leading dim.

    Returns:
        The outputs of `function`, stacked on a new leading axis.

    >>> keras.ops.vectorized_map(lambda x: keras.ops.sum(x), keras.ops.ones((2, 3)))
    array([3., 3.], dtype=float32)
    """
    _check_callable(function, "function")
    if any_symbolic((elements,)):
        return VectorizedMap(function).symbolic_call(elements)
    return active.core_ops.vectorized_map(function, elements)


class AssociativeScan(Operation):
    def __init__(self, f, reverse=False, axis=0, name=None):
        super().__init__(name=name)
        self.f = f
        self.reverse = reverse
        self.axis = axis

    def call(self, elems):
        return active.core_ops.associative_scan(
            self.f, elems, reverse=self.reverse, axis=self.axis
        )

    def compute_output_spec(self, elems):
        elems = _placeholders(elems)
        return _merge(elems, self.f(elems, elems), "`f` (on `elems`)")


def _check_associative_scan(f, elems, axis):
    _check_callable(f, "f")
    leaves = tree.flatten(elems)
    if not leaves:
        raise ValueError("`elems` must hold at least one tensor.")
    shapes = [symbolic.shape_of(x) for x in leaves]
    axis = symbolic.canonicalize_axis(axis, len(shapes[0]))
    lengths = {s[axis] if len(s) > axis else -1 for s in shapes} - {None}
    if len(lengths) > 1 or -1 in lengths:
        raise ValueError(
            f"Every leaf of `elems` must have the same size along axis {axis}; got "
            f"shapes {shapes}."
        )


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan of an associative `f` along `axis`, in O(log n) parallel steps.

    Args:
        f: an associative function `f(a, b)` of two structures like `elems`, applied
            element-wise to whole slices (it must broadcast along `axis`).
        elems: a tensor or a nested structure of tensors of one size along `axis`.
        reverse: whether to scan from the end.
        axis: the axis to scan along.

    Returns:
        The structure of `elems`: element i is `f` folded over elements 0..i.

    >>> keras.ops.associative_scan(keras.ops.add, keras.ops.arange(4))
    array([0, 1, 3, 6], dtype=int32)
    """
    _check_associative_scan(f, elems, axis)
    if any_symbolic((elems,)):
        return AssociativeScan(f, reverse=reverse, axis=axis).symbolic_call(elems)
    return active.core_ops.associative_scan(f, elems, reverse=reverse, axis=axis)


class Cond(Operation):
    def __init__(self, true_fn, false_fn, name=None):
        super().__init__(name=name)
        self.true_fn = true_fn
        self.false_fn = false_fn

    def call(self, pred):
        return active.core_ops.cond(pred, self.true_fn, self.false_fn)

    def compute_output_spec(self, pred):
        return _merge(self.true_fn(), self.false_fn(), "`true_fn` and `false_fn`")


def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()`, also for a traced `pred`.

    Args:
        pred: a scalar boolean (a Python bool or a tensor).
        true_fn: a function of no argument.
        false_fn: a function of no argument returning the same structure, shapes and
            dtypes as `true_fn`.

    Returns:
        The output of the chosen function.

    >>> keras.ops.cond(keras.ops.array(True), lambda: 1.0, lambda: 2.0)
    array(1., dtype=float32)
    """
    _check_callable(true_fn, "true_fn")
    _check_callable(false_fn, "false_fn")
    if isinstance(pred, KerasTensor):
        return Cond(true_fn, false_fn).symbolic_call(pred)
    return active.core_ops.cond(pred, true_fn, false_fn)


class Switch(Operation):
    def __init__(self, branches, name=None):
        super().__init__(name=name)
        self.branches = list(branches)

    def call(self, index, *operands):
        return active.core_ops.switch(index, self.branches, *operands)

    def compute_output_spec(self, index, *operands):
        operands = _placeholders(operands)
        spec = self.branches[0](*operands)
        for branch in self.branches[1:]:
            spec = _merge(spec, branch(*operands), "Every branch")
        return _placeholders(spec)


def switch(index, branches, *operands):
    """Calls `branches[index](*operands)`, also for a traced `index`.

    Args:
        index: an integer scalar; values out of range are clamped to 0 or
            `len(branches) - 1` (as `jax.lax.switch`).
        branches: a non-empty list of functions returning the same structure, shapes
            and dtypes.
        *operands: the arguments passed to the chosen branch.

    Returns:
        The output of the chosen branch.

    >>> keras.ops.switch(1, [lambda x: x + 1, lambda x: x - 1], 5)
    4
    """
    if not isinstance(branches, (list, tuple)) or not branches:
        raise ValueError(
            f"`branches` must be a non-empty list of functions; got {branches!r}."
        )
    for branch in branches:
        _check_callable(branch, "branches")
    if any_symbolic((index, operands)):
        return Switch(branches).symbolic_call(index, *operands)
    return active.core_ops.switch(index, branches, *operands)


class WhileLoop(Operation):
    def __init__(self, cond, body, maximum_iterations=None, name=None):
        super().__init__(name=name)
        self.cond = cond
        self.body = body
        self.maximum_iterations = maximum_iterations

    def call(self, loop_vars):
        return active.core_ops.while_loop(
            self.cond, self.body, loop_vars, self.maximum_iterations
        )

    def compute_output_spec(self, loop_vars):
        return _placeholders(loop_vars)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` is true.

    Args:
        cond: a function of the loop variables returning a scalar boolean.
        body: a function of the loop variables returning new ones of the same
            structure, shapes and dtypes.
        loop_vars: a tensor, or a tuple/list of loop variables (unpacked as the
            arguments of `cond` and `body`).
        maximum_iterations: an optional bound on the number of iterations.

    Returns:
        The final loop variables, in the structure of `loop_vars`.

    >>> keras.ops.while_loop(lambda i: i < 10, lambda i: i + 3, 0)
    array(12, dtype=int32)
    """
    _check_callable(cond, "cond")
    _check_callable(body, "body")
    if maximum_iterations is not None and (
        not isinstance(maximum_iterations, (int, np.integer)) or maximum_iterations < 0
    ):
        raise ValueError(
            "`maximum_iterations` must be None or an int >= 0; got "
            f"{maximum_iterations!r}."
        )
    if any_symbolic((loop_vars,)):
        return WhileLoop(cond, body, maximum_iterations).symbolic_call(loop_vars)
    return active.core_ops.while_loop(cond, body, loop_vars, maximum_iterations)


class ForiLoop(Operation):
    def __init__(self, body_fun, name=None):
        super().__init__(name=name)
        self.body_fun = body_fun

    def call(self, lower, upper, init_val):
        return active.core_ops.fori_loop(lower, upper, self.body_fun, init_val)

    def compute_output_spec(self, lower, upper, init_val):
        return _placeholders(init_val)


def fori_loop(lower, upper, body_fun, init_val):
    """Runs `val = body_fun(i, val)` for `i` from `lower` to `upper - 1`.

    Args:
        lower: the first index (an int or integer scalar tensor).
        upper: the end index, excluded.
        body_fun: a function of `(i, val)` returning a new `val` of the same structure,
            shapes and dtypes.
        init_val: the initial value (a tensor or a nested structure of tensors).

    Returns:
        The final value.

    >>> keras.ops.fori_loop(0, 4, lambda i, v: v + i, 0)
    array(6, dtype=int32)
    """
    _check_callable(body_fun, "body_fun")
    if any_symbolic((lower, upper, init_val)):
        return ForiLoop(body_fun).symbolic_call(lower, upper, init_val)
    return active.core_ops.fori_loop(lower, upper, body_fun, init_val)


def custom_gradient(f):
    """Decorates `f` so that its gradient is the one it computes itself.

    `f(*args)` returns `(output, grad_fn)`; `grad_fn(upstream)` receives the gradient of
    the loss with respect to `output` (one argument per output) and returns the
    gradient with respect to each argument of `f` (a single tensor for one argument).
    On numpy, which has no gradients, the decorated function only runs forward.

    Args:
        f: the function to decorate.

    Returns:
        A function of the same arguments returning `output`.

    >>> @keras.ops.custom_gradient
    ... def clipped_identity(x):
    ...     return x, lambda upstream: keras.ops.clip(upstream, -1.0, 1.0)
    """
    _check_callable(f, "f")
    backend_function = active.core_ops.custom_gradient(f)

    @functools.wraps(f)
    def wrapper(*args):
        if any_symbolic(args):
            return f(*args)[0]
        return backend_function(*args)

    return wrapper
