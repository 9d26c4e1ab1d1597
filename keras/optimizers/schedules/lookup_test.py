import pytest

from keras.optimizers.schedules import cosine_decay
from keras.optimizers.schedules import learning_rate_schedule as schedules
from keras.optimizers.schedules import lookup
from keras.saving import object_registration


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 5, 0.9),
        schedules.PiecewiseConstantDecay([5], [0.1, 0.01]),
        schedules.PolynomialDecay(0.1, 5),
        schedules.InverseTimeDecay(0.1, 5, 0.9),
        cosine_decay.CosineDecay(0.1, 5),
        cosine_decay.CosineDecayRestarts(0.1, 5),
    ],
)
def test_serialize_round_trip(schedule):
    config = lookup.serialize(schedule)
    assert config["module"] == "keras.optimizers.schedules"
    assert config["class_name"] == type(schedule).__name__
    assert config["config"] == schedule.get_config()
    restored = lookup.deserialize(config)
    assert type(restored) is type(schedule)
    assert restored.get_config() == schedule.get_config()


def test_deserialize_by_class_name_only():
    inner = {"initial_learning_rate": 0.1, "decay_steps": 10}
    config = {"class_name": "PolynomialDecay", "config": inner}
    assert isinstance(lookup.deserialize(config), schedules.PolynomialDecay)


def test_custom_schedule():
    @object_registration.register_keras_serializable(package="test_schedules")
    class Constant(schedules.LearningRateSchedule):
        def __init__(self, value):
            self.value = value

        def __call__(self, step):
            return self.value

        def get_config(self):
            return {"value": self.value}

    restored = lookup.deserialize(lookup.serialize(Constant(0.5)))
    assert isinstance(restored, Constant) and restored.value == 0.5


def test_unknown_schedule_is_an_error():
    with pytest.raises((TypeError, ValueError), match="Could not"):
        lookup.deserialize({"class_name": "NoSuchDecay", "config": {}})
    with pytest.raises(ValueError, match="Could not interpret the learning rate"):
        lookup.deserialize("ExponentialDecayz")
