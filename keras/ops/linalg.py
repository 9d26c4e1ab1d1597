"""keras.ops.linalg: linear algebra (decompositions, solves, inverses, norms) and jvp.

This module is the public namespace keras.ops.linalg; its ops are in keras.ops too.

Matrices are the last two axes of a tensor; leading axes are batch axes. Dtypes: the
results are floats (int and bool inputs give floatx; float64 is kept; float16 and
bfloat16 are kept, computed in float32 and rounded once), `eig` gives complex64
(complex128 for float64), `lu_factor`'s pivots and `matrix_rank` int32. `logdet` is
also here, though Keras 3 only has it as `keras.ops.logdet`.
"""

import math

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "cholesky",
    "cholesky_inverse",
    "det",
    "eig",
    "eigh",
    "inv",
    "jvp",
    "logdet",
    "lstsq",
    "lu_factor",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "solve",
    "solve_triangular",
    "svd",
]

_symbolic = symbolic.is_symbolic


def _float(*xs):
    """The floating result dtype of `xs`: float64 if one is float64, else the promoted
    dtype with ints and bools as floatx."""
    names = [dtypes.standardize_dtype(symbolic.dtype_of(x)) for x in xs]
    if "float64" in names:
        return "float64"
    dtype = dtypes.result_type(*names)
    if dtype.startswith("complex"):
        return dtype
    return dtypes.result_type(dtype, float)


def _complex(x):
    dtype = _float(x)
    if dtype.startswith("complex"):
        return dtype
    return "complex128" if dtype == "float64" else "complex64"


def _matrices(name, x, argument="x", square=False):
    """The shape of `x`, checked to be a stack of (square) matrices."""
    shape = symbolic.shape_of(x)
    if len(shape) < 2:
        raise ValueError(
            f"`{name}` expects `{argument}` of rank >= 2 (a stack of matrices); got "
            f"shape {shape}."
        )
    rows, columns = shape[-2:]
    if square and rows is not None and columns is not None and rows != columns:
        raise ValueError(
            f"`{name}` expects square matrices in `{argument}` (its last two dims "
            f"equal); got shape {shape}."
        )
    return shape


def _min_dim(a, b):
    return None if a is None or b is None else min(a, b)


class _Square(Operation):
    """An op of a stack of square matrices, computed by `active.linalg.<_function>`."""

    _function = None

    def call(self, x):
        return getattr(active.linalg, self._function)(x)

    def compute_output_spec(self, x):
        shape = _matrices(self._function, x, square=True)
        return self._spec(shape, x)

    def _spec(self, shape, x):
        return KerasTensor(shape, dtype=_float(x))


class _SquareToScalar(_Square):
    def _spec(self, shape, x):
        return KerasTensor(shape[:-2], dtype=_float(x))


class Cholesky(Operation):
    def __init__(self, upper=False, name=None):
        super().__init__(name=name)
        self.upper = upper

    def call(self, x):
        return active.linalg.cholesky(x, upper=self.upper)

    def compute_output_spec(self, x):
        return KerasTensor(_matrices("cholesky", x, square=True), dtype=_float(x))

    def get_config(self):
        return {**super().get_config(), "upper": self.upper}


def cholesky(x, upper=False):
    """The Cholesky factor of symmetric positive definite matrices.

    Args:
        x: a tensor of shape `(..., n, n)`, symmetric positive definite (only its
            lower triangle is read).
        upper: if True, return the upper factor `U` with `x = U^T @ U`; else the
            lower factor `L` with `x = L @ L^T`.

    Returns:
        The triangular factor, of the shape of `x`, as floats. A matrix that is not
        positive definite raises a ValueError (NaNs on jax, which cannot check
        inside a traced function).

    >>> keras.ops.linalg.cholesky(keras.ops.array([[4.0, 2.0], [2.0, 5.0]]))
    array([[2., 0.],
           [1., 2.]], dtype=float32)
    """
    if _symbolic(x):
        return Cholesky(upper).symbolic_call(x)
    _matrices("cholesky", x, square=True)
    return active.linalg.cholesky(x, upper=upper)


