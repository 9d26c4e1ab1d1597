"""Public namespace `keras.regularizers`: weight penalties added to the loss.

Lazy: a name loads its module on first access.
"""

import importlib

_PACKAGE = "keras.regularizers"

# Public name -> the module defining it.
_EXPORTS = {
    "Regularizer": "penalties",
    "L1": "penalties",
    "L2": "penalties",
    "L1L2": "penalties",
    "OrthogonalRegularizer": "penalties",
    "l1": "penalties",
    "l2": "penalties",
    "l1_l2": "penalties",
    "orthogonal_regularizer": "penalties",
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
