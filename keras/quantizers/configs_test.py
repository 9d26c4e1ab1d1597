"""Quantization configs, the Quantizer base, and get / serialize / deserialize."""

import pytest

import keras
from keras import quantizers


def test_quantizer_base():
    assert keras.Quantizer is quantizers.Quantizer
    quantizer = quantizers.Quantizer(output_dtype="int4")
    assert quantizer.output_dtype == "int4"
    assert quantizer(3) == 3
    with pytest.raises(NotImplementedError):
        quantizer.get_config()


def test_int8_config_defaults_and_round_trip():
    config = quantizers.Int8QuantizationConfig()
    assert config.mode == "int8"
    assert config.weight_quantizer is None
    assert isinstance(config.activation_quantizer, quantizers.AbsMaxQuantizer)
    assert config.activation_quantizer.axis is None
    weights = quantizers.AbsMaxQuantizer(axis=0)
    config = quantizers.Int8QuantizationConfig(weight_quantizer=weights, activation_quantizer=None)
    restored = quantizers.deserialize(quantizers.serialize(config))
    assert isinstance(restored, quantizers.Int8QuantizationConfig)
    assert restored.weight_quantizer.axis == (0,)
    assert restored.activation_quantizer is None
    serialized = quantizers.serialize(config)
    assert (serialized["module"], serialized["class_name"]) == (
        "keras.quantizers",
        "Int8QuantizationConfig",
    )


def test_int8_config_checks_the_weight_quantizer():
    with pytest.raises(ValueError, match="output_dtype='int8'"):
        quantizers.Int8QuantizationConfig(
            weight_quantizer=quantizers.AbsMaxQuantizer(axis=0, output_dtype="int4")
        )
    with pytest.raises(TypeError, match="weight_quantizer"):
        quantizers.Int8QuantizationConfig(weight_quantizer="abs_max")


def test_int4_config():
    config = quantizers.Int4QuantizationConfig()
    assert (config.mode, config.block_size, config.activation_quantizer) == ("int4", 128, None)
    assert config.get_config() == {
        "weight_quantizer": None,
        "activation_quantizer": None,
        "block_size": 128,
    }
    assert quantizers.Int4QuantizationConfig.from_config({"block_size": 64}).block_size == 64
    with pytest.raises(ValueError, match="block_size must be None, -1, or a positive"):
        quantizers.Int4QuantizationConfig(block_size=0)
    with pytest.raises(ValueError, match="sub-channel"):
        quantizers.Int4QuantizationConfig(
            weight_quantizer=quantizers.AbsMaxQuantizer(axis=0, value_range=(-8, 7))
        )
    with pytest.raises(ValueError, match=r"value_range=\(-8, 7\)"):
        quantizers.Int4QuantizationConfig(
            block_size=-1, weight_quantizer=quantizers.AbsMaxQuantizer(axis=0)
        )
    ok = quantizers.Int4QuantizationConfig(
        block_size=None, weight_quantizer=quantizers.AbsMaxQuantizer(axis=0, value_range=(-8, 7))
    )
    assert ok.weight_quantizer.value_range == (-8, 7)


def test_float8_and_base_configs():
    config = quantizers.Float8QuantizationConfig()
    assert (config.mode, config.get_config()) == ("float8", {})
    with pytest.raises(NotImplementedError):
        quantizers.QuantizationConfig().mode
    base = quantizers.QuantizationConfig
    assert base.weight_quantizer_or_default(None, "d") == "d"
    assert base.weight_quantizer_or_default(quantizers.Int8QuantizationConfig(), "d") == "d"
    assert base.activation_quantizer_or_default(None, "d") == "d"
    no_inputs = quantizers.Int8QuantizationConfig(activation_quantizer=None)
    assert base.activation_quantizer_or_default(no_inputs, "d") is None


def test_gptq_config():
    config = quantizers.GPTQConfig(dataset=["some text"], tokenizer=None, group_size=64)
    assert config.mode == "gptq"
    assert config.dtype_policy_string() == "gptq/4/64"
    saved = config.get_config()
    assert saved["dataset"] is None and saved["hessian_damping"] == 0.01
    restored = quantizers.GPTQConfig.from_config(saved)
    assert (restored.weight_bits, restored.group_size, restored.symmetric) == (4, 64, False)
    for kwargs, message in [
        ({"weight_bits": 5}, "Unsupported weight_bits 5"),
        ({"num_samples": 0}, "num_samples must be a positive integer"),
        ({"sequence_length": 0}, "sequence_length must be a positive integer"),
        ({"hessian_damping": 2.0}, "hessian_damping must be between 0 and 1"),
        ({"group_size": 0}, "Invalid group_size"),
    ]:
        with pytest.raises(ValueError, match=message):
            quantizers.GPTQConfig(None, None, **kwargs)


def test_awq_config():
    config = quantizers.AWQConfig(dataset=None, tokenizer=None, group_size=-1)
    assert (config.mode, config.dtype_policy_string()) == ("awq", "awq/4/-1")
    assert quantizers.AWQConfig.from_config(config.get_config()).num_grid_points == 20
    with pytest.raises(ValueError, match="AWQ only supports 4-bit"):
        quantizers.AWQConfig(None, None, weight_bits=8)
    with pytest.raises(ValueError, match="num_grid_points"):
        quantizers.AWQConfig(None, None, num_grid_points=0)


def test_get():
    assert quantizers.get(None) is None
    quantizer = quantizers.get("AbsMaxQuantizer", axis=-1)
    assert isinstance(quantizer, quantizers.AbsMaxQuantizer) and quantizer.axis == (-1,)
    assert quantizers.get(quantizer) is quantizer
    restored = quantizers.get(quantizers.serialize(quantizer))
    assert restored.get_config() == quantizer.get_config()
    with pytest.raises(ValueError, match="Could not interpret quantizer identifier"):
        quantizers.get("no_such_quantizer")


def test_namespace_is_complete():
    names = {
        "Quantizer", "AbsMaxQuantizer", "QuantizationConfig", "Int8QuantizationConfig",
        "Int4QuantizationConfig", "Float8QuantizationConfig", "GPTQConfig", "AWQConfig",
        "abs_max_quantize", "abs_max_quantize_grouped_with_zero_point",
        "compute_float8_amax_history", "compute_float8_scale",
        "fake_quant_with_min_max_vars", "pack_int4", "unpack_int4",
        "quantize_and_dequantize", "get", "serialize", "deserialize",
    }
    assert names <= set(dir(quantizers))
    for name in names:
        assert getattr(quantizers, name) is not None
