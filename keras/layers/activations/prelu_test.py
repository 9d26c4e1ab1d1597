"""PReLU: learned slopes (shared or not) against a NumPy reference; errors."""

import numpy as np
import pytest

from keras import initializers
from keras import ops
from keras.layers.activations.prelu import PReLU
from keras.layers.testing import run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize(
    "shape, shared_axes, alpha_shape",
    [
        ((2, 3), None, (3,)),
        ((2, 4, 3), None, (4, 3)),
        ((2, 4, 5, 3), [1, 2], (1, 1, 3)),
        ((2, 4, 3), 1, (1, 3)),
        ((2, 4, 5, 3), (-3, -2), (1, 1, 3)),
    ],
)
def test_matches_numpy(shape, shared_axes, alpha_shape):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype("float32")
    layer, _ = run_layer_test(
        PReLU,
        init_kwargs={"shared_axes": shared_axes, "alpha_initializer": "ones"},
        input_data=x,
        expected_output=x,
        expected_output_shape=shape,
        expected_num_trainable_weights=1,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(x.shape[:-1]) > 0.3,
        expected_mask_shape=x.shape[:-1],
    )
    assert layer.weights[0].name == "alpha"
    assert tuple(layer.alpha.shape) == alpha_shape
    alpha = rng.uniform(0.0, 0.5, size=alpha_shape).astype("float32")
    layer.set_weights([alpha])
    expected = np.where(x >= 0, x, alpha * x)
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-6, atol=1e-6)


def test_default_alpha_is_zero():
    x = np.array([[-2.0, 3.0]], dtype="float32")
    np.testing.assert_allclose(_np(PReLU()(x)), np.array([[0.0, 3.0]]))
    constant = PReLU(alpha_initializer=initializers.Constant(0.5))
    np.testing.assert_allclose(_np(constant(x)), np.array([[-1.0, 3.0]]))


def test_input_spec_and_config():
    layer = PReLU(shared_axes=[1], alpha_regularizer="l2")
    layer.build((None, 4, 3))
    assert layer.input_spec.axes == {2: 3}
    with pytest.raises(ValueError, match="axis 2"):
        layer(np.zeros((2, 5, 2), "float32"))
    np.testing.assert_allclose(_np(layer(np.zeros((2, 7, 3), "float32"))), 0.0)
    config = layer.get_config()
    assert config["shared_axes"] == [1]
    assert config["alpha_initializer"]["class_name"] == "Zeros"
    assert config["alpha_regularizer"] is not None
    assert PReLU.from_config(config).get_config() == config


def test_invalid_shared_axes():
    with pytest.raises(ValueError, match="shared_axes"):
        PReLU(shared_axes=[0])
    with pytest.raises(ValueError, match="out of range"):
        PReLU(shared_axes=[3]).build((None, 4, 3))
    with pytest.raises(ValueError, match="defined"):
        PReLU().build((None, None, 3))
