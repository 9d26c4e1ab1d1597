"""keras.ops: ops creating tensors (filled, ranges, grids, windows, diagonals).

Ops whose only arguments are Python values (zeros, ones, empty, eye, identity, tri) are
eager, as in Keras 3, except that zeros, ones, empty and full given a shape with None
dims (the shape `ops.shape` gives for a KerasTensor, as when a layer's `call` is traced
to infer its outputs) return a KerasTensor of that shape. The others build an Operation
when an argument is a KerasTensor.

Dtypes follow Keras 3: `dtype=None` means floatx for zeros, ones, empty, full, eye,
identity and tri; the `*_like` ops keep the dtype of `x`; arange infers the promoted
dtype of its arguments (int32 for Python ints, floatx once one is a float); linspace,
logspace and geomspace give the floating dtype of `start` and `stop`; the window
functions give floatx; diag, diagflat, tril, triu and vander keep the dtype of `x`.
"""

import numbers

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import variables
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "arange",
    "array",
    "bartlett",
    "blackman",
    "diag",
    "diagflat",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "geomspace",
    "hamming",
    "hanning",
    "identity",
    "kaiser",
    "linspace",
    "logspace",
    "meshgrid",
    "ones",
    "ones_like",
    "tri",
    "tril",
    "triu",
    "vander",
    "zeros",
    "zeros_like",
]


_symbolic = symbolic.is_symbolic

# The element-count limit of every tensor and Variable (keras.backends.common.variables).
MAX_ELEMENTS = variables.MAX_ELEMENTS
check_element_count = variables.check_element_count


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_int(argument, value, minimum=None, optional=False):
    """`value` as an int (>= `minimum`), or a TypeError/ValueError naming `argument`."""
    if optional and value is None:
        return None
    if not _is_int(value):
        raise TypeError(f"`{argument}` must be an int; got {value!r}.")
    if minimum is not None and value < minimum:
        raise ValueError(f"`{argument}` must be >= {minimum}; got {value}.")
    return int(value)


def _is_size_tensor(d):
    """A scalar integer tensor of the engine: a size read while tracing with a dynamic
    dimension (`tf.shape(x)[0]` under `tf.function`, as for export)."""
    return (
        active.is_tensor(d)
        and len(d.shape) == 0
        and dtypes.is_int_dtype(dtypes.standardize_dtype(d.dtype))
    )


def _standardize_shape(shape):
    """`shape` (an int or a sequence of ints) as a tuple of non-negative ints; None
    dims (unknown, from the shape of a KerasTensor) and an engine's symbolic sizes (a
    dynamic batch while tracing for export) are kept."""
    if _is_int(shape):
        shape = (shape,)
    if not isinstance(shape, (tuple, list)) or not all(
        d is None or _is_int(d) or symbolic.is_symbolic_size(d) or _is_size_tensor(d)
        for d in shape
    ):
        raise TypeError(f"`shape` must be an int or a sequence of ints; got {shape!r}.")
    if any(_is_int(d) and d < 0 for d in shape):
        raise ValueError(f"`shape` must not have negative dims; got {tuple(shape)}.")
    shape = tuple(int(d) if _is_int(d) else d for d in shape)
    check_element_count([d for d in shape if _is_int(d)])
    return shape


def _filled(function, shape, dtype):
    """`function(shape, dtype)` of the backend, or the KerasTensor of its result for a
    shape with None dims."""
    shape = _standardize_shape(shape)
    if None in shape:
        return KerasTensor(shape, dtype=symbolic.stored_dtype(dtype))
    return function(shape, dtype)


def _product(values):
    result = 1
    for value in values:
        result *= value
    return result


def _like_dtype(x, dtype):
    if dtype is None:
        return symbolic.kept_dtype(x)
    return symbolic.stored_dtype(dtype)


class Array(Operation):
    def __init__(self, dtype=None, name=None):
        super().__init__(name=name)
        self.dtype = dtype

    def call(self, x):
        return active.creation.array(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype=_like_dtype(x, self.dtype))

    def get_config(self):
        return {**super().get_config(), "dtype": self.dtype}


