"""Public namespace `keras.optimizers`: the update rules that train weights.

Lazy: a name loads its module on first access; `schedules` and `legacy` are
subpackages.
"""

import importlib

_PACKAGE = "keras.optimizers"

# Public name -> the module defining it.
_EXPORTS = {
    "Optimizer": "base_optimizer",
    "SGD": "sgd",
    "Adam": "adam",
    "AdamW": "adamw",
    "Adamax": "adamax",
    "Nadam": "nadam",
    "RMSprop": "rmsprop",
    "Adagrad": "adagrad",
    "Adadelta": "adadelta",
    "Adafactor": "adafactor",
    "Ftrl": "ftrl",
    "Lion": "lion",
    "Lamb": "lamb",
    "Muon": "muon",
    "ScheduleFreeAdamW": "schedule_free_adamw",
    "LossScaleOptimizer": "loss_scale_optimizer",
    "MultiOptimizer": "multi_optimizer",
    "OptimizerMap": "multi_optimizer",
    "get": "lookup",
    "serialize": "lookup",
    "deserialize": "lookup",
}

_SUBPACKAGES = ("schedules", "legacy")

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{_PACKAGE}.{name}")
    if name not in _EXPORTS:
        raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_PACKAGE}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | set(_SUBPACKAGES))
