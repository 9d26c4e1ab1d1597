"""Softmax: axes, masks (masked positions get ~0), dtypes, NumPy reference."""

import numpy as np
import pytest

from keras import ops
from keras.layers.activations.softmax import Softmax
from keras.layers.testing import run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize(
    "shape, axis",
    [
        ((2, 5), -1),
        ((2, 3, 4), 1),
        ((2, 3, 4), -1),
        ((2, 3, 4), [1, 2]),
        ((2, 3, 4), [2]),
    ],
)
def test_matches_numpy(shape, axis):
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    run_layer_test(
        Softmax,
        init_kwargs={"axis": axis},
        input_data=x,
        expected_output=_softmax(x, np_axis),
        expected_output_shape=shape,
        supports_masking=True,
    )


@pytest.mark.parametrize("shape", [(2, 5), (2, 3, 4)])
def test_mask(shape):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype("float32")
    mask = rng.random(shape) > 0.4
    mask[..., 0] = True
    out = _np(Softmax()(x, mask=mask))
    expected = np.where(mask, np.exp(x - x.max(-1, keepdims=True)), 0.0)
    expected = expected / expected.sum(-1, keepdims=True)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-7)
    assert np.all(out[~mask] < 1e-6)


def test_broadcast_and_fully_masked_mask():
    x = np.random.default_rng(2).standard_normal((2, 3, 4)).astype("float32")
    mask = np.array([[[True, True, False, False]], [[False, False, False, False]]])
    out = _np(Softmax()(x, mask=mask))
    np.testing.assert_allclose(out[0, :, :2].sum(-1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(out[0, :, 2:], 0.0, atol=1e-7)
    np.testing.assert_allclose(out[1], 0.0)


def test_float16_mask():
    x = np.array([[1.0, 2.0, 3.0]], dtype="float16")
    mask = np.array([[True, False, True]])
    out = _np(Softmax(dtype="float16")(x, mask=mask))
    assert out.dtype == np.float16
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, [[0.1192, 0.0, 0.8808]], atol=1e-3)


def test_config():
    layer = Softmax(axis=1)
    config = layer.get_config()
    assert config["axis"] == 1
    assert Softmax.from_config(config).axis == 1


def test_numeric_mask_and_mask_errors():
    x = np.random.default_rng(3).standard_normal((2, 4)).astype("float32")
    bool_mask = np.array([[True, True, False, True], [False, True, True, True]])
    numeric = _np(Softmax()(x, mask=bool_mask.astype("float32") * 0.9))
    np.testing.assert_allclose(numeric, _np(Softmax()(x, mask=bool_mask)), rtol=1e-6)
    with pytest.raises(ValueError, match="broadcast"):
        Softmax()(x, mask=np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="broadcast"):
        Softmax()(x, mask=np.ones((1, 2, 4), bool))
