"""DTypePolicyMap: lookup by path and pattern, policy behaviour, configs."""

import pytest

from keras import dtype_policies as policies


def make_map():
    policy_map = policies.DTypePolicyMap()
    policy_map["dense/kernel"] = "int8_from_float32"
    policy_map["encoder/layer_.*/dense"] = policies.get("int4_from_float32")
    policy_map["decoder"] = "bfloat16"
    return policy_map


def test_lookup_exact_then_full_pattern_then_default():
    policy_map = make_map()
    assert policy_map["dense/kernel"] == policies.get("int8_from_float32")
    assert policy_map["encoder/layer_12/dense"].quantization_mode == "int4"
    assert policy_map["decoder"].name == "bfloat16"
    # Patterns match the whole path, never a part of it.
    for path in ["dense", "x/encoder/layer_1/dense/kernel", "decoder/dense", "foo"]:
        assert policy_map[path] == policies.get("float32")
    assert len(policy_map) == 3 and list(policy_map)[0] == "dense/kernel"
    assert "decoder" in policy_map and "foo" not in policy_map


def test_several_matching_patterns_are_an_error():
    policy_map = policies.DTypePolicyMap(policy_map={"b.*": "float16", "bc.*": "bfloat16"})
    assert policy_map["bx"].name == "float16"
    with pytest.raises(ValueError, match="matches multiple dtype policy"):
        policy_map["bcd"]


def test_acts_as_its_default_policy():
    policy_map = policies.DTypePolicyMap(default_policy="mixed_bfloat16")
    assert isinstance(policy_map, policies.DTypePolicy)
    assert policy_map.name == "map_mixed_bfloat16"
    assert (policy_map.compute_dtype, policy_map.variable_dtype) == ("bfloat16", "float32")
    assert policy_map.quantization_mode is None
    assert policy_map.default_policy == policies.get("mixed_bfloat16")


def test_set_and_delete():
    policy_map = make_map()
    with pytest.raises(ValueError, match="already exist"):
        policy_map["decoder"] = "float32"
    with pytest.raises(ValueError, match="Cannot interpret the assigned value"):
        policy_map["other"] = 3
    del policy_map["decoder"]
    assert policy_map["decoder"].name == "float32"


def test_config_round_trip():
    policy_map = policies.DTypePolicyMap(
        default_policy="mixed_bfloat16", policy_map={"a": "int8_from_mixed_bfloat16"}
    )
    config = policies.serialize(policy_map)
    assert config["class_name"] == "DTypePolicyMap"
    assert config["module"] == "keras.dtype_policies"
    assert config["config"]["default_policy"] == "mixed_bfloat16"
    assert config["config"]["policy_map"]["a"]["class_name"] == "QuantizedDTypePolicy"
    restored = policies.deserialize(config)
    assert restored == policy_map
    assert restored["a"].compute_dtype == "bfloat16"
    # A config written by Keras 3 may hold names instead of serialized policies.
    keras3 = {"default_policy": None, "policy_map": {"d": "int8_from_float32"}}
    assert policies.DTypePolicyMap.from_config(keras3)["d"].quantization_mode == "int8"


def test_bad_arguments():
    with pytest.raises(ValueError, match="cannot be a `DTypePolicyMap`"):
        policies.DTypePolicyMap(default_policy=policies.DTypePolicyMap())
    with pytest.raises(TypeError, match="must be a dict"):
        policies.DTypePolicyMap(policy_map=[1])
