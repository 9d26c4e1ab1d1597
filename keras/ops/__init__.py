"""Public namespace `keras.ops`: every op, on every backend, eager or symbolic.

Lazy: the op families load on the first attribute access, so importing one internal
module (e.g. keras.ops.operation) does not import them all.
"""

import importlib

# Where keras.ops names live, searched in order.
_SOURCES = ("keras.ops.numpy", "keras.ops.nn", "keras.ops.core_ops")
_NAMESPACES = ("numpy", "nn", "core_ops", "operation", "node", "symbolic")


def _load_all():
    modules = [importlib.import_module(source) for source in _SOURCES]
    importlib.import_module("keras.ops.operators")
    return modules


def __getattr__(name):
    if name in _NAMESPACES:
        return importlib.import_module(f"keras.ops.{name}")
    for module in _load_all():
        if name in module.__all__:
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(f"module 'keras.ops' has no attribute {name!r}")


def __dir__():
    names = set(globals())
    for module in _load_all():
        names.update(module.__all__)
    return sorted(names)
