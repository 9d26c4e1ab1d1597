"""keras.ops linalg ops against NumPy references: values, dtypes, symbolic specs.

Decompositions whose factors are unique only up to signs or order (qr, svd, eig,
eigh) are checked through reconstruction and orthogonality, plus the unique parts
(singular values, sorted eigenvalues) against NumPy. References run in float64.
"""

import math

import numpy as np
import pytest
import scipy.linalg

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import linalg
from keras.ops import testing

to_numpy = testing.to_numpy
RTOL, ATOL = 1e-5, 1e-5
# Square shapes: one matrix, a batch, two batch axes.
SQUARE_SHAPES = [(3, 3), (2, 4, 4), (2, 1, 3, 3)]
# Any matrices: square, tall, wide, batched.
MATRIX_SHAPES = [(3, 3), (5, 3), (3, 5), (2, 4, 3), (2, 1, 3, 4)]


def swap(x):
    return np.swapaxes(x, -1, -2)


def eye_like(x):
    return np.broadcast_to(np.eye(x.shape[-1]), x.shape)


def general(shape, seed=0):
    """Random well-conditioned float32 matrices (a dominant diagonal when square)."""
    x = testing.random_array(shape, seed=seed, low=-1.0, high=1.0).astype("float64")
    if shape[-1] == shape[-2]:
        x = x + shape[-1] * eye_like(x)
    return x.astype("float32")


def spd(shape, seed=0):
    """Random symmetric positive definite float32 matrices."""
    x = testing.random_array(shape, seed=seed, low=-1.0, high=1.0).astype("float64")
    return (x @ swap(x) + shape[-1] * eye_like(x)).astype("float32")


def wide(x):
    return np.asarray(x, "float64")


def close(actual, expected, rtol=RTOL, atol=ATOL, dtype="float32"):
    expected = np.asarray(expected)
    if expected.dtype.kind != "c":
        expected = expected.astype(dtype)
    testing.assert_close(actual, expected, rtol=rtol, atol=atol)


def skip_float64_on_jax():
    if active.name == "jax":
        pytest.skip("jax stores float64 as float32 (jax_enable_x64 is off)")


def test_every_op_is_in_keras_ops():
    for name in linalg.__all__:
        assert getattr(ops, name) is getattr(linalg, name)


# Values.


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(shape, upper):
    x = spd(shape, seed=1)
    lower = np.linalg.cholesky(wide(x))
    result = linalg.cholesky(x, upper=upper)
    close(result, swap(lower) if upper else lower)
    factor = to_numpy(result).astype("float64")
    rebuilt = swap(factor) @ factor if upper else factor @ swap(factor)
    np.testing.assert_allclose(rebuilt, x, rtol=RTOL, atol=1e-4)


def test_cholesky_reads_the_lower_triangle_only():
    x = spd((4, 4), seed=2)
    garbage = x + np.triu(np.full((4, 4), 7.0, "float32"), 1)
    close(linalg.cholesky(garbage), np.linalg.cholesky(wide(x)))


def test_cholesky_of_a_matrix_that_is_not_positive_definite():
    if active.name == "jax":
        result = to_numpy(linalg.cholesky(-spd((3, 3))))
        assert np.isnan(result).any()
    else:
        with pytest.raises(ValueError, match="Cholesky decomposition failed"):
            linalg.cholesky(-spd((3, 3)))


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_inverse(shape, upper):
    x = spd(shape, seed=3)
    lower = np.linalg.cholesky(wide(x)).astype("float32")
    factor = swap(lower) if upper else lower
    close(linalg.cholesky_inverse(factor, upper=upper), np.linalg.inv(wide(x)))


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
def test_det_and_inv(shape):
    x = general(shape, seed=4)
    close(linalg.det(x), np.linalg.det(wide(x)))
    close(linalg.inv(x), np.linalg.inv(wide(x)))


def test_det_of_a_singular_matrix_is_zero():
    x = np.array([[1.0, 2.0], [2.0, 4.0]], "float32")
    close(linalg.det(x), 0.0)


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
def test_logdet(shape):
    x = spd(shape, seed=5)
    close(linalg.logdet(x), np.linalg.slogdet(wide(x))[1])
    assert ops.logdet is linalg.logdet


