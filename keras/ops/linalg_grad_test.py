"""Gradients of the keras.ops linalg ops against finite differences of NumPy.

Each op's gradient is taken of a scalar loss that weighs every output entry
differently (a fixed random `WEIGHTS` pattern), so that a wrong entry of the Jacobian
shows. Decompositions unique only up to signs (qr) are normalised first, in both the
op and the NumPy reference, so that the loss is a smooth function of the input.
"""

import numpy as np
import pytest

from keras import ops
from keras.ops import linalg
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def weights(shape, seed=100):
    return testing.random_array(shape, "float64", seed=seed, low=-1.0, high=1.0)


def assert_gradient(function, reference, x, rtol=1e-2, atol=1e-3):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=rtol,
        atol=atol,
    )


def weighted(y, w):
    """`y * w` for a float64 NumPy `w`, as float32 (torch tensors do not multiply
    NumPy arrays that need their gradient)."""
    return ops.multiply(y, ops.convert_to_tensor(w.astype("float32")))


def square(shape=(3, 3), seed=0):
    """Well-conditioned float32 matrices (a dominant diagonal)."""
    x = testing.random_array(shape, "float64", seed=seed, low=-1.0, high=1.0)
    return (x + shape[-1] * np.eye(shape[-1])).astype("float32")


def symmetric(x):
    """The symmetric part of `x`: what the SPD ops see, in both the op and NumPy."""
    return (x + np.swapaxes(x, -1, -2)) / 2


def symmetric_op(x):
    return ops.divide(ops.add(x, ops.swapaxes(x, -1, -2)), 2.0)


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_det(shape):
    assert_gradient(linalg.det, np.linalg.det, square(shape, seed=1))


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_inv(shape):
    w = weights(shape)
    assert_gradient(
        lambda x: weighted(linalg.inv(x), w),
        lambda x: np.linalg.inv(x) * w,
        square(shape, seed=2),
    )


def test_logdet():
    assert_gradient(
        lambda x: linalg.logdet(symmetric_op(x)),
        lambda x: np.linalg.slogdet(symmetric(x))[1],
        square((2, 3, 3), seed=3),
    )


def test_solve_with_respect_to_a_and_b():
    a = square((3, 3), seed=4)
    b = testing.random_array((3, 2), seed=5)
    w = weights((3, 2))
    assert_gradient(
        lambda x: weighted(linalg.solve(x, b), w),
        lambda x: np.linalg.solve(x, b) * w,
        a,
    )
    assert_gradient(
        lambda x: weighted(linalg.solve(a, x), w),
        lambda x: np.linalg.solve(a, x) * w,
        b,
    )


def test_solve_triangular():
    a = np.tril(square((3, 3), seed=6))
    b = testing.random_array((3, 2), seed=7)
    w = weights((3, 2))
    assert_gradient(
        lambda x: weighted(linalg.solve_triangular(a, x, lower=True), w),
        lambda x: np.linalg.solve(a, x) * w,
        b,
    )


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky(upper):
    # The input's symmetric part plus a diagonal keeps every step positive definite.
    x = testing.random_array((3, 3), seed=8, low=-1.0, high=1.0)
    w = weights((3, 3))
    identity = 3 * np.eye(3)
    shift = identity.astype("float32")

    def reference(v):
        lower = np.linalg.cholesky(symmetric(v) + identity)
        return (lower.T if upper else lower) * w

    assert_gradient(
        lambda v: weighted(
            linalg.cholesky(ops.add(symmetric_op(v), shift), upper),
            w,
        ),
        reference,
        x,
    )


@pytest.mark.parametrize(
    "ord,axis",
    [(None, None), (2, -1), (1, -1), (3, 0), ("fro", (0, 1)), ("nuc", (0, 1)),
     (2, (0, 1)), (1, (0, 1)), (np.inf, (0, 1))],
)
def test_norm(ord, axis):
    x = testing.random_array((3, 4), seed=9)
    assert_gradient(
        lambda v: linalg.norm(v, ord, axis),
        lambda v: np.linalg.norm(v if axis is not None else v.ravel(), ord, axis),
        x,
    )


def sign_normalised_qr(q, r, sign, diagonal):
    """q and r with r's diagonal made positive (the unique QR of a full-rank x)."""
    s = sign(diagonal(r))  # (k,)
    return q * s[None, :], r * s[:, None]


@pytest.mark.parametrize("shape", [(4, 3), (3, 3)])
def test_qr(shape):
    x = testing.random_array(shape, seed=10)
    k = min(shape)
    wq, wr = weights((shape[0], k), seed=11), weights((k, shape[1]), seed=12)

    def loss(v):
        q, r = sign_normalised_qr(*linalg.qr(v), ops.sign, ops.diagonal)
        return ops.sum(weighted(q, wq)) + ops.sum(weighted(r, wr))

    def reference(v):
        q, r = sign_normalised_qr(*np.linalg.qr(v), np.sign, np.diagonal)
        return np.sum(q * wq) + np.sum(r * wr)

    assert_gradient(loss, reference, x)


def test_qr_reconstruction_loss():
    # q @ r = x whatever the signs: the gradient of sum(w * (q @ r)) is w.
    x = testing.random_array((4, 3), seed=13)
    w = weights((4, 3))
    grad = testing.gradient(lambda v: weighted(ops.matmul(*linalg.qr(v)), w), x)
    np.testing.assert_allclose(grad, w, rtol=1e-4, atol=1e-5)


def test_eigh_eigenvalues():
    x = testing.random_array((2, 3, 3), seed=14)
    w = weights((2, 3))
    assert_gradient(
        lambda v: weighted(linalg.eigh(symmetric_op(v))[0], w),
        lambda v: np.linalg.eigvalsh(symmetric(v)) * w,
        x,
    )


def test_svd_singular_values():
    x = testing.random_array((4, 3), seed=15)
    w = weights((3,))
    assert_gradient(
        lambda v: weighted(linalg.svd(v, compute_uv=False), w),
        lambda v: np.linalg.svd(v, compute_uv=False) * w,
        x,
    )


def test_pinv_and_lstsq():
    x = testing.random_array((4, 3), seed=16)
    b = testing.random_array((4, 2), seed=17)
    w = weights((3, 4))
    assert_gradient(
        lambda v: weighted(linalg.pinv(v), w),
        lambda v: np.linalg.pinv(v) * w,
        x,
    )
    assert_gradient(
        lambda v: weighted(linalg.lstsq(v, b), w[:, :2]),
        lambda v: np.linalg.lstsq(v, b, rcond=None)[0] * w[:, :2],
        x,
    )


def test_cholesky_inverse():
    lower = np.tril(square((3, 3), seed=18))
    w = weights((3, 3))
    assert_gradient(
        lambda v: weighted(linalg.cholesky_inverse(v), w),
        lambda v: np.linalg.inv(np.tril(v) @ np.tril(v).T) * w,
        lower,
    )
