"""keras.ops: products of tensors (dot, matmul, einsum, tensordot, ...) and relatives.

Dtypes follow Keras 3: products keep the promoted dtype of their inputs, except that
matmul and einsum of int8 tensors only give int32 (the accumulator of quantized
kernels); correlate and slogdet give floats (floatx for ints); trace sums bools and
small ints in int32.
"""

import re

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import eager
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "correlate",
    "cross",
    "dot",
    "einsum",
    "inner",
    "kron",
    "matmul",
    "outer",
    "slogdet",
    "tensordot",
    "trace",
    "vdot",
    "vectorize",
]


_symbolic = symbolic.is_symbolic


def _promoted(*xs):
    return symbolic.result_dtype(*xs)


def _keras_promoted(*xs):
    """The Keras promotion of the dtypes of `xs`, 64 bits narrowed even where they all
    share one: einsum computes in it on every backend."""
    return dtypes.result_type(*(symbolic.dtype_of(x) for x in xs))


def _int8_product_dtype(*xs, promote=_promoted):
    """int32 when every input is int8, else the dtype `promote` gives."""
    if all(dtypes.result_type(symbolic.dtype_of(x)) == "int8" for x in xs):
        return "int32"
    return promote(*xs)


def _size(shape):
    if None in shape:
        return None
    result = 1
    for dim in shape:
        result *= dim
    return result


def _check_dims(name, a, b, what):
    if a is not None and b is not None and a != b:
        raise ValueError(f"`{name}`: {what} do not match ({a} != {b}).")


class _Product(Operation):
    """A product of two tensors, computed by `active.products.<_function>`."""

    _function = None

    def call(self, x1, x2):
        return getattr(active.products, self._function)(x1, x2)

    def compute_output_spec(self, x1, x2):
        shape = self._shape(symbolic.shape_of(x1), symbolic.shape_of(x2))
        return KerasTensor(shape, dtype=self._dtype(x1, x2))

    def _dtype(self, x1, x2):
        return _promoted(x1, x2)


def _dot_shape(a, b):
    if not a or not b:
        return symbolic.broadcast_shapes(a, b)
    axis = 0 if len(b) == 1 else -2
    what = "the last axis of `x1` and the contracted axis of `x2`"
    _check_dims("dot", a[-1], b[axis], what)
    return a[:-1] + b[:-2] + b[-1:] if len(b) > 1 else a[:-1]


class Dot(_Product):
    _function = "dot"
    _shape = staticmethod(_dot_shape)


def dot(x1, x2):
    """The dot product of two tensors (NumPy's `dot`).

    Scalars multiply; 1-D tensors give their inner product; otherwise the last axis of
    `x1` is contracted with the second-to-last axis of `x2` (its only axis if 1-D).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        The product, of shape `x1.shape[:-1] + x2.shape[:-2] + x2.shape[-1:]`, in the
        promoted dtype of the inputs.

    >>> keras.ops.dot(keras.ops.array([1, 2]), keras.ops.array([3, 4]))
    array(11, dtype=int32)
    """
    if _symbolic(x1, x2):
        return Dot().symbolic_call(x1, x2)
    _dot_shape(symbolic.shape_of(x1), symbolic.shape_of(x2))
    return active.products.dot(x1, x2)


def _matmul_shape(a, b):
    if not a or not b:
        raise ValueError(
            f"`matmul` expects tensors of rank >= 1; got shapes {a} and {b} "
            "(use `multiply` for scalars)."
        )
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    what = "the last axis of `x1` and the second-to-last of `x2`"
    _check_dims("matmul", a2[-1], b2[-2], what)
    batch = symbolic.broadcast_shapes(a2[:-2], b2[:-2])
    rows = (a2[-2],) if len(a) > 1 else ()
    cols = (b2[-1],) if len(b) > 1 else ()
    return batch + rows + cols


class Matmul(_Product):
    _function = "matmul"
    _shape = staticmethod(_matmul_shape)

    def _dtype(self, x1, x2):
        return _int8_product_dtype(x1, x2)


