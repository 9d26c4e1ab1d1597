"""Tests of the element-wise merge layers (Add, Subtract, Multiply, Average, Maximum,
Minimum), their functional forms and the shared Merge behaviour (shapes, masks)."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import Input
from keras.layers.merging.add import Add
from keras.layers.merging.add import add
from keras.layers.merging.average import Average
from keras.layers.merging.average import average
from keras.layers.merging.maximum import Maximum
from keras.layers.merging.maximum import maximum
from keras.layers.merging.minimum import Minimum
from keras.layers.merging.minimum import minimum
from keras.layers.merging.multiply import Multiply
from keras.layers.merging.multiply import multiply
from keras.layers.merging.subtract import Subtract
from keras.layers.merging.subtract import subtract
from keras.layers.testing import run_layer_test


def _fold(fn):
    def reference(*xs):
        out = xs[0]
        for x in xs[1:]:
            out = fn(out, x)
        return out

    return reference


# class, functional form, NumPy reference over the inputs.
LAYERS = {
    "add": (Add, add, _fold(np.add)),
    "subtract": (Subtract, subtract, np.subtract),
    "multiply": (Multiply, multiply, _fold(np.multiply)),
    "average": (Average, average, lambda *xs: sum(xs) / len(xs)),
    "maximum": (Maximum, maximum, _fold(np.maximum)),
    "minimum": (Minimum, minimum, _fold(np.minimum)),
}
NAMES = sorted(LAYERS)
MULTI = [n for n in NAMES if n != "subtract"]


def _inputs(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype("float32") for s in shapes]


def _align(xs):
    """The Keras rule for ranks: size-1 dims inserted after the batch dim."""
    rank = max(x.ndim for x in xs)
    return [x.reshape(x.shape[:1] + (1,) * (rank - x.ndim) + x.shape[1:]) for x in xs]


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize("name", NAMES)
def test_run_layer_test(name):
    cls = LAYERS[name][0]
    run_layer_test(
        cls,
        input_shape=[(2, 3), (2, 3)],
        expected_output_shape=(2, 3),
        supports_masking=True,
        input_mask=[np.array([True, False]), np.array([False, False])],
        expected_mask_shape=(2,),
    )


@pytest.mark.parametrize("name", MULTI)
def test_run_layer_test_three_inputs(name):
    cls, _, reference = LAYERS[name]
    xs = _inputs([(2, 3, 4), (2, 3, 4), (2, 3, 4)], seed=1)
    run_layer_test(
        cls,
        input_data=xs,
        expected_output_shape=(2, 3, 4),
        expected_output=reference(*xs),
    )


SHAPES = [
    [(2, 3), (2, 3)],
    [(4, 5, 6), (4, 5, 6)],
    [(2, 1, 4), (2, 3, 4)],  # broadcasting
    [(2, 3, 1), (2, 1, 5)],  # broadcasting both ways
    [(2, 4), (2, 3, 4)],  # ranks differ: (2, 4) -> (2, 1, 4)
    [(2, 3, 4), (2, 1)],  # (2, 1) -> (2, 1, 1)
]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("name", NAMES)
def test_matches_numpy(name, shapes):
    cls, _, reference = LAYERS[name]
    xs = _inputs(shapes, seed=len(shapes[0]))
    expected = reference(*_align(xs))
    _, out = run_layer_test(
        cls,
        input_data=xs,
        expected_output_shape=expected.shape,
        expected_output=expected,
        # float16 once per layer (on a broadcasting case): the other shapes run the
        # same ops, and each costs a compile per op on jax.
        run_mixed_precision_check=shapes == SHAPES[2],
    )
    assert out.dtype == np.float32


@pytest.mark.parametrize("name", MULTI)
def test_matches_numpy_four_broadcast_inputs(name):
    cls, _, reference = LAYERS[name]
    shapes = [(3, 1, 4), (3, 2, 1), (3, 4), (3, 2, 4)]
    xs = _inputs(shapes, seed=7)
    expected = reference(*_align(xs))
    out = _numpy(cls()(xs))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_functional_form_on_keras_tensors(name):
    cls, fn, _ = LAYERS[name]
    a = Input(shape=(1, 4))
    b = Input(shape=(3, 4))
    out = fn([a, b], name=f"my_{name}")
    assert isinstance(out, KerasTensor)
    assert out.shape == (None, 3, 4)
    layer = out._keras_history.operation
    assert type(layer) is cls
    assert layer.name == f"my_{name}"


@pytest.mark.parametrize("name", NAMES)
def test_functional_form_eager(name):
    _, fn, reference = LAYERS[name]
    xs = _inputs([(2, 3, 4), (2, 3, 4)], seed=3)
    np.testing.assert_allclose(_numpy(fn(xs)), reference(*xs), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "shapes, expected",
    [
        ([(None, 3), (None, 3)], (None, 3)),
        ([(None, 1, 4), (None, 3, 4)], (None, 3, 4)),
        ([(None, None, 4), (None, 3, 4)], (None, None, 4)),
        ([(2, 3), (None, 3)], (2, 3)),
        ([(None, 4), (None, 3, 4)], (None, 3, 4)),
    ],
)
def test_symbolic_shapes(shapes, expected):
    layer = Add()
    assert layer.compute_output_shape(shapes) == expected
    out = Add()([KerasTensor(s) for s in shapes])
    assert out.shape == expected
    assert out.dtype == "float32"


def test_integer_inputs_keep_their_dtype():
    xs = [np.arange(6, dtype="int32").reshape(2, 3), np.ones((2, 3), "int32")]
    out = Add()(xs)
    assert dtypes.standardize_dtype(out.dtype) == "int32"
    np.testing.assert_array_equal(_numpy(out), xs[0] + xs[1])


def test_one_element_list_is_passed_through():
    # Keras 3 accepts a list of one input (Keras 2 required two).
    (x,) = _inputs([(2, 3)])
    np.testing.assert_allclose(_numpy(Add()([x])), x)


def test_config():
    layer = Add(name="merge_it", dtype="float32")
    config = layer.get_config()
    assert set(config) == {"name", "trainable", "dtype"}
    assert Add.from_config(config).name == "merge_it"


@pytest.mark.parametrize("name", NAMES)
def test_single_tensor_is_rejected(name):
    cls = LAYERS[name][0]
    (x,) = _inputs([(2, 3)])
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        cls()(x)
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        cls()(KerasTensor((None, 3)))


def test_empty_list_is_rejected():
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        Add().compute_output_shape([])


@pytest.mark.parametrize("name", NAMES)
def test_mismatched_shapes(name):
    cls = LAYERS[name][0]
    with pytest.raises(ValueError, match=r"incompatible shapes.*\(3,\) and \(4,\)"):
        cls()(_inputs([(2, 3), (2, 4)]))
    with pytest.raises(ValueError, match="incompatible shapes"):
        cls()([KerasTensor((None, 5, 3)), KerasTensor((None, 5, 4))])


def test_different_batch_sizes():
    with pytest.raises(ValueError, match="different batch sizes"):
        Add()(_inputs([(2, 3), (3, 3)]))


def test_subtract_needs_exactly_two_inputs():
    with pytest.raises(ValueError, match="exactly 2 inputs.*received 3"):
        Subtract()(_inputs([(2, 3)] * 3))
    with pytest.raises(ValueError, match="exactly 2 inputs.*received 3"):
        subtract([Input(shape=(3,)) for _ in range(3)])
    with pytest.raises(ValueError, match="exactly 2 inputs.*received 1"):
        Subtract()(_inputs([(2, 3)]))


# Masks.


def _masks(shape, count, seed):
    rng = np.random.default_rng(seed)
    return [rng.random(shape) > 0.4 for _ in range(count)]


def test_compute_mask_is_the_or_of_the_masks():
    xs = _inputs([(2, 5, 3)] * 3)
    m = _masks((2, 5), 3, seed=4)
    out = _numpy(Add().compute_mask(xs, m))
    np.testing.assert_array_equal(out, m[0] | m[1] | m[2])


def test_compute_mask_none_cases():
    xs = _inputs([(2, 5, 3)] * 2)
    m = _masks((2, 5), 1, seed=4)[0]
    assert Add().compute_mask(xs, None) is None
    assert Add().compute_mask(xs, [None, None]) is None
    # An unmasked input makes every position valid.
    assert Add().compute_mask(xs, [m, None]) is None
    with pytest.raises(ValueError, match="one entry per input"):
        Add().compute_mask(xs, [m, m, m])


def test_symbolic_masks_propagate():
    a = KerasTensor((None, 5, 3))
    b = KerasTensor((None, 5, 3))
    a._keras_mask = KerasTensor((None, 5), dtype="bool")
    b._keras_mask = KerasTensor((None, 5), dtype="bool")
    out = Add()([a, b])
    assert out._keras_mask.shape == (None, 5)
    assert dtypes.standardize_dtype(out._keras_mask.dtype) == "bool"


@pytest.mark.parametrize("name", ["add", "subtract", "average"])
def test_masks_do_not_change_linear_merges(name):
    cls, _, reference = LAYERS[name]
    xs = _inputs([(2, 5, 3)] * 2, seed=5)
    out = cls()(xs, mask=_masks((2, 5), 2, seed=6))
    np.testing.assert_allclose(_numpy(out), reference(*xs), rtol=1e-5, atol=1e-6)


def _masked_fold(fn, xs, masks):
    """Reference for Maximum/Minimum: the op over the valid entries only; where none
    is valid, the first input."""
    out = np.array(xs[0])
    valid = np.broadcast_to(masks[0][..., None], xs[0].shape).copy()
    for x, m in zip(xs[1:], masks[1:]):
        m = np.broadcast_to(m[..., None], x.shape)
        both = valid & m
        out = np.where(both, fn(out, x), np.where(m, x, out))
        valid = valid | m
    return out


@pytest.mark.parametrize("name", ["maximum", "minimum"])
@pytest.mark.parametrize("count", [2, 3])
def test_maximum_minimum_skip_masked_entries(name, count):
    cls = LAYERS[name][0]
    fn = np.maximum if name == "maximum" else np.minimum
    xs = _inputs([(3, 6, 4)] * count, seed=count)
    masks = _masks((3, 6), count, seed=10 + count)
    out = cls()(xs, mask=masks)
    np.testing.assert_allclose(_numpy(out), _masked_fold(fn, xs, masks), rtol=1e-6)


def test_maximum_with_one_unmasked_input():
    xs = _inputs([(2, 4, 3)] * 2, seed=8)
    m = _masks((2, 4), 1, seed=9)[0]
    # The masked-out entries of the first input take the value of the second.
    expected = np.where(m[..., None], np.maximum(xs[0], xs[1]), xs[1])
    out = Maximum()(xs, mask=[m, None])
    np.testing.assert_allclose(_numpy(out), expected, rtol=1e-6)


def test_multiply_with_masks():
    xs = _inputs([(2, 5, 3)] * 3, seed=11)
    masks = _masks((2, 5), 3, seed=12)
    # Masked-out entries count as 1; positions masked out everywhere are 0.
    ones = [np.where(m[..., None], x, 1.0) for x, m in zip(xs, masks)]
    any_valid = (masks[0] | masks[1] | masks[2])[..., None]
    expected = np.where(any_valid, ones[0] * ones[1] * ones[2], 0.0)
    out = Multiply()(xs, mask=masks)
    np.testing.assert_allclose(_numpy(out), expected, rtol=1e-5, atol=1e-6)


def test_multiply_with_one_unmasked_input():
    xs = _inputs([(2, 5, 3)] * 2, seed=13)
    m = _masks((2, 5), 1, seed=14)[0]
    expected = np.where(m[..., None], xs[0], 1.0) * xs[1]
    out = Multiply()(xs, mask=[m, None])
    np.testing.assert_allclose(_numpy(out), expected, rtol=1e-5, atol=1e-6)