def test_logdet_of_negative_and_zero_determinants():
    x = np.stack(
        [np.diag([2.0, -3.0]), np.zeros((2, 2)), np.diag([2.0, 3.0])]
    ).astype("float32")
    result = to_numpy(linalg.logdet(x))
    assert np.isnan(result[0])
    assert result[1] == -np.inf
    np.testing.assert_allclose(result[2], np.log(6.0), rtol=RTOL)


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
def test_eig(shape):
    x = general(shape, seed=6)
    w, v = linalg.eig(x)
    w, v = to_numpy(w), to_numpy(v)
    assert w.dtype == np.complex64 and v.dtype == np.complex64
    assert w.shape == shape[:-1] and v.shape == shape
    # x @ v = v * w, column by column.
    np.testing.assert_allclose(x @ v, v * w[..., None, :], rtol=1e-4, atol=1e-4)
    expected = np.linalg.eigvals(wide(x))
    np.testing.assert_allclose(
        np.sort_complex(w.astype("complex128")), np.sort_complex(expected), atol=1e-4
    )


def test_eig_of_a_rotation_is_complex():
    x = np.array([[0.0, -1.0], [1.0, 0.0]], "float32")
    w, _ = linalg.eig(x)
    np.testing.assert_allclose(np.sort_complex(to_numpy(w)), [-1j, 1j], atol=1e-6)


@pytest.mark.parametrize("shape", SQUARE_SHAPES)
def test_eigh(shape):
    x = spd(shape, seed=7)
    w, v = linalg.eigh(x)
    close(w, np.linalg.eigh(wide(x))[0], rtol=1e-5, atol=1e-4)
    w, v = to_numpy(w).astype("float64"), to_numpy(v).astype("float64")
    np.testing.assert_allclose(x @ v, v * w[..., None, :], atol=1e-4)
    np.testing.assert_allclose(swap(v) @ v, eye_like(x), atol=1e-5)
    assert np.all(np.diff(w, axis=-1) >= 0)


def test_eigh_reads_the_lower_triangle_only():
    x = spd((4, 4), seed=8)
    garbage = x + np.triu(np.full((4, 4), 5.0, "float32"), 1)
    close(linalg.eigh(garbage)[0], np.linalg.eigvalsh(wide(x)), atol=1e-4)


@pytest.mark.parametrize(
    "a_shape,b_shape",
    [((5, 3), (5,)), ((5, 3), (5, 2)), ((2, 6, 4), (2, 6, 3)), ((2, 6, 4), (6, 1)),
     ((4, 4), (4, 2))],
)
def test_lstsq(a_shape, b_shape):
    a = general(a_shape, seed=9)
    b = testing.random_array(b_shape, seed=10)
    if len(a_shape) == 2:
        expected = np.linalg.lstsq(wide(a), wide(b), rcond=None)[0]
    else:
        expected = np.linalg.pinv(wide(a)) @ wide(b)
    close(linalg.lstsq(a, b), expected, rtol=1e-4, atol=1e-4)


def test_lstsq_of_a_rank_deficient_system_is_the_smallest_solution():
    a = np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 2.0]], "float32")
    b = np.array([1.0, 1.0, 2.0], "float32")
    close(linalg.lstsq(a, b), [0.5, 0.5])
    # A generous rcond drops the second singular value of a full-rank matrix too.
    a = np.diag([10.0, 0.5]).astype("float32")
    close(linalg.lstsq(a, np.ones(2, "float32")), [0.1, 2.0])
    close(linalg.lstsq(a, np.ones(2, "float32"), rcond=0.1), [0.1, 0.0])


def permutation_of(pivots, rows):
    """The row order LAPACK's swaps `pivots` give: P @ x = x[order]."""
    order = np.arange(rows)
    for i, p in enumerate(pivots):
        order[[i, p]] = order[[p, i]]
    return order


def rebuild_lu(lu, pivots):
    """x from lu_factor's (lu, pivots) of one matrix, in float64."""
    rows, columns = lu.shape
    k = min(rows, columns)
    lower = np.tril(lu, -1)[:, :k] + np.eye(rows, k)
    upper = np.triu(lu)[:k, :]
    x = np.empty((rows, columns))
    x[permutation_of(pivots, rows)] = lower @ upper
    return x