def array(x, dtype=None):
    """Creates a tensor from `x` (a tensor, an array, a number or a nested list).

    Args:
        x: the values.
        dtype: the dtype of the result; inferred from `x` when None (Python ints give
            int32, floats floatx).

    Returns:
        A tensor of the active backend.

    >>> keras.ops.array([1, 2, 3])
    array([1, 2, 3], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Array(dtype).symbolic_call(x)
    return active.creation.array(x, dtype)


def zeros(shape, dtype=None):
    """A tensor of zeros.

    Args:
        shape: an int or a sequence of ints (None for an unknown dim gives a
            KerasTensor).
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of `shape` filled with 0.

    >>> keras.ops.zeros((2,))
    array([0., 0.], dtype=float32)
    """
    return _filled(active.creation.zeros, shape, dtype)


def ones(shape, dtype=None):
    """A tensor of ones.

    Args:
        shape: an int or a sequence of ints (None for an unknown dim gives a
            KerasTensor).
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of `shape` filled with 1.
    """
    return _filled(active.creation.ones, shape, dtype)


def empty(shape, dtype=None):
    """A tensor whose values are unspecified (zeros on backends without empty memory).

    Args:
        shape: an int or a sequence of ints (None for an unknown dim gives a
            KerasTensor).
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of `shape`.
    """
    return _filled(active.creation.empty, shape, dtype)


class Full(Operation):
    def __init__(self, shape, dtype=None, name=None):
        super().__init__(name=name)
        self.shape = _standardize_shape(shape)
        self.dtype = dtype

    def call(self, fill_value):
        return active.creation.full(self.shape, fill_value, self.dtype)

    def compute_output_spec(self, fill_value):
        symbolic.broadcast_shapes(symbolic.shape_of(fill_value), self.shape)
        return KerasTensor(self.shape, dtype=symbolic.stored_dtype(self.dtype))

    def get_config(self):
        return {**super().get_config(), "shape": self.shape, "dtype": self.dtype}


def full(shape, fill_value, dtype=None):
    """A tensor filled with `fill_value`.

    Args:
        shape: an int or a sequence of ints (None for an unknown dim gives a
            KerasTensor).
        fill_value: a number, or a tensor broadcastable to `shape`.
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of `shape`.

    >>> keras.ops.full((2,), 7, dtype="int32")
    array([7, 7], dtype=int32)
    """
    shape = _standardize_shape(shape)
    if None in shape:
        symbolic.broadcast_shapes(symbolic.shape_of(fill_value), shape)
        return KerasTensor(shape, dtype=symbolic.stored_dtype(dtype))
    if _symbolic(fill_value):
        return Full(shape, dtype).symbolic_call(fill_value)
    return active.creation.full(shape, fill_value, dtype)


class _Like(Operation):
    """An op making a tensor of the shape of `x`, in `dtype` (that of `x` when None)."""

    _function = None

    def __init__(self, dtype=None, name=None):
        super().__init__(name=name)
        self.dtype = dtype

    def call(self, x):
        return getattr(active.creation, self._function)(x, self.dtype)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x), dtype=_like_dtype(x, self.dtype))

    def get_config(self):
        return {**super().get_config(), "dtype": self.dtype}


class ZerosLike(_Like):
    _function = "zeros_like"


def zeros_like(x, dtype=None):
    """Zeros of the shape (and, by default, the dtype) of `x`.

    Args:
        x: a tensor.
        dtype: the dtype of the result (that of `x` when None).

    Returns:
        A tensor of zeros.
    """
    if _symbolic(x):
        return ZerosLike(dtype).symbolic_call(x)
    return active.creation.zeros_like(x, dtype)


class OnesLike(_Like):
    _function = "ones_like"


def ones_like(x, dtype=None):
    """Ones of the shape (and, by default, the dtype) of `x`.

    Args:
        x: a tensor.
        dtype: the dtype of the result (that of `x` when None).

    Returns:
        A tensor of ones.
    """
    if _symbolic(x):
        return OnesLike(dtype).symbolic_call(x)
    return active.creation.ones_like(x, dtype)


class EmptyLike(_Like):
    _function = "empty_like"


def empty_like(x, dtype=None):
    """A tensor of the shape (by default, also the dtype) of `x`, values unspecified.

    Args:
        x: a tensor.
        dtype: the dtype of the result (that of `x` when None).

    Returns:
        A tensor of the shape of `x`.
    """
    if _symbolic(x):
        return EmptyLike(dtype).symbolic_call(x)
    return active.creation.empty_like(x, dtype)


class FullLike(Operation):
    def __init__(self, dtype=None, name=None):
        super().__init__(name=name)
        self.dtype = dtype

    def call(self, x, fill_value):
        return active.creation.full_like(x, fill_value, self.dtype)

    def compute_output_spec(self, x, fill_value):
        shape = symbolic.shape_of(x)
        symbolic.broadcast_shapes(symbolic.shape_of(fill_value), shape)
        return KerasTensor(shape, dtype=_like_dtype(x, self.dtype))

    def get_config(self):
        return {**super().get_config(), "dtype": self.dtype}


def full_like(x, fill_value, dtype=None):
    """A tensor of the shape (by default, also the dtype) of `x`, all `fill_value`.

    Args:
        x: a tensor.
        fill_value: a number, or a tensor broadcastable to the shape of `x`.
        dtype: the dtype of the result (that of `x` when None).

    Returns:
        A tensor of the shape of `x`.

    >>> keras.ops.full_like(keras.ops.array([1, 2]), 5)
    array([5, 5], dtype=int32)
    """
    if _symbolic(x, fill_value):
        return FullLike(dtype).symbolic_call(x, fill_value)
    return active.creation.full_like(x, fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones on the `k`-th diagonal and zeros elsewhere.

    Args:
        N: the number of rows.
        M: the number of columns (`N` when None).
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of shape `(N, M)`.

    >>> keras.ops.eye(2, dtype="int32")
    array([[1, 0],
           [0, 1]], dtype=int32)
    """
    N = _check_int("N", N, minimum=0)
    M = _check_int("M", M, minimum=0, optional=True)
    check_element_count((N, N if M is None else M), "`(N, M)`")
    return active.creation.eye(N, M, _check_int("k", k), dtype)