class CholeskyInverse(Cholesky):
    def call(self, x):
        return active.linalg.cholesky_inverse(x, upper=self.upper)

    def compute_output_spec(self, x):
        shape = _matrices("cholesky_inverse", x, square=True)
        return KerasTensor(shape, dtype=_float(x))


def cholesky_inverse(x, upper=False):
    """The inverse of a symmetric positive definite matrix from its Cholesky factor.

    Args:
        x: the Cholesky factor, of shape `(..., n, n)`: lower triangular `L` of
            `A = L @ L^T`, or upper triangular `U` of `A = U^T @ U` with `upper=True`.
        upper: whether `x` is the upper factor.

    Returns:
        `inv(A)`, of the shape of `x`, as floats.

    >>> factor = keras.ops.array([[2.0, 0.0], [1.0, 2.0]])  # A = [[4, 2], [2, 5]]
    >>> keras.ops.linalg.cholesky_inverse(factor)
    array([[ 0.3125, -0.125 ],
           [-0.125 ,  0.25  ]], dtype=float32)
    """
    if _symbolic(x):
        return CholeskyInverse(upper).symbolic_call(x)
    _matrices("cholesky_inverse", x, square=True)
    return active.linalg.cholesky_inverse(x, upper=upper)


class Det(_SquareToScalar):
    _function = "det"


def det(x):
    """The determinant of square matrices.

    Args:
        x: a tensor of shape `(..., n, n)`.

    Returns:
        The determinants, of shape `x.shape[:-2]`, as floats.

    >>> keras.ops.linalg.det(keras.ops.array([[1.0, 2.0], [3.0, 4.0]]))
    array(-2., dtype=float32)
    """
    if _symbolic(x):
        return Det().symbolic_call(x)
    _matrices("det", x, square=True)
    return active.linalg.det(x)


class Eig(_Square):
    _function = "eig"

    def _spec(self, shape, x):
        dtype = _complex(x)
        return KerasTensor(shape[:-1], dtype=dtype), KerasTensor(shape, dtype=dtype)


def eig(x):
    """The eigenvalues and right eigenvectors of general square matrices.

    Args:
        x: a tensor of shape `(..., n, n)`.

    Returns:
        A tuple `(w, v)`: eigenvalues of shape `(..., n)` and eigenvectors as the
        columns of `v`, of shape `(..., n, n)`, with `x @ v[..., :, i] = w[..., i] *
        v[..., :, i]`; complex64 (complex128 for float64 inputs). The order of the
        eigenvalues is the engine's.

    >>> w, v = keras.ops.linalg.eig(keras.ops.array([[2.0, 0.0], [0.0, 3.0]]))
    >>> w
    array([2.+0.j, 3.+0.j], dtype=complex64)
    """
    if _symbolic(x):
        return Eig().symbolic_call(x)
    _matrices("eig", x, square=True)
    return active.linalg.eig(x)


class Eigh(_Square):
    _function = "eigh"

    def _spec(self, shape, x):
        dtype = _float(x)
        return KerasTensor(shape[:-1], dtype=dtype), KerasTensor(shape, dtype=dtype)


def eigh(x):
    """The eigenvalues and eigenvectors of symmetric (Hermitian) matrices.

    Args:
        x: a tensor of shape `(..., n, n)`; only its lower triangle is read.

    Returns:
        A tuple `(w, v)`: the eigenvalues in ascending order, of shape `(..., n)`,
        and orthonormal eigenvectors as the columns of `v`, of shape `(..., n, n)`.

    >>> w, v = keras.ops.linalg.eigh(keras.ops.array([[2.0, 1.0], [1.0, 2.0]]))
    >>> w
    array([1., 3.], dtype=float32)
    """
    if _symbolic(x):
        return Eigh().symbolic_call(x)
    _matrices("eigh", x, square=True)
    return active.linalg.eigh(x)


class Inv(_Square):
    _function = "inv"


def inv(x):
    """The inverse of square matrices.

    Args:
        x: a tensor of shape `(..., n, n)`.

    Returns:
        The inverses, of the shape of `x`, as floats.

    >>> keras.ops.linalg.inv(keras.ops.array([[2.0, 0.0], [0.0, 4.0]]))
    array([[0.5 , 0.  ],
           [0.  , 0.25]], dtype=float32)
    """
    if _symbolic(x):
        return Inv().symbolic_call(x)
    _matrices("inv", x, square=True)
    return active.linalg.inv(x)


