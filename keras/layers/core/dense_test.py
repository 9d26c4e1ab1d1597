"""Dense: harness checks, NumPy reference, masking, mixed precision, LoRA, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.core.dense import Dense
from keras.layers.testing import run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


@pytest.mark.parametrize(
    "input_shape, units",
    [((2, 3), 5), ((2, 4, 3), 2), ((3, 2, 4, 6), 1)],
)
def test_harness(input_shape, units):
    run_layer_test(
        Dense,
        init_kwargs={"units": units, "activation": "tanh"},
        input_shape=input_shape,
        expected_output_shape=input_shape[:-1] + (units,),
        expected_num_trainable_weights=2,
        supports_masking=True,
        input_mask=np.random.default_rng(2).random(input_shape[:-1]) > 0.3,
        expected_mask_shape=input_shape[:-1],
    )


def test_harness_without_bias_and_with_regularizers():
    run_layer_test(
        Dense,
        init_kwargs={
            "units": 3,
            "use_bias": False,
            "kernel_regularizer": "l2",
            "activity_regularizer": "l1",
        },
        input_shape=(2, 4),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=1,
        expected_num_losses=2,
    )


@pytest.mark.parametrize("input_shape", [(4, 3), (2, 5, 3), (2, 2, 3, 3)])
@pytest.mark.parametrize("activation", [None, "relu", "sigmoid"])
def test_matches_numpy(input_shape, activation):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(input_shape).astype("float32")
    kernel = rng.standard_normal((input_shape[-1], 4)).astype("float32")
    bias = rng.standard_normal((4,)).astype("float32")
    layer = Dense(4, activation=activation)
    layer.build(input_shape)
    layer.set_weights([kernel, bias])
    expected = x @ kernel + bias
    if activation == "relu":
        expected = np.maximum(expected, 0)
    elif activation == "sigmoid":
        expected = 1 / (1 + np.exp(-expected))
    np.testing.assert_allclose(_np(layer(x)), expected, rtol=1e-5, atol=1e-5)


def test_weights_names_shapes_and_input_spec():
    layer = Dense(4)
    layer(np.zeros((2, 3), "float32"))
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert tuple(layer.kernel.shape) == (3, 4)
    assert tuple(layer.bias.shape) == (4,)
    assert layer.input_spec.min_ndim == 2
    assert layer.input_spec.axes == {-1: 3}
    with pytest.raises(ValueError, match="axis -1"):
        layer(np.zeros((2, 5), "float32"))


def test_symbolic_and_output_shape():
    layer = Dense(6)
    out = layer(KerasTensor((None, 7, 3)))
    assert out.shape == (None, 7, 6)
    assert layer.compute_output_shape((None, 2, 3)) == (None, 2, 6)


def test_config_keys_and_round_trip():
    layer = Dense(
        3, activation="relu", kernel_initializer="ones", bias_constraint="non_neg"
    )
    config = layer.get_config()
    for key in (
        "units",
        "activation",
        "use_bias",
        "kernel_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "bias_constraint",
        "quantization_config",
    ):
        assert key in config
    assert config["activation"] == "relu"
    assert "lora_rank" not in config
    assert "activity_regularizer" not in config
    clone = Dense.from_config(config)
    assert clone.get_config() == config
    with_activity = Dense(3, activity_regularizer="l2").get_config()
    assert Dense.from_config(with_activity).activity_regularizer is not None


def test_mask_passes_through():
    layer = Dense(2)
    x = np.ones((1, 3, 4), "float32")
    mask = np.array([[True, False, True]])
    assert np.array_equal(_np(layer.compute_mask(x, mask)), mask)


def test_mixed_precision():
    layer = Dense(4, dtype="mixed_float16")
    x = np.random.default_rng(2).standard_normal((2, 3)).astype("float32")
    y = layer(x)
    assert ops.convert_to_numpy(y).dtype == np.float16
    assert layer.kernel.dtype == "float32"
    assert layer.bias.dtype == "float32"
    assert layer.compute_dtype == "float16"
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(_np(y), x @ kernel + bias, rtol=1e-2, atol=1e-2)
    assert layer(KerasTensor((None, 3))).dtype == "float16"


@pytest.mark.parametrize("units", [0, -2, 2.5, "4", None, True])
def test_invalid_units(units):
    with pytest.raises(ValueError, match="units"):
        Dense(units)


def test_input_errors():
    with pytest.raises(ValueError, match="min_ndim=2"):
        Dense(2)(np.ones((3,), "float32"))
    with pytest.raises(ValueError, match="last axis"):
        Dense(2).build((None, None))
    with pytest.raises(TypeError, match="Unrecognized keyword"):
        Dense(2, unknown=1)


def test_lora():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 5)).astype("float32")
    layer = Dense(4, lora_rank=2, lora_alpha=4)
    y_before = _np(layer(x))
    assert layer.lora_enabled
    assert [w.name for w in layer.trainable_weights] == [
        "bias",
        "lora_kernel_a",
        "lora_kernel_b",
    ]
    assert [w.name for w in layer.non_trainable_weights] == ["kernel"]
    kernel, bias, a, _ = layer.get_weights()
    np.testing.assert_allclose(y_before, x @ kernel + bias, rtol=1e-5, atol=1e-5)
    b = rng.standard_normal((2, 4)).astype("float32")
    layer.lora_kernel_b.assign(b)
    merged = kernel + (4 / 2) * (a @ b)
    np.testing.assert_allclose(_np(layer(x)), x @ merged + bias, rtol=1e-4, atol=1e-4)
    config = layer.get_config()
    assert config["lora_rank"] == 2 and config["lora_alpha"] == 4

    store = {}
    layer.save_own_variables(store)
    assert sorted(store) == ["0", "1"]
    np.testing.assert_allclose(store["0"], merged, rtol=1e-5, atol=1e-5)
    clone = Dense(4, lora_rank=2, lora_alpha=4)
    clone.build((None, 5))
    clone.load_own_variables(store)
    np.testing.assert_allclose(_np(clone(x)), _np(layer(x)), rtol=1e-4, atol=1e-4)


def test_lora_errors():
    with pytest.raises(ValueError, match="not built"):
        Dense(2).enable_lora(2)
    layer = Dense(2, kernel_constraint="non_neg")
    layer.build((None, 3))
    with pytest.raises(ValueError, match="constraint"):
        layer.enable_lora(2)
    layer = Dense(2)
    layer.build((None, 3))
    layer.enable_lora(1)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(1)
    with pytest.raises(ValueError, match="lora_rank"):
        Dense(2, lora_rank=-1)


def test_quantized_policy_and_config_build_int8_weights():
    # As a saved quantized Dense is rebuilt: the policy selects the variables, the
    # config how the layer computes (here without quantizing its inputs).
    import keras

    config = keras.quantizers.Int8QuantizationConfig(activation_quantizer=None)
    layer = Dense(2, dtype="int8_from_float32", quantization_config=config)
    layer.build((None, 3))
    assert [(w.name, w.dtype) for w in layer.weights] == [
        ("bias", "float32"),
        ("kernel", "int8"),
        ("kernel_scale", "float32"),
    ]
    layer._kernel.assign(np.array([[1, -2], [3, 4], [-5, 6]], dtype="int8"))
    layer.kernel_scale.assign(np.array([2.0, 4.0], dtype="float32"))
    x = np.array([[1.0, 2.0, 3.0]], dtype="float32")
    np.testing.assert_allclose(_np(layer(x)), [[-8.0 / 2, 24.0 / 4]], rtol=1e-6)


def test_kernel_too_large_for_any_engine_is_a_clear_error():
    # units=2**62 (e.g. from a config file) aborted the interpreter on jax.
    layer = Dense.from_config(Dense(2**62).get_config())
    with pytest.raises(ValueError, match=r"Dense 'dense.*': the kernel shape=\(4, "):
        layer.build((None, 4))
    assert not layer.built
