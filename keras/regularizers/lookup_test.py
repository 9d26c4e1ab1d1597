"""keras.regularizers.get, serialize and deserialize; the public names."""

import pytest

import keras
from keras import regularizers

PUBLIC_NAMES = [
    "L1", "L1L2", "L2", "OrthogonalRegularizer", "Regularizer", "deserialize", "get",
    "l1", "l1_l2", "l2", "orthogonal_regularizer", "serialize",
]


def test_public_names():
    assert sorted(regularizers.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert callable(getattr(regularizers, name)), name


@pytest.mark.parametrize(
    "name, cls",
    [
        ("l1", regularizers.L1),
        ("L2", regularizers.L2),
        ("l1_l2", regularizers.L1L2),
        ("orthogonal_regularizer", regularizers.OrthogonalRegularizer),
    ],
)
def test_get_by_name(name, cls):
    assert type(regularizers.get(name)) is cls
    assert type(regularizers.deserialize(name)) is cls


def test_get_other_identifiers():
    assert regularizers.get(None) is None
    instance = regularizers.L2(0.5)
    assert regularizers.get(instance) is instance
    assert regularizers.get(regularizers.L1).get_config() == {"l1": 0.01}
    config = {"class_name": "L1L2", "config": {"l1": 0.1, "l2": 0.2}}
    assert regularizers.get(config).get_config() == {"l1": 0.1, "l2": 0.2}


def test_get_unknown():
    with pytest.raises(ValueError, match="Could not interpret the regularizer identifier 'l3'"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match=r"Unknown regularizer 'l3'"):
        regularizers.deserialize("l3")


@pytest.mark.parametrize(
    "regularizer",
    [
        regularizers.L1(0.2),
        regularizers.L2(0.3),
        regularizers.L1L2(0.1, 0.4),
        regularizers.OrthogonalRegularizer(0.5, "columns"),
    ],
)
def test_serialize_round_trip(regularizer):
    config = regularizers.serialize(regularizer)
    assert config == {
        "module": "keras.regularizers",
        "class_name": type(regularizer).__name__,
        "config": regularizer.get_config(),
        "registered_name": None,
    }
    for restored in (
        regularizers.deserialize(config),
        regularizers.get(config),
        keras.saving.deserialize_keras_object(config),
    ):
        assert type(restored) is type(regularizer)
        assert restored.get_config() == regularizer.get_config()