@pytest.mark.parametrize("shape", [*SQUARE_SHAPES, (5, 3), (3, 5), (2, 4, 3)])
def test_lu_factor(shape):
    if active.name == "tensorflow" and shape[-1] != shape[-2]:
        pytest.skip("tensorflow: tf.linalg.lu factors square matrices only")
    x = testing.random_array(shape, seed=11, low=-1.0, high=1.0)
    lu, pivots = linalg.lu_factor(x)
    expected_lu, expected_pivots = scipy.linalg.lu_factor(wide(x))
    close(lu, expected_lu, rtol=1e-4, atol=1e-5)
    testing.assert_close(pivots, expected_pivots.astype("int32"))
    lu, pivots = to_numpy(lu).astype("float64"), to_numpy(pivots)
    flat_lu = lu.reshape((-1,) + lu.shape[-2:])
    flat_pivots = pivots.reshape((-1, pivots.shape[-1]))
    rebuilt = np.stack([rebuild_lu(m, p) for m, p in zip(flat_lu, flat_pivots)])
    np.testing.assert_allclose(rebuilt.reshape(shape), x, atol=1e-5)


def test_lu_factor_non_square_on_tensorflow_is_a_named_gap():
    if active.name != "tensorflow":
        pytest.skip("only tensorflow lacks non-square LU")
    with pytest.raises(NotImplementedError, match="tensorflow"):
        linalg.lu_factor(np.ones((3, 2), "float32"))


def test_matrix_rank():
    rng = testing.rng(12)
    low_rank = np.stack(
        [rng.normal(size=(5, r)) @ rng.normal(size=(r, 4)) for r in (0, 1, 2, 4)]
    ).astype("float32")
    result = linalg.matrix_rank(low_rank)
    testing.assert_close(result, np.array([0, 1, 2, 4], "int32"))
    testing.assert_close(result, np.linalg.matrix_rank(low_rank).astype("int32"))
    x = np.diag([3.0, 1.0, 0.01]).astype("float32")
    testing.assert_close(linalg.matrix_rank(x), np.array(3, "int32"))
    testing.assert_close(linalg.matrix_rank(x, tol=0.5), np.array(2, "int32"))


VECTOR_ORDS = [None, 1, 2, 3, 0.5, 0, -1, -2, math.inf, -math.inf]
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDS)
@pytest.mark.parametrize("keepdims", [False, True])
def test_vector_norms(ord, keepdims):
    x = testing.random_array((2, 3, 5), seed=13)
    x[0, 0, 1] = 0.0  # a zero for ord=0
    # Negative orders of a vector with a zero divide by zero (the norm is 0).
    with np.errstate(divide="ignore"):
        for axis in (-1, 1, 0):
            expected = np.linalg.norm(wide(x), ord, axis, keepdims)
            close(linalg.norm(x, ord, axis, keepdims), expected, rtol=1e-5, atol=1e-5)
    vector = x[1, 1]
    close(linalg.norm(vector, ord), np.linalg.norm(wide(vector), ord))


@pytest.mark.parametrize("ord", MATRIX_ORDS)
@pytest.mark.parametrize("keepdims", [False, True])
def test_matrix_norms(ord, keepdims):
    x = testing.random_array((2, 3, 4), seed=14)
    for axis in ((1, 2), (2, 1), (0, 2), (-1, 0)):
        expected = np.linalg.norm(wide(x), ord, axis, keepdims)
        close(linalg.norm(x, ord, axis, keepdims), expected, rtol=1e-5, atol=1e-5)
    matrix = x[0]
    close(linalg.norm(matrix, ord), np.linalg.norm(wide(matrix), ord))


def test_norm_defaults_flatten_every_axis():
    x = testing.random_array((2, 3, 4), seed=15)
    close(linalg.norm(x), np.linalg.norm(wide(x).ravel()))
    expected = np.linalg.norm(wide(x).ravel())
    close(linalg.norm(x, keepdims=True), expected.reshape(1, 1, 1))
    close(linalg.norm(np.float32(-3.0)), 3.0)
    close(linalg.norm(np.array([3, 4], "int32")), 5.0)


@pytest.mark.parametrize("shape", MATRIX_SHAPES)
def test_pinv(shape):
    x = general(shape, seed=16)
    close(linalg.pinv(x), np.linalg.pinv(wide(x)), rtol=1e-4, atol=1e-5)


