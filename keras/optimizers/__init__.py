"""Public namespace `keras.optimizers`: the update rules that train weights.

Lazy: a name loads its module on first access; `schedules` and `legacy` are
subpackages.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Optimizer": ".base_optimizer",
    "SGD": ".sgd",
    "Adam": ".adam",
    "AdamW": ".adamw",
    "Adamax": ".adamax",
    "Nadam": ".nadam",
    "RMSprop": ".rmsprop",
    "Adagrad": ".adagrad",
    "Adadelta": ".adadelta",
    "Adafactor": ".adafactor",
    "Ftrl": ".ftrl",
    "Lion": ".lion",
    "Lamb": ".lamb",
    "Muon": ".muon",
    "ScheduleFreeAdamW": ".schedule_free_adamw",
    "LossScaleOptimizer": ".loss_scale_optimizer",
    "MultiOptimizer": ".multi_optimizer",
    "OptimizerMap": ".multi_optimizer",
    "get": ".lookup",
    "serialize": ".lookup",
    "deserialize": ".lookup",
}

_SUBPACKAGES = ("schedules", "legacy")

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS, submodules=_SUBPACKAGES)
