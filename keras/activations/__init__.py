"""Public namespace `keras.activations`: element-wise and per-axis activation functions.

Lazy: a name loads its module on first access.
"""

from keras.utils.lazy_namespace import lazy_namespace

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
_EXPORTS = {
    name: "." + module for module, names in _MODULES.items() for name in names
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_namespace(__name__, _EXPORTS)