def test_pinv_rcond_drops_small_singular_values():
    x = np.diag([4.0, 0.1]).astype("float32")
    close(linalg.pinv(x), np.diag([0.25, 10.0]), rtol=1e-5)
    close(linalg.pinv(x, rcond=0.1), np.diag([0.25, 0.0]))


@pytest.mark.parametrize("shape", MATRIX_SHAPES)
@pytest.mark.parametrize("mode", ["reduced", "complete"])
def test_qr(shape, mode):
    x = testing.random_array(shape, seed=17)
    q, r = linalg.qr(x, mode=mode)
    q, r = to_numpy(q).astype("float64"), to_numpy(r).astype("float64")
    expected_q, expected_r = np.linalg.qr(wide(x), mode=mode)
    assert q.shape == expected_q.shape and r.shape == expected_r.shape
    np.testing.assert_allclose(q @ r, x, atol=1e-5)
    np.testing.assert_allclose(swap(q) @ q, eye_like(swap(q) @ q), atol=1e-5)
    np.testing.assert_array_equal(r, np.triu(r))
    # R is unique up to the signs of its rows.
    np.testing.assert_allclose(np.abs(r), np.abs(expected_r), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(
    "a_shape,b_shape",
    [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 4, 4), (2, 4, 3)), ((2, 4, 4), (4,)),
     ((2, 1, 3, 3), (4, 3, 1)), ((3, 3), (2, 3, 2))],
)
def test_solve(a_shape, b_shape):
    a = general(a_shape, seed=18)
    b = testing.random_array(b_shape, seed=19)
    a64, b64 = wide(a), wide(b)
    if b.ndim == 1:
        expected = np.linalg.solve(a64, b64[:, None])[..., 0]
    else:
        expected = np.linalg.solve(a64, b64)
    close(linalg.solve(a, b), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "a_shape,b_shape",
    [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 4, 4), (2, 4, 3)), ((2, 4, 4), (4,)),
     ((2, 1, 3, 3), (4, 3, 1))],
)
@pytest.mark.parametrize("lower", [False, True])
def test_solve_triangular(a_shape, b_shape, lower):
    # A full matrix: only the triangle named by `lower` may be read.
    a = general(a_shape, seed=20)
    b = testing.random_array(b_shape, seed=21)
    triangle = np.tril(wide(a)) if lower else np.triu(wide(a))
    b64 = wide(b)
    if b.ndim == 1:
        expected = np.linalg.solve(triangle, b64[:, None])[..., 0]
    else:
        expected = np.linalg.solve(triangle, b64)
    close(linalg.solve_triangular(a, b, lower=lower), expected)


@pytest.mark.parametrize("shape", MATRIX_SHAPES)
@pytest.mark.parametrize("full_matrices", [True, False])
def test_svd(shape, full_matrices):
    x = testing.random_array(shape, seed=22)
    u, s, vh = linalg.svd(x, full_matrices=full_matrices)
    expected_u, expected_s, expected_vh = np.linalg.svd(wide(x), full_matrices)
    close(s, expected_s, rtol=1e-5, atol=1e-5)
    u, s, vh = (to_numpy(t).astype("float64") for t in (u, s, vh))
    assert u.shape == expected_u.shape and vh.shape == expected_vh.shape
    k = s.shape[-1]
    rebuilt = (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]
    np.testing.assert_allclose(rebuilt, x, atol=1e-5)
    np.testing.assert_allclose(swap(u) @ u, eye_like(swap(u) @ u), atol=1e-5)
    np.testing.assert_allclose(vh @ swap(vh), eye_like(vh @ swap(vh)), atol=1e-5)
    close(linalg.svd(x, compute_uv=False), expected_s, rtol=1e-5, atol=1e-5)


# jvp.


def skip_numpy_jvp():
    if active.name == "numpy":
        pytest.skip("numpy has no automatic differentiation: jvp raises (tested below)")


def test_jvp_of_one_argument():
    skip_numpy_jvp()
    x = testing.random_array((2, 3), seed=23)
    t = testing.random_array((2, 3), seed=24)
    out, tangent = linalg.jvp(lambda v: ops.sin(v) * v, (x,), (t,))
    close(out, np.sin(wide(x)) * x)
    close(tangent, (np.cos(wide(x)) * x + np.sin(wide(x))) * t)


