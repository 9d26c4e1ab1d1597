"""keras.legacy.saving: the Keras 2 format functions, shared with keras.utils.legacy."""

import numpy as np

import keras
import keras.legacy
import keras.legacy.saving
from keras.utils import legacy as utils_legacy


def test_names_are_the_keras_utils_legacy_functions():
    saving = keras.legacy.saving
    assert keras.legacy.saving is saving
    assert saving.serialize_keras_object is utils_legacy.serialize_keras_object
    assert saving.deserialize_keras_object is utils_legacy.deserialize_keras_object
    assert sorted(dir(saving)) == sorted(set(dir(saving)))
    assert {"serialize_keras_object", "deserialize_keras_object"} <= set(dir(saving))


def test_round_trip_in_keras2_format():
    layer = keras.layers.Dense(3, name="legacy_dense")
    config = keras.legacy.saving.serialize_keras_object(layer)
    assert sorted(config) == ["class_name", "config"]
    assert config["class_name"] == "Dense"
    clone = keras.legacy.saving.deserialize_keras_object(
        config, module_objects={"Dense": keras.layers.Dense}
    )
    assert isinstance(clone, keras.layers.Dense)
    assert clone.units == 3 and clone.name == "legacy_dense"
    x = np.ones((2, 4), "float32")
    assert keras.ops.convert_to_numpy(clone(x)).shape == (2, 3)
