"""keras.ops: reductions, scans, sorting, searching and statistics over tensor axes.

Every op follows one pattern: a public function whose eager path is one isinstance check
and one backend call, and an Operation subclass used only for symbolic (KerasTensor)
inputs, whose `compute_output_spec` gives the output shape and dtype.

Dtypes follow Keras 3 on every backend:
- sums and products (sum, prod, cumsum, bincount weights, ...) of bool, int8 and int16
  give int32, of uint8 and uint16 give uint32; other dtypes are kept;
- statistics (mean, std, var, median, quantile, average, corrcoef, trapezoid, ...)
  give floatx for int and bool inputs and keep float16/bfloat16/float32;
- max, min, ptp, sort and diff keep the dtype; all and any give bool;
- indices (argmax, argsort, nonzero, searchsorted, digitize, unique's extras, ...) and
  counts (count_nonzero, histogram, bincount without weights) are int32.
"""

import builtins
import math
import numbers

from keras.backends import active
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argpartition",
    "argsort",
    "average",
    "bincount",
    "corrcoef",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "diff",
    "digitize",
    "histogram",
    "max",
    "mean",
    "median",
    "min",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "nonzero",
    "percentile",
    "prod",
    "ptp",
    "quantile",
    "searchsorted",
    "sort",
    "std",
    "sum",
    "trapezoid",
    "unique",
    "var",
]

_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _symbolic(*args):
    return builtins.any(isinstance(x, KerasTensor) for x in args)


def _dtype(x):
    return symbolic.kept_dtype(x)


def _sum_dtype(dtype):
    return backend_utils.sum_dtype(dtype)


def _float_dtype(dtype):
    return dtypes.result_type(dtype, float)


def _flat_shape(shape):
    """The shape of `shape` flattened: (None,) when a dim is unknown."""
    if None in shape:
        return (None,)
    return (math.prod(shape),)


def _check_method(method):
    if method not in _QUANTILE_METHODS:
        raise ValueError(
            f"`method` must be one of {', '.join(map(repr, _QUANTILE_METHODS))}; "
            f"got {method!r}."
        )


def _check_q(q, high):
    """`q` in [0, high] when it is a Python number or list (tensors are not read)."""
    if isinstance(q, (numbers.Real, list, tuple)):
        values = q if isinstance(q, (list, tuple)) else [q]
        for value in values:
            if isinstance(value, (list, tuple)):
                _check_q(value, high)
            elif not 0 <= value <= high:
                raise ValueError(f"`q` must be in [0, {high}]; got {q!r}.")


def _check_side(side):
    if side not in ("left", "right"):
        raise ValueError(f"`side` must be 'left' or 'right'; got {side!r}.")


# Reductions over `axis` (None for all axes), with `keepdims`.