def test_jvp_of_two_arguments_the_same_tensor_and_cast_tangents():
    skip_numpy_jvp()
    x = testing.random_array((3,), seed=25)
    ones = np.ones(3, "float64")  # cast to the primal's float32
    out, tangent = linalg.jvp(lambda a, b: a * b, [x, x], [ones, 2 * ones])
    close(out, x * x)
    close(tangent, 3 * x)


def test_jvp_of_a_matrix_function_and_structures():
    skip_numpy_jvp()
    a = spd((3, 3), seed=26)
    t = testing.random_array((3, 3), seed=27)

    def function(inputs):
        inverse = linalg.inv(inputs["a"])
        return {"inv": inverse, "det": linalg.det(inputs["a"])}

    out, tangent = linalg.jvp(function, ({"a": a},), ({"a": t},))
    inverse = np.linalg.inv(wide(a))
    close(out["inv"], inverse)
    close(tangent["inv"], -inverse @ t @ inverse, atol=1e-5)
    # d det = det * trace(inv(a) @ t)
    expected = np.linalg.det(wide(a)) * np.trace(inverse @ t)
    close(tangent["det"], expected, rtol=1e-4)


def test_jvp_with_aux():
    skip_numpy_jvp()
    x = testing.random_array((4,), seed=28)
    t = np.ones(4, "float32")
    out, tangent, aux = linalg.jvp(
        lambda v: (ops.square(v), {"cos": ops.cos(v)}), (x,), (t,), has_aux=True
    )
    close(out, np.square(x))
    close(tangent, 2 * x)
    close(aux["cos"], np.cos(wide(x)))


def test_jvp_on_numpy_is_not_implemented():
    if active.name != "numpy":
        pytest.skip("only numpy lacks automatic differentiation")
    with pytest.raises(NotImplementedError, match="numpy backend"):
        linalg.jvp(ops.sin, (np.ones(2, "float32"),), (np.ones(2, "float32"),))


def test_jvp_symbolic():
    x = testing.symbolic((None, 3))
    out, tangent = linalg.jvp(lambda v: ops.sum(v, axis=-1), (x,), (x,))
    testing.assert_spec(out, (None,), "float32")
    testing.assert_spec(tangent, (None,), "float32")
    out, tangent, aux = linalg.jvp(
        lambda v: (linalg.det(v), v), (testing.symbolic((2, 3, 3)),),
        (testing.symbolic((2, 3, 3)),), has_aux=True,
    )
    testing.assert_spec(tangent, (2,), "float32")
    testing.assert_spec(aux, (2, 3, 3), "float32")


# Dtypes.

SQUARE_OPS = {
    "cholesky": lambda x: linalg.cholesky(x),
    "cholesky_inverse": lambda x: linalg.cholesky_inverse(x),
    "det": linalg.det,
    "eigh": lambda x: linalg.eigh(x)[0],
    "inv": linalg.inv,
    "logdet": linalg.logdet,
    "lstsq": lambda x: linalg.lstsq(x, x),
    "lu_factor": lambda x: linalg.lu_factor(x)[0],
    "norm": linalg.norm,
    "pinv": linalg.pinv,
    "qr": lambda x: linalg.qr(x)[1],
    "solve": lambda x: linalg.solve(x, x),
    "solve_triangular": lambda x: linalg.solve_triangular(x, x),
    "svd": lambda x: linalg.svd(x)[1],
}


def input_of(dtype):
    x = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])
    if dtype == "bfloat16":
        return x.astype(dtypes.numpy_dtype("bfloat16"))
    return x.astype(dtype)


@pytest.mark.parametrize("name", sorted(SQUARE_OPS))
@pytest.mark.parametrize(
    "dtype,expected",
    [("float32", "float32"), ("float64", "float64"), ("int32", "float32"),
     ("float16", "float16"), ("bfloat16", "bfloat16")],
)
def test_result_dtypes(name, dtype, expected):
    if dtype == "float64":
        skip_float64_on_jax()
    x = input_of(dtype)
    result = SQUARE_OPS[name](x)
    assert dtypes.standardize_dtype(result.dtype) == expected
    reference = SQUARE_OPS[name](input_of("float32"))
    tolerance = {"float16": 1e-2, "bfloat16": 5e-2}.get(dtype, 1e-5)
    np.testing.assert_allclose(
        to_numpy(result).astype("float64"),
        to_numpy(reference).astype("float64"),
        rtol=tolerance,
        atol=tolerance,
    )


