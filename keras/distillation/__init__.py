"""Public namespace `keras.distillation`: train a small student model to imitate a
larger teacher (knowledge distillation).

Lazy: a name loads its module on first use.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "DistillationLoss": ".distillation_loss",
    "FeatureDistillation": ".distillation_loss",
    "LogitsDistillation": ".distillation_loss",
    "Distiller": ".distiller",
}


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
