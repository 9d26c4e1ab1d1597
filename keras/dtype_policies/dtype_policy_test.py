import pytest

import keras
from keras import dtype_policies


@pytest.mark.parametrize(
    "name,compute,variable",
    [
        ("float32", "float32", "float32"),
        ("mixed_float16", "float16", "float32"),
        ("mixed_bfloat16", "bfloat16", "float32"),
        ("bfloat16", "bfloat16", "bfloat16"),
    ],
)
def test_policy_dtypes(name, compute, variable):
    policy = dtype_policies.DTypePolicy(name)
    assert (policy.name, policy.compute_dtype, policy.variable_dtype) == (
        name,
        compute,
        variable,
    )


def test_default_follows_floatx():
    keras.config.set_floatx("float16")
    try:
        assert dtype_policies.DTypePolicy().name == "float16"
    finally:
        keras.config.set_floatx("float32")


def test_global_policy():
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        assert keras.config.dtype_policy().compute_dtype == "bfloat16"
    finally:
        keras.config.set_dtype_policy("float32")
    assert keras.config.dtype_policy().name == "float32"


def test_serialize_round_trip():
    config = dtype_policies.serialize(dtype_policies.DTypePolicy("mixed_float16"))
    assert config["class_name"] == "DTypePolicy"
    assert config["config"] == {"name": "mixed_float16"}
    assert dtype_policies.deserialize(config) == dtype_policies.DTypePolicy("mixed_float16")


def test_bad_names_are_rejected():
    with pytest.raises(ValueError, match="Unknown dtype policy 'mixed_int8'"):
        dtype_policies.DTypePolicy("mixed_int8")
    with pytest.raises(ValueError, match="Cannot interpret"):
        dtype_policies.get(3.5)