class Logdet(_SquareToScalar):
    _function = "logdet"


def logdet(x):
    """The natural log of the determinant of square matrices.

    Meant for symmetric positive definite matrices; a negative determinant gives
    NaN and a zero one -inf, as `log(det(x))` would, but without its overflow.

    Args:
        x: a tensor of shape `(..., n, n)`.

    Returns:
        The log-determinants, of shape `x.shape[:-2]`, as floats.

    >>> keras.ops.logdet(keras.ops.array([[2.0, 0.0], [0.0, 4.0]]))
    array(2.0794415, dtype=float32)
    """
    if _symbolic(x):
        return Logdet().symbolic_call(x)
    _matrices("logdet", x, square=True)
    return active.linalg.logdet(x)


def _solve_shape(name, a, b, square=True):
    """The shape of the solution x of `a @ x = b` (b a vector when 1-D)."""
    a_shape = _matrices(name, a, "a", square=square)
    b_shape = symbolic.shape_of(b)
    rows, columns = a_shape[-2:]
    if not b_shape:
        raise ValueError(
            f"`{name}` expects `b` of rank >= 1 (a vector or a stack of matrices); "
            f"got shape {b_shape}."
        )
    if len(b_shape) == 1:
        b_rows, batch, tail = b_shape[0], a_shape[:-2], ()
    else:
        b_rows, tail = b_shape[-2], b_shape[-1:]
        try:
            batch = symbolic.broadcast_shapes(a_shape[:-2], b_shape[:-2])
        except ValueError:
            raise ValueError(
                f"`{name}`: the batch dims of `a` (shape {a_shape}) and `b` (shape "
                f"{b_shape}) do not broadcast."
            ) from None
    if rows is not None and b_rows is not None and rows != b_rows:
        where = "its length" if len(b_shape) == 1 else "its second-to-last dim"
        raise ValueError(
            f"`{name}`: `b` must have as many rows as `a` ({where}); got `a` of shape "
            f"{a_shape} and `b` of shape {b_shape}."
        )
    return batch + (columns,) + tail


class Lstsq(Operation):
    def __init__(self, rcond=None, name=None):
        super().__init__(name=name)
        self.rcond = rcond

    def call(self, a, b):
        return active.linalg.lstsq(a, b, rcond=self.rcond)

    def compute_output_spec(self, a, b):
        shape = _solve_shape("lstsq", a, b, square=False)
        return KerasTensor(shape, dtype=_float(a, b))

    def get_config(self):
        return {**super().get_config(), "rcond": self.rcond}


def lstsq(a, b, rcond=None):
    """The least-squares solution `x` minimising `||a @ x - b||` (the smallest one).

    Args:
        a: the coefficient matrices, of shape `(..., m, n)`.
        b: the right-hand side: a vector of shape `(m,)`, or matrices of shape
            `(..., m, k)` (batch dims broadcast with those of `a`).
        rcond: singular values of `a` at most `rcond` times its largest are taken as
            zero; None: `max(m, n)` times the machine epsilon of the dtype.

    Returns:
        `x`, of shape `(..., n)` or `(..., n, k)`, as floats.

    >>> a = keras.ops.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> keras.ops.linalg.lstsq(a, keras.ops.array([1.0, 1.0, 2.0]))
    array([1., 1.], dtype=float32)
    """
    if _symbolic(a, b):
        return Lstsq(rcond).symbolic_call(a, b)
    _solve_shape("lstsq", a, b, square=False)
    return active.linalg.lstsq(a, b, rcond=rcond)


class LuFactor(Operation):
    def call(self, x):
        return active.linalg.lu_factor(x)

    def compute_output_spec(self, x):
        shape = _matrices("lu_factor", x)
        pivots = shape[:-2] + (_min_dim(*shape[-2:]),)
        return KerasTensor(shape, dtype=_float(x)), KerasTensor(pivots, dtype="int32")