@pytest.mark.parametrize(
    "dtype,expected",
    [("float32", "complex64"), ("float64", "complex128"), ("int32", "complex64"),
     ("float16", "complex64")],
)
def test_eig_dtypes(dtype, expected):
    if dtype == "float64":
        skip_float64_on_jax()
    w, v = linalg.eig(input_of(dtype))
    assert dtypes.standardize_dtype(w.dtype) == expected
    assert dtypes.standardize_dtype(v.dtype) == expected


@pytest.mark.parametrize("dtype", ["float32", "int32", "float16"])
def test_integer_results(dtype):
    x = input_of(dtype)
    assert dtypes.standardize_dtype(linalg.lu_factor(x)[1].dtype) == "int32"
    testing.assert_close(linalg.matrix_rank(x), np.array(3, "int32"))


# Symbolic specs.


def test_symbolic_specs():
    kt = testing.symbolic
    square = kt((None, 4, 4))
    for op in (linalg.cholesky, linalg.cholesky_inverse, linalg.inv):
        testing.assert_spec(op(square), (None, 4, 4), "float32")
    for op in (linalg.det, linalg.logdet):
        testing.assert_spec(op(square), (None,), "float32")
    w, v = linalg.eig(square)
    testing.assert_spec(w, (None, 4), "complex64")
    testing.assert_spec(v, (None, 4, 4), "complex64")
    w, v = linalg.eigh(kt((2, 3, 3), "float16"))
    testing.assert_spec(w, (2, 3), "float16")
    testing.assert_spec(v, (2, 3, 3), "float16")
    lu, pivots = linalg.lu_factor(kt((2, 5, 3), "int32"))
    testing.assert_spec(lu, (2, 5, 3), "float32")
    testing.assert_spec(pivots, (2, 3), "int32")
    testing.assert_spec(linalg.matrix_rank(kt((None, 5, 3))), (None,), "int32")
    testing.assert_spec(linalg.pinv(kt((2, 5, 3))), (2, 3, 5), "float32")
    testing.assert_spec(linalg.lstsq(kt((5, 3)), kt((5,))), (3,), "float32")
    testing.assert_spec(linalg.lstsq(kt((2, 5, 3)), kt((5, 4))), (2, 3, 4), "float32")
    testing.assert_spec(linalg.solve(square, kt((4,))), (None, 4), "float32")
    broadcast = linalg.solve(square, kt((3, 1, 4, 2)))
    testing.assert_spec(broadcast, (3, None, 4, 2), "float32")
    testing.assert_spec(
        linalg.solve_triangular(kt((4, 4), "float64"), kt((4, 2))), (4, 2), "float64"
    )


def test_symbolic_specs_of_decompositions_and_norms():
    kt = testing.symbolic
    x = kt((2, 5, 3))
    q, r = linalg.qr(x)
    testing.assert_spec(q, (2, 5, 3), "float32")
    testing.assert_spec(r, (2, 3, 3), "float32")
    q, r = linalg.qr(x, mode="complete")
    testing.assert_spec(q, (2, 5, 5), "float32")
    testing.assert_spec(r, (2, 5, 3), "float32")
    q, r = linalg.qr(kt((None, None)))
    testing.assert_spec(q, (None, None), "float32")
    u, s, vh = linalg.svd(x)
    testing.assert_spec(u, (2, 5, 5), "float32")
    testing.assert_spec(s, (2, 3), "float32")
    testing.assert_spec(vh, (2, 3, 3), "float32")
    u, s, vh = linalg.svd(kt((2, 3, 5)), full_matrices=False)
    testing.assert_spec(u, (2, 3, 3), "float32")
    testing.assert_spec(vh, (2, 3, 5), "float32")
    testing.assert_spec(linalg.svd(x, compute_uv=False), (2, 3), "float32")
    testing.assert_spec(linalg.norm(x), (), "float32")
    testing.assert_spec(linalg.norm(x, keepdims=True), (1, 1, 1), "float32")
    testing.assert_spec(linalg.norm(x, 1, axis=1), (2, 3), "float32")
    testing.assert_spec(linalg.norm(x, "nuc", (0, 2), True), (1, 5, 1), "float32")
    testing.assert_spec(linalg.norm(kt((3,), "int32"), 2), (), "float32")


