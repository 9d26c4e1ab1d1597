"""Public namespace `keras.optimizers.schedules`: learning rates that follow the step.

Lazy: a name loads its module on first access.
"""

import importlib

_PACKAGE = "keras.optimizers.schedules"

# Public name -> the module defining it.
_EXPORTS = {
    "LearningRateSchedule": "learning_rate_schedule",
    "ExponentialDecay": "learning_rate_schedule",
    "PiecewiseConstantDecay": "learning_rate_schedule",
    "PolynomialDecay": "learning_rate_schedule",
    "InverseTimeDecay": "learning_rate_schedule",
    "CosineDecay": "cosine_decay",
    "CosineDecayRestarts": "cosine_decay",
    "serialize": "lookup",
    "deserialize": "lookup",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_PACKAGE}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
