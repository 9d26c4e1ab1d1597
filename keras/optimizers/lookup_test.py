import pytest

from keras.optimizers import lookup
from keras.optimizers.adam import Adam
from keras.optimizers.sgd import SGD
from keras.saving import object_registration

NAMES = {
    "sgd": "SGD",
    "adam": "Adam",
    "adamw": "AdamW",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "adamax": "Adamax",
    "nadam": "Nadam",
    "lion": "Lion",
    "ftrl": "Ftrl",
    "adafactor": "Adafactor",
    "lamb": "Lamb",
    "muon": "Muon",
    "schedulefreeadamw": "ScheduleFreeAdamW",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_get_by_name(name):
    optimizer = lookup.get(name)
    assert type(optimizer).__name__ == NAMES[name]
    assert type(lookup.get(NAMES[name])) is type(optimizer)


@pytest.mark.parametrize("name", sorted(NAMES))
def test_serialize_round_trip(name):
    optimizer = lookup.get(name)
    config = lookup.serialize(optimizer)
    assert config["module"] == "keras.optimizers"
    assert config["class_name"] == NAMES[name]
    restored = lookup.deserialize(config)
    assert type(restored) is type(optimizer)
    assert restored.get_config() == optimizer.get_config()


def test_get_passes_instances_and_configs():
    optimizer = Adam(learning_rate=0.5)
    assert lookup.get(optimizer) is optimizer
    assert lookup.get(None) is None
    restored = lookup.get({"class_name": "adam", "config": {"learning_rate": 0.2}})
    assert isinstance(restored, Adam)
    assert restored.get_config()["learning_rate"] == pytest.approx(0.2)


def test_unknown_names_are_errors():
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        lookup.get("adamm")
    with pytest.raises(ValueError, match="one of: adadelta, adafactor"):
        lookup.get(3)


def test_registered_custom_optimizer():
    @object_registration.register_keras_serializable(package="test_lookup")
    class Slow(SGD):
        pass

    optimizer = Slow(learning_rate=0.3)
    config = lookup.serialize(optimizer)
    assert config["registered_name"] == "test_lookup>Slow"
    restored = lookup.deserialize(config)
    assert type(restored) is Slow
    assert type(lookup.get("test_lookup>Slow")) is Slow
    assert type(lookup.deserialize(config, custom_objects={"Slow": Slow})) is Slow
