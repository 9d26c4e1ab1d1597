"""Shape and dtype inference helpers for the ops' `compute_output_spec`."""

import functools
import numbers
import warnings

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor


def shape_of(x):
    """The shape of a KerasTensor, a tensor, an array, a scalar or a nested list.

    Sizes are ints (None where a KerasTensor's is unknown); a symbolic size (an engine
    tracing with a dynamic batch, as for export) is kept as it is, since asking for
    its value would pin it to the size of the example it was traced with.
    """
    shape = getattr(x, "shape", None)
    if shape is not None:
        return tuple(d if d is None or type(d) is int else _size(d) for d in shape)
    return np.shape(x)


def _size(d):
    return int(d) if isinstance(d, numbers.Integral) else d


def is_symbolic_size(d):
    """True for an engine's symbolic size (torch's SymInt, a JAX shape-polymorphic
    dimension): the size of a dimension left dynamic while the engine traces, which
    takes part in shape arithmetic but has no value yet."""
    return (
        d is not None
        and not isinstance(d, (numbers.Number, np.ndarray, KerasTensor))
        and hasattr(type(d), "__index__")
        and not active.is_tensor(d)
    )


def dtype_of(x):
    """The Keras dtype of `x`, or the Python type of a scalar (a weak dtype)."""
    if isinstance(x, KerasTensor):
        return x.dtype
    return dtypes.dtype_of(x)


def result_dtype(*xs):
    """The dtype of an op's result on `xs` (tensors, KerasTensors, Python scalars) as
    the backends compute it eagerly.

    Tensors that all have one dtype keep it, 64 bits included where the engine holds
    them (as NumPy does: no promotion happens); otherwise `dtypes.result_type` promotes
    their dtypes (Python scalars weak, 64-bit results narrowed as in Keras 3). On JAX
    without x64, which holds no 64-bit values, the first example gives 'float32'.

    >>> result_dtype(KerasTensor((2,), "float64"), KerasTensor((2,), "float64"))
    'float64'
    >>> result_dtype(KerasTensor((2,), "float64"), KerasTensor((2,), "float32"))
    'float32'
    >>> result_dtype(KerasTensor((2,), "int64"), 2)
    'int32'
    """
    keys = [dtype_of(x) for x in xs]
    if all(hasattr(x, "dtype") for x in xs) and len(set(keys)) == 1:
        return _held_dtype(keys[0])
    return dtypes.result_type(*keys)


def kept_dtype(x):
    """The dtype of a result that keeps the dtype of `x` (a reshape, a max, a sort).

    A tensor's own dtype, 64-bit ones included, as the eager op gives it: unlike
    `dtypes.result_type`, a single int64/float64 input is not narrowed, except where the
    backend holds 64-bit values in 32 bits. Python scalars and lists resolve as in
    `dtypes.result_type`.
    """
    dtype = dtype_of(x)
    if not isinstance(dtype, str):
        return dtypes.result_type(dtype)
    return stored_dtype(dtype)


def stored_dtype(dtype):
    """`dtype` standardized, as the backend holds a tensor of it: 64-bit dtypes in 32
    bits on JAX without `jax_enable_x64`, as the eager ops give them."""
    return _held_dtype(dtypes.standardize_dtype(dtype))


_WIDE = frozenset(("int64", "uint64", "float64", "complex128"))


@functools.lru_cache(maxsize=None)
def _held_dtype(dtype):
    """The dtype the active engine holds values of `dtype` in: JAX keeps 64-bit values
    in 32 bits unless its x64 mode is on (set at start-up, so the answer is kept)."""
    if dtype not in _WIDE:
        return dtype
    with warnings.catch_warnings():
        # JAX warns that the 64-bit dtype is unavailable: that is what is asked here.
        warnings.simplefilter("ignore")
        probe = active.convert_to_tensor(np.zeros((), dtype), dtype=dtype)
    return dtypes.standardize_dtype(probe.dtype)


def broadcast_shapes(*shapes):
    """The NumPy broadcast of `shapes`, where None is an unknown dim.

    >>> broadcast_shapes((None, 1, 3), (4, 1))
    (None, 4, 3)
    """
    ndim = max((len(s) for s in shapes), default=0)
    padded = [(1,) * (ndim - len(s)) + tuple(s) for s in shapes]
    result = []
    for dims in zip(*padded):
        known = {d for d in dims if d is not None and d != 1}
        if len(known) > 1:
            raise ValueError(
                f"Shapes {', '.join(str(tuple(s)) for s in shapes)} cannot be broadcast "
                "together."
            )
        if known:
            result.append(known.pop())
        elif None in dims:
            result.append(None)
        else:
            result.append(1)
    return tuple(result)


def canonicalize_axis(axis, ndim, argument="axis"):
    """`axis` as a non-negative int in [0, ndim), or a ValueError naming the range."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"`{argument}` must be an int; got {axis!r}.")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"`{argument}`={axis} is out of range for a tensor of rank {ndim} "
            f"(expected {-ndim} <= {argument} < {ndim})."
        )
    return int(axis) % ndim if ndim else 0


def canonicalize_axes(axis, ndim):
    """`axis` (None, int or sequence) as a sorted tuple of non-negative ints."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (list, tuple)):
        axes = tuple(canonicalize_axis(a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"`axis` has repeated entries: {axis!r}.")
        return tuple(sorted(axes))
    return (canonicalize_axis(axis, ndim),)


def reduce_shape(shape, axis=None, keepdims=False):
    """The shape left by a reduction over `axis` (all axes when None)."""
    axes = canonicalize_axes(axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def unary_spec(x, dtype=None):
    """Same shape as `x`; dtype `dtype`, else that of `x` (Python scalars resolved)."""
    return KerasTensor(shape_of(x), dtype=dtype or result_dtype(x))


def float_unary_spec(x):
    """Same shape; ints and bools become floatx (as sin, exp, sqrt do), floats keep
    their dtype (float64 included)."""
    dtype = result_dtype(x)
    if dtype == "bool" or dtypes.is_int_dtype(dtype):
        dtype = dtypes.result_type(float)
    return KerasTensor(shape_of(x), dtype=dtype)


def binary_spec(x1, x2, dtype=None):
    """Broadcast shape; dtype `dtype`, else the promoted dtype of the inputs."""
    shape = broadcast_shapes(shape_of(x1), shape_of(x2))
    return KerasTensor(shape, dtype=dtype or dtypes.result_type(dtype_of(x1), dtype_of(x2)))


def has_unknown_dims(shape):
    """True when `shape` is a tuple or list with a None dim.

    Such a shape comes from `ops.shape` of a KerasTensor, e.g. while a layer's `call` is
    traced on KerasTensors to infer its outputs; the ops taking a shape (creation,
    random, reshape) then give a KerasTensor of that shape instead of a tensor.
    """
    # `is None` rather than `in`: a dim may be an engine tensor with its own `==`.
    return isinstance(shape, (tuple, list)) and any(dim is None for dim in shape)


def is_symbolic(*args):
    """True when one of the (flat) arguments is a KerasTensor; the eager ops' first check."""
    for x in args:
        if isinstance(x, KerasTensor):
            return True
    return False