def lu_factor(x):
    """The LU decomposition of matrices with partial pivoting, in LAPACK's form.

    Args:
        x: a tensor of shape `(..., m, n)`.

    Returns:
        A tuple `(lu, pivots)`: `lu`, of the shape of `x`, holds `U` in its upper
        triangle and the unit lower triangular `L` (diagonal implied) below it;
        `pivots`, int32 of shape `(..., min(m, n))`, are 0-based row swaps: row `i`
        was swapped with row `pivots[i]`, for i = 0, 1, ... in turn (as
        `scipy.linalg.lu_factor`).

    >>> x = keras.ops.array([[1.0, 2.0], [3.0, 4.0]])
    >>> lu, pivots = keras.ops.linalg.lu_factor(x)
    >>> pivots
    array([1, 1], dtype=int32)
    """
    if _symbolic(x):
        return LuFactor().symbolic_call(x)
    _matrices("lu_factor", x)
    return active.linalg.lu_factor(x)


class MatrixRank(Operation):
    def __init__(self, tol=None, name=None):
        super().__init__(name=name)
        self.tol = tol

    def call(self, x):
        return active.linalg.matrix_rank(x, tol=self.tol)

    def compute_output_spec(self, x):
        return KerasTensor(_matrices("matrix_rank", x)[:-2], dtype="int32")

    def get_config(self):
        return {**super().get_config(), "tol": self.tol}


def matrix_rank(x, tol=None):
    """The rank of matrices: the number of singular values above a threshold.

    Args:
        x: a tensor of shape `(..., m, n)`.
        tol: the threshold; None: the largest singular value times `max(m, n)` times
            the machine epsilon of the dtype.

    Returns:
        The ranks, int32 of shape `x.shape[:-2]`.

    >>> keras.ops.linalg.matrix_rank(keras.ops.array([[1.0, 2.0], [2.0, 4.0]]))
    array(1, dtype=int32)
    """
    if _symbolic(x):
        return MatrixRank(tol).symbolic_call(x)
    _matrices("matrix_rank", x)
    return active.linalg.matrix_rank(x, tol=tol)


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def _norm_plan(shape, ord, axis):
    """`(ord, axes)` for the backend: axes None (every element, the 2-norm) or a tuple
    of one (a vector norm) or two (a matrix norm) non-negative axes."""
    ndim = len(shape)
    if axis is None:
        if ord is None:
            return None, None
        if ndim not in (1, 2):
            raise ValueError(
                f"`norm` with `ord`={ord!r} and `axis`=None expects a tensor of rank 1 "
                f"or 2; got shape {shape}. Pass `axis` to choose the vector or matrix "
                "axes."
            )
        axis = tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    axes = tuple(symbolic.canonicalize_axis(a, ndim) for a in axes)
    if len(axes) not in (1, 2):
        raise ValueError(
            "`axis` of `norm` must be one axis (a vector norm) or two (a matrix "
            f"norm); got axis={axis!r}."
        )
    if len(axes) == 2 and axes[0] == axes[1]:
        raise ValueError(f"`axis` of `norm` names the same axis twice; got {axis!r}.")
    if len(axes) == 1:
        if isinstance(ord, bool) or not (ord is None or isinstance(ord, (int, float))):
            raise ValueError(
                f"`ord`={ord!r} is not a vector norm order: expected None or a number "
                "(inf, -inf, 0, 1, 2, ...)."
            )
    elif ord is not None and (isinstance(ord, bool) or ord not in _MATRIX_ORDS):
        raise ValueError(
            f"`ord`={ord!r} is not a matrix norm order: expected one of None, 'fro', "
            "'nuc', 1, -1, 2, -2, inf, -inf."
        )
    return ord, axes


def _norm_shape(shape, axes, keepdims):
    if axes is None:
        axes = tuple(range(len(shape)))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


