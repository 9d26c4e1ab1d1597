import math

import numpy as np
import pytest

from keras.optimizers.schedules import cosine_decay
from keras.optimizers.schedules.testing import check_schedule


@pytest.mark.parametrize("alpha", [0.0, 0.2])
def test_cosine_decay(alpha):
    schedule = cosine_decay.CosineDecay(0.1, 50, alpha=alpha)

    def reference(step):
        step = min(step, 50)
        cosine = 0.5 * (1 + math.cos(math.pi * step / 50))
        return 0.1 * ((1 - alpha) * cosine + alpha)

    check_schedule(schedule, reference)


def test_cosine_decay_with_warmup():
    schedule = cosine_decay.CosineDecay(
        0.01, 40, alpha=0.1, warmup_target=0.2, warmup_steps=10
    )

    def reference(step):
        step = min(step, 50)
        if step < 10:
            return 0.01 + (0.2 - 0.01) * step / 10
        cosine = 0.5 * (1 + math.cos(math.pi * (step - 10) / 40))
        return 0.2 * (0.9 * cosine + 0.1)

    check_schedule(schedule, reference, steps=[0, 1, 5, 9, 10, 11, 30, 50, 51, 250])


def test_cosine_decay_with_target_and_no_warmup_steps():
    schedule = cosine_decay.CosineDecay(0.01, 20, warmup_target=0.2)

    def reference(step):
        return 0.2 * 0.5 * (1 + math.cos(math.pi * min(step, 20) / 20))

    check_schedule(schedule, reference, steps=[0, 3, 20, 40])


@pytest.mark.parametrize(
    "t_mul, m_mul, alpha", [(2.0, 1.0, 0.0), (1.0, 0.5, 0.1), (1.5, 0.8, 0.05)]
)
def test_cosine_decay_restarts(t_mul, m_mul, alpha):
    schedule = cosine_decay.CosineDecayRestarts(
        0.1, 10, t_mul=t_mul, m_mul=m_mul, alpha=alpha
    )

    def reference(step):
        # Walk the periods: lengths 10, 10 t, 10 t^2...; starts 1, m, m^2...
        length, start, factor = 10.0, 0.0, 1.0
        while step >= start + length:
            start += length
            length *= t_mul
            factor *= m_mul
        fraction = (step - start) / length
        cosine = 0.5 * factor * (1 + math.cos(math.pi * fraction))
        return 0.1 * ((1 - alpha) * cosine + alpha)

    check_schedule(schedule, reference, steps=[0, 1, 5, 9, 11, 25, 29, 31, 64, 71, 100])


@pytest.mark.parametrize(
    "schedule",
    [
        cosine_decay.CosineDecay(0.1, 5, alpha=0.1, warmup_target=0.3, warmup_steps=2),
        cosine_decay.CosineDecayRestarts(0.1, 5, t_mul=3.0, m_mul=0.5, alpha=0.1),
    ],
)
def test_config_round_trip(schedule):
    config = schedule.get_config()
    restored = type(schedule).from_config(config)
    assert restored.get_config() == config
    np.testing.assert_allclose(np.asarray(restored(7)), np.asarray(schedule(7)))


def test_steps_must_be_positive():
    with pytest.raises(ValueError, match="`decay_steps` must be > 0"):
        cosine_decay.CosineDecay(0.1, 0)
    with pytest.raises(ValueError, match="`first_decay_steps` must be > 0"):
        cosine_decay.CosineDecayRestarts(0.1, 0)
