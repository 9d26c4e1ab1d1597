"""torch backend: the linalg ops (see keras/ops/linalg.py for their contract).

Results are computed in float32 (float64 for float64 inputs) and cast to the result
dtype, since torch's CPU linalg has no float16/bfloat16 kernels.
"""

import torch
import torch.utils._pytree as pytree

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.torch import core


# The dtypes the engine's linalg kernels compute in.
_COMPUTED = (torch.float32, torch.float64)


def _wide(*xs):
    """The inputs as tensors of their compute dtype, and the result dtype."""
    # Fast path: tensors all of one dtype linalg kernels take.
    dtype = getattr(xs[0], "dtype", None)
    if dtype in _COMPUTED and all(
        isinstance(x, torch.Tensor) and x.dtype == dtype for x in xs
    ):
        return list(xs), dtype
    xs = [core._tensor(x) for x in xs]
    names = [dtypes.standardize_dtype(x.dtype) for x in xs]
    # float64 is kept; ints and bools give floatx, float16/bfloat16 are kept.
    dtype = "float64" if "float64" in names else backend_utils.float_dtype(*names)
    wide = backend_utils.wide_float_dtype(dtype)
    return [core.cast(x, wide) for x in xs], core._torch_dtype(dtype)


def _eps(x):
    return torch.finfo(x.dtype).eps


def _t(x):
    return torch.transpose(x, -1, -2)


def cholesky(x, upper=False):
    (x,), dtype = _wide(x)
    factor, info = torch.linalg.cholesky_ex(x, upper=upper)
    if torch.any(info != 0):
        raise ValueError(
            "Cholesky decomposition failed: the input is not positive definite."
        )
    return factor.to(dtype)


def cholesky_inverse(x, upper=False):
    (x,), dtype = _wide(x)
    # Only the factor's triangle: torch's gradient would reach the other one too.
    factor = torch.triu(x) if upper else torch.tril(x)
    return torch.cholesky_inverse(factor, upper=upper).to(dtype)


def det(x):
    (x,), dtype = _wide(x)
    return torch.linalg.det(x).to(dtype)


def eig(x):
    (x,), _ = _wide(x)
    w, v = torch.linalg.eig(x)
    return w, v


def eigh(x):
    (x,), dtype = _wide(x)
    w, v = torch.linalg.eigh(x, UPLO="L")
    return w.to(dtype), v.to(dtype)


def inv(x):
    (x,), dtype = _wide(x)
    return torch.linalg.inv(x).to(dtype)


def logdet(x):
    (x,), dtype = _wide(x)
    # NaN for a negative determinant, -inf for a zero one.
    return torch.logdet(x).to(dtype)


def _cutoff(s, rcond, shape):
    """The threshold under which singular values `s` (..., k) count as zero."""
    if rcond is None:
        rcond = max(shape[-2:]) * _eps(s)
    if s.shape[-1] == 0:
        return torch.zeros(s.shape[:-1] + (1,), dtype=s.dtype, device=s.device)
    return rcond * torch.amax(s, dim=-1, keepdim=True)


def _pseudo_inverse_times(a, b, rcond):
    """pinv(a) @ b through the SVD of `a` (..., m, n) for `b` (..., m, k)."""
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    kept = s > _cutoff(s, rcond, a.shape)
    s_inv = torch.where(kept, 1.0 / torch.where(kept, s, torch.ones_like(s)), 0.0)
    return _t(vh) @ (s_inv[..., None] * (_t(u) @ b))


def lstsq(a, b, rcond=None):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        return _pseudo_inverse_times(a, b[:, None], rcond)[..., 0].to(dtype)
    return _pseudo_inverse_times(a, b, rcond).to(dtype)


def lu_factor(x):
    (x,), dtype = _wide(x)
    lu, pivots, _ = torch.linalg.lu_factor_ex(x)
    # torch's pivots are 1-based, as LAPACK's Fortran ones.
    return lu.to(dtype), (pivots - 1).to(torch.int32)


def matrix_rank(x, tol=None):
    (x,), _ = _wide(x)
    s = torch.linalg.svdvals(x)
    threshold = _cutoff(s, None, x.shape) if tol is None else tol
    return torch.sum(s > threshold, dim=-1).to(torch.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _wide(x)
    if axis is None:
        dims = tuple(range(x.ndim))
        result = torch.linalg.vector_norm(x, 2, dim=dims, keepdim=keepdims)
    elif len(axis) == 1:
        order = 2 if ord is None else ord
        result = torch.linalg.vector_norm(x, order, dim=axis, keepdim=keepdims)
    else:
        order = "fro" if ord is None else ord
        result = torch.linalg.matrix_norm(x, order, dim=axis, keepdim=keepdims)
    return result.to(dtype)


def pinv(x, rcond=None):
    (x,), dtype = _wide(x)
    if rcond is None:
        rcond = max(x.shape[-2:]) * _eps(x)
    return torch.linalg.pinv(x, rtol=rcond).to(dtype)


def qr(x, mode="reduced"):
    (x,), dtype = _wide(x)
    q, r = torch.linalg.qr(x, mode=mode)
    return q.to(dtype), r.to(dtype)


def solve(a, b):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        return torch.linalg.solve(a, b[:, None])[..., 0].to(dtype)
    return torch.linalg.solve(a, b).to(dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _wide(a, b)
    column = b.ndim == 1
    x = torch.linalg.solve_triangular(a, b[:, None] if column else b, upper=not lower)
    return (x[..., 0] if column else x).to(dtype)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _wide(x)
    if not compute_uv:
        return torch.linalg.svdvals(x).to(dtype)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return u.to(dtype), s.to(dtype), vh.to(dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = pytree.tree_map(core._tensor, tuple(primals))
    # torch.func.jvp needs each tangent in the dtype of its primal.
    tangents = tuple(
        pytree.tree_map(lambda t, p: core.convert_to_tensor(t).to(p.dtype), t, p)
        for t, p in zip(tangents, primals)
    )
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)
