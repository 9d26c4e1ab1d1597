"""serialize_keras_object / deserialize_keras_object: schema, round trips, errors."""

import json

import numpy as np
import pytest

import keras
from keras import saving
from keras.ops import testing


@saving.register_keras_serializable(package="SerTest")
class Scale:
    """A registered custom class whose config holds another Keras object."""

    def __init__(self, factor, initializer=None):
        self.factor = factor
        self.initializer = initializer

    def get_config(self):
        return {
            "factor": self.factor,
            "initializer": saving.serialize_keras_object(self.initializer),
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["initializer"] = saving.deserialize_keras_object(config["initializer"])
        return cls(**config)


class Unregistered:
    """A class of user code: neither registered nor in a keras module."""

    def __init__(self, size=1):
        self.size = size

    def get_config(self):
        return {"size": self.size}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


# Deserialization would find it by importing its module if that were in keras.
Unregistered.__module__ = "user_code"


@pytest.mark.parametrize(
    "value", [None, "text", 3, 2.5, True, [1, "a", None], {"a": 1, "b": [2.0]}]
)
def test_plain_values_pass_through(value):
    assert saving.serialize_keras_object(value) == value
    assert saving.deserialize_keras_object(value) == value


def test_tuples_and_nested_objects():
    config = saving.serialize_keras_object((1, keras.initializers.Zeros()))
    assert isinstance(config, tuple) and config[0] == 1
    assert config[1]["class_name"] == "Zeros"
    restored = saving.deserialize_keras_object({"values": list(config)})
    assert restored["values"][0] == 1
    assert isinstance(restored["values"][1], keras.initializers.Zeros)


def test_arrays_and_tensors():
    # On the numpy backend, NumPy arrays are the backend's tensors.
    numpy_is_tensor = testing.backend_name() == "numpy"
    array = testing.random_array((2, 3), seed=0)
    config = saving.serialize_keras_object(array)
    assert config == {
        "class_name": "__tensor__" if numpy_is_tensor else "__numpy__",
        "config": {"value": array.tolist(), "dtype": "float32"},
    }
    restored = saving.deserialize_keras_object(json.loads(json.dumps(config)))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(restored), array)
    assert keras.backend.standardize_dtype(restored.dtype) == "float32"
    if not numpy_is_tensor:
        assert saving.serialize_keras_object(np.float32(1.5)) == 1.5

    tensor = keras.ops.convert_to_tensor(np.array([1, 2, 3], "int32"))
    config = saving.serialize_keras_object(tensor)
    assert config == {
        "class_name": "__tensor__",
        "config": {"value": [1, 2, 3], "dtype": "int32"},
    }
    restored = saving.deserialize_keras_object(config)
    assert keras.ops.is_tensor(restored)
    testing.assert_close(restored, np.array([1, 2, 3], "int32"))


def test_bytes():
    config = saving.serialize_keras_object(b"abc")
    assert saving.deserialize_keras_object(config) == b"abc"


def test_public_class_schema():
    config = saving.serialize_keras_object(keras.initializers.RandomNormal(seed=3))
    assert config == {
        "module": "keras.initializers",
        "class_name": "RandomNormal",
        "config": {"mean": 0.0, "stddev": 0.05, "seed": 3},
        "registered_name": None,
    }


def test_public_function_schema():
    config = saving.serialize_keras_object(keras.activations.relu)
    assert config == {
        "module": "keras.activations",
        "class_name": "function",
        "config": "relu",
        "registered_name": "relu",
    }
    # Keras 3 also writes registered_name "function" for built-in functions.
    config["registered_name"] = "function"
    assert saving.deserialize_keras_object(config) is keras.activations.relu


def test_registered_class_round_trip():
    obj = Scale(2.0, initializer=keras.initializers.Constant(4.0))
    config = saving.serialize_keras_object(obj)
    assert config["class_name"] == "Scale"
    assert config["registered_name"] == "SerTest>Scale"
    assert config["module"] == __name__
    assert config["config"]["initializer"]["class_name"] == "Constant"
    restored = saving.deserialize_keras_object(json.loads(json.dumps(config)))
    assert isinstance(restored, Scale) and restored.factor == 2.0
    assert isinstance(restored.initializer, keras.initializers.Constant)
    assert restored.initializer.value == 4.0


