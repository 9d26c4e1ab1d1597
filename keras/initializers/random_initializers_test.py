"""RandomNormal, RandomUniform, TruncatedNormal and Orthogonal: statistics, seeding.

Numbers differ across backends, so each is checked by its moments and range on many
samples (tolerances of about five standard errors, fixed seeds).
"""

import math

import numpy as np
import pytest

import keras
from keras import initializers
from keras.ops import testing

SHAPE = (200, 100)  # 20000 samples
RANDOM_CLASSES = [
    initializers.RandomNormal,
    initializers.RandomUniform,
    initializers.TruncatedNormal,
    initializers.Orthogonal,
]


def sample(initializer, shape=SHAPE, dtype="float32"):
    return testing.to_numpy(initializer(shape, dtype)).astype("float64")


def assert_moments(values, mean, std):
    n = values.size
    assert abs(values.mean() - mean) < 5 * std / math.sqrt(n), (values.mean(), mean)
    assert abs(values.std() - std) < 5 * std / math.sqrt(2 * n), (values.std(), std)


def test_random_normal_defaults_and_moments():
    values = sample(initializers.RandomNormal(seed=1))
    assert_moments(values, 0.0, 0.05)
    values = sample(initializers.RandomNormal(mean=2.0, stddev=3.0, seed=2))
    assert_moments(values, 2.0, 3.0)


def test_random_uniform_defaults_range_and_moments():
    values = sample(initializers.RandomUniform(seed=1))
    assert values.min() >= -0.05 and values.max() < 0.05
    assert_moments(values, 0.0, 0.1 / math.sqrt(12))
    values = sample(initializers.RandomUniform(minval=1.0, maxval=4.0, seed=3))
    assert values.min() >= 1.0 and values.max() < 4.0
    assert_moments(values, 2.5, 3.0 / math.sqrt(12))


def test_truncated_normal_stays_within_two_stddevs():
    values = sample(initializers.TruncatedNormal(mean=1.0, stddev=2.0, seed=4))
    assert values.min() >= 1.0 - 4.0 and values.max() <= 1.0 + 4.0
    # The stddev of N(0, 1) cut at +-2 is 0.8796.
    assert_moments(values, 1.0, 2.0 * 0.8796)
    default = sample(initializers.TruncatedNormal(seed=5))
    assert np.abs(default).max() <= 0.1


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float64"])
def test_dtypes(dtype):
    if dtype == "float64" and testing.backend_name() == "jax":
        pytest.skip("jax keeps 64-bit dtypes off unless jax_enable_x64 is set")
    result = initializers.RandomNormal(seed=0)((3, 2), dtype)
    assert keras.backend.standardize_dtype(result.dtype) == dtype
    assert tuple(result.shape) == (3, 2)


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_integer_dtypes_are_refused(cls):
    with pytest.raises(ValueError, match=r"only makes floating point.*int32"):
        cls(seed=0)((2, 2), "int32")


@pytest.mark.parametrize("cls", RANDOM_CLASSES)
def test_seeding(cls):
    # An int seed, or none, gives the same values on every call of one instance.
    for seeded in (cls(seed=7), cls()):
        np.testing.assert_array_equal(sample(seeded, (4, 3)), sample(seeded, (4, 3)))
    # Two instances with the same int seed agree; with different seeds they differ.
    same = sample(cls(seed=7), (4, 3))
    np.testing.assert_array_equal(sample(cls(seed=7), (4, 3)), same)
    assert not np.array_equal(sample(cls(seed=7), (4, 3)), sample(cls(seed=8), (4, 3)))
    # A SeedGenerator advances; a new generator with the same seed replays.
    generated = cls(seed=keras.random.SeedGenerator(3))
    first, second = sample(generated, (4, 3)), sample(generated, (4, 3))
    assert not np.array_equal(first, second)
    replay = cls(seed=keras.random.SeedGenerator(3))
    np.testing.assert_array_equal(sample(replay, (4, 3)), first)


def test_bad_seed():
    with pytest.raises(ValueError, match=r"`seed` must be None, an int.*'abc'"):
        initializers.RandomNormal(seed="abc")
    with pytest.raises(ValueError, match="`seed` must be"):
        initializers.RandomUniform(seed=True)