@eager.fast_path("products", "binary")
def matmul(x1, x2):
    """The matrix product of two tensors, broadcasting over leading (batch) axes.

    A 1-D `x1` is a row vector and a 1-D `x2` a column vector (the added axis is removed
    from the result).

    Args:
        x1: first tensor, of rank >= 1.
        x2: second tensor, of rank >= 1.

    Returns:
        The product, in the promoted dtype of the inputs (int32 for two int8 tensors).

    >>> keras.ops.matmul(keras.ops.ones((2, 3)), keras.ops.ones((3, 4))).shape
    (2, 4)
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Matmul().symbolic_call(x1, x2)
    try:
        return active.products.matmul(x1, x2)
    except Exception:
        # Explain shape mismatches in Keras' words; other errors pass through as raised.
        _matmul_shape(symbolic.shape_of(x1), symbolic.shape_of(x2))
        raise



def _inner_shape(a, b):
    if not a or not b:
        return symbolic.broadcast_shapes(a, b)
    _check_dims("inner", a[-1], b[-1], "the last axes of `x1` and `x2`")
    return a[:-1] + b[:-1]


class Inner(_Product):
    _function = "inner"
    _shape = staticmethod(_inner_shape)


def inner(x1, x2):
    """The inner product over the last axes of two tensors (scalars multiply).

    Args:
        x1: first tensor.
        x2: second tensor, with the last axis of `x1`'s size.

    Returns:
        A tensor of shape `x1.shape[:-1] + x2.shape[:-1]`, in the promoted dtype.

    >>> keras.ops.inner(keras.ops.array([1, 2]), keras.ops.array([3, 4]))
    array(11, dtype=int32)
    """
    if _symbolic(x1, x2):
        return Inner().symbolic_call(x1, x2)
    _inner_shape(symbolic.shape_of(x1), symbolic.shape_of(x2))
    return active.products.inner(x1, x2)


class Outer(_Product):
    _function = "outer"

    @staticmethod
    def _shape(a, b):
        return (_size(a), _size(b))


def outer(x1, x2):
    """The outer product of two tensors (flattened first).

    Args:
        x1: first tensor.
        x2: second tensor.

    Returns:
        A 2-D tensor with `out[i, j] = x1.flat[i] * x2.flat[j]`, in the promoted dtype.

    >>> keras.ops.outer(keras.ops.array([1, 2]), keras.ops.array([3, 4]))
    array([[3, 4],
           [6, 8]], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Outer().symbolic_call(x1, x2)
    return active.products.outer(x1, x2)


def _kron_shape(a, b):
    rank = max(len(a), len(b))
    a = (1,) * (rank - len(a)) + a
    b = (1,) * (rank - len(b)) + b
    return tuple(None if p is None or q is None else p * q for p, q in zip(a, b))


class Kron(_Product):
    _function = "kron"
    _shape = staticmethod(_kron_shape)


def kron(x1, x2):
    """The Kronecker product of two tensors: blocks of `x2` scaled by each `x1` value.

    Args:
        x1: first tensor.
        x2: second tensor (the lower-rank input gets leading axes of size 1).

    Returns:
        A tensor whose dims are the products of the inputs' dims, in the promoted dtype.

    >>> keras.ops.kron(keras.ops.array([1, 10]), keras.ops.array([1, 2]))
    array([ 1,  2, 10, 20], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Kron().symbolic_call(x1, x2)
    return active.products.kron(x1, x2)


class Vdot(_Product):
    _function = "vdot"

    @staticmethod
    def _shape(a, b):
        _check_dims("vdot", _size(a), _size(b), "the sizes of `x1` and `x2`")
        return ()


def vdot(x1, x2):
    """The dot product of two flattened tensors (the first conjugated).

    Args:
        x1: first tensor.
        x2: second tensor, of the same size.

    Returns:
        A scalar in the promoted dtype of the inputs.

    >>> keras.ops.vdot(keras.ops.array([[1, 2], [3, 4]]), keras.ops.array([1, 1, 1, 1]))
    array(10, dtype=int32)
    """
    if _symbolic(x1, x2):
        return Vdot().symbolic_call(x1, x2)
    Vdot._shape(symbolic.shape_of(x1), symbolic.shape_of(x2))
    return active.products.vdot(x1, x2)


def _tensordot_axes(axes, rank1, rank2):
    """`axes` as two equal-length tuples of non-negative axes of `x1` and `x2`."""
    if isinstance(axes, int) and not isinstance(axes, bool):
        if not 0 <= axes <= min(rank1, rank2):
            raise ValueError(
                f"`axes`={axes} must be in [0, {min(rank1, rank2)}] for tensors of "
                f"ranks {rank1} and {rank2}."
            )
        return tuple(range(rank1 - axes, rank1)), tuple(range(axes))
    if not isinstance(axes, (list, tuple)) or len(axes) != 2:
        raise ValueError(
            f"`axes` must be an int or a pair of axis sequences; got {axes!r}."
        )
    pair = []
    for i, rank in ((0, rank1), (1, rank2)):
        argument, group = f"axes[{i}]", axes[i]
        group = tuple(group) if isinstance(group, (list, tuple)) else (group,)
        pair.append(tuple(symbolic.canonicalize_axis(a, rank, argument) for a in group))
    if len(pair[0]) != len(pair[1]):
        raise ValueError(
            f"`axes` must name as many axes of `x1` as of `x2`; got {axes!r}."
        )
    return tuple(pair)


def _tensordot_shape(a, b, axes):
    axes1, axes2 = _tensordot_axes(axes, len(a), len(b))
    for i, j in zip(axes1, axes2):
        _check_dims("tensordot", a[i], b[j], f"axis {i} of `x1` and axis {j} of `x2`")
    kept1 = tuple(d for i, d in enumerate(a) if i not in axes1)
    kept2 = tuple(d for j, d in enumerate(b) if j not in axes2)
    return kept1 + kept2


class Tensordot(Operation):
    def __init__(self, axes=2, name=None):
        super().__init__(name=name)
        self.axes = axes

    def call(self, x1, x2):
        return active.products.tensordot(x1, x2, self.axes)

    def compute_output_spec(self, x1, x2):
        shape1, shape2 = symbolic.shape_of(x1), symbolic.shape_of(x2)
        shape = _tensordot_shape(shape1, shape2, self.axes)
        return KerasTensor(shape, dtype=_promoted(x1, x2))

    def get_config(self):
        return {**super().get_config(), "axes": self.axes}


def tensordot(x1, x2, axes=2):
    """Sums the products of `x1` and `x2` over the given axes.

    Args:
        x1: first tensor.
        x2: second tensor.
        axes: an int N (the last N axes of `x1` with the first N of `x2`), or a pair
            of axis sequences `(axes_of_x1, axes_of_x2)` of equal length.

    Returns:
        The remaining axes of `x1` followed by those of `x2`, in the promoted dtype.

    >>> x1, x2 = keras.ops.ones((2, 3)), keras.ops.ones((3, 4))
    >>> keras.ops.tensordot(x1, x2, axes=1).shape
    (2, 4)
    """
    if _symbolic(x1, x2):
        return Tensordot(axes).symbolic_call(x1, x2)
    _tensordot_shape(symbolic.shape_of(x1), symbolic.shape_of(x2), axes)
    return active.products.tensordot(x1, x2, axes)


def _cross_shape(a, b, axisa, axisb, axisc, axis):
    if axis is not None:
        axisa = axisb = axisc = axis
    if not a or not b:
        raise ValueError(f"`cross` expects vectors; got shapes {a} and {b}.")
    axisa = symbolic.canonicalize_axis(axisa, len(a), "axisa")
    axisb = symbolic.canonicalize_axis(axisb, len(b), "axisb")
    for argument, dim in (("axisa", a[axisa]), ("axisb", b[axisb])):
        if dim not in (2, 3):
            raise ValueError(
                f"`cross` needs vectors of 2 or 3 components along `{argument}`; "
                f"got {dim}."
            )
    batch = symbolic.broadcast_shapes(
        a[:axisa] + a[axisa + 1 :], b[:axisb] + b[axisb + 1 :]
    )
    if a[axisa] == 2 and b[axisb] == 2:
        return batch
    axisc = symbolic.canonicalize_axis(axisc, len(batch) + 1, "axisc")
    return batch[:axisc] + (3,) + batch[axisc:]


class Cross(Operation):
    def __init__(self, axisa=-1, axisb=-1, axisc=-1, axis=None, name=None):
        super().__init__(name=name)
        self.axisa = axisa
        self.axisb = axisb
        self.axisc = axisc
        self.axis = axis

    def call(self, x1, x2):
        return active.products.cross(
            x1, x2, self.axisa, self.axisb, self.axisc, self.axis
        )

    def compute_output_spec(self, x1, x2):
        shape = _cross_shape(
            symbolic.shape_of(x1),
            symbolic.shape_of(x2),
            self.axisa,
            self.axisb,
            self.axisc,
            self.axis,
        )
        return KerasTensor(shape, dtype=_promoted(x1, x2))

    def get_config(self):
        return {
            **super().get_config(),
            "axisa": self.axisa,
            "axisb": self.axisb,
            "axisc": self.axisc,
            "axis": self.axis,
        }


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 2- or 3-component vectors, broadcasting over other axes.

    For two 2-component vectors the result is the z-component of their cross product
    (a scalar per pair); otherwise the missing z-component of a 2-component vector is 0.

    Args:
        x1: first vectors, components along `axisa`.
        x2: second vectors, components along `axisb`.
        axisa: the component axis of `x1`.
        axisb: the component axis of `x2`.
        axisc: the component axis of the result (for 3-component results).
        axis: when given, overrides `axisa`, `axisb` and `axisc`.

    Returns:
        The cross products, in the promoted dtype of the inputs.

    >>> keras.ops.cross(keras.ops.array([1, 0, 0]), keras.ops.array([0, 1, 0]))
    array([0, 0, 1], dtype=int32)
    """
    if _symbolic(x1, x2):
        return Cross(axisa, axisb, axisc, axis).symbolic_call(x1, x2)
    _cross_shape(
        symbolic.shape_of(x1), symbolic.shape_of(x2), axisa, axisb, axisc, axis
    )
    return active.products.cross(x1, x2, axisa, axisb, axisc, axis)


_CORRELATE_MODES = ("valid", "same", "full")


def _correlate_shape(a, b, mode):
    if mode not in _CORRELATE_MODES:
        raise ValueError(
            f"`mode` must be one of {', '.join(_CORRELATE_MODES)}; got {mode!r}."
        )
    if len(a) != 1 or len(b) != 1:
        raise ValueError(f"`correlate` expects 1-D tensors; got shapes {a} and {b}.")
    m, n = a[0], b[0]
    if m == 0 or n == 0:
        raise ValueError(
            f"`correlate` expects non-empty tensors; got shapes {a} and {b}."
        )
    if m is None or n is None:
        return (None,)
    lengths = {"valid": max(m, n) - min(m, n) + 1, "same": max(m, n), "full": m + n - 1}
    return (lengths[mode],)


class Correlate(Operation):
    def __init__(self, mode="valid", name=None):
        super().__init__(name=name)
        self.mode = mode

    def call(self, x1, x2):
        return active.products.correlate(x1, x2, self.mode)

    def compute_output_spec(self, x1, x2):
        shape1, shape2 = symbolic.shape_of(x1), symbolic.shape_of(x2)
        shape = _correlate_shape(shape1, shape2, self.mode)
        return KerasTensor(shape, dtype=dtypes.result_type(_promoted(x1, x2), float))

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}


