"""Public namespace `keras.constraints`: projections of weights after each update.

Lazy: a name loads its module on first access.
"""

import importlib

_PACKAGE = "keras.constraints"

# Public name -> the module defining it.
_EXPORTS = {
    "Constraint": "projections",
    "MaxNorm": "projections",
    "MinMaxNorm": "projections",
    "NonNeg": "projections",
    "UnitNorm": "projections",
    "max_norm": "projections",
    "min_max_norm": "projections",
    "non_neg": "projections",
    "unit_norm": "projections",
    "get": "lookup",
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