class Norm(Operation):
    def __init__(self, ord=None, axis=None, keepdims=False, name=None):
        super().__init__(name=name)
        self.ord = ord
        self.axis = axis
        self.keepdims = keepdims

    def call(self, x):
        return norm(x, self.ord, self.axis, self.keepdims)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        _, axes = _norm_plan(shape, self.ord, self.axis)
        dtype = _float(x)
        if dtype.startswith("complex"):
            dtype = "float64" if dtype == "complex128" else "float32"
        return KerasTensor(_norm_shape(shape, axes, self.keepdims), dtype=dtype)

    def get_config(self):
        return {
            **super().get_config(),
            "ord": self.ord,
            "axis": self.axis,
            "keepdims": self.keepdims,
        }


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norms.

    With one axis the norm is a vector norm: `ord` None or 2 (Euclidean), inf (max
    |x|), -inf (min |x|), 0 (the count of non-zeros), or any p (`sum(|x|^p)^(1/p)`).
    With two axes it is a matrix norm: None or "fro" (Frobenius), "nuc" (the sum of
    singular values), 1 / -1 (max / min column sum of |x|), inf / -inf (max / min row
    sum), 2 / -2 (largest / smallest singular value).

    Args:
        x: the input tensor.
        ord: the order of the norm (see above).
        axis: None, an int or a pair of ints. None with `ord` None: the 2-norm of all
            the elements; None with an `ord`: `x` must be 1-D or 2-D.
        keepdims: keep the reduced axes with size 1.

    Returns:
        The norms, as floats.

    >>> keras.ops.linalg.norm(keras.ops.array([3.0, 4.0]))
    array(5., dtype=float32)
    """
    if _symbolic(x):
        return Norm(ord, axis, keepdims).symbolic_call(x)
    ord, axes = _norm_plan(symbolic.shape_of(x), ord, axis)
    return active.linalg.norm(x, ord=ord, axis=axes, keepdims=keepdims)


class Pinv(Operation):
    def __init__(self, rcond=None, name=None):
        super().__init__(name=name)
        self.rcond = rcond

    def call(self, x):
        return active.linalg.pinv(x, rcond=self.rcond)

    def compute_output_spec(self, x):
        shape = _matrices("pinv", x)
        return KerasTensor(shape[:-2] + (shape[-1], shape[-2]), dtype=_float(x))

    def get_config(self):
        return {**super().get_config(), "rcond": self.rcond}


def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse of matrices (through the SVD).

    Args:
        x: a tensor of shape `(..., m, n)`.
        rcond: singular values at most `rcond` times the largest are taken as zero;
            None: `max(m, n)` times the machine epsilon of the dtype.

    Returns:
        The pseudo-inverses, of shape `(..., n, m)`, as floats.

    >>> keras.ops.linalg.pinv(keras.ops.array([[2.0, 0.0], [0.0, 0.0]]))
    array([[0.5, 0. ],
           [0. , 0. ]], dtype=float32)
    """
    if _symbolic(x):
        return Pinv(rcond).symbolic_call(x)
    _matrices("pinv", x)
    return active.linalg.pinv(x, rcond=rcond)


_QR_MODES = ("reduced", "complete")


def _check_mode(mode):
    if mode not in _QR_MODES:
        raise ValueError(
            f"`mode` of `qr` must be one of {', '.join(_QR_MODES)}; got mode={mode!r}."
        )


class Qr(Operation):
    def __init__(self, mode="reduced", name=None):
        super().__init__(name=name)
        _check_mode(mode)
        self.mode = mode

    def call(self, x):
        return active.linalg.qr(x, mode=self.mode)

    def compute_output_spec(self, x):
        shape = _matrices("qr", x)
        batch, (m, n) = shape[:-2], shape[-2:]
        k = m if self.mode == "complete" else _min_dim(m, n)
        dtype = _float(x)
        return KerasTensor(batch + (m, k), dtype=dtype), KerasTensor(
            batch + (k, n), dtype=dtype
        )

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}


def qr(x, mode="reduced"):
    """The QR decomposition of matrices: `x = q @ r`, `q` orthonormal, `r` upper
    triangular.

    Args:
        x: a tensor of shape `(..., m, n)`.
        mode: "reduced": `q` of shape `(..., m, k)` and `r` of shape `(..., k, n)`
            with `k = min(m, n)`; "complete": `q` of shape `(..., m, m)` and `r` of
            shape `(..., m, n)`.

    Returns:
        The tuple `(q, r)`, as floats.

    >>> q, r = keras.ops.linalg.qr(keras.ops.ones((4, 3)))
    >>> q.shape, r.shape
    ((4, 3), (3, 3))
    """
    _check_mode(mode)
    if _symbolic(x):
        return Qr(mode).symbolic_call(x)
    _matrices("qr", x)
    return active.linalg.qr(x, mode=mode)


