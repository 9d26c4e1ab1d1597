"""One registry per backend for each "use a faster call when the inputs qualify" choice.

A backend function is the reference: it handles every input Keras allows. An entry in
the registry is a faster way to compute the same thing for some inputs: an engine call
that skips our promotion work, a fused engine call for a composition of ops, or (once
its library loads) one of our C++/CUDA kernels. Entries come with one of two guards:

- ``"eager"``: the op's inputs qualify when every tensor argument is a plain eager
  tensor of the backend (exactly `core.EAGER_TENSOR`), all of one dtype, in `dtypes`
  (any dtype when None). The public op checks this inline (it is the cheapest check
  there is) and calls the entry with its own arguments; an entry that raises declines,
  and the op then takes its reference path, which converts, widens, or raises a clear
  error.
- ``"call"``: the entry checks its inputs itself and returns `NotImplemented` to decline
  (another device, dtype or rank); the caller then runs the reference.

Names are `"<family>.<function>"` where the function is one the backend module defines,
or one of the compositions of `keras.ops.fused` (listed in `COMPOSITIONS`). Registering
any other name raises at import, so a misspelt entry can never be silently ignored.

Set the environment variable `KERAS_REFERENCE_OPS=1` before keras is imported to turn
every entry off (tests of the reference paths); `set_reference_only(True)` does the same
at run time for `"call"` entries (eager entries are bound when an op family is
imported). `keras.backends.active.fast_paths()` lists what the active backend registers
(every op family loaded first), and `python -m keras.backends.common.registry` prints
it.
"""

import dataclasses
import functools
import os
import sys

REFERENCE_ENV = "KERAS_REFERENCE_OPS"

# Compositions of keras.ops.fused a backend may register (family -> names): they are
# not backend functions, so they are named here once.
COMPOSITIONS = {
    "core_ops": frozenset(
        {
            "abs_max_quantize",
            "adam_update",
            "compiled_call",
            "int4_dequantize",
            "int8_dequantize",
            "scaled_assign_sub",
            "weighted_accumulate",
        }
    ),
    "nn": frozenset({"mean_sparse_categorical_crossentropy"}),
    "products": frozenset({"dense"}),
}

# Whole time loops of recurrent layers a backend may run as one engine call: their
# reference is the layer's own scan (keras.layers.rnn.lstm `fused_call` gives their
# contract), so they are not keras.ops.fused functions.
LAYER_LOOPS = {
    "nn": frozenset({"gru", "lstm"}),
}


def _composite_names(family):
    return COMPOSITIONS.get(family, frozenset()) | LAYER_LOOPS.get(family, frozenset())

KINDS = ("engine", "kernel")
GUARDS = ("eager", "call")


@dataclasses.dataclass(frozen=True)
class Entry:
    """One registered fast path."""

    name: str  # "<family>.<function>"
    function: object
    kind: str  # "engine" (a faster engine call) or "kernel" (one of ours)
    guard: str  # "eager" or "call" (see the module docstring)
    dtypes: tuple | None  # Keras dtype names it accepts; None for any
    devices: tuple  # devices it runs on, e.g. ("cpu",) or ("cpu", "cuda")
    note: str


def _reference_from_env():
    return os.environ.get(REFERENCE_ENV, "").strip().lower() in ("1", "true", "yes")


