"""Public namespace `keras.regularizers`: weight penalties added to the loss.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Regularizer": ".penalties",
    "L1": ".penalties",
    "L2": ".penalties",
    "L1L2": ".penalties",
    "OrthogonalRegularizer": ".penalties",
    "l1": ".penalties",
    "l2": ".penalties",
    "l1_l2": ".penalties",
    "orthogonal_regularizer": ".penalties",
    "get": ".lookup",
    "serialize": ".lookup",
    "deserialize": ".lookup",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