class Solve(Operation):
    def call(self, a, b):
        return active.linalg.solve(a, b)

    def compute_output_spec(self, a, b):
        return KerasTensor(_solve_shape("solve", a, b), dtype=_float(a, b))


def solve(a, b):
    """The solution `x` of the linear system `a @ x = b` for square `a`.

    Args:
        a: the coefficient matrices, of shape `(..., n, n)`.
        b: the right-hand side: a vector of shape `(n,)`, or matrices of shape
            `(..., n, k)` (batch dims broadcast with those of `a`).

    Returns:
        `x`, of shape `(..., n)` or `(..., n, k)`, as floats.

    >>> a = keras.ops.array([[2.0, 0.0], [0.0, 4.0]])
    >>> keras.ops.linalg.solve(a, keras.ops.array([2.0, 2.0]))
    array([1. , 0.5], dtype=float32)
    """
    if _symbolic(a, b):
        return Solve().symbolic_call(a, b)
    _solve_shape("solve", a, b)
    return active.linalg.solve(a, b)


class SolveTriangular(Operation):
    def __init__(self, lower=False, name=None):
        super().__init__(name=name)
        self.lower = lower

    def call(self, a, b):
        return active.linalg.solve_triangular(a, b, lower=self.lower)

    def compute_output_spec(self, a, b):
        shape = _solve_shape("solve_triangular", a, b)
        return KerasTensor(shape, dtype=_float(a, b))

    def get_config(self):
        return {**super().get_config(), "lower": self.lower}


def solve_triangular(a, b, lower=False):
    """The solution `x` of `a @ x = b` for triangular `a`.

    Args:
        a: triangular matrices, of shape `(..., n, n)`; only the triangle named by
            `lower` is read.
        b: the right-hand side: a vector of shape `(n,)`, or matrices of shape
            `(..., n, k)` (batch dims broadcast with those of `a`).
        lower: whether `a` is lower (True) or upper (False) triangular.

    Returns:
        `x`, of shape `(..., n)` or `(..., n, k)`, as floats.

    >>> a = keras.ops.array([[2.0, 1.0], [0.0, 4.0]])
    >>> keras.ops.linalg.solve_triangular(a, keras.ops.array([2.0, 4.0]))
    array([0.5, 1. ], dtype=float32)
    """
    if _symbolic(a, b):
        return SolveTriangular(lower).symbolic_call(a, b)
    _solve_shape("solve_triangular", a, b)
    return active.linalg.solve_triangular(a, b, lower=lower)


class Svd(Operation):
    def __init__(self, full_matrices=True, compute_uv=True, name=None):
        super().__init__(name=name)
        self.full_matrices = full_matrices
        self.compute_uv = compute_uv

    def call(self, x):
        return active.linalg.svd(
            x, full_matrices=self.full_matrices, compute_uv=self.compute_uv
        )

    def compute_output_spec(self, x):
        shape = _matrices("svd", x)
        batch, (m, n) = shape[:-2], shape[-2:]
        k = _min_dim(m, n)
        dtype = _float(x)
        s = KerasTensor(batch + (k,), dtype=dtype)
        if not self.compute_uv:
            return s
        u_columns, v_rows = (m, n) if self.full_matrices else (k, k)
        u = KerasTensor(batch + (m, u_columns), dtype=dtype)
        vh = KerasTensor(batch + (v_rows, n), dtype=dtype)
        return u, s, vh

    def get_config(self):
        return {
            **super().get_config(),
            "full_matrices": self.full_matrices,
            "compute_uv": self.compute_uv,
        }


