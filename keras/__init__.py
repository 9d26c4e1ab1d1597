"""Multi-backend deep learning with the Keras 3 API.

`import keras` is cheap: it reads the configuration (and rejects an unknown backend name at
once) but imports a namespace such as `keras.ops`, and the backend engine behind it, only
when it is first used.
"""

from keras.backends.common import config as _config
from keras.utils.lazy_namespace import lazy_namespace
from keras.version import __version__
from keras.version import version

# Public namespaces that exist today, imported on first attribute access.
_NAMESPACES = (
    "activations",
    "applications",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "distillation",
    "distribution",
    "dtype_policies",
    "export",
    "initializers",
    "layers",
    "legacy",
    "metrics",
    "mixed_precision",
    "losses",
    "models",
    "ops",
    "optimizers",
    "preprocessing",
    "quantizers",
    "random",
    "regularizers",
    "saving",
    "tree",
    "utils",
    "visualization",
    "wrappers",
)

# Top-level names: name -> (module, attribute).
_NAMES = {
    "KerasTensor": ("keras.backends.common.keras_tensor", "KerasTensor"),
    "Operation": ("keras.ops.operation", "Operation"),
    "Variable": ("keras.backends.active", "Variable"),
    "name_scope": ("keras.backends.common.name_scope", "name_scope"),
    "Initializer": ("keras.initializers.base", "Initializer"),
    "Regularizer": ("keras.regularizers.penalties", "Regularizer"),
    "DTypePolicy": ("keras.dtype_policies.dtype_policy", "DTypePolicy"),
    "FloatDTypePolicy": ("keras.dtype_policies.dtype_policy", "FloatDTypePolicy"),
    "Quantizer": ("keras.quantizers.quantizer", "Quantizer"),
    "Input": ("keras.layers.input_layer", "Input"),
    "InputSpec": ("keras.layers.input_spec", "InputSpec"),
    "Layer": ("keras.layers.layer", "Layer"),
    "Model": ("keras.models.model", "Model"),
    "Sequential": ("keras.models.sequential", "Sequential"),
    "StatelessScope": ("keras.backends.common.stateless_scope", "StatelessScope"),
    "RematScope": ("keras.backends.common.remat_scope", "RematScope"),
    "remat": ("keras.backends.common.remat_scope", "remat"),
    "device": ("keras.backends.common.device_scope", "device"),
    "Loss": ("keras.losses", "Loss"),
    "Metric": ("keras.metrics", "Metric"),
    "Optimizer": ("keras.optimizers", "Optimizer"),
    "Function": ("keras.ops.function", "Function"),
    "SymbolicScope": ("keras.backends.common.symbolic_scope", "SymbolicScope"),
}


__getattr__, __dir__ = lazy_namespace(__name__, _NAMES, submodules=_NAMESPACES)