def identity(n, dtype=None):
    """The `n` x `n` identity matrix.

    Args:
        n: the number of rows and columns.
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of shape `(n, n)`.
    """
    n = _check_int("n", n, minimum=0)
    check_element_count((n, n), "`(n, n)`")
    return active.creation.identity(n, dtype)


def tri(N, M=None, k=0, dtype=None):
    """A 2-D tensor with ones at and below the `k`-th diagonal and zeros above.

    Args:
        N: the number of rows.
        M: the number of columns (`N` when None).
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.
        dtype: the dtype of the result (floatx when None).

    Returns:
        A tensor of shape `(N, M)`.

    >>> keras.ops.tri(2, 3, dtype="int32")
    array([[1, 0, 0],
           [1, 1, 0]], dtype=int32)
    """
    N = _check_int("N", N, minimum=0)
    M = _check_int("M", M, minimum=0, optional=True)
    check_element_count((N, N if M is None else M), "`(N, M)`")
    return active.creation.tri(N, M, _check_int("k", k), dtype)


def _check_step(step):
    if isinstance(step, numbers.Number) and step == 0:
        raise ValueError("`step` must not be 0.")


def _arange_length(start, stop, step):
    """The number of values of arange, or None when an argument is symbolic."""
    values = (start, stop, step)
    if not all(isinstance(v, numbers.Real) for v in values):
        return None
    return max(0, -int(-(stop - start) // step))


class Arange(Operation):
    def __init__(self, dtype=None, name=None):
        super().__init__(name=name)
        self.dtype = dtype

    def call(self, start, stop=None, step=1):
        return active.creation.arange(start, stop, step, self.dtype)

    def compute_output_spec(self, start, stop=None, step=1):
        step = 1 if step is None else step
        _check_step(step)
        present = [v for v in (start, stop, step) if v is not None]
        dtype = self.dtype
        if dtype is None:
            dtype = dtypes.result_type(*(symbolic.dtype_of(v) for v in present))
        if stop is None:
            start, stop = 0, start
        length = _arange_length(start, stop, step)
        return KerasTensor((length,), dtype=symbolic.stored_dtype(dtype))

    def get_config(self):
        return {**super().get_config(), "dtype": self.dtype}


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values in `[start, stop)`, `step` apart.

    `arange(stop)` starts at 0. The result has `ceil((stop - start) / step)` values.

    Args:
        start: the first value (the end, when `stop` is None).
        stop: the end of the interval, excluded.
        step: the spacing between values, non-zero (1 when None).
        dtype: the dtype of the result; when None, the promoted dtype of the
            arguments (int32 for Python ints, floatx once one is a float).

    Returns:
        A 1-D tensor.

    >>> keras.ops.arange(1, 7, 2)
    array([1, 3, 5], dtype=int32)
    """
    if _symbolic(start, stop, step):
        return Arange(dtype).symbolic_call(start, stop, step)
    _check_step(step)
    return active.creation.arange(start, stop, step, dtype)


def _space_dtype(start, stop, dtype):
    if dtype is not None:
        return symbolic.stored_dtype(dtype)
    return dtypes.result_type(symbolic.dtype_of(start), symbolic.dtype_of(stop), float)


def _space_shape(start, stop, num, axis):
    """The shape of linspace and its kin: the broadcast shape, `num` at `axis`."""
    shape = symbolic.broadcast_shapes(symbolic.shape_of(start), symbolic.shape_of(stop))
    axis = symbolic.canonicalize_axis(axis, len(shape) + 1)
    return shape[:axis] + (num,) + shape[axis:]


def _check_space(start, stop, num, axis):
    _check_int("num", num, minimum=0)
    shape = _space_shape(start, stop, num, axis)
    check_element_count(tuple(d or 1 for d in shape), "the shape for `num`")
    return shape


class Linspace(Operation):
    def __init__(
        self, num=50, endpoint=True, retstep=False, dtype=None, axis=0, name=None
    ):
        super().__init__(name=name)
        self.num = num
        self.endpoint = endpoint
        self.retstep = retstep
        self.dtype = dtype
        self.axis = axis

    def call(self, start, stop):
        return active.creation.linspace(
            start, stop, self.num, self.endpoint, self.retstep, self.dtype, self.axis
        )

    def compute_output_spec(self, start, stop):
        shape = _check_space(start, stop, self.num, self.axis)
        dtype = _space_dtype(start, stop, self.dtype)
        samples = KerasTensor(shape, dtype=dtype)
        if not self.retstep:
            return samples
        step_shape = symbolic.broadcast_shapes(
            symbolic.shape_of(start), symbolic.shape_of(stop)
        )
        return samples, KerasTensor(step_shape, dtype=_step_dtype(start, stop, dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "num": self.num,
            "endpoint": self.endpoint,
            "retstep": self.retstep,
            "dtype": self.dtype,
            "axis": self.axis,
        }


def _step_dtype(start, stop, dtype):
    """The dtype of linspace's step: that of the samples, or the float one for ints."""
    if dtypes.is_float_dtype(dtype):
        return dtype
    return _space_dtype(start, stop, None)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop`.

    Args:
        start: the first value (a number or a tensor).
        stop: the last value (excluded when `endpoint` is False); a number or a tensor
            broadcastable with `start`.
        num: the number of values, a non-negative int.
        endpoint: whether `stop` is the last value.
        retstep: whether to also return the spacing.
        dtype: the dtype of the result; when None, the floating dtype of `start` and
            `stop` (floatx for ints). Integer dtypes round the values down.
        axis: the axis of the values in the result, for tensor `start`/`stop`.

    Returns:
        The values, or `(values, step)` when `retstep`.

    >>> keras.ops.linspace(0.0, 1.0, 5)
    array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    """
    if _symbolic(start, stop):
        return Linspace(num, endpoint, retstep, dtype, axis).symbolic_call(start, stop)
    _check_space(start, stop, num, axis)
    return active.creation.linspace(start, stop, num, endpoint, retstep, dtype, axis)


class Logspace(Operation):
    def __init__(self, num=50, endpoint=True, base=10, dtype=None, axis=0, name=None):
        super().__init__(name=name)
        self.num = num
        self.endpoint = endpoint
        self.base = base
        self.dtype = dtype
        self.axis = axis

    def call(self, start, stop):
        return active.creation.logspace(
            start, stop, self.num, self.endpoint, self.base, self.dtype, self.axis
        )

    def compute_output_spec(self, start, stop):
        shape = _check_space(start, stop, self.num, self.axis)
        return KerasTensor(shape, dtype=_space_dtype(start, stop, self.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "num": self.num,
            "endpoint": self.endpoint,
            "base": self.base,
            "dtype": self.dtype,
            "axis": self.axis,
        }


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`num` values evenly spaced on a log scale, from `base**start` to `base**stop`.

    Args:
        start: the exponent of the first value.
        stop: the exponent of the last value (excluded when `endpoint` is False).
        num: the number of values, a non-negative int.
        endpoint: whether `base**stop` is the last value.
        base: the base of the exponents.
        dtype: the dtype of the result; when None, the floating dtype of `start` and
            `stop`.
        axis: the axis of the values in the result, for tensor `start`/`stop`.

    Returns:
        The values.

    >>> keras.ops.logspace(0.0, 2.0, 3)
    array([  1.,  10., 100.], dtype=float32)
    """
    if _symbolic(start, stop):
        return Logspace(num, endpoint, base, dtype, axis).symbolic_call(start, stop)
    _check_space(start, stop, num, axis)
    return active.creation.logspace(start, stop, num, endpoint, base, dtype, axis)


def _check_geomspace(start, stop, num, axis):
    for argument, value in (("start", start), ("stop", stop)):
        if isinstance(value, numbers.Number) and value == 0:
            raise ValueError(f"`geomspace` needs a non-zero `{argument}`; got 0.")
    return _check_space(start, stop, num, axis)


class Geomspace(Operation):
    def __init__(self, num=50, endpoint=True, dtype=None, axis=0, name=None):
        super().__init__(name=name)
        self.num = num
        self.endpoint = endpoint
        self.dtype = dtype
        self.axis = axis

    def call(self, start, stop):
        return active.creation.geomspace(
            start, stop, self.num, self.endpoint, self.dtype, self.axis
        )

    def compute_output_spec(self, start, stop):
        shape = _check_geomspace(start, stop, self.num, self.axis)
        return KerasTensor(shape, dtype=_space_dtype(start, stop, self.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "num": self.num,
            "endpoint": self.endpoint,
            "dtype": self.dtype,
            "axis": self.axis,
        }


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values in geometric progression from `start` to `stop`.

    Args:
        start: the first value, non-zero.
        stop: the last value (excluded when `endpoint` is False), non-zero and of the
            sign of `start`.
        num: the number of values, a non-negative int.
        endpoint: whether `stop` is the last value.
        dtype: the dtype of the result; when None, the floating dtype of `start` and
            `stop`.
        axis: the axis of the values in the result, for tensor `start`/`stop`.

    Returns:
        The values.

    >>> keras.ops.geomspace(1.0, 1000.0, 4)
    array([   1.,   10.,  100., 1000.], dtype=float32)
    """
    if _symbolic(start, stop):
        return Geomspace(num, endpoint, dtype, axis).symbolic_call(start, stop)
    _check_geomspace(start, stop, num, axis)
    return active.creation.geomspace(start, stop, num, endpoint, dtype, axis)


def _check_window_length(x):
    if isinstance(x, bool) or (isinstance(x, numbers.Number) and not _is_int(x)):
        raise TypeError(f"The window length `x` must be an int; got {x!r}.")


class _Window(Operation):
    """A window function of `x` points: a 1-D floatx tensor."""

    _function = None

    def call(self, x):
        return getattr(active.creation, self._function)(x)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if shape != ():
            raise ValueError(
                f"The window length `x` must be a scalar; got shape {shape}."
            )
        return KerasTensor((None,), dtype=dtypes.result_type(float))


class Bartlett(_Window):
    _function = "bartlett"


def bartlett(x):
    """The Bartlett (triangular) window of `x` points.

    Args:
        x: the number of points, an int (an empty window when < 1).

    Returns:
        A 1-D floatx tensor peaking at 1 in the middle.

    >>> keras.ops.bartlett(5)
    array([0. , 0.5, 1. , 0.5, 0. ], dtype=float32)
    """
    if _symbolic(x):
        return Bartlett().symbolic_call(x)
    _check_window_length(x)
    return active.creation.bartlett(x)


class Blackman(_Window):
    _function = "blackman"


def blackman(x):
    """The Blackman window of `x` points.

    Args:
        x: the number of points, an int (an empty window when < 1).

    Returns:
        A 1-D floatx tensor.
    """
    if _symbolic(x):
        return Blackman().symbolic_call(x)
    _check_window_length(x)
    return active.creation.blackman(x)


class Hamming(_Window):
    _function = "hamming"


def hamming(x):
    """The Hamming window of `x` points.

    Args:
        x: the number of points, an int (an empty window when < 1).

    Returns:
        A 1-D floatx tensor.
    """
    if _symbolic(x):
        return Hamming().symbolic_call(x)
    _check_window_length(x)
    return active.creation.hamming(x)


class Hanning(_Window):
    _function = "hanning"


def hanning(x):
    """The Hann window of `x` points.

    Args:
        x: the number of points, an int (an empty window when < 1).

    Returns:
        A 1-D floatx tensor.
    """
    if _symbolic(x):
        return Hanning().symbolic_call(x)
    _check_window_length(x)
    return active.creation.hanning(x)


class Kaiser(_Window):
    _function = "kaiser"

    def __init__(self, beta, name=None):
        super().__init__(name=name)
        self.beta = beta

    def call(self, x):
        return active.creation.kaiser(x, self.beta)

    def get_config(self):
        return {**super().get_config(), "beta": self.beta}


def kaiser(x, beta):
    """The Kaiser window of `x` points.

    Args:
        x: the number of points, an int (an empty window when < 1).
        beta: the shape parameter (0 gives a rectangular window).

    Returns:
        A 1-D floatx tensor.
    """
    if _symbolic(x):
        return Kaiser(beta).symbolic_call(x)
    _check_window_length(x)
    return active.creation.kaiser(x, beta)


def _diag_shape(shape, k):
    """The shape of diag(x, k) for x of `shape` (1-D or 2-D)."""
    if len(shape) == 1:
        n = None if shape[0] is None else shape[0] + abs(k)
        return (n, n)
    if len(shape) == 2:
        rows, cols = shape
        if rows is None or cols is None:
            return (None,)
        return (max(0, min(rows + min(k, 0), cols - max(k, 0))),)
    raise ValueError(f"`diag` expects a 1-D or 2-D tensor `x`; got shape {shape}.")


class Diag(Operation):
    def __init__(self, k=0, name=None):
        super().__init__(name=name)
        self.k = _check_int("k", k)

    def call(self, x):
        return active.creation.diag(x, self.k)

    def compute_output_spec(self, x):
        shape = _diag_shape(symbolic.shape_of(x), self.k)
        return KerasTensor(shape, dtype=symbolic.kept_dtype(x))

    def get_config(self):
        return {**super().get_config(), "k": self.k}


def diag(x, k=0):
    """The `k`-th diagonal of a 2-D `x`, or a 2-D tensor with the 1-D `x` on it.

    Args:
        x: a 1-D or 2-D tensor.
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        The 1-D diagonal of a 2-D `x`; a square 2-D tensor for a 1-D `x`.

    >>> keras.ops.diag(keras.ops.array([1, 2]))
    array([[1, 0],
           [0, 2]], dtype=int32)
    """
    if _symbolic(x):
        return Diag(k).symbolic_call(x)
    _diag_shape(symbolic.shape_of(x), _check_int("k", k))
    return active.creation.diag(x, k)


class Diagflat(Operation):
    def __init__(self, k=0, name=None):
        super().__init__(name=name)
        self.k = _check_int("k", k)

    def call(self, x):
        return active.creation.diagflat(x, self.k)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        size = None if None in shape else int(_product(shape))
        n = None if size is None else size + abs(self.k)
        return KerasTensor((n, n), dtype=symbolic.kept_dtype(x))

    def get_config(self):
        return {**super().get_config(), "k": self.k}


def diagflat(x, k=0):
    """A 2-D tensor with the flattened `x` on its `k`-th diagonal.

    Args:
        x: a tensor of any shape.
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        A square 2-D tensor of side `size(x) + |k|`.
    """
    if _symbolic(x):
        return Diagflat(k).symbolic_call(x)
    return active.creation.diagflat(x, _check_int("k", k))


def _check_triangle(name, x):
    shape = symbolic.shape_of(x)
    if len(shape) < 2:
        raise ValueError(
            f"`{name}` expects a tensor `x` of rank >= 2; got shape {shape}."
        )
    return shape


class _Triangle(Operation):
    _function = None

    def __init__(self, k=0, name=None):
        super().__init__(name=name)
        self.k = _check_int("k", k)

    def call(self, x):
        return getattr(active.creation, self._function)(x, self.k)

    def compute_output_spec(self, x):
        shape = _check_triangle(self._function, x)
        return KerasTensor(shape, dtype=symbolic.kept_dtype(x))

    def get_config(self):
        return {**super().get_config(), "k": self.k}


class Tril(_Triangle):
    _function = "tril"


def tril(x, k=0):
    """`x` with the elements above the `k`-th diagonal of its last two axes set to 0.

    Args:
        x: a tensor of rank >= 2.
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        The lower triangle, in the shape and dtype of `x`.

    >>> keras.ops.tril(keras.ops.ones((2, 2), dtype="int32"))
    array([[1, 0],
           [1, 1]], dtype=int32)
    """
    if _symbolic(x):
        return Tril(k).symbolic_call(x)
    _check_triangle("tril", x)
    return active.creation.tril(x, _check_int("k", k))


class Triu(_Triangle):
    _function = "triu"


def triu(x, k=0):
    """`x` with the elements below the `k`-th diagonal of its last two axes set to 0.

    Args:
        x: a tensor of rank >= 2.
        k: the diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        The upper triangle, in the shape and dtype of `x`.
    """
    if _symbolic(x):
        return Triu(k).symbolic_call(x)
    _check_triangle("triu", x)
    return active.creation.triu(x, _check_int("k", k))


def _check_indexing(indexing):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"`indexing` must be 'xy' or 'ij'; got {indexing!r}.")


class Meshgrid(Operation):
    def __init__(self, indexing="xy", name=None):
        super().__init__(name=name)
        _check_indexing(indexing)
        self.indexing = indexing

    def call(self, *x):
        return active.creation.meshgrid(*x, indexing=self.indexing)

    def compute_output_spec(self, *x):
        sizes = []
        for item in x:
            shape = symbolic.shape_of(item)
            sizes.append(None if None in shape else int(_product(shape)))
        if self.indexing == "xy" and len(sizes) >= 2:
            sizes[0], sizes[1] = sizes[1], sizes[0]
        return [
            KerasTensor(tuple(sizes), dtype=symbolic.kept_dtype(item))
            for item in x
        ]

    def get_config(self):
        return {**super().get_config(), "indexing": self.indexing}


def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-D coordinate vectors.

    Args:
        *x: 1-D tensors of coordinates (other ranks are flattened).
        indexing: "xy" (Cartesian: the first two output axes swapped) or "ij" (matrix).

    Returns:
        A list of N-D tensors, one per input, each in the dtype of its input.

    >>> xs, ys = keras.ops.meshgrid(keras.ops.array([1, 2]), keras.ops.array([3, 4, 5]))
    >>> xs.shape
    (3, 2)
    """
    if _symbolic(*x):
        return Meshgrid(indexing).symbolic_call(*x)
    _check_indexing(indexing)
    return active.creation.meshgrid(*x, indexing=indexing)


def _vander_shape(x, N):
    shape = symbolic.shape_of(x)
    if len(shape) != 1:
        raise ValueError(f"`vander` expects a 1-D tensor `x`; got shape {shape}.")
    N = _check_int("N", N, minimum=0, optional=True)
    return (shape[0], shape[0] if N is None else N)


class Vander(Operation):
    def __init__(self, N=None, increasing=False, name=None):
        super().__init__(name=name)
        self.N = N
        self.increasing = increasing

    def call(self, x):
        return active.creation.vander(x, self.N, self.increasing)

    def compute_output_spec(self, x):
        shape = _vander_shape(x, self.N)
        return KerasTensor(shape, dtype=symbolic.kept_dtype(x))

    def get_config(self):
        return {**super().get_config(), "N": self.N, "increasing": self.increasing}


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of `x`: its columns are powers of `x`.

    Args:
        x: a 1-D tensor.
        N: the number of columns (`len(x)` when None).
        increasing: whether the powers increase from left to right (they decrease from
            `N - 1` to 0 by default).

    Returns:
        A 2-D tensor of shape `(len(x), N)` in the dtype of `x`.

    >>> keras.ops.vander(keras.ops.array([1, 2, 3]), 3)
    array([[1, 1, 1],
           [4, 2, 1],
           [9, 3, 1]], dtype=int32)
    """
    if _symbolic(x):
        return Vander(N, increasing).symbolic_call(x)
    _vander_shape(x, N)
    return active.creation.vander(x, N, increasing)
