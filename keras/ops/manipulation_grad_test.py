"""Gradients of the manipulation ops against finite differences of NumPy references.

The ops move, copy or drop elements, so each input element's gradient is the sum of the
weights of the output positions it reaches: the outputs are weighted by fixed random
values so that a wrong position (not only a wrong count) shows.
"""

import numpy as np
import pytest

from keras import ops
from keras.ops import testing

pytestmark = pytest.mark.skipif(
    not testing.has_gradients(), reason="the active backend has no autodiff"
)

INDEX = np.array([2, 0, 2, -1], "int32")  # repeats: gradients accumulate
MASK = np.array([True, False, True, True])
OTHER = testing.random_array((3, 2), seed=5)
CONDITION = testing.random_array((3, 4), seed=6) > 0

# (id, keras.ops function of a (3, 4) float32 tensor, NumPy reference)
CASES = [
    ("reshape", lambda t: ops.reshape(t, (2, -1)), lambda v: v.reshape(2, -1)),
    ("transpose", ops.transpose, np.transpose),
    ("expand_squeeze", lambda t: ops.squeeze(ops.expand_dims(t, 1)), lambda v: v),
    ("moveaxis", lambda t: ops.moveaxis(t, 0, 1), lambda v: np.moveaxis(v, 0, 1)),
    ("flip", lambda t: ops.flip(t, 1), lambda v: np.flip(v, 1)),
    ("roll", lambda t: ops.roll(t, 3), lambda v: np.roll(v, 3)),
    ("rot90", lambda t: ops.rot90(t, 3), lambda v: np.rot90(v, 3)),
    ("diagonal", lambda t: ops.diagonal(t, 1), lambda v: np.diagonal(v, 1)),
    ("broadcast_to", lambda t: ops.broadcast_to(t, (2, 3, 4)),
     lambda v: np.broadcast_to(v, (2, 3, 4))),
    ("repeat", lambda t: ops.repeat(t, [1, 0, 3], axis=0),
     lambda v: np.repeat(v, [1, 0, 3], axis=0)),
    ("tile", lambda t: ops.tile(t, (2, 1)), lambda v: np.tile(v, (2, 1))),
    ("pad_constant", lambda t: ops.pad(t, ((1, 0), (2, 1)), constant_values=3.0),
     lambda v: np.pad(v, ((1, 0), (2, 1)), constant_values=3.0)),
    ("pad_reflect", lambda t: ops.pad(t, 2, mode="reflect"),
     lambda v: np.pad(v, 2, mode="reflect")),
    ("pad_edge", lambda t: ops.pad(t, 2, mode="edge"),
     lambda v: np.pad(v, 2, mode="edge")),
    ("concatenate", lambda t: ops.concatenate([t, OTHER], axis=1),
     lambda v: np.concatenate([v, OTHER], axis=1)),
    ("stack", lambda t: ops.stack([t, t], axis=1), lambda v: np.stack([v, v], axis=1)),
    ("append", lambda t: ops.append(t, OTHER), lambda v: np.append(v, OTHER)),
    ("hstack", lambda t: ops.hstack([OTHER, t]), lambda v: np.hstack([OTHER, v])),
    ("split", lambda t: ops.split(t, [1, 3], axis=1)[1],
     lambda v: np.split(v, [1, 3], axis=1)[1]),
    ("array_split", lambda t: ops.array_split(t, 3, axis=1)[0],
     lambda v: np.array_split(v, 3, axis=1)[0]),
    ("take", lambda t: ops.take(t, INDEX, axis=1), lambda v: np.take(v, INDEX, axis=1)),
    ("take_flat", lambda t: ops.take(t, INDEX), lambda v: np.take(v, INDEX)),
    ("take_along_axis",
     lambda t: ops.take_along_axis(t, np.array([[3, 3, 0]], "int32"), axis=1),
     lambda v: np.take_along_axis(v, np.array([[3, 3, 0]] * 3), axis=1)),
    ("get_item_basic", lambda t: ops.get_item(t, (slice(None, None, -2), 1)),
     lambda v: v[::-2, 1]),
    ("get_item_advanced", lambda t: ops.get_item(t, (slice(None), INDEX)),
     lambda v: v[:, INDEX]),
    ("get_item_mask", lambda t: ops.get_item(t, (slice(1, None), MASK)),
     lambda v: v[1:, MASK]),
    ("select", lambda t: ops.select([CONDITION], [t], 0.0),
     lambda v: np.where(CONDITION, v, 0.0)),
]


def dense(t):
    """`t` through an op: TF's gradient of a gather straight from the differentiated
    tensor is an IndexedSlices, which testing.gradient cannot turn into an array."""
    return ops.multiply(t, 1.0)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_gradients_match_finite_differences(case):
    _, function, reference = case
    x = testing.random_array((3, 4), seed=1)
    shape = np.shape(reference(x))
    weights = testing.random_array(shape, seed=2, low=0.5, high=2.0)
    np.testing.assert_allclose(
        testing.gradient(lambda t: ops.multiply(function(dense(t)), weights), x),
        testing.numeric_gradient(lambda v: reference(v) * weights, x),
        rtol=1e-2,
        atol=1e-3,
    )


def test_gradient_of_take_counts_repeated_indices():
    x = testing.random_array((5,), seed=3)
    indices = np.array([4, 4, 0, -1], "int32")
    expected = np.zeros(5, "float32")
    np.add.at(expected, indices, 1.0)
    gradient = testing.gradient(lambda t: ops.take(dense(t), indices), x)
    np.testing.assert_allclose(gradient, expected)
