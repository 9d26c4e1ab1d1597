"""numpy backend: the linalg ops (see keras/ops/linalg.py for their contract).

Results are computed in float32 (float64 for float64 inputs) and cast to the result
dtype, since NumPy's linalg has no float16 kernels.
"""

import numpy as np
import scipy.linalg

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.numpy import core


# The dtypes the engine's linalg kernels compute in.
_COMPUTED = (np.dtype("float32"), np.dtype("float64"))


def _wide(*xs):
    """The inputs as arrays of their compute dtype, and the result dtype."""
    # Fast path: tensors all of one dtype linalg kernels take.
    dtype = getattr(xs[0], "dtype", None)
    if dtype in _COMPUTED and all(
        isinstance(x, np.ndarray) and x.dtype == dtype for x in xs
    ):
        return list(xs), dtype
    xs = [core._tensor(x) for x in xs]
    names = [dtypes.standardize_dtype(x.dtype) for x in xs]
    # float64 is kept; ints and bools give floatx, float16/bfloat16 are kept.
    dtype = "float64" if "float64" in names else backend_utils.float_dtype(*names)
    wide = backend_utils.wide_float_dtype(dtype)
    return [x.astype(wide, copy=False) for x in xs], dtypes.numpy_dtype(dtype)


def _eps(x):
    return np.finfo(x.dtype).eps


def cholesky(x, upper=False):
    (x,), dtype = _wide(x)
    try:
        factor = np.linalg.cholesky(x, upper=upper)
    except np.linalg.LinAlgError as error:
        raise ValueError(f"Cholesky decomposition failed: {error}") from None
    return factor.astype(dtype)


def cholesky_inverse(x, upper=False):
    (x,), dtype = _wide(x)
    identity = np.broadcast_to(np.eye(x.shape[-1], dtype=x.dtype), x.shape)
    result = scipy.linalg.cho_solve((x, not upper), identity, check_finite=False)
    return result.astype(dtype)


def det(x):
    (x,), dtype = _wide(x)
    return np.asarray(np.linalg.det(x), dtype)


def eig(x):
    (x,), dtype = _wide(x)
    complex_dtype = np.complex128 if x.dtype == np.float64 else np.complex64
    w, v = np.linalg.eig(x)
    return w.astype(complex_dtype), v.astype(complex_dtype)


def eigh(x):
    (x,), dtype = _wide(x)
    w, v = np.linalg.eigh(x)
    return w.astype(dtype), v.astype(dtype)


def inv(x):
    (x,), dtype = _wide(x)
    return np.linalg.inv(x).astype(dtype)


def logdet(x):
    (x,), dtype = _wide(x)
    sign, logabsdet = np.linalg.slogdet(x)
    # log of a negative determinant is NaN, of a zero one -inf (slogdet's -inf).
    result = np.where(sign < 0, np.nan, logabsdet)
    return np.asarray(result, dtype)


def _cutoff(s, rcond, shape):
    """The threshold under which singular values `s` (..., k) count as zero."""
    if rcond is None:
        rcond = max(shape[-2:]) * _eps(s)
    return rcond * np.max(s, axis=-1, keepdims=True, initial=0.0)


def _pseudo_inverse_times(a, b, rcond):
    """pinv(a) @ b through the SVD of `a` (..., m, n) for `b` (..., m, k)."""
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    kept = s > _cutoff(s, rcond, a.shape)
    s_inv = np.where(kept, 1.0 / np.where(kept, s, 1.0), 0.0)  # (..., k)
    return np.swapaxes(vh, -1, -2) @ (s_inv[..., None] * (np.swapaxes(u, -1, -2) @ b))


def lstsq(a, b, rcond=None):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        return _pseudo_inverse_times(a, b[:, None], rcond)[..., 0].astype(dtype)
    return _pseudo_inverse_times(a, b, rcond).astype(dtype)


def lu_factor(x):
    (x,), dtype = _wide(x)
    lu, pivots = scipy.linalg.lu_factor(x, check_finite=False)
    return lu.astype(dtype), pivots.astype(np.int32)


def matrix_rank(x, tol=None):
    (x,), _ = _wide(x)
    s = np.linalg.svd(x, compute_uv=False)
    threshold = _cutoff(s, None, x.shape) if tol is None else tol
    return np.sum(s > threshold, axis=-1).astype(np.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _wide(x)
    if axis is None:
        result = np.sqrt(np.sum(np.square(np.abs(x)), keepdims=keepdims))
    else:
        result = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return np.asarray(result, dtype)


def pinv(x, rcond=None):
    (x,), dtype = _wide(x)
    if rcond is None:
        rcond = max(x.shape[-2:]) * _eps(x)
    return np.linalg.pinv(x, rcond=rcond).astype(dtype)


def qr(x, mode="reduced"):
    (x,), dtype = _wide(x)
    q, r = np.linalg.qr(x, mode=mode)
    return q.astype(dtype), r.astype(dtype)


def solve(a, b):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        return np.linalg.solve(a, b[:, None])[..., 0].astype(dtype)
    return np.linalg.solve(a, b).astype(dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        b = b[:, None]
        squeeze = True
    else:
        squeeze = False
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    x = scipy.linalg.solve_triangular(a, b, lower=lower, check_finite=False)
    return (x[..., 0] if squeeze else x).astype(dtype)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _wide(x)
    if not compute_uv:
        return np.linalg.svd(x, compute_uv=False).astype(dtype)
    u, s, vh = np.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(dtype), s.astype(dtype), vh.astype(dtype)


def jvp(fun, primals, tangents, has_aux=False):
    raise NotImplementedError(
        "keras.ops.linalg.jvp is not available on the numpy backend: it has no "
        "automatic differentiation. Use the jax, torch or tensorflow backend."
    )
