"""VarianceScaling and the Glorot, He and LeCun schemes: fans, bounds and variances."""

import math

import numpy as np
import pytest

from keras import initializers
from keras.initializers.variance_scaling_initializers import compute_fans
from keras.ops import testing

# The stddev of N(0, 1) truncated to [-2, 2].
TRUNCATED = 0.8796256610342398


def sample(initializer, shape):
    return testing.to_numpy(initializer(shape)).astype("float64")


@pytest.mark.parametrize(
    "shape, fans",
    [
        ((), (1, 1)),
        ((7,), (7, 7)),
        ((20, 30), (20, 30)),
        ((3, 3, 4, 8), (36, 72)),  # Conv2D kernel: 3x3 receptive field
        ((5, 4, 8), (20, 40)),  # Conv1D kernel
    ],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


@pytest.mark.parametrize(
    "shape, input_axes, output_axes, fans",
    [
        ((20, 30), None, None, (20, 30)),
        ((4, 6, 8), 0, [1, 2], (4, 48)),  # EinsumDense "ab,bcd->acd" kernel
        ((4, 6, 8), [0, 1], -1, (24, 8)),
        ((3, 5, 7), 1, 2, (15, 21)),  # axis 0 is a receptive field
        ((3, 5, 7), 0, None, (3 * 5, 7 * 5)),  # output defaults to -1
    ],
)
def test_compute_fans_with_axes(shape, input_axes, output_axes, fans):
    assert compute_fans(shape, input_axes, output_axes) == fans


def test_axes_set_the_variance():
    # A (4, 6, 8) kernel whose inputs are axis 0: fan_in 4, so He uniform draws from
    # U(-sqrt(6/4), sqrt(6/4)) instead of the default fan_in 4 * 6 = 24.
    initializer = initializers.HeUniform(seed=1, input_axes=0, output_axes=[1, 2])
    values = sample(initializer, (4, 6, 8))
    limit = math.sqrt(6.0 / 4)
    assert values.max() <= limit and values.min() >= -limit
    assert values.max() > math.sqrt(6.0 / 24)  # beyond the default limit
    np.testing.assert_allclose(values.var(), limit**2 / 3, rtol=0.25)
    assert initializer.get_config() == {"seed": 1, "input_axes": 0, "output_axes": [1, 2]}
    with pytest.raises(ValueError, match="share an axis"):
        compute_fans((3, 4), input_axes=0, output_axes=0)
    with pytest.raises(ValueError, match="`input_axes` must be an axis"):
        compute_fans((3, 4), input_axes=5)


# (initializer class, scale, mode, distribution).
SCHEMES = [
    (initializers.GlorotUniform, 1.0, "fan_avg", "uniform"),
    (initializers.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (initializers.HeUniform, 2.0, "fan_in", "uniform"),
    (initializers.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (initializers.LecunUniform, 1.0, "fan_in", "uniform"),
    (initializers.LecunNormal, 1.0, "fan_in", "truncated_normal"),
]


def expected_variance(scale, mode, shape):
    fan_in, fan_out = compute_fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}
    return scale / fan[mode]


def check_distribution(values, variance, distribution):
    """Bounds and moments of `values` for a VarianceScaling of `variance`."""
    std = math.sqrt(variance)
    n = values.size
    assert abs(values.mean()) < 5 * std / math.sqrt(n)
    assert abs(values.std() - std) < 5 * std / math.sqrt(2 * n) + 1e-3 * std
    if distribution == "uniform":
        limit = math.sqrt(3 * variance)
        assert values.min() >= -limit and values.max() <= limit
        assert values.max() > 0.99 * limit  # the range is filled
    elif distribution == "truncated_normal":
        assert np.abs(values).max() <= 2 * std / TRUNCATED * (1 + 1e-6)


@pytest.mark.parametrize("cls, scale, mode, distribution", SCHEMES)
@pytest.mark.parametrize("shape", [(100, 200), (3, 3, 40, 80)])
def test_named_schemes(cls, scale, mode, distribution, shape):
    values = sample(cls(seed=1), shape)
    assert values.shape == shape
    check_distribution(values, expected_variance(scale, mode, shape), distribution)


def test_glorot_uniform_bound():
    values = sample(initializers.GlorotUniform(seed=3), (30, 50))
    limit = math.sqrt(6 / (30 + 50))
    assert values.min() >= -limit and values.max() <= limit
    assert values.max() > 0.95 * limit and values.min() < -0.95 * limit


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize(
    "distribution", ["truncated_normal", "untruncated_normal", "uniform"]
)
def test_variance_scaling(mode, distribution):
    shape = (3, 3, 40, 60)
    initializer = initializers.VarianceScaling(3.0, mode, distribution, seed=2)
    values = sample(initializer, shape)
    check_distribution(values, expected_variance(3.0, mode, shape), distribution)


def test_untruncated_normal_has_tails():
    initializer = initializers.VarianceScaling(1.0, "fan_in", "untruncated_normal", 4)
    values = sample(initializer, (100, 200))
    assert np.abs(values).max() > 2.5 * math.sqrt(1 / 100)


def test_distribution_names_are_normalized():
    uniform = initializers.VarianceScaling(distribution="Uniform")
    assert uniform.distribution == "uniform"
    normal = initializers.VarianceScaling(distribution="normal")
    assert normal.distribution == "truncated_normal"


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"scale": 0.0}, r"`scale` must be a positive float; got scale=0.0"),
        ({"scale": -1}, r"`scale` must be a positive"),
        ({"mode": "fan_sum"}, r"`mode` must be one of .*'fan_sum'"),
        ({"distribution": "cauchy"}, r"`distribution` must be one of .*'cauchy'"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        initializers.VarianceScaling(**kwargs)


def test_configs():
    assert initializers.VarianceScaling().get_config() == {
        "scale": 1.0,
        "mode": "fan_in",
        "distribution": "truncated_normal",
        "seed": None,
        "input_axes": None,
        "output_axes": None,
    }
    assert initializers.HeNormal(seed=5).get_config() == {
        "seed": 5,
        "input_axes": None,
        "output_axes": None,
    }
    restored = initializers.GlorotUniform.from_config({"seed": 5})
    expected = sample(initializers.GlorotUniform(seed=5), (4, 4))
    np.testing.assert_array_equal(sample(restored, (4, 4)), expected)
    initializer = initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=3)
    config = initializer.get_config()
    restored = initializers.VarianceScaling.from_config(config)
    assert restored.get_config() == config


@pytest.mark.parametrize("cls", [scheme[0] for scheme in SCHEMES])
def test_schemes_are_variance_scalings_and_seeded(cls):
    assert issubclass(cls, initializers.VarianceScaling)
    initializer = cls(seed=9)
    first = sample(initializer, (5, 6))
    np.testing.assert_array_equal(sample(initializer, (5, 6)), first)
