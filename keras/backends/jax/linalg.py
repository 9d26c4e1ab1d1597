"""jax backend: the linalg ops (see keras/ops/linalg.py for their contract).

Results are computed in float32 (float64 for float64 inputs, when JAX stores them) and
cast to the result dtype, since XLA's CPU linalg has no float16 kernels. Nothing here
reads values on the host: every op works under jax.jit.
"""

import jax
import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.jax import core


# The dtypes the engine's linalg kernels compute in.
_COMPUTED = (jnp.dtype("float32"), jnp.dtype("float64"))


def _wide(*xs):
    """The inputs as arrays of their compute dtype, and the result dtype."""
    # Fast path: tensors all of one dtype linalg kernels take.
    dtype = getattr(xs[0], "dtype", None)
    if dtype in _COMPUTED and all(
        isinstance(x, jax.Array) and x.dtype == dtype for x in xs
    ):
        return list(xs), dtype
    xs = [core._tensor(x) for x in xs]
    names = [dtypes.standardize_dtype(x.dtype) for x in xs]
    # float64 is kept; ints and bools give floatx, float16/bfloat16 are kept.
    dtype = "float64" if "float64" in names else backend_utils.float_dtype(*names)
    wide = backend_utils.wide_float_dtype(dtype)
    return [core.convert_to_tensor(x, wide) for x in xs], dtypes.numpy_dtype(dtype)


def _eps(x):
    return jnp.finfo(x.dtype).eps


def _t(x):
    return jnp.swapaxes(x, -1, -2)


def cholesky(x, upper=False):
    (x,), dtype = _wide(x)
    factor = jnp.linalg.cholesky(x, symmetrize_input=False)
    return (_t(factor) if upper else factor).astype(dtype)


def cholesky_inverse(x, upper=False):
    (x,), dtype = _wide(x)
    identity = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    return jax.scipy.linalg.cho_solve((x, not upper), identity).astype(dtype)


def det(x):
    (x,), dtype = _wide(x)
    return jnp.linalg.det(x).astype(dtype)


def eig(x):
    (x,), _ = _wide(x)
    complex_dtype = jnp.complex128 if x.dtype == jnp.float64 else jnp.complex64
    w, v = jnp.linalg.eig(x)
    return w.astype(complex_dtype), v.astype(complex_dtype)


def eigh(x):
    (x,), dtype = _wide(x)
    # The lower triangle only, as the other engines read it.
    w, v = jnp.linalg.eigh(x, UPLO="L", symmetrize_input=False)
    return w.astype(dtype), v.astype(dtype)


def inv(x):
    (x,), dtype = _wide(x)
    return jnp.linalg.inv(x).astype(dtype)


def logdet(x):
    (x,), dtype = _wide(x)
    sign, logabsdet = jnp.linalg.slogdet(x)
    # log of a negative determinant is NaN, of a zero one -inf (slogdet's -inf).
    return jnp.where(sign < 0, jnp.nan, logabsdet).astype(dtype)


def _cutoff(s, rcond, shape):
    """The threshold under which singular values `s` (..., k) count as zero."""
    if rcond is None:
        rcond = max(shape[-2:]) * _eps(s)
    return rcond * jnp.max(s, axis=-1, keepdims=True, initial=0.0)


def _pseudo_inverse_times(a, b, rcond):
    """pinv(a) @ b through the SVD of `a` (..., m, n) for `b` (..., m, k)."""
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    kept = s > _cutoff(s, rcond, a.shape)
    s_inv = jnp.where(kept, 1.0 / jnp.where(kept, s, 1.0), 0.0)  # (..., k)
    return _t(vh) @ (s_inv[..., None] * (_t(u) @ b))


def lstsq(a, b, rcond=None):
    (a, b), dtype = _wide(a, b)
    if b.ndim == 1:
        return _pseudo_inverse_times(a, b[:, None], rcond)[..., 0].astype(dtype)
    return _pseudo_inverse_times(a, b, rcond).astype(dtype)


def lu_factor(x):
    (x,), dtype = _wide(x)
    lu, pivots, _ = jax.lax.linalg.lu(x)
    return lu.astype(dtype), pivots.astype(jnp.int32)


def matrix_rank(x, tol=None):
    (x,), _ = _wide(x)
    s = jnp.linalg.svd(x, compute_uv=False)
    threshold = _cutoff(s, None, x.shape) if tol is None else tol
    return jnp.sum(s > threshold, axis=-1).astype(jnp.int32)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _wide(x)
    if axis is None:
        result = jnp.sqrt(jnp.sum(jnp.square(jnp.abs(x)), keepdims=keepdims))
    else:
        result = jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return result.astype(dtype)


def pinv(x, rcond=None):
    (x,), dtype = _wide(x)
    if rcond is None:
        rcond = max(x.shape[-2:]) * _eps(x)
    return jnp.linalg.pinv(x, rtol=rcond).astype(dtype)


def qr(x, mode="reduced"):
    (x,), dtype = _wide(x)
    q, r = jnp.linalg.qr(x, mode=mode)
    return q.astype(dtype), r.astype(dtype)


def _matrix_rhs(a, b):
    """`a` and `b` with their batch dims broadcast (b a column when 1-D)."""
    b = b[:, None] if b.ndim == 1 else b
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return jnp.broadcast_to(a, batch + a.shape[-2:]), jnp.broadcast_to(
        b, batch + b.shape[-2:]
    )


def solve(a, b):
    (a, b), dtype = _wide(a, b)
    x = jnp.linalg.solve(*_matrix_rhs(a, b))
    return (x[..., 0] if b.ndim == 1 else x).astype(dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _wide(a, b)
    x = jax.scipy.linalg.solve_triangular(*_matrix_rhs(a, b), lower=lower)
    return (x[..., 0] if b.ndim == 1 else x).astype(dtype)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _wide(x)
    if not compute_uv:
        return jnp.linalg.svd(x, compute_uv=False).astype(dtype)
    u, s, vh = jnp.linalg.svd(x, full_matrices=full_matrices)
    return u.astype(dtype), s.astype(dtype), vh.astype(dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = jax.tree.map(core._tensor, primals)
    # jax.jvp needs each tangent in the dtype of its primal.
    tangents = jax.tree.map(
        lambda t, p: core.convert_to_tensor(t, p.dtype), tangents, primals
    )
    return jax.jvp(fun, primals, tangents, has_aux=has_aux)