class _Reduce(Operation):
    """A reduction computed by `active.reduction.<_function>(x, axis, keepdims)`."""

    _function = None

    def __init__(self, axis=None, keepdims=False, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.keepdims = keepdims

    def call(self, x):
        return getattr(active.reduction, self._function)(x, self.axis, self.keepdims)

    def compute_output_spec(self, x):
        shape = symbolic.reduce_shape(symbolic.shape_of(x), self.axis, self.keepdims)
        return KerasTensor(shape, dtype=self._result_dtype(_dtype(x)))

    def _result_dtype(self, dtype):
        return dtype


class _SumReduce(_Reduce):
    def _result_dtype(self, dtype):
        return _sum_dtype(dtype)


class _FloatReduce(_Reduce):
    def _result_dtype(self, dtype):
        return _float_dtype(dtype)


class _BoolReduce(_Reduce):
    def _result_dtype(self, dtype):
        return "bool"


class All(_BoolReduce):
    _function = "all"


def all(x, axis=None, keepdims=False):
    """Whether all elements along `axis` are true (non-zero).

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        A bool tensor.

    >>> keras.ops.all(keras.ops.array([[True, False], [True, True]]), axis=1)
    array([False,  True])
    """
    if isinstance(x, KerasTensor):
        return All(axis, keepdims).symbolic_call(x)
    return active.reduction.all(x, axis, keepdims)


class Any(_BoolReduce):
    _function = "any"


def any(x, axis=None, keepdims=False):
    """Whether any element along `axis` is true (non-zero).

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        A bool tensor.

    >>> keras.ops.any(keras.ops.array([[True, False], [False, False]]), axis=1)
    array([ True, False])
    """
    if isinstance(x, KerasTensor):
        return Any(axis, keepdims).symbolic_call(x)
    return active.reduction.any(x, axis, keepdims)


class _Extremum(_Reduce):
    """max and min, with an optional `initial` value that joins every reduction."""

    def __init__(self, axis=None, keepdims=False, initial=None, name=None):
        super().__init__(axis, keepdims, name=name)
        self.initial = initial

    def call(self, x):
        function = getattr(active.reduction, self._function)
        return function(x, self.axis, self.keepdims, self.initial)


class Max(_Extremum):
    _function = "max"


def max(x, axis=None, keepdims=False, initial=None):
    """The maximum of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.
        initial: optional starting value of the maximum (needed for empty reductions).

    Returns:
        The maxima, in the dtype of `x`.

    >>> keras.ops.max(keras.ops.array([[1, 5], [7, 2]]), axis=0)
    array([7, 5], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Max(axis, keepdims, initial).symbolic_call(x)
    return active.reduction.max(x, axis, keepdims, initial)


class Min(_Extremum):
    _function = "min"


def min(x, axis=None, keepdims=False, initial=None):
    """The minimum of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.
        initial: optional starting value of the minimum (needed for empty reductions).

    Returns:
        The minima, in the dtype of `x`.

    >>> keras.ops.min(keras.ops.array([[1, 5], [7, 2]]), axis=0)
    array([1, 2], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Min(axis, keepdims, initial).symbolic_call(x)
    return active.reduction.min(x, axis, keepdims, initial)


class Amax(_Reduce):
    _function = "amax"


def amax(x, axis=None, keepdims=False):
    """The maximum of `x` along `axis` (as `max` without `initial`).

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The maxima, in the dtype of `x`.

    >>> keras.ops.amax(keras.ops.array([1.0, 3.0, 2.0]))
    array(3., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Amax(axis, keepdims).symbolic_call(x)
    return active.reduction.amax(x, axis, keepdims)


class Amin(_Reduce):
    _function = "amin"


def amin(x, axis=None, keepdims=False):
    """The minimum of `x` along `axis` (as `min` without `initial`).

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The minima, in the dtype of `x`.

    >>> keras.ops.amin(keras.ops.array([1.0, 3.0, 2.0]))
    array(1., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Amin(axis, keepdims).symbolic_call(x)
    return active.reduction.amin(x, axis, keepdims)


class Ptp(_Reduce):
    _function = "ptp"


def ptp(x, axis=None, keepdims=False):
    """The range (maximum - minimum) of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The ranges, in the dtype of `x` (unsigned ints wrap as NumPy's do).

    >>> keras.ops.ptp(keras.ops.array([[4, 9, 2], [3, 3, 3]]), axis=1)
    array([7, 0], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Ptp(axis, keepdims).symbolic_call(x)
    return active.reduction.ptp(x, axis, keepdims)


class Sum(_SumReduce):
    _function = "sum"


@eager.fast_path("reduction", "reduction")
def sum(x, axis=None, keepdims=False):
    """The sum of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The sums; bool, int8 and int16 give int32, uint8 and uint16 give uint32.

    >>> keras.ops.sum(keras.ops.array([[1, 2], [3, 4]]), axis=0)
    array([4, 6], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Sum(axis, keepdims).symbolic_call(x)
    return active.reduction.sum(x, axis, keepdims)


class Prod(_SumReduce):
    _function = "prod"

    def __init__(self, axis=None, keepdims=False, dtype=None, name=None):
        super().__init__(axis, keepdims, name=name)
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)

    def call(self, x):
        return active.reduction.prod(x, self.axis, self.keepdims, self.dtype)

    def _result_dtype(self, dtype):
        if self.dtype is not None:
            return symbolic.stored_dtype(self.dtype)
        return _sum_dtype(dtype)


def prod(x, axis=None, keepdims=False, dtype=None):
    """The product of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.
        dtype: dtype of the result; by default as for `sum`.

    Returns:
        The products.

    >>> keras.ops.prod(keras.ops.array([[1, 2], [3, 4]]), axis=1)
    array([ 2, 12], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Prod(axis, keepdims, dtype).symbolic_call(x)
    return active.reduction.prod(x, axis, keepdims, dtype)


class Mean(_FloatReduce):
    _function = "mean"


@eager.fast_path("reduction", "reduction")
def mean(x, axis=None, keepdims=False):
    """The arithmetic mean of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The means, as floats (floatx for int and bool inputs).

    >>> keras.ops.mean(keras.ops.array([[1, 2], [3, 4]]), axis=1)
    array([1.5, 3.5], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Mean(axis, keepdims).symbolic_call(x)
    return active.reduction.mean(x, axis, keepdims)


class Var(_FloatReduce):
    _function = "var"


def var(x, axis=None, keepdims=False):
    """The (population) variance of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The variances, as floats.

    >>> keras.ops.var(keras.ops.array([1.0, 2.0, 3.0, 4.0]))
    array(1.25, dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Var(axis, keepdims).symbolic_call(x)
    return active.reduction.var(x, axis, keepdims)


class Std(_FloatReduce):
    _function = "std"


def std(x, axis=None, keepdims=False):
    """The (population) standard deviation of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The standard deviations, as floats.

    >>> keras.ops.std(keras.ops.array([1.0, 3.0]))
    array(1., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Std(axis, keepdims).symbolic_call(x)
    return active.reduction.std(x, axis, keepdims)


class Median(_FloatReduce):
    _function = "median"


def median(x, axis=None, keepdims=False):
    """The median of `x` along `axis` (the mean of the two middle values when even).

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The medians, as floats; NaN where a slice holds a NaN.

    >>> keras.ops.median(keras.ops.array([3.0, 1.0, 4.0, 2.0]))
    array(2.5, dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Median(axis, keepdims).symbolic_call(x)
    return active.reduction.median(x, axis, keepdims)


class Nanmax(_Reduce):
    _function = "nanmax"


def nanmax(x, axis=None, keepdims=False):
    """The maximum of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The maxima, in the dtype of `x`; NaN where a slice is all NaN.

    >>> keras.ops.nanmax(keras.ops.array([1.0, float("nan"), 3.0]))
    array(3., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanmax(axis, keepdims).symbolic_call(x)
    return active.reduction.nanmax(x, axis, keepdims)


class Nanmin(_Reduce):
    _function = "nanmin"


def nanmin(x, axis=None, keepdims=False):
    """The minimum of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The minima, in the dtype of `x`; NaN where a slice is all NaN.

    >>> keras.ops.nanmin(keras.ops.array([1.0, float("nan"), 3.0]))
    array(1., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanmin(axis, keepdims).symbolic_call(x)
    return active.reduction.nanmin(x, axis, keepdims)


class Nansum(_SumReduce):
    _function = "nansum"


def nansum(x, axis=None, keepdims=False):
    """The sum of `x` along `axis`, treating NaNs as zero.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The sums, in the dtype `sum` gives.

    >>> keras.ops.nansum(keras.ops.array([1.0, float("nan"), 3.0]))
    array(4., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nansum(axis, keepdims).symbolic_call(x)
    return active.reduction.nansum(x, axis, keepdims)


class Nanprod(_SumReduce):
    _function = "nanprod"


def nanprod(x, axis=None, keepdims=False):
    """The product of `x` along `axis`, treating NaNs as one.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The products, in the dtype `prod` gives.

    >>> keras.ops.nanprod(keras.ops.array([2.0, float("nan"), 3.0]))
    array(6., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanprod(axis, keepdims).symbolic_call(x)
    return active.reduction.nanprod(x, axis, keepdims)


class Nanmean(_FloatReduce):
    _function = "nanmean"


def nanmean(x, axis=None, keepdims=False):
    """The mean of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The means, as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanmean(keras.ops.array([1.0, float("nan"), 3.0]))
    array(2., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanmean(axis, keepdims).symbolic_call(x)
    return active.reduction.nanmean(x, axis, keepdims)


class Nanvar(_FloatReduce):
    _function = "nanvar"


def nanvar(x, axis=None, keepdims=False):
    """The variance of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The variances, as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanvar(keras.ops.array([1.0, float("nan"), 3.0]))
    array(1., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanvar(axis, keepdims).symbolic_call(x)
    return active.reduction.nanvar(x, axis, keepdims)


class Nanstd(_FloatReduce):
    _function = "nanstd"


def nanstd(x, axis=None, keepdims=False):
    """The standard deviation of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The standard deviations, as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanstd(keras.ops.array([1.0, float("nan"), 3.0]))
    array(1., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanstd(axis, keepdims).symbolic_call(x)
    return active.reduction.nanstd(x, axis, keepdims)


class Nanmedian(_FloatReduce):
    _function = "nanmedian"


def nanmedian(x, axis=None, keepdims=False):
    """The median of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).
        keepdims: keep the reduced axes with size 1.

    Returns:
        The medians, as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanmedian(keras.ops.array([1.0, float("nan"), 3.0, 4.0]))
    array(3., dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nanmedian(axis, keepdims).symbolic_call(x)
    return active.reduction.nanmedian(x, axis, keepdims)


class _ArgReduce(_Reduce):
    """argmax and friends: one `axis` (None: the flattened tensor), int32 indices."""

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if self.axis is not None:
            symbolic.canonicalize_axis(self.axis, len(shape))
        return super().compute_output_spec(x)

    def _result_dtype(self, dtype):
        return "int32"


class Argmax(_ArgReduce):
    _function = "argmax"


def argmax(x, axis=None, keepdims=False):
    """The indices of the maxima along `axis` (the first one on ties).

    Args:
        x: input tensor.
        axis: int, or None to index into the flattened tensor.
        keepdims: keep the reduced axis (all axes when None) with size 1.

    Returns:
        An int32 tensor of indices.

    >>> keras.ops.argmax(keras.ops.array([[1, 5], [7, 2]]), axis=1)
    array([1, 0], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Argmax(axis, keepdims).symbolic_call(x)
    return active.reduction.argmax(x, axis, keepdims)


class Argmin(_ArgReduce):
    _function = "argmin"


def argmin(x, axis=None, keepdims=False):
    """The indices of the minima along `axis` (the first one on ties).

    Args:
        x: input tensor.
        axis: int, or None to index into the flattened tensor.
        keepdims: keep the reduced axis (all axes when None) with size 1.

    Returns:
        An int32 tensor of indices.

    >>> keras.ops.argmin(keras.ops.array([[1, 5], [7, 2]]), axis=1)
    array([0, 1], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Argmin(axis, keepdims).symbolic_call(x)
    return active.reduction.argmin(x, axis, keepdims)


class Nanargmax(_ArgReduce):
    _function = "nanargmax"


def nanargmax(x, axis=None, keepdims=False):
    """The indices of the maxima along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, or None to index into the flattened tensor.
        keepdims: keep the reduced axis (all axes when None) with size 1.

    Returns:
        An int32 tensor of indices; -1 where a slice is all NaN.

    >>> keras.ops.nanargmax(keras.ops.array([1.0, float("nan"), 3.0]))
    array(2, dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Nanargmax(axis, keepdims).symbolic_call(x)
    return active.reduction.nanargmax(x, axis, keepdims)


class Nanargmin(_ArgReduce):
    _function = "nanargmin"


def nanargmin(x, axis=None, keepdims=False):
    """The indices of the minima along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        axis: int, or None to index into the flattened tensor.
        keepdims: keep the reduced axis (all axes when None) with size 1.

    Returns:
        An int32 tensor of indices; -1 where a slice is all NaN.

    >>> keras.ops.nanargmin(keras.ops.array([1.0, float("nan"), 3.0]))
    array(0, dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Nanargmin(axis, keepdims).symbolic_call(x)
    return active.reduction.nanargmin(x, axis, keepdims)


# Quantiles: the leading axes of the result follow the shape of `q`.


class _Quantile(Operation):
    _function = None
    _float_result = True

    def __init__(self, axis=None, method="linear", keepdims=False, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.method = method
        self.keepdims = keepdims

    def call(self, x, q):
        function = getattr(active.reduction, self._function)
        return function(x, q, self.axis, self.method, self.keepdims)

    def compute_output_spec(self, x, q):
        shape = symbolic.reduce_shape(symbolic.shape_of(x), self.axis, self.keepdims)
        shape = tuple(symbolic.shape_of(q)) + shape
        return KerasTensor(shape, dtype=_float_dtype(_dtype(x)))


class Quantile(_Quantile):
    _function = "quantile"


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles of `x` along `axis`.

    Args:
        x: input tensor.
        q: probability or sequence of probabilities, in [0, 1].
        axis: int, tuple of ints or None (all axes).
        method: "linear", "lower", "higher", "midpoint" or "nearest": how to pick a
            value between the two data points around the quantile.
        keepdims: keep the reduced axes with size 1.

    Returns:
        The quantiles as floats; the leading axes follow the shape of `q`.

    >>> keras.ops.quantile(keras.ops.array([1.0, 2.0, 3.0, 4.0]), [0.25, 0.5])
    array([1.75, 2.5 ], dtype=float32)
    """
    _check_method(method)
    _check_q(q, 1)
    if _symbolic(x, q):
        return Quantile(axis, method, keepdims).symbolic_call(x, q)
    return active.reduction.quantile(x, q, axis, method, keepdims)


class Nanquantile(_Quantile):
    _function = "nanquantile"


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        q: probability or sequence of probabilities, in [0, 1].
        axis: int, tuple of ints or None (all axes).
        method: "linear", "lower", "higher", "midpoint" or "nearest".
        keepdims: keep the reduced axes with size 1.

    Returns:
        The quantiles as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanquantile(keras.ops.array([1.0, float("nan"), 3.0]), 0.5)
    array(2., dtype=float32)
    """
    _check_method(method)
    _check_q(q, 1)
    if _symbolic(x, q):
        return Nanquantile(axis, method, keepdims).symbolic_call(x, q)
    return active.reduction.nanquantile(x, q, axis, method, keepdims)


class Percentile(_Quantile):
    _function = "percentile"


def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles of `x` along `axis` (quantiles of `q / 100`).

    Args:
        x: input tensor.
        q: percentile or sequence of percentiles, in [0, 100].
        axis: int, tuple of ints or None (all axes).
        method: "linear", "lower", "higher", "midpoint" or "nearest".
        keepdims: keep the reduced axes with size 1.

    Returns:
        The percentiles as floats; the leading axes follow the shape of `q`.

    >>> keras.ops.percentile(keras.ops.array([1.0, 2.0, 3.0, 4.0]), 50)
    array(2.5, dtype=float32)
    """
    _check_method(method)
    _check_q(q, 100)
    if _symbolic(x, q):
        return Percentile(axis, method, keepdims).symbolic_call(x, q)
    return active.reduction.percentile(x, q, axis, method, keepdims)


class Nanpercentile(_Quantile):
    _function = "nanpercentile"


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles of `x` along `axis`, ignoring NaNs.

    Args:
        x: input tensor.
        q: percentile or sequence of percentiles, in [0, 100].
        axis: int, tuple of ints or None (all axes).
        method: "linear", "lower", "higher", "midpoint" or "nearest".
        keepdims: keep the reduced axes with size 1.

    Returns:
        The percentiles as floats; NaN where a slice is all NaN.

    >>> keras.ops.nanpercentile(keras.ops.array([1.0, float("nan"), 3.0]), 50)
    array(2., dtype=float32)
    """
    _check_method(method)
    _check_q(q, 100)
    if _symbolic(x, q):
        return Nanpercentile(axis, method, keepdims).symbolic_call(x, q)
    return active.reduction.nanpercentile(x, q, axis, method, keepdims)


# Scans: same shape as `x` (flattened when axis is None).


class _Scan(Operation):
    _function = None

    def __init__(self, axis=None, dtype=None, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.dtype = None if dtype is None else dtypes.standardize_dtype(dtype)

    def call(self, x):
        return getattr(active.reduction, self._function)(x, self.axis, self.dtype)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if self.axis is None:
            shape = _flat_shape(shape)
        else:
            symbolic.canonicalize_axis(self.axis, len(shape))
        if self.dtype is not None:
            return KerasTensor(shape, dtype=symbolic.stored_dtype(self.dtype))
        return KerasTensor(shape, dtype=_sum_dtype(_dtype(x)))


class Cumsum(_Scan):
    _function = "cumsum"


def cumsum(x, axis=None, dtype=None):
    """The cumulative sum of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, or None to scan the flattened tensor.
        dtype: dtype of the result; by default as for `sum`.

    Returns:
        The running sums.

    >>> keras.ops.cumsum(keras.ops.array([1, 2, 3]))
    array([1, 3, 6], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Cumsum(axis, dtype).symbolic_call(x)
    return active.reduction.cumsum(x, axis, dtype)


class Cumprod(_Scan):
    _function = "cumprod"


def cumprod(x, axis=None, dtype=None):
    """The cumulative product of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, or None to scan the flattened tensor.
        dtype: dtype of the result; by default as for `prod`.

    Returns:
        The running products.

    >>> keras.ops.cumprod(keras.ops.array([1, 2, 3]))
    array([1, 2, 6], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Cumprod(axis, dtype).symbolic_call(x)
    return active.reduction.cumprod(x, axis, dtype)


class Nancumsum(_Scan):
    _function = "nancumsum"


def nancumsum(x, axis=None, dtype=None):
    """The cumulative sum of `x` along `axis`, treating NaNs as zero.

    Args:
        x: input tensor.
        axis: int, or None to scan the flattened tensor.
        dtype: dtype of the result; by default as for `sum`.

    Returns:
        The running sums.

    >>> keras.ops.nancumsum(keras.ops.array([1.0, float("nan"), 3.0]))
    array([1., 1., 4.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nancumsum(axis, dtype).symbolic_call(x)
    return active.reduction.nancumsum(x, axis, dtype)


class Nancumprod(_Scan):
    _function = "nancumprod"


def nancumprod(x, axis=None, dtype=None):
    """The cumulative product of `x` along `axis`, treating NaNs as one.

    Args:
        x: input tensor.
        axis: int, or None to scan the flattened tensor.
        dtype: dtype of the result; by default as for `prod`.

    Returns:
        The running products.

    >>> keras.ops.nancumprod(keras.ops.array([2.0, float("nan"), 3.0]))
    array([2., 2., 6.], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Nancumprod(axis, dtype).symbolic_call(x)
    return active.reduction.nancumprod(x, axis, dtype)


# Sorting: same shape as `x` (flattened when axis is None).


class _Sort(Operation):
    _function = None

    def __init__(self, axis=-1, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return getattr(active.reduction, self._function)(x, self.axis)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if self.axis is None:
            shape = _flat_shape(shape)
        else:
            symbolic.canonicalize_axis(self.axis, len(shape))
        return KerasTensor(shape, dtype=self._result_dtype(_dtype(x)))

    def _result_dtype(self, dtype):
        return dtype


class Sort(_Sort):
    _function = "sort"


def sort(x, axis=-1):
    """`x` sorted in ascending order along `axis` (NaNs last).

    Args:
        x: input tensor.
        axis: int, or None to sort the flattened tensor.

    Returns:
        The sorted tensor, in the dtype of `x`.

    >>> keras.ops.sort(keras.ops.array([3, 1, 2]))
    array([1, 2, 3], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Sort(axis).symbolic_call(x)
    return active.reduction.sort(x, axis)


class Argsort(_Sort):
    _function = "argsort"

    def _result_dtype(self, dtype):
        return "int32"


def argsort(x, axis=-1):
    """The indices that sort `x` along `axis` (stable: ties keep their order).

    Args:
        x: input tensor.
        axis: int, or None to sort the flattened tensor.

    Returns:
        An int32 tensor of indices.

    >>> keras.ops.argsort(keras.ops.array([3, 1, 2]))
    array([1, 2, 0], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return Argsort(axis).symbolic_call(x)
    return active.reduction.argsort(x, axis)


class Argpartition(_Sort):
    _function = "argpartition"

    def __init__(self, kth, axis=-1, name=None):
        super().__init__(axis, name=name)
        self.kth = kth

    def call(self, x):
        return active.reduction.argpartition(x, self.kth, self.axis)

    def compute_output_spec(self, x):
        result = super().compute_output_spec(x)
        length = result.shape[-1 if self.axis is None else self.axis]
        _check_kth(self.kth, length)
        return result

    def _result_dtype(self, dtype):
        return "int32"


def _check_kth(kth, length):
    if isinstance(kth, bool) or not isinstance(kth, numbers.Integral):
        raise TypeError(f"`kth` must be an int; got {kth!r}.")
    if length is not None and not -length <= kth < length:
        raise ValueError(
            f"`kth`={kth} is out of range for an axis of length {length}."
        )


def argpartition(x, kth, axis=-1):
    """Indices that partition `x` along `axis` around its `kth` smallest element.

    The element at position `kth` is the one a sort would put there; those before it
    are no greater and those after it no smaller (each part in no particular order).

    Args:
        x: input tensor.
        kth: int, the position of the pivot.
        axis: int, or None to partition the flattened tensor.

    Returns:
        An int32 tensor of indices.

    >>> keras.ops.argpartition(keras.ops.array([3, 4, 2, 1]), 2)[2]
    array(0, dtype=int32)
    """
    _check_kth(kth, None)
    if isinstance(x, KerasTensor):
        return Argpartition(kth, axis).symbolic_call(x)
    return active.reduction.argpartition(x, kth, axis)


# Everything else.


class Average(Operation):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x, weights=None):
        return active.reduction.average(x, self.axis, weights)

    def compute_output_spec(self, x, weights=None):
        shape = symbolic.shape_of(x)
        if self.axis is not None:
            symbolic.canonicalize_axis(self.axis, len(shape))
        dtype = _dtype(x)
        if weights is not None:
            dtype = dtypes.result_type(dtype, _dtype(weights))
        return KerasTensor(symbolic.reduce_shape(shape, self.axis), _float_dtype(dtype))


def average(x, axis=None, weights=None):
    """The weighted average of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, or None to average over all axes.
        weights: optional weights, of the shape of `x` or, with an int `axis`, 1-D of
            the length of that axis. None weighs every element equally.

    Returns:
        `sum(x * weights) / sum(weights)` along `axis`, as floats.

    >>> x = keras.ops.array([1.0, 2.0])
    >>> keras.ops.average(x, weights=keras.ops.array([3.0, 1.0]))
    array(1.25, dtype=float32)
    """
    if _symbolic(x, weights):
        return Average(axis).symbolic_call(x, weights)
    return active.reduction.average(x, axis, weights)


class Bincount(Operation):
    def __init__(self, minlength=0, sparse=False, name=None):
        super().__init__(name=name)
        self.minlength = minlength
        self.sparse = sparse

    @classmethod
    def from_config(cls, config):
        # Keras 3 writes `"weights": null` (the weights are an input of the call).
        config = dict(config)
        if config.pop("weights", None) is not None:
            raise ValueError(
                "Bincount: `weights` must be an input of the call, not a config value; "
                f"got config={config!r}."
            )
        return cls(**config)

    def call(self, x, weights=None):
        return active.reduction.bincount(x, weights, self.minlength, self.sparse)

    def compute_output_spec(self, x, weights=None):
        shape = symbolic.shape_of(x)
        _check_bincount(_dtype(x), len(shape))
        dtype = "int32" if weights is None else _sum_dtype(_dtype(weights))
        return KerasTensor(shape[:-1] + (None,), dtype=dtype, sparse=self.sparse)


def _check_bincount(dtype, ndim):
    if not dtypes.is_int_dtype(dtype):
        raise TypeError(f"`bincount` expects an integer tensor `x`; got dtype {dtype}.")
    if ndim not in (1, 2):
        raise ValueError(
            f"`bincount` expects a 1-D tensor `x` (or a 2-D batch of them); got rank "
            f"{ndim}."
        )


def _check_minlength(minlength):
    if isinstance(minlength, bool) or not isinstance(minlength, numbers.Integral):
        raise TypeError(f"`minlength` must be an int; got {minlength!r}.")
    if minlength < 0:
        raise ValueError(f"`minlength` must be >= 0; got {minlength}.")


def bincount(x, weights=None, minlength=0, sparse=False):
    """The number of occurrences (or the summed weights) of each value in `x`.

    Args:
        x: 1-D tensor of non-negative ints, or a 2-D batch of them (counted per row).
        weights: optional tensor of the shape of `x`; each occurrence adds its weight.
        minlength: the least length of the last axis of the result.
        sparse: return a sparse tensor (tensorflow backend only).

    Returns:
        Counts of length `max(max(x) + 1, minlength)`: int32, or in the dtype `sum`
        gives for `weights`.

    >>> keras.ops.bincount(keras.ops.array([1, 1, 3]))
    array([0, 2, 0, 1], dtype=int32)
    """
    _check_minlength(minlength)
    if _symbolic(x, weights):
        return Bincount(minlength, sparse).symbolic_call(x, weights)
    return active.reduction.bincount(x, weights, minlength, sparse)


class Corrcoef(Operation):
    def call(self, x):
        return active.reduction.corrcoef(x)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if len(shape) not in (1, 2):
            raise ValueError(
                f"`corrcoef` expects a 1-D or 2-D tensor; got rank {len(shape)}."
            )
        out = () if len(shape) == 1 else (shape[0], shape[0])
        return KerasTensor(out, dtype=_float_dtype(_dtype(x)))


def corrcoef(x):
    """Pearson correlation coefficients of the rows (variables) of `x`.

    Args:
        x: 2-D tensor, one variable per row and one observation per column (a 1-D
            tensor is one variable).

    Returns:
        The (rows, rows) correlation matrix (a scalar for 1-D `x`), as floats.

    >>> keras.ops.corrcoef(keras.ops.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]))
    array([[ 1., -1.],
           [-1.,  1.]], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return Corrcoef().symbolic_call(x)
    return active.reduction.corrcoef(x)


class CountNonzero(Operation):
    def __init__(self, axis=None, name=None):
        super().__init__(name=name)
        self.axis = axis

    def call(self, x):
        return active.reduction.count_nonzero(x, self.axis)

    def compute_output_spec(self, x):
        shape = symbolic.reduce_shape(symbolic.shape_of(x), self.axis)
        return KerasTensor(shape, dtype="int32")


def count_nonzero(x, axis=None):
    """The number of non-zero (true) elements of `x` along `axis`.

    Args:
        x: input tensor.
        axis: int, tuple of ints or None (all axes).

    Returns:
        An int32 tensor of counts.

    >>> keras.ops.count_nonzero(keras.ops.array([[0, 1, 2], [0, 0, 3]]), axis=1)
    array([2, 1], dtype=int32)
    """
    if isinstance(x, KerasTensor):
        return CountNonzero(axis).symbolic_call(x)
    return active.reduction.count_nonzero(x, axis)


class Diff(Operation):
    def __init__(self, n=1, axis=-1, name=None):
        super().__init__(name=name)
        self.n = n
        self.axis = axis

    def call(self, a):
        return active.reduction.diff(a, self.n, self.axis)

    def compute_output_spec(self, a):
        shape = list(symbolic.shape_of(a))
        axis = symbolic.canonicalize_axis(self.axis, len(shape))
        if shape[axis] is not None:
            shape[axis] = builtins.max(shape[axis] - self.n, 0)
        return KerasTensor(tuple(shape), dtype=_dtype(a))


def _check_n(n):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"`n` must be an int; got {n!r}.")
    if n < 0:
        raise ValueError(f"`n` must be >= 0; got {n}.")


def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference of `a` along `axis`.

    Args:
        a: input tensor (bools give `!=` of neighbours).
        n: how many times to take differences.
        axis: int, the axis along which to take them.

    Returns:
        A tensor of the dtype of `a`, `n` shorter along `axis`.

    >>> keras.ops.diff(keras.ops.array([1, 4, 9, 16]))
    array([3, 5, 7], dtype=int32)
    """
    _check_n(n)
    if isinstance(a, KerasTensor):
        return Diff(n, axis).symbolic_call(a)
    return active.reduction.diff(a, n, axis)


class Digitize(Operation):
    def call(self, x, bins):
        return active.reduction.digitize(x, bins)

    def compute_output_spec(self, x, bins):
        if len(symbolic.shape_of(bins)) != 1:
            raise ValueError(
                f"`bins` must be 1-D; got shape {symbolic.shape_of(bins)}."
            )
        return KerasTensor(symbolic.shape_of(x), dtype="int32")


def digitize(x, bins):
    """The index of the bin each element of `x` falls in.

    Args:
        x: input tensor.
        bins: 1-D increasing tensor of bin edges.

    Returns:
        int32 indices `i` with `bins[i - 1] <= x < bins[i]` (0 below the first edge,
        `len(bins)` from the last one).

    >>> bins = keras.ops.array([1.0, 2.0])
    >>> keras.ops.digitize(keras.ops.array([0.5, 1.0, 2.5]), bins)
    array([0, 1, 2], dtype=int32)
    """
    if _symbolic(x, bins):
        return Digitize().symbolic_call(x, bins)
    return active.reduction.digitize(x, bins)


class Histogram(Operation):
    def __init__(self, bins=10, range=None, name=None):
        super().__init__(name=name)
        self.bins = bins
        self.range = range

    def call(self, x):
        return active.reduction.histogram(x, self.bins, self.range)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if len(shape) != 1:
            raise ValueError(
                f"`histogram` expects a 1-D tensor `x`; got shape {shape}."
            )
        return (
            KerasTensor((self.bins,), dtype="int32"),
            KerasTensor((self.bins + 1,), dtype=_float_dtype(_dtype(x))),
        )


def _check_histogram(bins, range):
    if isinstance(bins, bool) or not isinstance(bins, numbers.Integral) or bins < 1:
        raise ValueError(f"`bins` must be a positive int; got {bins!r}.")
    if range is not None:
        if len(range) != 2 or range[0] > range[1]:
            raise ValueError(
                f"`range` must be a pair (low, high) with low <= high; got {range!r}."
            )


def histogram(x, bins=10, range=None):
    """The histogram of the 1-D tensor `x` over `bins` equal-width bins.

    Args:
        x: 1-D input tensor.
        bins: int, the number of bins.
        range: (low, high) of the bins; by default (min(x), max(x)). Values outside
            are not counted; the last bin includes `high`.

    Returns:
        A tuple (counts, bin_edges): int32 counts of shape (bins,) and float edges of
        shape (bins + 1,).

    >>> keras.ops.histogram(keras.ops.array([0.0, 1.0, 1.0, 3.0]), bins=3)[0]
    array([1, 2, 1], dtype=int32)
    """
    _check_histogram(bins, range)
    if isinstance(x, KerasTensor):
        return Histogram(bins, range).symbolic_call(x)
    return active.reduction.histogram(x, bins, range)


class Nonzero(Operation):
    def call(self, x):
        return active.reduction.nonzero(x)

    def compute_output_spec(self, x):
        ndim = len(symbolic.shape_of(x))
        return tuple(KerasTensor((None,), dtype="int32") for _ in range(ndim))


def nonzero(x):
    """The indices of the non-zero (true) elements of `x`.

    Args:
        x: input tensor of rank >= 1.

    Returns:
        A tuple with one int32 tensor of indices per axis of `x`, in row-major order.

    >>> keras.ops.nonzero(keras.ops.array([[0, 1], [2, 0]]))
    (array([0, 1], dtype=int32), array([1, 0], dtype=int32))
    """
    if isinstance(x, KerasTensor):
        return Nonzero().symbolic_call(x)
    return active.reduction.nonzero(x)


class Searchsorted(Operation):
    def __init__(self, side="left", name=None):
        super().__init__(name=name)
        self.side = side

    def call(self, sorted_sequence, values):
        return active.reduction.searchsorted(sorted_sequence, values, self.side)

    def compute_output_spec(self, sorted_sequence, values):
        if len(symbolic.shape_of(sorted_sequence)) != 1:
            raise ValueError(
                "`sorted_sequence` must be 1-D; got shape "
                f"{symbolic.shape_of(sorted_sequence)}."
            )
        return KerasTensor(symbolic.shape_of(values), dtype="int32")


def searchsorted(sorted_sequence, values, side="left"):
    """Where `values` would be inserted in `sorted_sequence` to keep it sorted.

    Args:
        sorted_sequence: 1-D tensor sorted in ascending order.
        values: tensor of values to look up.
        side: "left" (the first suitable position) or "right" (the last).

    Returns:
        int32 indices of the shape of `values`.

    >>> keras.ops.searchsorted(keras.ops.array([1, 3, 5]), keras.ops.array([3, 6]))
    array([1, 3], dtype=int32)
    """
    _check_side(side)
    if _symbolic(sorted_sequence, values):
        return Searchsorted(side).symbolic_call(sorted_sequence, values)
    return active.reduction.searchsorted(sorted_sequence, values, side)


class Trapezoid(Operation):
    def __init__(self, dx=1.0, axis=-1, name=None):
        super().__init__(name=name)
        self.dx = dx
        self.axis = axis

    @classmethod
    def from_config(cls, config):
        # Keras 3 writes `"x": null` (the sample points are an input of the call).
        config = dict(config)
        if config.pop("x", None) is not None:
            raise ValueError(
                "Trapezoid: `x` must be an input of the call, not a config value; "
                f"got config={config!r}."
            )
        return cls(**config)

    def call(self, y, x=None):
        return active.reduction.trapezoid(y, x, self.dx, self.axis)

    def compute_output_spec(self, y, x=None):
        shape = symbolic.shape_of(y)
        axis = symbolic.canonicalize_axis(self.axis, len(shape))
        dtype = _dtype(y) if x is None else dtypes.result_type(_dtype(y), _dtype(x))
        return KerasTensor(shape[:axis] + shape[axis + 1 :], dtype=_float_dtype(dtype))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of `y` along `axis` by the trapezoidal rule.

    Args:
        y: input tensor.
        x: optional sample points: 1-D of the length of `axis`, or of the shape of `y`.
        dx: the spacing of the samples when `x` is None.
        axis: int, the axis to integrate along.

    Returns:
        The integrals, as floats.

    >>> keras.ops.trapezoid(keras.ops.array([1.0, 2.0, 3.0]))
    array(4., dtype=float32)
    """
    if _symbolic(y, x):
        return Trapezoid(dx, axis).symbolic_call(y, x)
    return active.reduction.trapezoid(y, x, dx, axis)


class Unique(Operation):
    def __init__(
        self,
        sorted=True,
        return_index=False,
        return_inverse=False,
        return_counts=False,
        axis=None,
        size=None,
        fill_value=None,
        name=None,
    ):
        super().__init__(name=name)
        self.sorted = sorted
        self.return_index = return_index
        self.return_inverse = return_inverse
        self.return_counts = return_counts
        self.axis = axis
        self.size = size
        self.fill_value = fill_value

    def call(self, x):
        return active.reduction.unique(
            x,
            self.sorted,
            self.return_index,
            self.return_inverse,
            self.return_counts,
            self.axis,
            self.size,
            self.fill_value,
        )

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        if self.axis is None:
            values = (self.size,)
            inverse = shape
        else:
            axis = symbolic.canonicalize_axis(self.axis, len(shape))
            values = shape[:axis] + (self.size,) + shape[axis + 1 :]
            inverse = (shape[axis],)
        outputs = [KerasTensor(values, dtype=_dtype(x))]
        if self.return_index:
            outputs.append(KerasTensor((self.size,), dtype="int32"))
        if self.return_inverse:
            outputs.append(KerasTensor(inverse, dtype="int32"))
        if self.return_counts:
            outputs.append(KerasTensor((self.size,), dtype="int32"))
        return outputs[0] if len(outputs) == 1 else tuple(outputs)


def _check_size(size):
    if size is None:
        return
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 1:
        raise ValueError(f"`size` must be None or a positive int; got {size!r}.")


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """The unique elements of `x` (or unique slices along `axis`).

    Args:
        x: input tensor.
        sorted: ascending order when True, else the order of first occurrence.
        return_index: also return the index of the first occurrence of each one.
        return_inverse: also return, for each element of `x` (each slice along `axis`),
            the index of its unique value: `x == take(unique, inverse)`.
        return_counts: also return how often each unique value occurs.
        axis: int, or None to flatten `x` first.
        size: a fixed number of outputs (needed under jit compilation): fewer unique
            values are padded with `fill_value` (index and count with 0), more are cut.
        fill_value: the padding of the values; 0 when None.

    Returns:
        The unique values, or a tuple of them and the requested int32 extras in the
        order index, inverse, counts.

    >>> keras.ops.unique(keras.ops.array([3, 1, 3, 2]))
    array([1, 2, 3], dtype=int32)
    """
    _check_size(size)
    if isinstance(x, KerasTensor):
        return Unique(
            sorted, return_index, return_inverse, return_counts, axis, size, fill_value
        ).symbolic_call(x)
    return active.reduction.unique(
        x, sorted, return_index, return_inverse, return_counts, axis, size, fill_value
    )
