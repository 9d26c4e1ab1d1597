"""Public namespace `keras.utils`.

Lazy: a helper's module is imported on first use of its name.
"""

import importlib

_P = "keras.utils."

# name -> module that defines it.
_NAMES = {
    "Progbar": _P + "progbar",
    "PyDataset": _P + "py_dataset",
    "Sequence": _P + "py_dataset",
    "pack_x_y_sample_weight": _P + "data_utils",
    "set_random_seed": _P + "rng_utils",
    "unpack_x_y_sample_weight": _P + "data_utils",
}


def __getattr__(name):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'keras.utils' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
