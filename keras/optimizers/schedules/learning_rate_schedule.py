"""Learning rate schedules: the learning rate as a function of the optimizer step.

A schedule is called with the step (a Python int, a tensor or the optimizer's
`iterations` Variable) and returns a scalar float tensor. Every computation is made
of `keras.ops`, so a schedule also works inside `jax.jit` and `tf.function`.
"""

from keras import ops
from keras.backends.common import config


def check_positive(value, argument):
    if value <= 0:
        raise ValueError(
            f"Argument `{argument}` must be > 0. Received: {argument}={value}"
        )


class LearningRateSchedule:
    """Base class of learning rate schedules.

    Subclasses implement `__call__(step)`, returning the learning rate at `step`, and
    `get_config()` to be serializable. An instance can be passed as the
    `learning_rate` of any optimizer, which evaluates it at its `iterations`.

    >>> class Halving(keras.optimizers.schedules.LearningRateSchedule):
    ...     def __call__(self, step):
    ...         return 0.1 * 0.5 ** keras.ops.cast(step, "float32")
    >>> optimizer = keras.optimizers.SGD(learning_rate=Halving())
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{type(self).__name__}' must override "
            "`get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        """Creates the schedule from the dict `get_config()` returned."""
        return cls(**config)


def _float_tensor(value):
    return ops.convert_to_tensor(value, dtype=config.floatx())


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive int, the number of steps of one decay by
            `decay_rate`.
        decay_rate: the factor applied every `decay_steps` steps.
        staircase: if True, `step / decay_steps` is rounded down, so the learning
            rate changes in steps.
        name: the name of the schedule.

    >>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    >>> schedule(10)  # 0.05
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        check_positive(decay_steps, "decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        p = ops.cast(step, initial.dtype) / ops.cast(self.decay_steps, initial.dtype)
        if self.staircase:
            p = ops.floor(p)
        return initial * ops.power(ops.cast(self.decay_rate, initial.dtype), p)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """A learning rate constant between boundaries.

    The result is `values[0]` while `step <= boundaries[0]`, `values[i]` while
    `boundaries[i - 1] < step <= boundaries[i]`, and `values[-1]` after the last
    boundary.

    Args:
        boundaries: strictly increasing step numbers.
        values: the learning rates, one more than `boundaries`.
        name: the name of the schedule.

    >>> schedule = keras.optimizers.schedules.PiecewiseConstantDecay(
    ...     [100, 200], [1.0, 0.5, 0.1])
    >>> schedule(150)  # 0.5
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of `boundaries` should be 1 less than the length of "
                f"`values`. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        values = [ops.convert_to_tensor(value) for value in self.values]
        dtype = values[0].dtype
        step = ops.convert_to_tensor(step)
        # The index of the interval holding `step`: how many boundaries lie below it.
        index = ops.zeros((), dtype="int32")
        for boundary in self.boundaries:
            index = index + ops.cast(step > ops.cast(boundary, step.dtype), "int32")
        result = ops.zeros((), dtype=dtype)
        for i, value in enumerate(values):
            result = ops.where(ops.equal(index, i), ops.cast(value, dtype), result)
        return result

    def get_config(self):
        return {
            "boundaries": self.boundaries,
            "values": self.values,
            "name": self.name,
        }


class PolynomialDecay(LearningRateSchedule):
    """A polynomial decay from `initial_learning_rate` to `end_learning_rate`.

    `(initial - end) * (1 - step / decay_steps) ** power + end`, with the step held
    at `decay_steps` afterwards. With `cycle=True`, `decay_steps` is instead
    stretched to the first multiple of it not below `step`, so the decay restarts.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive int, the length of the decay.
        end_learning_rate: the learning rate reached after `decay_steps` steps.
        power: the power of the polynomial.
        cycle: whether the decay restarts after `decay_steps`.
        name: the name of the schedule.

    >>> schedule = keras.optimizers.schedules.PolynomialDecay(0.1, 100, 0.0)
    >>> schedule(50)  # 0.05
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        check_positive(decay_steps, "decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        end = ops.cast(self.end_learning_rate, dtype)
        step = ops.cast(step, dtype)
        decay_steps = ops.cast(self.decay_steps, dtype)
        if self.cycle:
            # At step 0 the first period is used, not a period of length 0.
            multiplier = ops.where(
                ops.equal(step, 0.0), 1.0, ops.ceil(step / decay_steps)
            )
            decay_steps = decay_steps * ops.cast(multiplier, dtype)
        else:
            step = ops.minimum(step, decay_steps)
        fraction = step / decay_steps
        return (initial - end) * ops.power(1.0 - fraction, self.power) + end

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    Args:
        initial_learning_rate: the learning rate at step 0.
        decay_steps: a positive number, how often the decay is applied.
        decay_rate: the rate of the decay.
        staircase: if True, `step / decay_steps` is rounded down.
        name: the name of the schedule.

    >>> schedule = keras.optimizers.schedules.InverseTimeDecay(0.1, 1.0, 0.5)
    >>> schedule(2)  # 0.05
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        check_positive(decay_steps, "decay_steps")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial = _float_tensor(self.initial_learning_rate)
        dtype = initial.dtype
        p = ops.cast(step, dtype) / ops.cast(self.decay_steps, dtype)
        if self.staircase:
            p = ops.floor(p)
        return initial / (1.0 + ops.cast(self.decay_rate, dtype) * p)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