@pytest.mark.parametrize("shape", [(6, 6), (10, 4), (4, 10), (3, 3, 4, 8)])
def test_orthogonal(shape):
    w = sample(initializers.Orthogonal(gain=1.0, seed=1), shape)
    assert w.shape == shape
    matrix = w.reshape(-1, shape[-1])  # (rows, columns)
    rows, columns = matrix.shape
    if rows >= columns:
        np.testing.assert_allclose(matrix.T @ matrix, np.eye(columns), atol=1e-5)
    else:
        np.testing.assert_allclose(matrix @ matrix.T, np.eye(rows), atol=1e-5)
    scaled = sample(initializers.Orthogonal(gain=3.0, seed=1), shape)
    np.testing.assert_allclose(scaled, 3.0 * w, rtol=1e-5, atol=1e-6)


class _OrthogonalInCall(keras.layers.Layer):
    """Draws an Orthogonal tensor inside `call`, which predict compiles (jax.jit,
    tf.function): the initializer then runs on traced values."""

    def __init__(self, shape, **kwargs):
        super().__init__(**kwargs)
        self.shape = shape

    def call(self, x):
        w = initializers.Orthogonal(gain=2.0, seed=5)(self.shape)
        scale = keras.ops.reshape(x, (-1,) + (1,) * len(self.shape))  # (batch, 1...)
        return keras.ops.multiply(keras.ops.expand_dims(w, 0), scale)


@pytest.mark.parametrize("shape", [(7, 5), (3, 3, 4, 8)])
def test_orthogonal_is_orthogonal_inside_a_compiled_step(shape):
    model = keras.Sequential([_OrthogonalInCall(shape)])
    traced = model.predict(np.ones((1, 1), "float32"), verbose=0)[0].astype("float64")
    eager = sample(initializers.Orthogonal(gain=2.0, seed=5), shape)
    np.testing.assert_allclose(traced, eager, rtol=1e-5, atol=1e-6)
    matrix = traced.reshape(-1, shape[-1]) / 2.0  # (rows, columns)
    small = min(matrix.shape)
    tall = matrix.shape[0] >= matrix.shape[1]
    gram = matrix.T @ matrix if tall else matrix @ matrix.T
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-5)


def test_orthogonal_needs_a_matrix():
    with pytest.raises(ValueError, match=r"rank >= 2.*rank 1"):
        initializers.Orthogonal()((5,))


@pytest.mark.parametrize(
    "initializer",
    [
        initializers.RandomNormal(mean=1.0, stddev=2.0, seed=3),
        initializers.RandomUniform(minval=-1.0, maxval=2.0, seed=4),
        initializers.TruncatedNormal(stddev=0.5, seed=5),
        initializers.Orthogonal(gain=2.0, seed=6),
    ],
)
def test_config_round_trip(initializer):
    config = initializer.get_config()
    restored = type(initializer).from_config(config)
    assert restored.get_config() == config
    # Same int seed: the restored initializer draws the same values.
    np.testing.assert_array_equal(sample(restored, (5, 5)), sample(initializer, (5, 5)))


def test_configs_hold_the_keras_3_defaults():
    assert initializers.RandomNormal().get_config() == {
        "mean": 0.0, "stddev": 0.05, "seed": None
    }
    assert initializers.RandomUniform().get_config() == {
        "minval": -0.05, "maxval": 0.05, "seed": None
    }
    assert initializers.TruncatedNormal().get_config() == {
        "mean": 0.0, "stddev": 0.05, "seed": None
    }
    assert initializers.Orthogonal().get_config() == {"gain": 1.0, "seed": None}


def test_seed_generator_config_round_trip():
    initializer = initializers.RandomNormal(seed=keras.random.SeedGenerator(11))
    config = initializer.get_config()
    assert config["seed"]["class_name"] == "SeedGenerator"
    restored = initializers.RandomNormal.from_config(config)
    assert isinstance(restored.seed, keras.random.SeedGenerator)
    fresh = initializers.RandomNormal(seed=keras.random.SeedGenerator(11))
    np.testing.assert_array_equal(sample(restored, (3,)), sample(fresh, (3,)))