def correlate(x1, x2, mode="valid"):
    """The cross-correlation of two 1-D tensors: `out[k] = sum_n x1[n + k] * x2[n]`.

    Args:
        x1: first 1-D tensor.
        x2: second 1-D tensor.
        mode: "valid" (only full overlaps), "same" (the length of the longer input,
            centred) or "full" (every overlap).

    Returns:
        A 1-D float tensor (ints give floatx).

    >>> x1, x2 = keras.ops.array([1.0, 2.0, 3.0]), keras.ops.array([0.0, 1.0])
    >>> keras.ops.correlate(x1, x2)
    array([2., 3.], dtype=float32)
    """
    if _symbolic(x1, x2):
        return Correlate(mode).symbolic_call(x1, x2)
    _correlate_shape(symbolic.shape_of(x1), symbolic.shape_of(x2), mode)
    return active.products.correlate(x1, x2, mode)


def _check_square(x):
    shape = symbolic.shape_of(x)
    if len(shape) < 2:
        raise ValueError(f"`slogdet` expects matrices (rank >= 2); got shape {shape}.")
    _check_dims("slogdet", shape[-2], shape[-1], "the matrices are not square: dims")
    return shape


class Slogdet(Operation):
    def call(self, x):
        return active.products.slogdet(x)

    def compute_output_spec(self, x):
        batch = _check_square(x)[:-2]
        dtype = dtypes.result_type(symbolic.dtype_of(x), float)
        return KerasTensor(batch, dtype=dtype), KerasTensor(batch, dtype=dtype)


