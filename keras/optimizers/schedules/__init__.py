"""Public namespace `keras.optimizers.schedules`: learning rates that follow the step.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "LearningRateSchedule": ".learning_rate_schedule",
    "ExponentialDecay": ".learning_rate_schedule",
    "PiecewiseConstantDecay": ".learning_rate_schedule",
    "PolynomialDecay": ".learning_rate_schedule",
    "InverseTimeDecay": ".learning_rate_schedule",
    "CosineDecay": ".cosine_decay",
    "CosineDecayRestarts": ".cosine_decay",
    "serialize": ".lookup",
    "deserialize": ".lookup",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