class Registry:
    """The fast paths of one backend."""

    def __init__(self, backend):
        self.backend = backend
        self._entries = {}
        self._unavailable = {}  # name -> (kind, devices, reason)
        self.reference_only = _reference_from_env()

    def register(
        self,
        module_name,
        function_name,
        function,
        *,
        kind="engine",
        guard="call",
        dtypes=None,
        devices=("cpu",),
        note="",
    ):
        """Adds an entry for `function_name` of the backend module `module_name`.

        Called by the backend module itself (`register(__name__, "add", ...)`) or by a
        kernel binding once its library has loaded.

        Raises:
            ValueError: for a module of another backend, a function the module does not
                define (nor a composition of its family), or an unknown kind or guard.
        """
        family = self._family(module_name)
        module = sys.modules.get(module_name)
        defined = module is not None and callable(getattr(module, function_name, None))
        if not defined and function_name not in _composite_names(family):
            raise ValueError(
                f"Cannot register a fast path for '{family}.{function_name}' on the "
                f"{self.backend} backend: {module_name} defines no function "
                f"'{function_name}' and it is not a keras.ops.fused composition "
                f"(known compositions of '{family}': "
                f"{sorted(_composite_names(family))})."
            )
        if kind not in KINDS:
            raise ValueError(f"`kind` must be one of {KINDS}; received {kind!r}.")
        if guard not in GUARDS:
            raise ValueError(f"`guard` must be one of {GUARDS}; received {guard!r}.")
        if not callable(function):
            raise TypeError(
                f"The fast path for '{family}.{function_name}' must be callable; "
                f"received {function!r}."
            )
        name = f"{family}.{function_name}"
        entry = Entry(
            name=name,
            function=function,
            kind=kind,
            guard=guard,
            dtypes=None if dtypes is None else tuple(dtypes),
            devices=tuple(devices),
            note=note,
        )
        entries = self._entries.setdefault(name, [])
        if kind == "kernel":
            # Our kernels are tried before engine calls of the same name.
            first_engine = next(
                (i for i, e in enumerate(entries) if e.kind != "kernel"), len(entries)
            )
            entries.insert(first_engine, entry)
        else:
            entries.append(entry)
        return entry

    def _family(self, module_name):
        prefix = f"keras.backends.{self.backend}."
        if not module_name.startswith(prefix):
            raise ValueError(
                f"The {self.backend} registry takes entries of its own modules "
                f"({prefix}<family>); received {module_name!r}."
            )
        return module_name[len(prefix) :].split(".")[0]

    def register_unavailable(
        self, module_name, function_name, reason, *, kind="kernel", devices=("cpu",)
    ):
        """Records that a fast path for `function_name` exists but cannot be used here
        (a kernel library that is not built or failed to load), so that `describe()`
        says why; nothing is dispatched to it."""
        family = self._family(module_name)
        self._unavailable[f"{family}.{function_name}"] = (kind, tuple(devices), reason)

    def consulted_by(self, name):
        """Decorates the backend function of `name` so that it runs `dispatch(name, ...)`
        with its own arguments first and its body (the reference) when that declines:
        the hook our kernels use for attention, normalization and (later) conv and
        recurrent steps."""

        def decorate(function):
            @functools.wraps(function)
            def consult(*args, **kwargs):
                result = self.dispatch(name, *args, **kwargs)
                if result is not NotImplemented:
                    return result
                return function(*args, **kwargs)

            return consult

        return decorate

    def remove(self, entry):
        """Takes back an entry `register` returned (a binding unloading its library)."""
        entries = self._entries.get(entry.name, [])
        if entry in entries:
            entries.remove(entry)
        if not entries:
            self._entries.pop(entry.name, None)

    def entries(self, name):
        """The entries registered under `name` ("family.function"), in order."""
        return tuple(self._entries.get(name, ()))

    def eager(self, name):
        """The `"eager"` entry of `name`, or None (none registered, or all are off)."""
        if self.reference_only:
            return None
        for entry in self._entries.get(name, ()):
            if entry.guard == "eager":
                return entry
        return None

    def call(self, name):
        """A function running the `"call"` entries of `name` in order, returning the
        first result that is not `NotImplemented` (or `NotImplemented`); None when no
        such entry is registered, so callers can skip it at no cost."""
        functions = tuple(
            e.function for e in self._entries.get(name, ()) if e.guard == "call"
        )
        if not functions:
            return None

        def dispatch(*args, **kwargs):
            if self.reference_only:
                return NotImplemented
            for function in functions:
                result = function(*args, **kwargs)
                if result is not NotImplemented:
                    return result
            return NotImplemented

        dispatch.__name__ = name.replace(".", "_")
        return dispatch

    def dispatch(self, name, *args, **kwargs):
        """Runs the `"call"` entries of `name` on the arguments, as they stand now (a
        kernel binding may register after the backend module was imported); returns
        the first result that is not `NotImplemented`, or `NotImplemented`.

        For ops whose work dwarfs a dict lookup (attention, normalization, later conv
        and recurrent steps): their backend functions call it first, then run the
        reference when it declines.
        """
        if self.reference_only:
            return NotImplemented
        for entry in self._entries.get(name, ()):
            if entry.guard == "call" and (entry.kind != "kernel" or _kernels_on[0]):
                result = entry.function(*args, **kwargs)
                if result is not NotImplemented:
                    return result
        return NotImplemented

    def describe(self):
        """One dict per entry: name, kind, guard, dtypes, devices, active, note; then
        one per fast path recorded as unavailable (active False, the reason in note)."""
        rows = []
        for name in sorted(self._entries):
            for entry in self._entries[name]:
                rows.append(
                    {
                        "name": name,
                        "kind": entry.kind,
                        "guard": entry.guard,
                        "dtypes": "any" if entry.dtypes is None else entry.dtypes,
                        "devices": entry.devices,
                        "active": not self.reference_only
                        and (entry.kind != "kernel" or _kernels_on[0]),
                        "note": entry.note,
                    }
                )
        for name, (kind, devices, reason) in sorted(self._unavailable.items()):
            rows.append(
                {
                    "name": name,
                    "kind": kind,
                    "guard": "call",
                    "dtypes": "any",
                    "devices": devices,
                    "active": False,
                    "note": f"unavailable: {reason}",
                }
            )
        return rows