# Errors.


@pytest.mark.parametrize(
    "op",
    [linalg.cholesky, linalg.cholesky_inverse, linalg.det, linalg.eig, linalg.eigh,
     linalg.inv, linalg.logdet],
)
def test_square_ops_reject_non_square_matrices(op):
    with pytest.raises(ValueError, match=r"square matrices in `x`.*\(3, 4\)"):
        op(np.ones((3, 4), "float32"))
    with pytest.raises(ValueError, match=r"square matrices in `x`.*\(None, 3, 4\)"):
        op(testing.symbolic((None, 3, 4)))
    with pytest.raises(ValueError, match=r"rank >= 2.*\(3,\)"):
        op(np.ones((3,), "float32"))


@pytest.mark.parametrize(
    "op", [linalg.lu_factor, linalg.matrix_rank, linalg.pinv, linalg.qr, linalg.svd]
)
def test_matrix_ops_reject_vectors(op):
    with pytest.raises(ValueError, match=r"`x` of rank >= 2.*\(4,\)"):
        op(np.ones((4,), "float32"))
    with pytest.raises(ValueError, match="rank >= 2"):
        op(testing.symbolic((4,)))


@pytest.mark.parametrize("op", [linalg.solve, linalg.solve_triangular])
def test_solves_check_their_arguments(op):
    a = general((3, 3))
    with pytest.raises(ValueError, match=r"square matrices in `a`"):
        op(np.ones((3, 4), "float32"), np.ones((3,), "float32"))
    with pytest.raises(ValueError, match=r"as many rows as `a`.*\(4,\)"):
        op(a, np.ones((4,), "float32"))
    with pytest.raises(ValueError, match=r"as many rows as `a`.*\(2, 2\)"):
        op(a, testing.symbolic((2, 2)))
    with pytest.raises(ValueError, match="batch dims"):
        op(np.ones((2, 3, 3), "float32"), np.ones((4, 3, 1), "float32"))
    with pytest.raises(ValueError, match="`b` of rank >= 1"):
        op(a, np.float32(1.0))


def test_lstsq_checks_rows():
    with pytest.raises(ValueError, match=r"as many rows as `a`"):
        linalg.lstsq(np.ones((5, 3), "float32"), np.ones((3,), "float32"))


def test_qr_mode_is_checked():
    with pytest.raises(ValueError, match=r"`mode` of `qr`.*'raw'"):
        linalg.qr(np.ones((3, 3), "float32"), mode="raw")
    with pytest.raises(ValueError, match=r"`mode` of `qr`"):
        linalg.qr(testing.symbolic((3, 3)), mode="r")


def test_norm_arguments_are_checked():
    x = np.ones((2, 3, 4), "float32")
    with pytest.raises(ValueError, match=r"not a vector norm order"):
        linalg.norm(np.ones(3, "float32"), ord="fro")
    with pytest.raises(ValueError, match=r"`ord`=3 is not a matrix norm order"):
        linalg.norm(np.ones((3, 3), "float32"), ord=3)
    with pytest.raises(ValueError, match=r"not a matrix norm order"):
        linalg.norm(testing.symbolic((3, 3)), ord=0.5)
    with pytest.raises(ValueError, match=r"rank 1 or 2"):
        linalg.norm(x, ord=2)
    with pytest.raises(ValueError, match=r"one axis .* or two"):
        linalg.norm(x, axis=(0, 1, 2))
    with pytest.raises(ValueError, match=r"same axis twice"):
        linalg.norm(x, axis=(1, -2))
    with pytest.raises(ValueError, match=r"`axis`=3 is out of range"):
        linalg.norm(x, axis=3)


def test_jvp_arguments_are_checked():
    x = np.ones(3, "float32")
    with pytest.raises(TypeError, match="`fun` of `jvp` must be callable"):
        linalg.jvp(None, (x,), (x,))
    with pytest.raises(TypeError, match="`primals` of `jvp` must be a tuple or list"):
        linalg.jvp(ops.sin, x, (x,))
    with pytest.raises(ValueError, match="same length; got 1 and 2"):
        linalg.jvp(ops.sin, (x,), (x, x))
    with pytest.raises(ValueError, match=r"shape of its primal.*\(3,\).*\(2,\)"):
        linalg.jvp(ops.sin, (x,), (np.ones(2, "float32"),))
