"""tensorflow backend: the linalg ops (see keras/ops/linalg.py for their contract).

Results are computed in float32 (float64 for float64 inputs) and cast to the result
dtype, since TF's CPU linalg has no float16/bfloat16 kernels. TF's `tf.norm` lacks the
matrix 2-norms and negative orders, so the norms are composed here; `tf.linalg.lu`
gives a permutation, turned into LAPACK's row swaps.
"""

import math

import numpy as np
import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.tensorflow import core


# The dtypes the engine's linalg kernels compute in.
_COMPUTED = (tf.float32, tf.float64)


def _wide(*xs):
    """The inputs as tensors of their compute dtype, and the result dtype."""
    # Fast path: tensors all of one dtype linalg kernels take.
    dtype = getattr(xs[0], "dtype", None)
    if dtype in _COMPUTED and all(
        isinstance(x, tf.Tensor) and x.dtype == dtype for x in xs
    ):
        return list(xs), dtype
    xs = [core._tensor(x) for x in xs]
    names = [dtypes.standardize_dtype(x.dtype) for x in xs]
    # float64 is kept; ints and bools give floatx, float16/bfloat16 are kept.
    dtype = "float64" if "float64" in names else backend_utils.float_dtype(*names)
    wide = backend_utils.wide_float_dtype(dtype)
    return [tf.cast(x, wide) for x in xs], tf.as_dtype(dtypes.numpy_dtype(dtype))


def _eps(x):
    return float(np.finfo(x.dtype.as_numpy_dtype).eps)


def _t(x):
    return tf.linalg.adjoint(x)


def _eye_like(x):
    shape = tf.shape(x)
    return tf.eye(shape[-1], batch_shape=shape[:-2], dtype=x.dtype)


def cholesky(x, upper=False):
    (x,), dtype = _wide(x)
    factor = tf.linalg.cholesky(x)
    # TF fills the factor of a matrix that is not positive definite with NaNs; eager
    # calls can say so (a traced one keeps the NaNs).
    if tf.executing_eagerly() and bool(tf.reduce_any(tf.math.is_nan(factor))):
        raise ValueError(
            "Cholesky decomposition failed: the input is not positive definite."
        )
    return tf.cast(_t(factor) if upper else factor, dtype)


def cholesky_inverse(x, upper=False):
    (x,), dtype = _wide(x)
    lower = _t(x) if upper else x
    return tf.cast(tf.linalg.cholesky_solve(lower, _eye_like(x)), dtype)


def det(x):
    (x,), dtype = _wide(x)
    return tf.cast(tf.linalg.det(x), dtype)


def eig(x):
    (x,), _ = _wide(x)
    return tf.linalg.eig(x)


def eigh(x):
    (x,), dtype = _wide(x)
    w, v = tf.linalg.eigh(x)
    return tf.cast(w, dtype), tf.cast(v, dtype)


def inv(x):
    (x,), dtype = _wide(x)
    return tf.cast(tf.linalg.inv(x), dtype)


def logdet(x):
    (x,), dtype = _wide(x)
    sign, logabsdet = tf.linalg.slogdet(x)
    # log of a negative determinant is NaN, of a zero one -inf (slogdet's -inf).
    nan = tf.constant(math.nan, logabsdet.dtype)
    return tf.cast(tf.where(sign < 0, nan, logabsdet), dtype)


def _cutoff(s, rcond, x):
    """The threshold under which singular values `s` (..., k) count as zero."""
    if rcond is None:
        rows, columns = tf.shape(x)[-2], tf.shape(x)[-1]
        rcond = tf.cast(tf.maximum(rows, columns), s.dtype) * _eps(s)
    largest = tf.reduce_max(s, axis=-1, keepdims=True)
    # An empty matrix has no singular values: reduce_max gives -inf there.
    return tf.cast(rcond, s.dtype) * tf.maximum(largest, tf.zeros([], s.dtype))


