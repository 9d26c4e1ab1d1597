"""Cosine learning rate schedules (SGDR, Loshchilov & Hutter): warmup, restarts."""

import math

from keras import ops
from keras.backends.common import config
from keras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from keras.optimizers.schedules.learning_rate_schedule import check_positive


def _cosine_factor(fraction, alpha):
    """`(1 - alpha) * (1 + cos(pi * fraction)) / 2 + alpha`: 1 at 0, alpha at 1."""
    cosine = 0.5 * (1.0 + ops.cos(math.pi * fraction))
    return (1.0 - alpha) * cosine + alpha


class CosineDecay(LearningRateSchedule):
    """A cosine decay of the learning rate, after an optional linear warmup.

    Without `warmup_target`, the learning rate goes from `initial_learning_rate`
    to `initial_learning_rate * alpha` along a half cosine over `decay_steps`
    steps, then stays there. With `warmup_target`, it first rises linearly from
    `initial_learning_rate` to `warmup_target` over `warmup_steps` steps, then
    decays from `warmup_target` to `warmup_target * alpha` over `decay_steps`.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive int, the length of the decay.
        alpha: the final learning rate, as a fraction of the decay's start.
        name: the name of the schedule.
        warmup_target: the learning rate reached at the end of the warmup, or
            None for no warmup.
        warmup_steps: the length of the warmup.

    >>> schedule = keras.optimizers.schedules.CosineDecay(
    ...     0.0, 1000, warmup_target=0.1, warmup_steps=100)
    >>> schedule(50)  # 0.05, half-way through the warmup
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        check_positive(decay_steps, "decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        initial = ops.convert_to_tensor(self.initial_learning_rate, config.floatx())
        dtype = initial.dtype
        decay_steps = ops.cast(self.decay_steps, dtype)
        step = ops.cast(step, dtype)
        if self.warmup_target is None:
            fraction = ops.minimum(step, decay_steps) / decay_steps
            return initial * _cosine_factor(fraction, self.alpha)
        target = ops.cast(self.warmup_target, dtype)
        warmup_steps = ops.cast(self.warmup_steps, dtype)
        step = ops.minimum(step, decay_steps + warmup_steps)
        # Both branches are computed and one is selected, which traces under jit.
        # The warmup branch divides by max(warmup_steps, 1): with no warmup it is
        # never selected, and must not produce a NaN.
        warmup_fraction = step / ops.maximum(warmup_steps, 1.0)
        warmup = initial + (target - initial) * warmup_fraction
        decay_fraction = ops.maximum(step - warmup_steps, 0.0) / decay_steps
        decayed = target * _cosine_factor(decay_fraction, self.alpha)
        return ops.where(step < warmup_steps, warmup, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """A cosine decay that restarts (SGDR, "warm restarts").

    The first period decays the learning rate from `initial_learning_rate` to
    `initial_learning_rate * alpha` over `first_decay_steps` steps. Each following
    period is `t_mul` times longer, and starts from `m_mul` times the previous
    period's starting learning rate.

    Args:
        initial_learning_rate: the learning rate at step 0.
        first_decay_steps: a positive int, the length of the first period.
        t_mul: the growth factor of the period lengths.
        m_mul: the factor of the starting learning rate of each new period.
        alpha: the lowest learning rate, as a fraction of `initial_learning_rate`.
        name: the name of the schedule.

    >>> schedule = keras.optimizers.schedules.CosineDecayRestarts(0.1, 100)
    >>> schedule(100)  # 0.1: the second period starts
    """

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        check_positive(first_decay_steps, "first_decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        initial = ops.convert_to_tensor(self.initial_learning_rate, config.floatx())
        dtype = initial.dtype
        fraction = ops.cast(step, dtype) / ops.cast(self.first_decay_steps, dtype)
        t_mul = ops.cast(self._t_mul, dtype)
        if self._t_mul == 1.0:
            restarts = ops.floor(fraction)
            fraction = fraction - restarts
        else:
            # Periods 1, t, t^2...: the number of whole periods before `fraction`
            # solves (1 - t^i) / (1 - t) <= fraction.
            restarts = ops.floor(
                ops.log(1.0 - fraction * (1.0 - t_mul)) / ops.log(t_mul)
            )

            def done(i):
                return (1.0 - ops.power(t_mul, i)) / (1.0 - t_mul)

            # At a period boundary the float32 logarithm may round to either side:
            # settle it by comparing with the boundaries themselves.
            restarts = ops.where(
                fraction >= done(restarts + 1), restarts + 1, restarts
            )
            restarts = ops.where(fraction < done(restarts), restarts - 1, restarts)
            fraction = (fraction - done(restarts)) / ops.power(t_mul, restarts)
        start = ops.power(ops.cast(self._m_mul, dtype), restarts)
        cosine = 0.5 * start * (1.0 + ops.cos(math.pi * fraction))
        alpha = ops.cast(self.alpha, dtype)
        return initial * ((1.0 - alpha) * cosine + alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
