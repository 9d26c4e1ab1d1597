"""keras.constraints.get, serialize and deserialize; the public names."""

import pytest

import keras
from keras import constraints

PUBLIC_NAMES = [
    "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "deserialize", "get",
    "max_norm", "min_max_norm", "non_neg", "serialize", "unit_norm",
]


def test_public_names():
    assert sorted(constraints.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert callable(getattr(constraints, name)), name


@pytest.mark.parametrize(
    "name, cls",
    [
        ("max_norm", constraints.MaxNorm),
        ("MinMaxNorm", constraints.MinMaxNorm),
        ("non_neg", constraints.NonNeg),
        ("unit_norm", constraints.UnitNorm),
    ],
)
def test_get_by_name(name, cls):
    assert type(constraints.get(name)) is cls
    assert type(constraints.deserialize(name)) is cls


def test_get_other_identifiers():
    assert constraints.get(None) is None
    instance = constraints.MaxNorm(3.0)
    assert constraints.get(instance) is instance
    assert constraints.get(constraints.UnitNorm).get_config() == {"axis": 0}
    config = {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}}
    assert constraints.get(config).get_config() == {"max_value": 3, "axis": 1}

    def clip(w):
        return keras.ops.clip(w, -1.0, 1.0)

    assert constraints.get(clip) is clip


def test_get_unknown():
    with pytest.raises(ValueError, match="interpret the constraint identifier 'nonneg'"):
        constraints.get("nonneg")
    with pytest.raises(ValueError, match=r"Unknown constraint 'nonneg'"):
        constraints.deserialize("nonneg")


@pytest.mark.parametrize(
    "constraint",
    [
        constraints.MaxNorm(3.0, axis=1),
        constraints.MinMaxNorm(0.5, 2.0, 0.5, axis=-1),
        constraints.NonNeg(),
        constraints.UnitNorm(axis=1),
    ],
)
def test_serialize_round_trip(constraint):
    config = constraints.serialize(constraint)
    assert config == {
        "module": "keras.constraints",
        "class_name": type(constraint).__name__,
        "config": constraint.get_config(),
        "registered_name": None,
    }
    for restored in (
        constraints.deserialize(config),
        constraints.get(config),
        keras.saving.deserialize_keras_object(config),
    ):
        assert type(restored) is type(constraint)
        assert restored.get_config() == constraint.get_config()
