"""Tests of the Dot layer and `dot`."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.input_layer import Input
from keras.layers.merging.dot import Dot
from keras.layers.merging.dot import dot
from keras.layers.testing import run_layer_test


def _inputs(shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype("float32") for s in shapes]


def _numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def _reference(x1, x2, axes, normalize=False):
    """Per-sample tensordot over one axis of each input, as a loop over the batch."""
    if isinstance(axes, int):
        axes = (axes, axes)
    a1, a2 = axes[0] % x1.ndim, axes[1] % x2.ndim
    if normalize:
        x1 = x1 / np.sqrt(np.maximum(np.sum(x1**2, axis=a1, keepdims=True), 1e-7))
        x2 = x2 / np.sqrt(np.maximum(np.sum(x2**2, axis=a2, keepdims=True), 1e-7))
    out = np.stack(
        [np.tensordot(x1[i], x2[i], axes=(a1 - 1, a2 - 1)) for i in range(x1.shape[0])]
    )
    return out.reshape(out.shape[0], 1) if out.ndim == 1 else out


def test_run_layer_test():
    run_layer_test(
        Dot,
        init_kwargs={"axes": 1},
        input_shape=[(2, 3), (2, 3)],
        expected_output_shape=(2, 1),
        supports_masking=True,
    )


@pytest.mark.parametrize(
    "shapes, axes",
    [
        ([(2, 3), (2, 3)], 1),
        ([(2, 3), (2, 3)], -1),
        ([(2, 3, 5), (2, 10, 3)], (1, 2)),
        ([(2, 3, 5), (2, 3, 4)], 1),
        ([(4, 5, 6), (4, 6)], (2, 1)),
        ([(3, 6), (3, 6, 2)], (1, 1)),
        ([(2, 3, 4, 5), (2, 5, 6)], (-1, 1)),
        ([(2, 3, 4), (2, 7, 2, 4)], (2, 3)),
    ],
    ids=str,
)
@pytest.mark.parametrize("normalize", [False, True])
def test_matches_numpy(shapes, axes, normalize):
    xs = _inputs(shapes, seed=len(shapes[0]) + len(shapes[1]))
    expected = _reference(*xs, axes, normalize=normalize)
    run_layer_test(
        Dot,
        init_kwargs={"axes": axes, "normalize": normalize},
        input_data=xs,
        expected_output_shape=expected.shape,
        expected_output=expected,
        rtol=1e-4,
        atol=1e-5,
        # float16 once per `normalize`: the other axes pairs are the same ops.
        run_mixed_precision_check=axes == (1, 2),
    )


def test_normalize_gives_cosine_similarity():
    x1, x2 = _inputs([(4, 8), (4, 8)], seed=3)
    norms = np.linalg.norm(x1, axis=-1) * np.linalg.norm(x2, axis=-1)
    cosine = np.sum(x1 * x2, -1) / norms
    out = _numpy(Dot(axes=1, normalize=True)([x1, x2]))
    np.testing.assert_allclose(out, cosine[:, None], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "shapes, axes, expected",
    [
        ([(None, 8), (None, 8)], 1, (None, 1)),
        ([(None, 3, 5), (None, 10, 3)], (1, 2), (None, 5, 10)),
        ([(None, None, 4), (None, 4, 6)], (2, 1), (None, None, 6)),
        ([(None, 4), (None, 4, 2)], 1, (None, 2)),
    ],
)
def test_symbolic_shapes(shapes, axes, expected):
    assert Dot(axes=axes).compute_output_shape(shapes) == expected
    out = Dot(axes=axes)([KerasTensor(s) for s in shapes])
    assert out.shape == expected


def test_functional_form():
    a = Input(shape=(8,))
    b = Input(shape=(8,))
    out = dot([a, b], axes=1, normalize=True, name="d")
    assert out.shape == (None, 1)
    layer = out._keras_history.operation
    assert type(layer) is Dot
    assert layer.axes == 1 and layer.normalize is True and layer.name == "d"
    # The default axes=-1.
    assert dot([Input(shape=(3, 4)), Input(shape=(5, 4))]).shape == (None, 3, 5)
    xs = _inputs([(2, 3, 4), (2, 5, 4)])
    expected = _reference(*xs, -1)
    np.testing.assert_allclose(_numpy(dot(xs)), expected, rtol=1e-5, atol=1e-5)


def test_config():
    config = Dot(axes=(1, 2), normalize=True, name="d").get_config()
    assert config["axes"] == (1, 2) and config["normalize"] is True
    assert set(config) == {"name", "trainable", "dtype", "axes", "normalize"}
    clone = Dot.from_config(config)
    assert clone.axes == (1, 2) and clone.normalize is True


def test_masks_are_dropped():
    xs = _inputs([(2, 3, 4), (2, 3, 4)])
    m = np.ones((2, 3), bool)
    assert Dot(axes=2).compute_mask(xs, [m, m]) is None


@pytest.mark.parametrize(
    "axes, error, match",
    [
        ("1", TypeError, "Invalid type for argument `axes`"),
        (None, TypeError, "Invalid type for argument `axes`"),
        ((1, 2, 3), ValueError, "should contain two elements|must hold two ints"),
        ((1, "2"), ValueError, "must be ints"),
    ],
)
def test_invalid_axes(axes, error, match):
    with pytest.raises(error, match=match):
        Dot(axes=axes)


def test_wrong_number_of_inputs():
    x = _inputs([(2, 3)])[0]
    with pytest.raises(ValueError, match="list of 2 inputs"):
        Dot(axes=1)([x, x, x])
    with pytest.raises(ValueError, match="list of 2 inputs"):
        Dot(axes=1)(x)


def test_incompatible_sizes():
    match = r"size 3 \(axis 1 of the first input\) != size 4"
    with pytest.raises(ValueError, match=match):
        Dot(axes=1)(_inputs([(2, 3), (2, 4)]))
    with pytest.raises(ValueError, match="incompatible input shapes"):
        Dot(axes=(1, 2))([KerasTensor((None, 3, 5)), KerasTensor((None, 3, 5))])


def test_batch_axis_and_out_of_range_axes():
    with pytest.raises(ValueError, match="over the batch axis 0"):
        Dot(axes=0)(_inputs([(2, 3), (2, 3)]))
    with pytest.raises(ValueError, match="axis 3 is out of range for the second input"):
        Dot(axes=(1, 3))([KerasTensor((None, 4)), KerasTensor((None, 4, 2))])
    with pytest.raises(ValueError, match="rank >= 2"):
        Dot(axes=-1)([KerasTensor((4,)), KerasTensor((4,))])
