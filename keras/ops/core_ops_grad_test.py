"""Gradients through the differentiable core ops (jax, torch and tensorflow)."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(),
    reason="the numpy backend has no automatic differentiation",
)

RTOL, ATOL = 1e-2, 1e-3


def check(function, numpy_function, x):
    """The gradient of sum(function(x)) matches finite differences of numpy_function."""
    expected = testing.numeric_gradient(numpy_function, x)
    actual = testing.gradient(function, x)
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL)


def const(x):
    return ops.convert_to_tensor(np.asarray(x, "float32"))


X = testing.random_array((4, 3), "float32", seed=11)
W = testing.random_array((4, 3), "float32", seed=12)
ONES = np.ones((4, 3), "float32")


def test_custom_gradient_replaces_the_gradient():
    @ops.custom_gradient
    def square(x):
        # Forward x**2, but a gradient of 3 * upstream: the custom one must win.
        return ops.multiply(x, x), lambda upstream: ops.multiply(upstream, 3.0)

    np.testing.assert_allclose(testing.gradient(square, X), np.full_like(X, 3.0))


def test_custom_gradient_sees_the_upstream_gradient():
    @ops.custom_gradient
    def scaled(x):
        # Forward 10 x; backward a tenth of the upstream gradient.
        return ops.multiply(x, 10.0), lambda upstream: ops.multiply(upstream, 0.1)

    actual = testing.gradient(lambda x: ops.multiply(scaled(x), const(W)), X)
    np.testing.assert_allclose(actual, W * 0.1, rtol=1e-5)


def test_custom_gradient_of_two_arguments():
    y = const(W)

    @ops.custom_gradient
    def product(a, b):
        def grad(upstream):
            return ops.multiply(upstream, 2.0), ops.multiply(upstream, a)

        return ops.multiply(a, b), grad

    actual = testing.gradient(lambda x: product(x, y), X)
    np.testing.assert_allclose(actual, np.full_like(X, 2.0))


def test_stop_gradient():
    check(lambda x: ops.multiply(x, ops.stop_gradient(x)), lambda x: x * X, X)


def test_cast():
    check(
        lambda x: ops.cast(ops.multiply(ops.cast(x, "float16"), 2.0), "float32"),
        lambda x: 2 * x,
        X,
    )


def test_saturate_cast():
    x = np.array([-1e6, -3.0, 0.5, 2.0, 1e6], "float32")
    grad = testing.gradient(lambda x: ops.saturate_cast(x, "float16"), x)
    np.testing.assert_allclose(grad, [0.0, 1.0, 1.0, 1.0, 0.0])


def test_slice_and_slice_update():
    check(
        lambda x: ops.multiply(ops.slice(x, [1, 0], [2, 2]), const(W[:2, :2])),
        lambda x: x[1:3, :2] * W[:2, :2],
        X,
    )
    u = const(W[:2, :2])

    def numpy_update(x):
        out = x.copy()
        out[2:4, 1:3] = W[:2, :2]
        return out * W

    check(
        lambda x: ops.multiply(ops.slice_update(x, [2, 1], u), const(W)),
        numpy_update,
        X,
    )
    big = const(X)

    def numpy_window(u):
        out = X.astype("float64").copy()
        out[1:3, 0:2] = u
        return out * W

    check(
        lambda u: ops.multiply(ops.slice_update(big, [1, 0], u), const(W)),
        numpy_window,
        W[:2, :2],
    )


def test_scatter():
    indices = ops.convert_to_tensor(np.array([[0, 1], [3, 2], [0, 1]], "int32"))
    values = testing.random_array((3,), "float32", seed=5)

    def numpy_scatter(v):
        out = np.zeros((4, 3))
        np.add.at(out, ([0, 3, 0], [1, 2, 1]), v)
        return out * W

    check(
        lambda v: ops.multiply(ops.scatter(indices, v, (4, 3)), const(W)),
        numpy_scatter,
        values,
    )


@pytest.mark.parametrize("reduction", [None, "add"])
def test_scatter_update(reduction):
    indices = ops.convert_to_tensor(np.array([[1], [3]], "int32"))
    updates = testing.random_array((2, 3), "float32", seed=6)

    def numpy_update(x):
        out = x.copy()
        if reduction is None:
            out[[1, 3]] = updates
        else:
            out[[1, 3]] += updates
        return out * W

    def function(x):
        out = ops.scatter_update(x, indices, const(updates), reduction)
        return ops.multiply(out, const(W))

    check(function, numpy_update, X)


def test_unstack():
    def function(x):
        rows = ops.unstack(x)
        return ops.multiply(rows[0], ops.add(rows[1], rows[3]))

    check(function, lambda x: x[0] * (x[1] + x[3]), X)


def test_scan():
    def function(xs):
        step = lambda c, x: (ops.multiply(c, x), ops.add(c, x))  # noqa: E731
        carry, ys = ops.scan(step, const(np.ones(3)), xs)
        return ops.add(ops.multiply(ys, const(W)), carry)

    def numpy_function(xs):
        c, ys = np.ones(3), []
        for x in xs:
            ys.append(c + x)
            c = c * x
        return np.stack(ys) * W + c

    check(function, numpy_function, X)


def test_map_and_vectorized_map():
    check(lambda xs: ops.map(lambda x: ops.multiply(x, x), xs), lambda xs: xs * xs, X)
    check(
        lambda xs: ops.vectorized_map(lambda x: ops.multiply(x, ops.add(x, 1.0)), xs),
        lambda xs: xs * (xs + 1),
        X,
    )


def test_associative_scan():
    check(
        lambda x: ops.multiply(ops.associative_scan(ops.add, x), const(W)),
        lambda x: np.cumsum(x, 0) * W,
        X,
    )
    check(
        lambda x: ops.associative_scan(ops.multiply, x, axis=1, reverse=True),
        lambda x: np.flip(np.cumprod(np.flip(x, 1), 1), 1),
        X,
    )


@pytest.mark.parametrize("pred", [True, False])
def test_cond(pred):
    p = ops.convert_to_tensor(pred)
    check(
        lambda x: ops.cond(p, lambda: ops.multiply(x, x), lambda: ops.multiply(x, 3.0)),
        (lambda x: x * x) if pred else (lambda x: 3 * x),
        X,
    )


@pytest.mark.parametrize("index", [0, 1])
def test_switch(index):
    i = ops.convert_to_tensor(index, "int32")
    branches = [lambda x: ops.multiply(x, x), lambda x: ops.multiply(x, 3.0)]
    check(
        lambda x: ops.switch(i, branches, x),
        (lambda x: x * x) if index == 0 else (lambda x: 3 * x),
        X,
    )


def test_fori_loop():
    check(
        lambda x: ops.fori_loop(0, 3, lambda i, v: ops.multiply(v, x), const(ONES)),
        lambda x: x**3,
        X,
    )


def test_while_loop():
    if active.name == "jax":
        pytest.skip("jax.lax.while_loop is not reverse-mode differentiable (JAX limit)")

    def function(x):
        _, y = ops.while_loop(
            lambda i, y: i < 3,
            lambda i, y: (ops.add(i, 1), ops.multiply(y, x)),
            (ops.convert_to_tensor(0, "int32"), const(ONES)),
        )
        return y

    check(function, lambda x: x**3, X)