_REGISTRIES = {}
# Whether "kernel" entries (our fused kernels) are dispatched to: `set_kernels_enabled`.
_kernels_on = [True]


def set_kernels_enabled(flag):
    """Turns dispatch to our fused kernels off (False) or back on, in every backend;
    engine entries and the references are unaffected. Returns the previous setting.
    (KERAS_KERNELS=0 before import keeps the kernel libraries from loading at all.)"""
    previous = _kernels_on[0]
    _kernels_on[0] = bool(flag)
    return previous


def kernels_enabled():
    """Whether dispatch to our fused kernels is on (`set_kernels_enabled`)."""
    return _kernels_on[0]


def for_backend(backend):
    """The registry of `backend` (one per process)."""
    registry = _REGISTRIES.get(backend)
    if registry is None:
        registry = _REGISTRIES[backend] = Registry(backend)
    return registry


# The functions our fused kernels (kernels/bindings) register for, by family.
KERNEL_FUNCTIONS = {
    "nn": ("layer_normalization", "rms_normalization", "dot_product_attention"),
    "products": ("_int8_matmul_2d",),
}


def install_kernels(backend, module_name):
    """Registers our fused kernels for `backend` (called at the end of its nn and
    products modules, `module_name`); where the kernels package cannot be imported (not shipped, or a
    module named `kernels` shadows it) they are recorded as unavailable, with the
    reason, so `fast_paths()` says why."""
    try:
        from kernels.bindings import install
    except ImportError as error:
        for name in KERNEL_FUNCTIONS.get(module_name.rsplit(".", 1)[-1], ()):
            for_backend(backend).register_unavailable(
                module_name, name, f"the kernels package cannot be imported: {error}"
            )
        return ()
    return install.install(for_backend(backend), module_name, backend)


def set_reference_only(flag, backend=None):
    """Turns every `"call"` entry off (`True`) or back on, for one backend or all."""
    targets = [for_backend(backend)] if backend else list(_REGISTRIES.values())
    for registry in targets:
        registry.reference_only = bool(flag)


def _print_table():
    # A script entry point: it may load the active backend and all of its op families.
    from keras.backends import active

    rows = active.fast_paths()
    print(f"fast paths of the {active.name} backend ({len(rows)} entries)")
    for row in rows:
        dtypes = row["dtypes"] if row["dtypes"] == "any" else ",".join(row["dtypes"])
        state = "on" if row["active"] else "off"
        print(
            f"  {row['name']:45s} {row['kind']:6s} {row['guard']:5s} "
            f"{','.join(row['devices']):9s} {state:3s} dtypes={dtypes}  {row['note']}"
        )


if __name__ == "__main__":
    _print_table()
