"""keras.initializers.get, serialize and deserialize; the public names."""

import numpy as np
import pytest

import keras
from keras import initializers
from keras.ops import testing

PUBLIC_NAMES = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "IdentityInitializer", "Initializer", "LecunNormal", "LecunUniform", "Ones",
    "Orthogonal", "OrthogonalInitializer", "RandomNormal", "RandomUniform", "STFT",
    "STFTInitializer", "TruncatedNormal", "VarianceScaling", "Zeros", "constant",
    "deserialize", "get", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
    "identity", "lecun_normal", "lecun_uniform", "ones", "orthogonal", "random_normal",
    "random_uniform", "serialize", "stft", "truncated_normal", "variance_scaling",
    "zeros",
]


def test_public_names():
    assert sorted(initializers.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert callable(getattr(initializers, name)), name
    assert keras.Initializer is initializers.Initializer


@pytest.mark.parametrize(
    "name, cls",
    [
        ("glorot_uniform", initializers.GlorotUniform),
        ("GlorotUniform", initializers.GlorotUniform),
        ("he_normal", initializers.HeNormal),
        ("zeros", initializers.Zeros),
        ("ones", initializers.Ones),
        ("uniform", initializers.RandomUniform),
        ("normal", initializers.RandomNormal),
        ("orthogonal", initializers.Orthogonal),
        ("OrthogonalInitializer", initializers.Orthogonal),
        ("identity", initializers.Identity),
        ("variance_scaling", initializers.VarianceScaling),
    ],
)
def test_get_by_name(name, cls):
    initializer = initializers.get(name)
    assert type(initializer) is cls
    assert type(initializers.deserialize(name)) is cls


def test_get_other_identifiers():
    assert initializers.get(None) is None
    instance = initializers.RandomNormal(seed=1)
    assert initializers.get(instance) is instance
    assert isinstance(initializers.get(initializers.Ones), initializers.Ones)

    def halves(shape, dtype=None):
        return keras.ops.full(shape, 0.5, dtype=dtype)

    assert initializers.get(halves) is halves
    config = {"class_name": "Constant", "config": {"value": 4.0}}
    testing.assert_close(initializers.get(config)((2,)), np.full((2,), 4.0, "float32"))


@pytest.mark.parametrize("identifier", ["glorot_unifrom", 3, [1, 2]])
def test_get_unknown(identifier):
    with pytest.raises(ValueError, match="Could not interpret the initializer"):
        initializers.get(identifier)


def test_deserialize_unknown_name():
    with pytest.raises(ValueError, match=r"Unknown initializer 'nope'; expected"):
        initializers.deserialize("nope")


@pytest.mark.parametrize(
    "initializer",
    [
        initializers.GlorotUniform(seed=3),
        initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=1),
        initializers.Constant(1.5),
        initializers.Orthogonal(gain=0.5, seed=2),
        initializers.STFT(side="imag"),
    ],
)
def test_serialize_round_trip(initializer):
    config = initializers.serialize(initializer)
    assert config["module"] == "keras.initializers"
    assert config["class_name"] == type(initializer).__name__
    assert config["registered_name"] is None
    assert config["config"] == initializer.get_config()
    restored = initializers.deserialize(config)
    assert type(restored) is type(initializer)
    assert restored.get_config() == initializer.get_config()
    shape = (4, 1, 3)
    np.testing.assert_array_equal(
        testing.to_numpy(restored(shape)), testing.to_numpy(initializer(shape))
    )
    # The generic deserializer finds the class through its public module.
    restored = keras.saving.deserialize_keras_object(config)
    assert type(restored) is type(initializer)


def test_custom_initializer_round_trip():
    @keras.saving.register_keras_serializable(package="InitTest")
    class Scaled(initializers.Initializer):
        def __init__(self, factor):
            self.factor = factor

        def __call__(self, shape, dtype=None):
            return keras.ops.full(shape, self.factor, dtype=dtype)

        def get_config(self):
            return {"factor": self.factor}

    config = initializers.serialize(Scaled(2.0))
    assert config["registered_name"] == "InitTest>Scaled"
    restored = initializers.deserialize(config)
    assert isinstance(restored, Scaled) and restored.factor == 2.0
    assert initializers.get(config).factor == 2.0
