"""keras.layers.serialize / deserialize round trips and errors."""

import pytest

import keras


def test_round_trip_keeps_the_config():
    layer = keras.layers.Dense(3, activation="relu", name="d")
    config = keras.layers.serialize(layer)
    assert config["module"] == "keras.layers" and config["class_name"] == "Dense"
    clone = keras.layers.deserialize(config)
    assert isinstance(clone, keras.layers.Dense) and clone is not layer
    assert clone.get_config() == layer.get_config()


def test_a_config_without_module_names_a_keras_layer_or_a_custom_one():
    layer = keras.layers.deserialize({"class_name": "Dense", "config": {"units": 3}})
    assert layer.units == 3

    class Scale(keras.layers.Layer):
        pass

    custom = keras.layers.deserialize(
        {"class_name": "Scale", "config": {"name": "s"}}, custom_objects={"Scale": Scale}
    )
    assert isinstance(custom, Scale) and custom.name == "s"


def test_bad_inputs():
    with pytest.raises(TypeError, match="must be a keras Layer"):
        keras.layers.serialize("dense")
    with pytest.raises(ValueError, match="'class_name'"):
        keras.layers.deserialize({"config": {}})
    with pytest.raises(ValueError, match="not a layer"):
        loss = keras.saving.serialize_keras_object(keras.losses.MeanSquaredError())
        keras.layers.deserialize(loss)
