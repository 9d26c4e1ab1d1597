"""The backend chosen at start-up (see keras.backends.common.config).

Importing this module imports that one engine and nothing else. Its contract names are
re-exported here, and its op modules (`active.numpy`, `active.nn`, ...) load on first use,
so the rest of keras reads `active.<module>.<function>` and never names an engine.

A module a backend does not have yet is an explicit gap (listed in GAPS): using it raises a
NotImplementedError that names the backend and the function, never a silent fallback.
"""

import contextlib
import importlib
import threading
import warnings

from keras.backends.common import config
from keras.backends.common import families
from keras.backends.common import registry as _registry

name = config.backend()
core = importlib.import_module(f"keras.backends.{name}.core")
# The backend's fast paths: its op modules register entries when they are imported.
registry = _registry.for_backend(name)

Variable = core.Variable
convert_to_tensor = core.convert_to_tensor
convert_to_numpy = core.convert_to_numpy
is_tensor = core.is_tensor
cast = core.cast
shape = core.shape
promote = core.promote

# The op modules of the backend contract besides core and layer: one per op family, and
# random (the families are listed once, in keras.backends.common.families).
OP_MODULES = families.BACKEND_OP_MODULES

# backend -> {module: reason} for modules a backend does not implement yet.
GAPS = {}


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


# Modules every backend has (no gaps): the base class of keras.layers.Layer, and how
# keras.distribution places variables and batches on devices.
BASE_MODULES = ("layer", "distribution")


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


def eager_fast_path(module, function_name):
    """`(tensor_type, dtypes, engine_function)` of the `"eager"` registry entry of
    `module.function_name`, or None when the active backend registers none.

    `dtypes` is a tuple of the engine's dtype objects the entry accepts (None: any), so
    that the public op can check `type(x) is tensor_type and x.dtype in dtypes` inline
    before calling the entry (see keras.backends.common.registry).
    """
    if isinstance(_loaded(module), MissingModule):
        return None
    entry = registry.eager(f"{module}.{function_name}")
    if entry is None:
        return None
    dtypes = None
    if entry.dtypes is not None:
        # A tuple, float32 first: `in` finds the common dtype by identity at once, where
        # a set would hash the engine's dtype object (slow for NumPy's) on every call.
        names = sorted(entry.dtypes, key=lambda d: d != "float32")
        with warnings.catch_warnings():
            # JAX without x64 holds float64/int64 in 32 bits and warns that it does.
            warnings.simplefilter("ignore", UserWarning)
            dtypes = tuple(
                dict.fromkeys(convert_to_tensor(0, dtype=d).dtype for d in names)
            )
    return core.EAGER_TENSOR, dtypes, entry.function


def fast_call(module, function_name):
    """A function running the `"call"` registry entries of `module.function_name` (it
    returns `NotImplemented` when none accepts the inputs), or None when the active
    backend registers none."""
    if isinstance(_loaded(module), MissingModule):
        return None
    return registry.call(f"{module}.{function_name}")


def fast_paths():
    """What the active backend registers: one dict per entry (see
    `keras.backends.common.registry.Registry.describe`), with every op family loaded
    first."""
    for module in OP_MODULES:
        _loaded(module)
    return registry.describe()


# The names of this module that a `borrowed` scope points at another engine.
_SWAPPED = (
    "name", "core", "registry", "Variable", "convert_to_tensor", "convert_to_numpy",
    "is_tensor", "cast", "shape", "promote",
)
# Reentrant: a nested scope in the same thread gets its error instead of a deadlock;
# another thread waits for the scope to end.
_BORROW_LOCK = threading.RLock()
# While a `borrowed` scope runs: the name of the backend chosen at start-up.
borrowed_from = None


@contextlib.contextmanager
def borrowed(engine):
    """Within the scope, keras.ops (everything that reads this module) run on `engine`.

    For the one place Keras 3 switches engines: a preprocessing layer traced inside a
    `tf.data` pipeline runs TensorFlow ops whatever the backend. `tf.data` traces its
    map functions once, in the thread that builds the pipeline, so the swap lasts only
    that trace. Variables keep their own engine: a layer is built before the scope
    (keras.layers.preprocessing.tf_data_layer), and its values enter the trace as
    constants. Scopes do not nest.
    """
    global borrowed_from, name
    if engine == name and borrowed_from is None:
        yield
        return
    with _BORROW_LOCK:
        if borrowed_from is not None:
            raise RuntimeError(
                f"keras.backends.active.borrowed({engine!r}): already running the "
                f"{name} engine's ops inside a scope; scopes do not nest."
            )
        state = globals()
        saved = {key: state[key] for key in _SWAPPED}
        loaded = {m: state.pop(m) for m in OP_MODULES + BASE_MODULES if m in state}
        other = importlib.import_module(f"keras.backends.{engine}.core")
        state.update(
            name=engine,
            core=other,
            registry=_registry.for_backend(engine),
            Variable=other.Variable,
            convert_to_tensor=other.convert_to_tensor,
            convert_to_numpy=other.convert_to_numpy,
            is_tensor=other.is_tensor,
            cast=other.cast,
            shape=other.shape,
            promote=other.promote,
        )
        borrowed_from = saved["name"]
        try:
            yield
        finally:
            for module in OP_MODULES + BASE_MODULES:
                state.pop(module, None)
            state.update(saved)
            state.update(loaded)
            borrowed_from = None