def _pseudo_inverse_times(a, b, rcond):
    """pinv(a) @ b through the SVD of `a` (..., m, n) for `b` (..., m, k)."""
    s, u, v = tf.linalg.svd(a, full_matrices=False)
    kept = s > _cutoff(s, rcond, a)
    s_inv = tf.where(kept, 1.0 / tf.where(kept, s, tf.ones_like(s)), tf.zeros_like(s))
    return v @ (s_inv[..., None] * (_t(u) @ b))


def lstsq(a, b, rcond=None):
    (a, b), dtype = _wide(a, b)
    if b.shape.rank == 1:
        return tf.cast(_pseudo_inverse_times(a, b[:, None], rcond)[..., 0], dtype)
    return tf.cast(_pseudo_inverse_times(a, b, rcond), dtype)


def _swaps(permutation):
    """LAPACK's row swaps (0-based) that reorder rows as `permutation` (..., n) does:
    row i of the result is row `permutation[i]`, and swap i exchanges rows i and
    `swaps[i]`, in turn."""
    shape = tf.shape(permutation)
    n = shape[-1]
    flat = tf.reshape(permutation, [-1, n])  # (batch, n)
    columns = tf.range(n)[None, :]
    # current[b, p]: the original row now at position p; position: its inverse.
    current = tf.broadcast_to(columns, tf.shape(flat))

    def step(i, current, position, swaps):
        target = tf.gather(flat, i, axis=1)[:, None]  # the row to bring to i
        j = tf.gather(position, target, batch_dims=1)  # where it is now
        at_i = tf.gather(current, i, axis=1)[:, None]
        current = tf.where(columns == i, target, tf.where(columns == j, at_i, current))
        position = tf.where(
            columns == target, i, tf.where(columns == at_i, j, position)
        )
        swaps = tf.where(columns == i, j, swaps)
        return i + 1, current, position, swaps

    _, _, _, swaps = tf.while_loop(
        lambda i, *_: i < n, step, (tf.constant(0), current, current, current)
    )
    return tf.reshape(swaps, shape)


def lu_factor(x):
    (x,), dtype = _wide(x)
    if x.shape[-2] is not None and x.shape[-2] != x.shape[-1]:
        raise NotImplementedError(
            "keras.ops.linalg.lu_factor of non-square matrices is not available on "
            f"the tensorflow backend (tf.linalg.lu is square only); got shape "
            f"{tuple(x.shape)}."
        )
    lu, permutation = tf.linalg.lu(x)
    return tf.cast(lu, dtype), tf.cast(_swaps(permutation), tf.int32)


def matrix_rank(x, tol=None):
    (x,), _ = _wide(x)
    s = tf.linalg.svd(x, compute_uv=False)
    threshold = _cutoff(s, None, x) if tol is None else tf.cast(tol, s.dtype)
    return tf.reduce_sum(tf.cast(s > threshold, tf.int32), axis=-1)


def _vector_norm(x, ord, axis, keepdims):
    magnitude = tf.abs(x)
    if ord is None or ord == 2:
        return tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis, keepdims))
    if ord == math.inf:
        return tf.reduce_max(magnitude, axis, keepdims)
    if ord == -math.inf:
        return tf.reduce_min(magnitude, axis, keepdims)
    if ord == 0:
        return tf.reduce_sum(tf.cast(magnitude != 0, x.dtype), axis, keepdims)
    if ord == 1:
        return tf.reduce_sum(magnitude, axis, keepdims)
    p = tf.constant(ord, x.dtype)
    return tf.pow(tf.reduce_sum(tf.pow(magnitude, p), axis, keepdims), 1.0 / p)


def _singular_values(x, rows, columns):
    """The singular values of the (rows, columns) planes of `x`: (others..., k)."""
    others = [i for i in range(x.shape.rank) if i not in (rows, columns)]
    return tf.linalg.svd(tf.transpose(x, others + [rows, columns]), compute_uv=False)


