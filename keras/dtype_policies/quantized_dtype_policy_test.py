"""The quantized dtype policies: names, parsing, configs, `get` dispatch."""

import pytest

from keras import dtype_policies as policies


@pytest.mark.parametrize(
    "name,cls,mode,compute,variable",
    [
        ("int8_from_float32", "QuantizedDTypePolicy", "int8", "float32", "float32"),
        ("int8_from_mixed_bfloat16", "QuantizedDTypePolicy", "int8", "bfloat16", "float32"),
        ("int4_from_mixed_bfloat16", "QuantizedDTypePolicy", "int4", "bfloat16", "float32"),
        ("float8_from_mixed_float16", "QuantizedFloat8DTypePolicy", "float8", "float16", "float32"),
        ("int4/128_from_float32", "Int4DTypePolicy", "int4", "float32", "float32"),
        ("gptq/4/128_from_float32", "GPTQDTypePolicy", "gptq", "float32", "float32"),
        ("gptq/8/-1_from_bfloat16", "GPTQDTypePolicy", "gptq", "bfloat16", "bfloat16"),
        ("awq/4/-1_from_mixed_bfloat16", "AWQDTypePolicy", "awq", "bfloat16", "float32"),
    ],
)
def test_get_parses_names(name, cls, mode, compute, variable):
    policy = policies.get(name)
    assert type(policy).__name__ == cls
    assert (policy.name, policy.quantization_mode) == (name, mode)
    assert (policy.compute_dtype, policy.variable_dtype) == (compute, variable)
    config = policies.serialize(policy)
    assert config["module"] == "keras.dtype_policies" and config["class_name"] == cls
    assert policies.deserialize(config) == policy
    assert repr(policy) == f'<{cls} "{name}">'


def test_configs_match_keras3():
    assert policies.get("int8_from_float32").get_config() == {
        "mode": "int8",
        "source_name": "float32",
    }
    assert policies.get("gptq/4/128_from_float32").get_config() == {
        "mode": "gptq/4/128",
        "source_name": "float32",
    }
    float8 = policies.QuantizedFloat8DTypePolicy("float8", amax_history_length=16)
    assert float8.get_config() == {
        "mode": "float8",
        "source_name": "float32",
        "amax_history_length": 16,
    }
    assert policies.deserialize(policies.serialize(float8)).amax_history_length == 16
    assert policies.get("float8_from_float32").amax_history_length == 1024


def test_parsed_parameters():
    int4 = policies.Int4DTypePolicy("int4/64", "float32")
    assert (int4.mode, int4.block_size) == ("int4", 64)
    gptq = policies.GPTQDTypePolicy("gptq/3/32", "mixed_bfloat16")
    assert (gptq.mode, gptq.weight_bits, gptq.group_size) == ("gptq", 3, 32)
    awq = policies.AWQDTypePolicy("awq/4/-1")
    assert (awq.weight_bits, awq.group_size, awq.name) == (4, -1, "awq/4/-1_from_float32")


def test_equality():
    assert policies.QuantizedDTypePolicy("int8") == policies.get("int8_from_float32")
    assert policies.QuantizedDTypePolicy("int8") != policies.get("float32")
    assert policies.get("gptq/4/64_from_float32") != policies.get("gptq/4/32_from_float32")
    assert policies.QuantizedFloat8DTypePolicy(
        "float8", amax_history_length=16
    ) != policies.QuantizedFloat8DTypePolicy("float8")


@pytest.mark.parametrize(
    "make,error,message",
    [
        (lambda: policies.QuantizedDTypePolicy("foo"), ValueError, "Invalid quantization mode"),
        (lambda: policies.get("int8_from_mixed_float16"), ValueError, "float16"),
        (lambda: policies.get("gptq_from_float32"), ValueError, "gptq/<weight_bits>/<group_size>"),
        (lambda: policies.get("gptq/5/128_from_float32"), ValueError, "Invalid weight_bits"),
        (lambda: policies.get("gptq/x/128_from_float32"), ValueError, "must be integers"),
        (lambda: policies.get("gptq/4/0_from_float32"), ValueError, "Invalid group_size"),
        (lambda: policies.get("awq/8/128_from_float32"), ValueError, "only supports 4-bit"),
        (lambda: policies.get("int4/0_from_float32"), ValueError, "Invalid block_size"),
        (lambda: policies.Int4DTypePolicy("int4"), ValueError, "int4/<block_size>"),
        (lambda: policies.get("int16_from_float32"), ValueError, "int16_from_float32"),
        (
            lambda: policies.QuantizedFloat8DTypePolicy("float8", amax_history_length=1.5),
            TypeError,
            "amax_history_length",
        ),
    ],
)
def test_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_float_policies_keep_their_class_name():
    assert policies.serialize(policies.FloatDTypePolicy("float32"))["class_name"] == (
        "FloatDTypePolicy"
    )
    assert policies.serialize(policies.DTypePolicy("mixed_float16"))["module"] == "keras"
