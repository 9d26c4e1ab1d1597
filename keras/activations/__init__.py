"""Public namespace `keras.activations`: element-wise and per-axis activation functions.

Lazy: a name loads its module on first access.
"""

import importlib

_PACKAGE = "keras.activations"

_MODULES = {
    "piecewise": (
        "relu",
        "leaky_relu",
        "relu6",
        "threshold",
        "hard_sigmoid",
        "hard_silu",
        "hard_swish",
        "hard_tanh",
        "hard_shrink",
        "soft_shrink",
        "sparse_plus",
        "sparse_sigmoid",
        "linear",
    ),
    "smooth": (
        "sigmoid",
        "log_sigmoid",
        "tanh",
        "tanh_shrink",
        "exponential",
        "elu",
        "selu",
        "celu",
        "gelu",
        "softplus",
        "softsign",
        "squareplus",
        "silu",
        "swish",
        "mish",
    ),
    "along_axis": ("softmax", "log_softmax", "sparsemax", "glu"),
    "lookup": ("get", "serialize", "deserialize"),
}

# Public name -> the module defining it.
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {_PACKAGE!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{_PACKAGE}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
