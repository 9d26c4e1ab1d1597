"""Public namespace `keras.constraints`: projections of weights after each update.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

# Public name -> the module defining it.
_EXPORTS = {
    "Constraint": ".projections",
    "MaxNorm": ".projections",
    "MinMaxNorm": ".projections",
    "NonNeg": ".projections",
    "UnitNorm": ".projections",
    "max_norm": ".projections",
    "min_max_norm": ".projections",
    "non_neg": ".projections",
    "unit_norm": ".projections",
    "get": ".lookup",
    "serialize": ".lookup",
    "deserialize": ".lookup",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