def svd(x, full_matrices=True, compute_uv=True):
    """The singular value decomposition of matrices: `x = u @ diag(s) @ vh`.

    Args:
        x: a tensor of shape `(..., m, n)`.
        full_matrices: if True, `u` is `(..., m, m)` and `vh` `(..., n, n)`; else
            `(..., m, k)` and `(..., k, n)` with `k = min(m, n)`.
        compute_uv: if False, return the singular values only.

    Returns:
        The tuple `(u, s, vh)` (or `s` alone): `s` of shape `(..., k)`, in
        descending order; all floats.

    >>> x = keras.ops.array([[3.0, 0.0], [0.0, -4.0]])
    >>> keras.ops.linalg.svd(x, compute_uv=False)
    array([4., 3.], dtype=float32)
    """
    if _symbolic(x):
        return Svd(full_matrices, compute_uv).symbolic_call(x)
    _matrices("svd", x)
    return active.linalg.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)


def _check_jvp(fun, primals, tangents):
    if not callable(fun):
        raise TypeError(f"`fun` of `jvp` must be callable; got {fun!r}.")
    for argument, value in (("primals", primals), ("tangents", tangents)):
        if not isinstance(value, (tuple, list)):
            raise TypeError(
                f"`{argument}` of `jvp` must be a tuple or list (the positional "
                f"arguments of `fun`); got {type(value).__name__}."
            )
    if len(primals) != len(tangents):
        raise ValueError(
            f"`primals` and `tangents` of `jvp` must have the same length; got "
            f"{len(primals)} and {len(tangents)}."
        )
    for i, (p, t) in enumerate(zip(primals, tangents)):
        p_leaves, t_leaves = tree.flatten(p), tree.flatten(t)
        if len(p_leaves) != len(t_leaves):
            raise ValueError(
                f"`tangents[{i}]` must have the structure of `primals[{i}]`; got "
                f"{len(t_leaves)} tensors for {len(p_leaves)}."
            )
        for pl, tl in zip(p_leaves, t_leaves):
            p_shape, t_shape = symbolic.shape_of(pl), symbolic.shape_of(tl)
            if len(p_shape) != len(t_shape) or any(
                a is not None and b is not None and a != b
                for a, b in zip(p_shape, t_shape)
            ):
                raise ValueError(
                    f"Each tangent must have the shape of its primal; got primal "
                    f"shape {p_shape} and tangent shape {t_shape} in argument {i}."
                )


def _placeholder(x):
    dtype = dtypes.result_type(symbolic.dtype_of(x))
    return KerasTensor(symbolic.shape_of(x), dtype=dtype)


class Jvp(Operation):
    def __init__(self, fun, has_aux=False, name=None):
        super().__init__(name=name)
        self.fun = fun
        self.has_aux = has_aux

    def call(self, primals, tangents):
        return active.linalg.jvp(self.fun, primals, tangents, has_aux=self.has_aux)

    def compute_output_spec(self, primals, tangents):
        outputs = self.fun(*tree.map_structure(_placeholder, tuple(primals)))
        if self.has_aux:
            outputs, aux = outputs
        # A tangent of each output, of its shape and dtype.
        tangents_out = tree.map_structure(_placeholder, outputs)
        if self.has_aux:
            return outputs, tangents_out, aux
        return outputs, tangents_out


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode differentiation: `fun(*primals)` and its Jacobian times `tangents`.

    Args:
        fun: a function of tensors (nested structures allowed) returning a tensor or
            a nested structure of tensors (with `has_aux`, a pair `(output, aux)`).
        primals: a tuple or list of the arguments of `fun`.
        tangents: a tuple or list of the same structure and shapes as `primals`: the
            direction to differentiate in (cast to the dtypes of the primals).
        has_aux: whether `fun` returns `(output, aux)`; `aux` is passed through
            undifferentiated.

    Returns:
        `(output, tangent_output)`, or `(output, tangent_output, aux)` with
        `has_aux`; `tangent_output` has the structure of `output`. Not available on
        the numpy backend (no automatic differentiation).

    >>> out, tangent = keras.ops.linalg.jvp(
    ...     keras.ops.square, (keras.ops.array([3.0]),), (keras.ops.array([1.0]),))
    >>> tangent
    array([6.], dtype=float32)
    """
    _check_jvp(fun, primals, tangents)
    if _symbolic(*tree.flatten((tuple(primals), tuple(tangents)))):
        return Jvp(fun, has_aux).symbolic_call(tuple(primals), tuple(tangents))
    return active.linalg.jvp(fun, tuple(primals), tuple(tangents), has_aux=has_aux)