def slogdet(x):
    """The sign and the log of the absolute value of the determinant of square matrices.

    Args:
        x: a tensor of shape `(..., n, n)`.

    Returns:
        A tuple `(sign, logabsdet)` of tensors of shape `x.shape[:-2]`, as floats: the
        determinant is `sign * exp(logabsdet)` (sign 0 and logabsdet -inf if singular).

    >>> sign, logdet = keras.ops.slogdet(keras.ops.array([[2.0, 0.0], [0.0, -3.0]]))
    >>> sign, logdet
    (array(-1., dtype=float32), array(1.7917595, dtype=float32))
    """
    if _symbolic(x):
        return Slogdet().symbolic_call(x)
    _check_square(x)
    return active.products.slogdet(x)


def _trace_dtype(x):
    dtype = symbolic.result_dtype(x)
    if dtype in ("uint32", "int64", "uint64"):
        return dtype
    return dtypes.result_type(dtype, "int32")


def _trace_shape(shape, axis1, axis2):
    if len(shape) < 2:
        raise ValueError(f"`trace` expects a tensor of rank >= 2; got shape {shape}.")
    axis1 = symbolic.canonicalize_axis(axis1, len(shape), "axis1")
    axis2 = symbolic.canonicalize_axis(axis2, len(shape), "axis2")
    if axis1 == axis2:
        raise ValueError(f"`axis1` and `axis2` must differ; both are axis {axis1}.")
    return tuple(d for i, d in enumerate(shape) if i not in (axis1, axis2))


