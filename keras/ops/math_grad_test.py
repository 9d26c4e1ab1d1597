"""Gradients of the keras.ops math ops against finite differences."""

import numpy as np
import pytest
import scipy.special

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)


def assert_gradient(function, reference, x, rtol=1e-2, atol=1e-3):
    np.testing.assert_allclose(
        testing.gradient(function, x),
        testing.numeric_gradient(reference, x),
        rtol=rtol,
        atol=atol,
    )


# name -> (NumPy reference, (low, high) of the inputs).
SPECIAL = {
    "erf": (scipy.special.erf, (-2.0, 2.0)),
    "erfc": (scipy.special.erfc, (-2.0, 2.0)),
    "erfinv": (scipy.special.erfinv, (-0.8, 0.8)),
    "rsqrt": (lambda v: 1.0 / np.sqrt(v), (0.3, 4.0)),
}


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_function_gradients(name):
    reference, (low, high) = SPECIAL[name]
    x = testing.random_array((3, 4), seed=1, low=low, high=high)
    assert_gradient(getattr(ops, name), reference, x)


@pytest.mark.parametrize("axis,keepdims", [(None, False), (1, False), ((0, 2), True)])
def test_logsumexp_gradient(axis, keepdims):
    x = testing.random_array((2, 3, 4), seed=2)

    def reference(v):
        return scipy.special.logsumexp(v, axis=axis, keepdims=keepdims)

    assert_gradient(
        lambda t: ops.logsumexp(t, axis=axis, keepdims=keepdims), reference, x
    )


def test_logsumexp_gradient_is_the_softmax_for_large_inputs():
    x = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1000.0]], "float32")
    grad = testing.gradient(lambda t: ops.logsumexp(t, axis=1), x)
    expected = scipy.special.softmax(x.astype("float64"), axis=1)
    # float32 spacing at 1000 is 6e-5: the log-sum-exp, and so exp(x - lse), is only
    # that close.
    np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-6)


def test_top_k_values_gradient():
    # Distinct values: the top 2 of each row (and so the gradient) are unambiguous.
    x = np.random.default_rng(3).permutation(12).reshape(3, 4).astype("float32")

    def reference(v):
        return -np.sort(-v, axis=-1)[..., :2]

    assert_gradient(lambda t: ops.top_k(t, 2)[0] * 3.0, lambda v: reference(v) * 3.0, x)


IDS = np.array([0, 2, 2, 1, 0, 2], "int32")


def reference_segments(reduce, v, ids=IDS, num_segments=4):
    out = np.zeros((num_segments,) + v.shape[1:])
    for segment in range(num_segments):
        rows = v[ids == segment]
        if len(rows):
            out[segment] = reduce(rows, axis=0)
    return out


@pytest.mark.parametrize(
    "name,reduce",
    [
        ("segment_sum", np.sum),
        ("segment_max", np.max),
        ("segment_min", np.min),
        ("segment_prod", np.prod),
    ],
)
def test_segment_gradients(name, reduce):
    # Distinct values away from 0: max/min are unambiguous and prod is smooth.
    x = (np.random.default_rng(4).permutation(12).reshape(6, 2) * 0.25 + 0.5).astype(
        "float32"
    )
    op = getattr(ops, name)

    def function(t):
        # Segment 3 is empty: it must not feed the gradient (its value is an identity).
        return op(t, IDS, num_segments=4)[:3]

    assert_gradient(function, lambda v: reference_segments(reduce, v)[:3], x)


def test_cdist_gradient():
    y = testing.random_array((5, 3), seed=5)
    x = testing.random_array((2, 4, 3), seed=6)

    def reference(v):
        return np.sqrt(np.sum((v[..., :, None, :] - y[None, None]) ** 2, axis=-1))

    assert_gradient(lambda t: ops.cdist(t, y), reference, x)
    # With respect to the second argument too.
    assert_gradient(
        lambda t: ops.cdist(x[0], t),
        lambda v: np.sqrt(np.sum((x[0][:, None, :] - v[None]) ** 2, axis=-1)),
        y,
    )


def test_cdist_gradient_is_finite_for_coincident_points():
    x = np.array([[1.0, 2.0], [3.0, 5.0]], "float32")
    grad = testing.gradient(lambda t: ops.cdist(t, x), x)
    assert np.all(np.isfinite(grad))


def test_extract_sequences_and_rearrange_gradients():
    x = testing.random_array((2, 7), seed=7)
    weights = testing.random_array((2, 3, 3), seed=8)

    def reference(v):
        frames = np.stack([v[:, i * 2 : i * 2 + 3] for i in range(3)], axis=1)
        return frames * weights

    assert_gradient(
        lambda t: ops.multiply(ops.extract_sequences(t, 3, 2), weights), reference, x
    )
    y = testing.random_array((2, 6), seed=9)
    scale = np.arange(12, dtype="float32").reshape(3, 4)
    assert_gradient(
        lambda t: ops.multiply(ops.rearrange(t, "a (b c) -> b (a c)", b=3), scale),
        lambda v: np.transpose(v.reshape(2, 3, 2), (1, 0, 2)).reshape(3, 4) * scale,
        y,
    )


def test_segment_prod_gradient_with_zero_rows():
    # Segment 0 holds one zero (its gradient is the product of the others), segment 1
    # two zeros (all gradients 0), segment 2 none; the row with id 5 is left out.
    x = np.array(
        [[0.0, 2.0], [3.0, 0.0], [0.0, 0.0], [1.5, 0.5], [2.0, -1.0], [4.0, 4.0]]
    )
    x = x.astype("float32")
    ids = np.array([0, 0, 1, 1, 2, 5], "int32")
    assert_gradient(
        lambda t: ops.segment_prod(t, ids, num_segments=3),
        lambda v: reference_segments(np.prod, v, ids, 3),
        x,
    )
