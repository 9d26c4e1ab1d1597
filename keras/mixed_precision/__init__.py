"""Public namespace `keras.mixed_precision`: dtype policies under their mixed
precision names, and the loss scaling optimizer that float16 training needs.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

_POLICY = "keras.dtype_policies.dtype_policy"

# Public name -> (module, attribute).
_EXPORTS = {
    "DTypePolicy": (_POLICY, "DTypePolicy"),
    "Policy": (_POLICY, "DTypePolicy"),
    "dtype_policy": (_POLICY, "dtype_policy"),
    "global_policy": (_POLICY, "dtype_policy"),
    "set_dtype_policy": (_POLICY, "set_dtype_policy"),
    "set_global_policy": (_POLICY, "set_dtype_policy"),
    "LossScaleOptimizer": ("keras.optimizers.loss_scale_optimizer", "LossScaleOptimizer"),
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