class Trace(Operation):
    def __init__(self, offset=0, axis1=0, axis2=1, name=None):
        super().__init__(name=name)
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2

    def call(self, x):
        return active.products.trace(x, self.offset, self.axis1, self.axis2)

    def compute_output_spec(self, x):
        shape = _trace_shape(symbolic.shape_of(x), self.axis1, self.axis2)
        return KerasTensor(shape, dtype=_trace_dtype(x))

    def get_config(self):
        return {
            **super().get_config(),
            "offset": self.offset,
            "axis1": self.axis1,
            "axis2": self.axis2,
        }


def trace(x, offset=0, axis1=0, axis2=1):
    """The sum along a diagonal of the (`axis1`, `axis2`) planes of `x`.

    Args:
        x: a tensor of rank >= 2.
        offset: the diagonal: 0 the main one, > 0 above it, < 0 below it.
        axis1: the first axis of the planes.
        axis2: the second axis of the planes.

    Returns:
        The sums, with `axis1` and `axis2` removed; bools and ints narrower than 32
        bits are summed in int32, other dtypes are kept.

    >>> keras.ops.trace(keras.ops.array([[1, 2], [3, 4]]))
    array(5, dtype=int32)
    """
    if _symbolic(x):
        return Trace(offset, axis1, axis2).symbolic_call(x)
    _trace_shape(symbolic.shape_of(x), axis1, axis2)
    return active.products.trace(x, offset, axis1, axis2)


_EINSUM_TERM = re.compile(r"^[A-Za-z]*(\.\.\.)?[A-Za-z]*$")


