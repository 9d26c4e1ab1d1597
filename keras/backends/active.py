"""The backend chosen at start-up (see keras.backends.common.config).

Importing this module imports that one engine and nothing else. Its contract names are
re-exported here, and its op modules (`active.numpy`, `active.nn`, ...) load on first use,
so the rest of keras reads `active.<module>.<function>` and never names an engine.

A module a backend does not have yet is an explicit gap (listed in GAPS): using it raises a
NotImplementedError that names the backend and the function, never a silent fallback.
"""

import importlib

from keras.backends.common import config

name = config.backend()
core = importlib.import_module(f"keras.backends.{name}.core")

Variable = core.Variable
convert_to_tensor = core.convert_to_tensor
convert_to_numpy = core.convert_to_numpy
is_tensor = core.is_tensor
cast = core.cast
shape = core.shape
promote = core.promote

# The op modules of the backend contract besides core (keras.ops.numpy is spread over the
# first five by family).
OP_MODULES = (
    "unary",
    "binary",
    "reduction",
    "manipulation",
    "creation",
    "products",
    "core_ops",
    "nn",
    "random",
)

# backend -> {module: reason} for modules a backend does not implement yet.
GAPS = {
    "openvino": {
        module: "the openvino ops arrive with their own issue" for module in OP_MODULES
    },
}


class MissingModule:
    """Stands in for an op module the active backend lacks; every use says so."""

    def __init__(self, module, reason):
        self._module = module
        self._reason = reason

    def __getattr__(self, function):
        if function.startswith("__"):
            raise AttributeError(function)
        raise NotImplementedError(
            f"keras.ops {self._module}.{function} is not available on the {name} backend "
            f"yet ({self._reason}). Use another backend (KERAS_BACKEND=jax, torch, "
            "tensorflow or numpy) for it."
        )


# Modules every backend has (no gaps): the base class of keras.layers.Layer.
BASE_MODULES = ("layer",)


def __getattr__(module):
    if module in BASE_MODULES:
        loaded = importlib.import_module(f"keras.backends.{name}.{module}")
        globals()[module] = loaded
        return loaded
    if module not in OP_MODULES:
        raise AttributeError(f"module 'keras.backends.active' has no attribute {module!r}")
    reason = GAPS.get(name, {}).get(module)
    if reason is not None:
        loaded = MissingModule(module, reason)
    else:
        loaded = importlib.import_module(f"keras.backends.{name}.{module}")
    globals()[module] = loaded
    return loaded


def _loaded(module):
    """The op module `module` of the active backend (or its MissingModule), loaded once."""
    return globals()[module] if module in globals() else __getattr__(module)


def function(module, function_name):
    """The active backend's `module.function_name`, looked up once.

    Hot ops (`keras.ops.add`, `relu`...) bind their backend function when their family is
    imported, saving two attribute lookups per call. A gap still raises its
    NotImplementedError, but when called, so a family module imports on every backend.
    """
    loaded = _loaded(module)
    if isinstance(loaded, MissingModule):

        def missing(*args, **kwargs):
            return getattr(loaded, function_name)

        missing.__name__ = function_name
        return missing
    return getattr(loaded, function_name)


class _NoTensor:
    """A type no value has: the tensor type of a missing fast path."""


def fast_path(module, function_name):
    """`(tensor_type, engine_function)` of an op's same-dtype fast path.

    A backend's op module may list in `FAST_PATHS` ops whose engine function, given plain
    eager tensors (of type `core.EAGER_TENSOR`) of one dtype, returns the Keras result or
    raises (e.g. a dtype without a kernel). The ops layer then calls it directly, skipping
    promotion and one Python call, and takes the op's full path if it raises. Without an
    entry the tensor type matches nothing and the op always takes its full path.
    """
    loaded = _loaded(module)
    if isinstance(loaded, MissingModule):
        return _NoTensor, None
    engine_function = getattr(loaded, "FAST_PATHS", {}).get(function_name)
    if engine_function is None:
        return _NoTensor, None
    return core.EAGER_TENSOR, engine_function


def fused(module, function_name):
    """The engine function the active backend lists for a `keras.ops.fused` composition
    in `module.FUSED`, or None (the composition is then computed op by op).

    Such a function takes eager tensors (or, for variable updates, the backend's
    Variables) and returns what the composition would, or `NotImplemented` for inputs it
    does not handle (another device, dtype or rank), which the caller then computes op by
    op. It is a speed-up only: a backend without one gives the same values.
    """
    loaded = _loaded(module)
    if isinstance(loaded, MissingModule):
        return None
    return getattr(loaded, "FUSED", {}).get(function_name)