def test_unregistered_class_needs_custom_objects():
    config = saving.serialize_keras_object(Unregistered(size=3))
    assert config["registered_name"] == "Unregistered"
    with pytest.raises(TypeError, match=r"Could not locate class 'Unregistered'"):
        saving.deserialize_keras_object(config)
    restored = saving.deserialize_keras_object(
        config, custom_objects={"Unregistered": Unregistered}
    )
    assert isinstance(restored, Unregistered) and restored.size == 3
    with saving.custom_object_scope({"Unregistered": Unregistered}):
        assert saving.deserialize_keras_object(config).size == 3


def test_custom_objects_reach_nested_configs():
    # Scale.from_config deserializes its initializer without custom_objects: the
    # scope opened around from_config makes the outer custom_objects visible.
    inner = saving.serialize_keras_object(Unregistered(size=5))
    config = saving.serialize_keras_object(Scale(1.0))
    config["config"]["initializer"] = inner
    restored = saving.deserialize_keras_object(
        config, custom_objects={"Unregistered": Unregistered}
    )
    assert isinstance(restored.initializer, Unregistered)
    assert restored.initializer.size == 5


def test_unknown_keras_class():
    config = {
        "module": "keras.initializers",
        "class_name": "Bogus",
        "config": {},
        "registered_name": None,
    }
    with pytest.raises(TypeError, match=r"Could not locate class 'Bogus'.*keras.init"):
        saving.deserialize_keras_object(config)


def test_modules_outside_keras_are_never_imported():
    config = {
        "module": "os",
        "class_name": "function",
        "config": "system",
        "registered_name": None,
    }
    with pytest.raises(TypeError, match=r"Could not locate function 'system'"):
        saving.deserialize_keras_object(config)


def test_lambdas():
    with pytest.raises(ValueError, match="Cannot serialize the lambda"):
        saving.serialize_keras_object(lambda x: x)
    config = {"class_name": "__lambda__", "config": {"value": "..."}}
    with pytest.raises(ValueError, match=r"Refusing to load a lambda.*safe_mode=False"):
        saving.deserialize_keras_object(config)
    with pytest.raises(NotImplementedError, match="Loading lambdas is not supported"):
        saving.deserialize_keras_object(config, safe_mode=False)


def test_safe_mode_is_inherited_by_nested_deserialization():
    class Holder:
        @classmethod
        def from_config(cls, config):
            # No safe_mode here: the enclosing call's choice applies.
            return saving.deserialize_keras_object(config["fn"])

    config = {
        "class_name": "Holder",
        "config": {"fn": {"class_name": "__lambda__", "config": {"value": "..."}}},
    }
    with pytest.raises(NotImplementedError):
        saving.deserialize_keras_object(
            config, custom_objects={"Holder": Holder}, safe_mode=False
        )
    with pytest.raises(ValueError, match="Refusing to load a lambda"):
        saving.deserialize_keras_object(config, custom_objects={"Holder": Holder})


def test_errors():
    with pytest.raises(TypeError, match=r"Cannot serialize .* no get_config"):
        saving.serialize_keras_object(object())
    with pytest.raises(TypeError, match=r"Cannot deserialize .* of type set"):
        saving.deserialize_keras_object({1, 2})
    with pytest.raises(TypeError, match=r"Unexpected keyword arguments.*'colour'"):
        saving.deserialize_keras_object({}, colour="red")

    class NoFromConfig:
        def get_config(self):
            return {}

    config = saving.serialize_keras_object(NoFromConfig())
    with pytest.raises(TypeError, match=r"'NoFromConfig'.*no from_config"):
        saving.deserialize_keras_object(config, {"NoFromConfig": NoFromConfig})


def test_from_config_type_errors_name_the_class():
    config = {"class_name": "Unregistered", "config": {"colour": "red"}}
    with pytest.raises(TypeError, match=r"Unregistered.from_config\(\) failed"):
        saving.deserialize_keras_object(config, {"Unregistered": Unregistered})