def _einsum_spec(subscripts, shapes):
    """The output shape of einsum(subscripts, *operands of `shapes`)."""
    if not isinstance(subscripts, str):
        raise TypeError(f"`subscripts` must be a string; got {subscripts!r}.")
    spec = subscripts.replace(" ", "")
    inputs, arrow, output = spec.partition("->")
    terms = inputs.split(",")
    if len(terms) != len(shapes):
        raise ValueError(
            f"`einsum` subscripts {subscripts!r} name {len(terms)} operands; got "
            f"{len(shapes)}."
        )
    sizes = {}
    ellipsis = ()
    counts = {}
    for term, shape in zip(terms, shapes):
        if not _EINSUM_TERM.match(term):
            raise ValueError(
                f"`einsum`: invalid subscripts term {term!r} in {subscripts!r}."
            )
        head, dots, tail = term.partition("...")
        if not dots and len(term) != len(shape):
            raise ValueError(
                f"`einsum`: term {term!r} names {len(term)} axes; the operand has "
                f"shape {shape}."
            )
        if len(head) + len(tail) > len(shape):
            raise ValueError(
                f"`einsum`: term {term!r} names more axes than the operand has "
                f"(shape {shape})."
            )
        middle = shape[len(head) : len(shape) - len(tail)]
        if dots:
            ellipsis = symbolic.broadcast_shapes(ellipsis, middle)
        labeled = shape[: len(head)] + shape[len(shape) - len(tail) :]
        for label, dim in zip(head + tail, labeled):
            counts[label] = counts.get(label, 0) + 1
            known = sizes.get(label)
            conflict = known is not None and dim is not None and known != dim
            if conflict and 1 not in (known, dim):
                raise ValueError(
                    f"`einsum`: label {label!r} has sizes {known} and {dim} in "
                    f"{subscripts!r}."
                )
            if known is None or known == 1:
                sizes[label] = dim
    if not arrow:
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(label for label, count in counts.items() if count == 1)
        )
    head, dots, tail = output.partition("...")
    for label in head + tail:
        if label not in sizes:
            raise ValueError(
                f"`einsum`: output label {label!r} of {subscripts!r} is not an input "
                "label."
            )
    return tuple(sizes[c] for c in head) + (ellipsis if dots else ()) + tuple(
        sizes[c] for c in tail
    )


class Einsum(Operation):
    def __init__(self, subscripts, name=None):
        super().__init__(name=name)
        self.subscripts = subscripts

    def call(self, *operands):
        return active.products.einsum(self.subscripts, *operands)

    def compute_output_spec(self, *operands):
        shape = _einsum_spec(self.subscripts, [symbolic.shape_of(x) for x in operands])
        dtype = _int8_product_dtype(*operands, promote=_keras_promoted)
        return KerasTensor(shape, dtype=dtype)

    def get_config(self):
        return {**super().get_config(), "subscripts": self.subscripts}


def einsum(subscripts, *operands, **kwargs):
    """Evaluates the Einstein summation convention on the operands.

    Args:
        subscripts: the axes labels, e.g. "ij,jk->ik" (matrix product), "ii" (trace),
            "...ij->...ji" (batched transpose); without "->" the output holds the
            labels seen once, sorted.
        *operands: the tensors.
        **kwargs: passed to the backend's einsum.

    Returns:
        The result, in the promoted dtype of the operands (int32 when all are int8).

    >>> keras.ops.einsum("i,i->", keras.ops.array([1, 2]), keras.ops.array([3, 4]))
    array(11, dtype=int32)
    """
    if _symbolic(*operands):
        return Einsum(subscripts).symbolic_call(*operands)
    _einsum_spec(subscripts, [symbolic.shape_of(x) for x in operands])
    return active.products.einsum(subscripts, *operands, **kwargs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Turns `pyfunc` into a function mapped over the leading (batch) axes of inputs.

    Args:
        pyfunc: a function of tensors.
        excluded: a set of positions of arguments passed to `pyfunc` unchanged.
        signature: a generalized ufunc signature such as "(m,n),(n)->(m)": the core
            axes `pyfunc` sees; by default it sees scalars.

    Returns:
        A function that broadcasts the batch axes of its arguments and applies
        `pyfunc` to each element (or core block), stacking the results.

    >>> add = keras.ops.vectorize(lambda a, b: a + b)
    >>> add(keras.ops.array([1, 2]), 3)
    array([4, 5], dtype=int32)
    """
    if not callable(pyfunc):
        raise TypeError(f"`pyfunc` must be callable; got {pyfunc!r}.")
    if signature is not None and not isinstance(signature, str):
        raise TypeError(f"`signature` must be a string; got {signature!r}.")
    return active.products.vectorize(pyfunc, excluded=excluded, signature=signature)
