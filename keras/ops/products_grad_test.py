"""Gradients of the products (and of the differentiable creation ops) against NumPy
finite differences, on the backends with autodiff."""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the backend has no gradients"
)

# (name, keras function of x, NumPy function of x, shape of x); other operands fixed.
B34 = testing.random_array((3, 4), seed=1)
B3 = testing.random_array((3,), seed=2)
B23 = testing.random_array((2, 3), seed=3)
B433 = testing.random_array((4, 3, 3), seed=4)

CASES = [
    ("dot", lambda x: ops.dot(x, B34), lambda x: np.dot(x, B34), (2, 3)),
    ("dot_vector", lambda x: ops.dot(x, B3), lambda x: np.dot(x, B3), (2, 3)),
    ("matmul", lambda x: ops.matmul(x, B34), lambda x: np.matmul(x, B34), (2, 2, 3)),
    ("matmul_vector", lambda x: ops.matmul(B3, x), lambda x: np.matmul(B3, x), (3, 2)),
    ("inner", lambda x: ops.inner(x, B23), lambda x: np.inner(x, B23), (4, 3)),
    ("outer", lambda x: ops.outer(x, B3), lambda x: np.outer(x, B3), (2, 2)),
    ("kron", lambda x: ops.kron(x, B23), lambda x: np.kron(x, B23), (2, 2)),
    ("vdot", lambda x: ops.vdot(x, B23), lambda x: np.vdot(x, B23), (6,)),
    ("tensordot", lambda x: ops.tensordot(x, B34, axes=([1], [0])),
     lambda x: np.tensordot(x, B34, axes=([1], [0])), (2, 3)),
    ("einsum", lambda x: ops.einsum("bij,jk->bik", x, B34),
     lambda x: np.einsum("bij,jk->bik", x, B34), (2, 2, 3)),
    ("einsum_square", lambda x: ops.einsum("ij,ij->i", x, x),
     lambda x: np.einsum("ij,ij->i", x, x), (2, 3)),
    ("cross", lambda x: ops.cross(x, B23), lambda x: np.cross(x, B23), (2, 3)),
    ("correlate", lambda x: ops.correlate(x, B3, mode="full"),
     lambda x: np.correlate(x, B3, mode="full"), (5,)),
    ("correlate_same", lambda x: ops.correlate(B3, x, mode="same"),
     lambda x: np.correlate(B3, x, mode="same"), (4,)),
    ("trace", lambda x: ops.trace(x, offset=1, axis1=1, axis2=2),
     lambda x: np.trace(x, offset=1, axis1=1, axis2=2), (2, 3, 3)),
    ("slogdet", lambda x: ops.slogdet(ops.add(x, B433))[1],
     lambda x: np.linalg.slogdet(x + B433)[1], (4, 3, 3)),
    ("tril", lambda x: ops.multiply(ops.tril(x, -1), x),
     lambda x: np.tril(x, -1) * x, (3, 4)),
    ("triu", lambda x: ops.multiply(ops.triu(x, 1), x),
     lambda x: np.triu(x, 1) * x, (2, 3, 3)),
    ("diag", lambda x: ops.multiply(ops.diag(x, 1), ops.diag(x, 1)),
     lambda x: np.diag(x, 1) ** 2, (3, 4)),
    ("diagflat", lambda x: ops.matmul(ops.diagflat(x), B433[0]),
     lambda x: np.diagflat(x) @ B433[0], (3,)),
    ("vander", lambda x: ops.vander(x, 3), lambda x: np.vander(x, 3), (4,)),
]


@pytest.mark.parametrize(
    "name, function, reference, shape", CASES, ids=[case[0] for case in CASES]
)
def test_gradient(name, function, reference, shape):
    x = testing.random_array(shape, seed=7, low=-1.0, high=1.0)
    expected = testing.numeric_gradient(reference, x)
    actual = testing.gradient(function, x)
    np.testing.assert_allclose(actual, expected, rtol=1e-2, atol=1e-3)


def test_gradient_of_a_product_in_both_operands():
    x = testing.random_array((3, 3), seed=8)

    def function(x):
        return ops.einsum("ij,kj->ik", x, x)

    expected = testing.numeric_gradient(lambda x: x @ x.T, x)
    actual = testing.gradient(function, x)
    np.testing.assert_allclose(actual, expected, rtol=1e-2, atol=1e-3)