def _matrix_norm(x, ord, axis, keepdims):
    rows, columns = axis
    magnitude = tf.abs(x)
    if ord in (None, "fro"):
        return tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis, keepdims))
    if ord in (1, -1, math.inf, -math.inf):
        # 1: the largest column sum; inf: the largest row sum (min for negatives).
        summed, kept = (rows, columns) if abs(ord) == 1 else (columns, rows)
        reduce = tf.reduce_max if ord > 0 else tf.reduce_min
        sums = tf.reduce_sum(magnitude, summed, keepdims=True)
        result = reduce(sums, kept, keepdims=True)
    else:
        s = _singular_values(x, rows, columns)
        reduce = {"nuc": tf.reduce_sum, 2: tf.reduce_max, -2: tf.reduce_min}[ord]
        result = reduce(s, -1)
        for a in sorted(axis):
            result = tf.expand_dims(result, a)
    return result if keepdims else tf.squeeze(result, axis)


def norm(x, ord=None, axis=None, keepdims=False):
    (x,), dtype = _wide(x)
    if axis is None:
        result = tf.sqrt(tf.reduce_sum(tf.square(x), None, keepdims))
    elif len(axis) == 1:
        result = _vector_norm(x, ord, list(axis), keepdims)
    else:
        result = _matrix_norm(x, ord, list(axis), keepdims)
    return tf.cast(result, dtype)


def pinv(x, rcond=None):
    (x,), dtype = _wide(x)
    if rcond is None:
        rcond = max(x.shape[-2:]) * _eps(x)
    return tf.cast(tf.linalg.pinv(x, rcond=rcond), dtype)


def qr(x, mode="reduced"):
    (x,), dtype = _wide(x)
    q, r = tf.linalg.qr(x, full_matrices=mode == "complete")
    return tf.cast(q, dtype), tf.cast(r, dtype)


def _matrix_rhs(a, b):
    """`a` and `b` with their batch dims broadcast (b a column when 1-D)."""
    b = b[:, None] if b.shape.rank == 1 else b
    batch = tf.broadcast_dynamic_shape(tf.shape(a)[:-2], tf.shape(b)[:-2])
    a = tf.broadcast_to(a, tf.concat([batch, tf.shape(a)[-2:]], 0))
    b = tf.broadcast_to(b, tf.concat([batch, tf.shape(b)[-2:]], 0))
    return a, b


def solve(a, b):
    (a, b), dtype = _wide(a, b)
    x = tf.linalg.solve(*_matrix_rhs(a, b))
    return tf.cast(x[..., 0] if b.shape.rank == 1 else x, dtype)


def solve_triangular(a, b, lower=False):
    (a, b), dtype = _wide(a, b)
    x = tf.linalg.triangular_solve(*_matrix_rhs(a, b), lower=lower)
    return tf.cast(x[..., 0] if b.shape.rank == 1 else x, dtype)


def svd(x, full_matrices=True, compute_uv=True):
    (x,), dtype = _wide(x)
    if not compute_uv:
        return tf.cast(tf.linalg.svd(x, compute_uv=False), dtype)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return tf.cast(u, dtype), tf.cast(s, dtype), tf.cast(_t(v), dtype)


def jvp(fun, primals, tangents, has_aux=False):
    # Fresh tensors: the accumulator watches each primal once, even when the caller
    # passes one tensor twice.
    primals = tf.nest.map_structure(lambda p: tf.identity(core._tensor(p)), primals)
    tangents = tf.nest.map_structure(
        lambda t, p: tf.cast(core._tensor(t), p.dtype), tangents, primals
    )
    with tf.autodiff.ForwardAccumulator(
        tf.nest.flatten(primals), tf.nest.flatten(tangents)
    ) as accumulator:
        outputs = fun(*primals)
    if has_aux:
        outputs, aux = outputs
    tangents_out = accumulator.jvp(
        outputs, unconnected_gradients=tf.UnconnectedGradients.ZERO
    )
    if has_aux:
        return outputs, tangents_out, aux
    return outputs, tangents_out
