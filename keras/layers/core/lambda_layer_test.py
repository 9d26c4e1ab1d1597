"""Lambda: calls, shape inference, masks, arguments, and safe (de)serialization."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.core.lambda_layer import Lambda
from keras.layers.testing import run_layer_test
from keras.saving import serialization_lib
from keras.saving.object_registration import register_keras_serializable


@register_keras_serializable(package="lambda_layer_test")
def square_plus(x, offset=0.0):
    return ops.square(x) + offset


@register_keras_serializable(package="lambda_layer_test")
def split_halves(x):
    half = x.shape[-1] // 2
    return [x[..., :half], x[..., half:]]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


@pytest.mark.parametrize("shape", [(2, 3), (2, 4, 5)])
def test_harness_named_function(shape):
    x = _data(shape)
    run_layer_test(
        Lambda,
        init_kwargs={"function": square_plus, "arguments": {"offset": 1.5}},
        input_data=x,
        expected_output=x**2 + 1.5,
        expected_output_shape=shape,
        supports_masking=False,
    )


def test_harness_with_output_shape():
    x = _data((2, 6))
    run_layer_test(
        Lambda,
        init_kwargs={"function": square_plus, "output_shape": (6,)},
        input_data=x,
        expected_output=x**2,
    )


def test_lambda_outputs_and_inferred_shape():
    layer = Lambda(lambda x: ops.concatenate([x, x * 2.0], axis=-1))
    x = _data((3, 2))
    np.testing.assert_allclose(_np(layer(x)), np.concatenate([x, 2 * x], -1), rtol=1e-6)
    out = layer(KerasTensor((None, 2)))
    assert out.shape == (None, 4)
    assert layer.compute_output_shape((None, 2)) == (None, 4)


def test_output_shape_forms():
    fixed = Lambda(split_halves, output_shape=[(2,), (2,)])
    outs = fixed(KerasTensor((None, 4)))
    assert [o.shape for o in outs] == [(None, 2), (None, 2)]
    by_function = Lambda(
        square_plus, output_shape=lambda shape: shape[:-1] + (shape[-1],)
    )
    assert by_function.compute_output_shape((None, 3)) == (None, 3)
    assert Lambda(square_plus, output_shape=[5]).compute_output_shape((7, 5)) == (7, 5)
    with pytest.raises(TypeError, match="output_shape"):
        Lambda(square_plus, output_shape="big")


def test_mask_and_training_arguments():
    seen = {}

    def fn(x, mask=None, training=None):
        seen["mask"], seen["training"] = mask, training
        return x

    layer = Lambda(fn, mask=lambda inputs, mask: ops.any(inputs > 0, axis=-1))
    x = np.array([[[1.0], [-1.0]]], dtype="float32")
    layer(x, training=True)
    assert seen["training"] is True
    assert layer.supports_masking
    np.testing.assert_array_equal(
        _np(layer.compute_mask(x, None)), np.array([[True, False]])
    )
    assert Lambda(square_plus).compute_mask(x, np.ones((1, 2), bool)) is None


def test_config_of_named_function_round_trips():
    layer = Lambda(square_plus, output_shape=(3,), arguments={"offset": 2.0})
    config = layer.get_config()
    assert config["function"]["registered_name"] == "lambda_layer_test>square_plus"
    assert config["output_shape"] == (3,)
    assert config["arguments"] == {"offset": 2.0}
    clone = Lambda.from_config(config)
    assert clone.function is square_plus
    x = _data((2, 3))
    np.testing.assert_allclose(_np(clone(x)), x**2 + 2.0, rtol=1e-6)


def test_python_lambda_is_refused_in_safe_mode():
    scale = 3.0
    layer = Lambda(lambda x, shift=1.0: x * scale + shift)
    config = layer.get_config()
    assert config["function"]["class_name"] == "__lambda__"
    assert set(config["function"]["config"]) == {"code", "defaults", "closure"}
    with pytest.raises(ValueError, match="safe_mode=False"):
        Lambda.from_config(config)
    with pytest.raises(ValueError, match="safe_mode=False"):
        serialization_lib.deserialize_keras_object(
            serialization_lib.serialize_keras_object(layer)
        )


def test_python_lambda_loads_when_unsafe_mode_is_chosen():
    scale = 3.0
    layer = Lambda(lambda x, shift=1.0: x * scale + shift, output_shape=lambda s: s)
    x = _data((2, 3))
    clone = Lambda.from_config(layer.get_config(), safe_mode=False)
    np.testing.assert_allclose(_np(clone(x)), x * 3.0 + 1.0, rtol=1e-6)
    assert clone.compute_output_shape((None, 3)) == (None, 3)
    restored = serialization_lib.deserialize_keras_object(
        serialization_lib.serialize_keras_object(layer), safe_mode=False
    )
    np.testing.assert_allclose(_np(restored(x)), x * 3.0 + 1.0, rtol=1e-6)


def test_argument_errors():
    with pytest.raises(TypeError, match="callable"):
        Lambda(3)
    with pytest.raises(TypeError, match="arguments"):
        Lambda(square_plus, arguments=[1.0])
