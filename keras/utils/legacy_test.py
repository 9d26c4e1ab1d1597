"""keras.utils.legacy: Keras 2 format serialization round trips and errors."""

import pytest

import keras
from keras.utils import legacy


def test_serialize_object_function_and_none():
    layer = keras.layers.Dense(3, name="d")
    config = legacy.serialize_keras_object(layer)
    assert sorted(config) == ["class_name", "config"]
    assert config["class_name"] == "Dense"
    assert config["config"] == layer.get_config()
    assert legacy.serialize_keras_object(keras.initializers.Zeros()) == {
        "class_name": "Zeros",
        "config": {},
    }
    assert legacy.serialize_keras_object(keras.activations.relu) == "relu"
    assert legacy.serialize_keras_object(None) is None
    with pytest.raises(ValueError, match="get_config"):
        legacy.serialize_keras_object(3)


def test_deserialize_round_trip_and_lookups():
    layer = keras.layers.Dense(3, name="d")
    config = legacy.serialize_keras_object(layer)
    clone = legacy.deserialize_keras_object(
        config, module_objects={"Dense": keras.layers.Dense}
    )
    assert isinstance(clone, keras.layers.Dense) and clone.units == 3
    assert clone.name == "d"
    relu = legacy.deserialize_keras_object(
        "relu", module_objects={"relu": keras.activations.relu}
    )
    assert relu is keras.activations.relu
    assert legacy.deserialize_keras_object(None) is None
    assert legacy.deserialize_keras_object(len) is len


def test_custom_objects_and_scope():
    class Scale(keras.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    config = legacy.serialize_keras_object(Scale(5.0))
    restored = legacy.deserialize_keras_object(config, custom_objects={"Scale": Scale})
    assert restored.factor == 5.0
    with keras.utils.custom_object_scope({"Scale": Scale}):
        assert legacy.deserialize_keras_object(config).factor == 5.0


def test_errors():
    with pytest.raises(ValueError, match="Unknown layer: 'Dense'"):
        legacy.deserialize_keras_object(
            {"class_name": "Dense", "config": {"units": 3}},
            printable_module_name="layer",
        )
    with pytest.raises(ValueError, match="'class_name' and 'config'"):
        legacy.deserialize_keras_object({"class_name": "Dense"})
    with pytest.raises(ValueError, match="Could not interpret"):
        legacy.deserialize_keras_object(3)
