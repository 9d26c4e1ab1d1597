import math

import numpy as np
import pytest

from keras.optimizers.schedules import learning_rate_schedule as schedules
from keras.optimizers.schedules.testing import check_schedule

@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay(staircase):
    schedule = schedules.ExponentialDecay(0.3, 10, 0.7, staircase=staircase)

    def reference(step):
        p = step // 10 if staircase else step / 10
        return 0.3 * 0.7**p

    check_schedule(schedule, reference)


def test_piecewise_constant_decay():
    schedule = schedules.PiecewiseConstantDecay([10, 33, 100], [1.0, 0.5, 0.2, 0.05])

    def reference(step):
        if step <= 10:
            return 1.0
        if step <= 33:
            return 0.5
        return 0.2 if step <= 100 else 0.05

    check_schedule(schedule, reference, steps=[0, 9, 10, 11, 33, 34, 100, 101, 250])


@pytest.mark.parametrize("cycle", [False, True])
@pytest.mark.parametrize("power", [1.0, 0.5, 2.0])
def test_polynomial_decay(cycle, power):
    schedule = schedules.PolynomialDecay(0.1, 30, 0.01, power=power, cycle=cycle)

    def reference(step):
        decay_steps = 30
        if cycle:
            decay_steps = 30 * max(1, math.ceil(step / 30))
        else:
            step = min(step, 30)
        return (0.1 - 0.01) * (1 - step / decay_steps) ** power + 0.01

    check_schedule(schedule, reference)


@pytest.mark.parametrize("staircase", [False, True])
def test_inverse_time_decay(staircase):
    schedule = schedules.InverseTimeDecay(0.2, 4, 0.5, staircase=staircase)

    def reference(step):
        p = step // 4 if staircase else step / 4
        return 0.2 / (1 + 0.5 * p)

    check_schedule(schedule, reference)


@pytest.mark.parametrize(
    "cls, args",
    [
        (schedules.ExponentialDecay, (0.1, 0, 0.5)),
        (schedules.PolynomialDecay, (0.1, -1)),
        (schedules.InverseTimeDecay, (0.1, 0, 0.5)),
    ],
)
def test_decay_steps_must_be_positive(cls, args):
    with pytest.raises(ValueError, match="`decay_steps` must be > 0"):
        cls(*args)


def test_piecewise_lengths_must_match():
    with pytest.raises(ValueError, match="should be 1 less than the length of"):
        schedules.PiecewiseConstantDecay([1, 2], [1.0, 0.5])


@pytest.mark.parametrize(
    "schedule",
    [
        schedules.ExponentialDecay(0.1, 5, 0.9, staircase=True, name="e"),
        schedules.PiecewiseConstantDecay([5], [0.1, 0.01]),
        schedules.PolynomialDecay(0.1, 5, power=2.0, cycle=True),
        schedules.InverseTimeDecay(0.1, 5, 0.9),
    ],
)
def test_config_round_trip(schedule):
    config = schedule.get_config()
    restored = type(schedule).from_config(config)
    assert restored.get_config() == config
    np.testing.assert_allclose(np.asarray(restored(12)), np.asarray(schedule(12)))


def test_base_class_must_be_subclassed():
    with pytest.raises(NotImplementedError, match="must override `__call__"):
        schedules.LearningRateSchedule()(1)
    with pytest.raises(NotImplementedError, match="must override `get_config"):
        schedules.LearningRateSchedule().get_config()
