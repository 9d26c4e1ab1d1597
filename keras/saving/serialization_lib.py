"""Keras objects to JSON-friendly configs and back, in the schema of Keras 3.

An object serializes to `{"module", "class_name", "config", "registered_name"}`:

- a public keras class: module = its public namespace ("keras.initializers"),
  class_name = its name, config = `get_config()`, registered_name = None;
- a public keras function: class_name "function", config = its name;
- anything else: module = where it is defined, registered_name = the name it is
  registered under (`register_keras_serializable`) or its `__name__`.

Deserialization resolves a config by registered name and name in the custom objects
(`custom_objects`, open `custom_object_scope`s, the global registry), then by name in
the public keras namespace it names (`keras.layers`...; the private modules Keras 3
writes map to their public namespace). It never imports any other module, never loads
a lambda (arbitrary code), and in safe mode loads functions only from the namespaces
of serializable functions (activations, losses, metrics...), so a file cannot make a
layer call, say, `keras.ops.zeros` with arguments of its choosing. Failures are
TypeErrors or ValueErrors whose messages quote a bounded excerpt of the config.
"""

import contextlib
import importlib
import inspect
import reprlib
import sys
import threading
import types

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.saving import object_registration

PLAIN_TYPES = (str, int, float, bool)

_state = threading.local()


class SafeModeScope:
    """Fixes `safe_mode` for every nested deserialization (e.g. in `from_config`)."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._outer = getattr(_state, "safe_mode", None)
        # After enable_unsafe_deserialization(), loading is unsafe everywhere (as
        # Keras 3's load_model then loads lambdas whatever its `safe_mode`).
        _state.safe_mode = False if _unsafe_everywhere[0] else self.safe_mode
        return self

    def __exit__(self, *exc_info):
        _state.safe_mode = self._outer


# Set by `keras.config.enable_unsafe_deserialization()`, for every thread.
_unsafe_everywhere = [False]


def enable_unsafe_deserialization():
    """Turns safe mode off for the whole process: configs and files may then load
    lambdas and other code, whatever `safe_mode` a call asks for. Only for files
    from a source you trust."""
    _unsafe_everywhere[0] = True


def in_safe_mode():
    """The `safe_mode` of the enclosing deserialization; outside of one, False after
    `enable_unsafe_deserialization()`, else None."""
    value = getattr(_state, "safe_mode", None)
    if value is None and _unsafe_everywhere[0]:
        return False
    return value


def _public_module(obj):
    """The public keras namespace that exports `obj` under its own name, or None.

    The namespaces tried are the packages above the module defining `obj`, outermost
    first: `keras.initializers.random_initializers.GlorotUniform` is exported as
    `keras.initializers.GlorotUniform`, so its public module is "keras.initializers".
    """
    parts = getattr(obj, "__module__", "").split(".")
    if parts[0] != "keras":
        return None
    for end in range(2, len(parts)):
        namespace = sys.modules.get(".".join(parts[:end]))
        if namespace is None:
            continue
        try:
            if getattr(namespace, obj.__name__) is obj:
                return namespace.__name__
        except AttributeError:
            continue
    return None


def _serialize_function(fn):
    if fn.__name__ == "<lambda>":
        raise ValueError(
            f"Cannot serialize the lambda {fn!r}: a lambda has no name to load it by. "
            "Use a named function decorated with "
            "`@keras.saving.register_keras_serializable()`."
        )
    registered_name = object_registration.get_registered_name(fn)
    module = None
    if registered_name == fn.__name__:
        module = _public_module(fn)
    return {
        "module": module or fn.__module__,
        "class_name": "function",
        "config": registered_name,
        "registered_name": registered_name,
    }


def _serialize_instance(obj):
    cls = type(obj)
    get_config = getattr(obj, "get_config", None)
    if get_config is None:
        raise TypeError(
            f"Cannot serialize {obj!r} of type {cls.__name__}: it has no get_config() "
            "method. Define get_config() returning its constructor arguments as a dict."
        )
    config = get_config()
    if not isinstance(config, dict):
        raise TypeError(
            f"{cls.__name__}.get_config() must return a dict; got {config!r}."
        )
    registered_name = object_registration.get_registered_name(cls)
    module = _public_module(cls) if registered_name == cls.__name__ else None
    # A class may be public under another name (GroupedQueryAttention is
    # keras.layers.GroupQueryAttention): Keras 3 writes that name.
    class_name = cls.__dict__.get("_keras3_class_name", cls.__name__)
    # A class may name the module Keras 3 writes for it (e.g. "keras" for Sequential).
    saved_as = cls.__dict__.get("_keras3_serialized_as")
    # An op of keras.ops is written as Keras 3 writes it: its private module
    # ("keras.src.ops.numpy") and Keras 3's class name, which is also its registered
    # name there; so Keras 3 finds it.
    op_name = getattr(cls, "_keras3_op_name", None)
    op_name = op_name() if module is None and callable(op_name) else None
    if op_name is not None:
        module, class_name = op_name
        saved_as = op_name
    if saved_as is not None:
        module, registered_name = saved_as
    serialized = {
        "module": module or cls.__module__,
        "class_name": class_name,
        "config": serialize_keras_object(config),
        "registered_name": registered_name if saved_as else (None if module else registered_name),
    }
    # Layers and models also record the shapes they were built with, and compiled
    # models their compile arguments, as Keras 3 does.
    get_build_config = getattr(obj, "get_build_config", None)
    if callable(get_build_config):
        build_config = get_build_config()
        if build_config is not None:
            serialized["build_config"] = serialize_keras_object(build_config)
    get_compile_config = getattr(obj, "get_compile_config", None)
    if callable(get_compile_config):
        compile_config = get_compile_config()
        if compile_config is not None:
            serialized["compile_config"] = serialize_keras_object(compile_config)
    return serialized


def serialize_keras_object(obj):
    """Converts `obj` to a JSON-friendly value that `deserialize_keras_object` reverses.

    None, strings, numbers and booleans pass through; lists, tuples and dicts are
    serialized item by item; arrays and tensors become `{"class_name": "__numpy__"}`
    or `"__tensor__"` dicts; functions and objects with `get_config()` become
    `{"module", "class_name", "config", "registered_name"}` dicts.

    Args:
        obj: the value to serialize.

    Returns:
        The serialized value.

    >>> keras.saving.serialize_keras_object(keras.initializers.Zeros())
    {'module': 'keras.initializers', 'class_name': 'Zeros', 'config': {},
     'registered_name': None}
    """
    if obj is None or isinstance(obj, PLAIN_TYPES):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(item) for item in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    # Index arguments of `x[...]` on a KerasTensor (a GetItem op in a Functional
    # config), as Keras 3 writes them.
    if isinstance(obj, slice):
        config = {"start": obj.start, "stop": obj.stop, "step": obj.step}
        return {"class_name": "__slice__", "config": serialize_keras_object(config)}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    # Tensors first: on the numpy backend, arrays are the tensors.
    if active.is_tensor(obj):
        return {
            "class_name": "__tensor__",
            "config": {
                "value": active.convert_to_numpy(obj).tolist(),
                "dtype": dtypes.standardize_dtype(obj.dtype),
            },
        }
    if isinstance(obj, (np.ndarray, np.generic)):
        if obj.ndim == 0:
            return obj.item()
        return {
            "class_name": "__numpy__",
            "config": {
                "value": obj.tolist(),
                "dtype": dtypes.standardize_dtype(obj.dtype),
            },
        }
    # A public op with an eager fast path is a guard around its function (keras.ops.eager).
    if isinstance(obj, types.FunctionType) or isinstance(
        getattr(obj, "__wrapped__", None), types.FunctionType
    ):
        return _serialize_function(obj)
    return _serialize_instance(obj)


def _custom_tables(custom_objects):
    """Where custom names are looked up, first match wins."""
    scoped = object_registration.scope_objects()
    return [custom_objects or {}, scoped, object_registration.get_custom_objects()]


# Public namespaces a config's `module` may name, beside "keras" itself and the
# top-level namespaces of `keras` (keras.layers, keras.initializers...).
_PUBLIC_SUBNAMESPACES = frozenset({"keras.optimizers.schedules"})
# Namespaces whose functions are serializable objects in their own right; in safe
# mode a config's function is found only there (or among the custom objects).
_FUNCTION_NAMESPACES = frozenset(
    {
        "keras.activations",
        "keras.constraints",
        "keras.initializers",
        "keras.losses",
        "keras.metrics",
        "keras.regularizers",
    }
)
# Classes that Keras 3 files name by a private module, and where they live here.
_KERAS3_PRIVATE_CLASSES = {
    ("keras.src.models.functional", "Functional"): "keras.models.functional",
}
# Messages quote at most this much of a config.
_MAX_EXCERPT = 300
_EXCERPT = reprlib.Repr()
_EXCERPT.maxlevel = 3
_EXCERPT.maxdict = _EXCERPT.maxlist = _EXCERPT.maxtuple = 6
_EXCERPT.maxstring = _EXCERPT.maxother = 80
_EXCERPT.maxlong = 40


def is_plain(value):
    """Whether `value` is made of JSON-friendly Python values only (None, bools,
    numbers, strings, and lists, tuples and str-keyed dicts of them)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


def excerpt(value, limit=_MAX_EXCERPT):
    """A bounded repr of `value` (a config from a file may be arbitrarily large)."""
    text = _EXCERPT.repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


_CONFIG_PATH = threading.local()


@contextlib.contextmanager
def config_path(segment):
    """Names where, in the config being rebuilt, the objects deserialized inside the
    block come from (e.g. "layer 'dense_2' (layers[3])"), for error messages."""
    stack = _CONFIG_PATH.__dict__.setdefault("stack", [])
    stack.append(segment)
    try:
        yield
    finally:
        stack.pop()


def _where():
    stack = getattr(_CONFIG_PATH, "stack", None)
    if not stack:
        return ""
    # The innermost places only: a deeply nested config must not make the message grow.
    shown = stack[-3:] if len(stack) <= 3 else ["...", *stack[-2:]]
    return f" in {' > '.join(shown)}"


class ConfigError(TypeError):
    """A deserialization failure whose message is complete: the enclosing levels of a
    nested config pass it on instead of quoting their own (ever larger) configs."""


def _located(error):
    """The `ConfigError` that `error` is or wraps (`raise ... from`), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, ConfigError):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def is_public_namespace(module):
    """Whether `module` is a public keras namespace ("keras", "keras.layers"...)."""
    import keras

    if module == "keras" or module in _PUBLIC_SUBNAMESPACES:
        return True
    prefix, _, name = module.partition(".")
    return prefix == "keras" and name in keras._NAMESPACES


def _resolve(
    name,
    registered_name,
    module,
    kind,
    config,
    custom_objects,
    module_objects,
    safe_mode=True,
):
    """The class or function a config names; a TypeError says why none is found."""
    for table in _custom_tables(custom_objects):
        for key in (registered_name, name):
            if key in table:
                return table[key]
    if module_objects and name in module_objects:
        return module_objects[name]
    private = _KERAS3_PRIVATE_CLASSES.get((module, name))
    if private is not None and kind == "class":
        return getattr(importlib.import_module(private), name)
    for candidate in _keras_namespaces(module):
        try:
            namespace = importlib.import_module(candidate)
        except ImportError:
            continue
        found = getattr(namespace, name, None)
        # A namespace may find classes it does not export: keras.ops, the Operation
        # classes of the ops used on KerasTensors between layers (`ops.not_equal(x,
        # 0)`), which a Functional config names by class ("NotEqual", module
        # "keras.src.ops.numpy") as Keras 3 writes them.
        find_class = getattr(namespace, "_operation_class", None)
        if found is None and kind == "class" and callable(find_class):
            found = find_class(name)
        if found is None or not (inspect.isclass(found) or callable(found)):
            continue
        if kind == "function" and safe_mode:
            if candidate not in _FUNCTION_NAMESPACES:
                raise ValueError(
                    f"Refusing to load the function {name!r} of {candidate!r} in safe "
                    "mode: a file could make a layer (e.g. a Lambda) call it with "
                    "arguments of its choosing. Functions load from "
                    f"{', '.join(sorted(_FUNCTION_NAMESPACES))} or the custom objects; "
                    "if you trust the file, pass `safe_mode=False`."
                )
        return found
    raise ConfigError(
        f"Could not locate {kind} {excerpt(name)} (module {excerpt(module)}){_where()}. "
        "If it is "
        f"a custom {kind}, decorate it with "
        "`@keras.saving.register_keras_serializable()` or pass it in "
        f"`custom_objects`. Config: {excerpt(config)}"
    )


def _keras_namespaces(module):
    """The public keras namespaces where a config's `module` may be found, best first.

    Files written by Keras 3 name private modules ("keras.src.layers.core.dense");
    they map to the public namespaces above them, innermost first ("keras.layers"),
    then to "keras". Any other module is never imported.
    """
    if not isinstance(module, str):
        return []
    parts = module.split(".")
    if parts[:2] == ["keras", "src"]:
        inner = parts[2:]
        depths = range(len(inner), -1, -1)
        candidates = [".".join(["keras"] + inner[:n]) for n in depths]
        return [c for c in candidates if is_public_namespace(c)]
    return [module] if is_public_namespace(module) else []


def _deserialize_special(class_name, inner, safe_mode):
    if class_name in ("__numpy__", "__tensor__", "__bytes__"):
        keys = ("value",) if class_name == "__bytes__" else ("value", "dtype")
        if not isinstance(inner, dict) or any(key not in inner for key in keys):
            raise ValueError(
                f"A {class_name} config must be a dict with {list(keys)}; got "
                f"{excerpt(inner)}."
            )
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        return active.convert_to_tensor(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return str(inner["value"]).encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        parts = [inner.get(key) if isinstance(inner, dict) else 0.5 for key in _SLICE]
        if not all(part is None or isinstance(part, int) for part in parts):
            raise ValueError(
                "A __slice__ config must be a dict of 'start', 'stop', 'step' (ints or "
                f"None); got {excerpt(inner)}."
            )
        return slice(*parts)
    if safe_mode:
        raise ValueError(
            "Refusing to load a lambda: its code would run, which a file from an "
            "untrusted source could abuse. If you trust the source, pass "
            "`safe_mode=False`."
        )
    raise NotImplementedError(
        "Loading lambdas is not supported yet; use a named function registered with "
        "`@keras.saving.register_keras_serializable()`."
    )


_SPECIAL = (
    "__numpy__",
    "__tensor__",
    "__bytes__",
    "__slice__",
    "__ellipsis__",
    "__lambda__",
)
_SLICE = ("start", "stop", "step")


def _deserialize_name(name, custom_objects, module_objects, safe_mode):
    """A bare string: a custom or module object of that name, else the string itself."""
    for table in _custom_tables(custom_objects):
        if name in table:
            return table[name]
    if not module_objects or name not in module_objects:
        return name
    found = module_objects[name]
    if inspect.isclass(found):
        return _from_config(found, {}, {"class_name": name}, custom_objects, safe_mode)
    return found


def _from_config(cls, inner, config, custom_objects, safe_mode):
    from_config = getattr(cls, "from_config", None)
    if from_config is None:
        raise ConfigError(
            f"Cannot deserialize {cls.__name__!r}: the class has no from_config() "
            f"method. Config: {excerpt(config)}"
        )
    scope = dict(custom_objects or {})
    with object_registration.CustomObjectScope(scope), SafeModeScope(safe_mode):
        try:
            return from_config(inner)
        except TypeError as error:
            located = _located(error)
            if located is not None:
                raise located from None
            message = str(error)
            if len(message) > _MAX_EXCERPT:
                message = message[:_MAX_EXCERPT] + "..."
            raise ConfigError(
                f"{cls.__name__}.from_config() failed on the config "
                f"{excerpt(inner)}: {message}. Objects in get_config() (layers, "
                "initializers...) must be deserialized in from_config()."
            ) from error


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """Rebuilds the object that `serialize_keras_object` turned into `config`.

    Args:
        config: the serialized value: None, a plain value, a list, or a dict.
        custom_objects: a dict of names to classes or functions that configs may
            name, in addition to the global registry and open custom object scopes.
        safe_mode: whether to refuse loading what would run arbitrary code (lambdas).
            An enclosing deserialization's choice overrides it.
        **kwargs: `module_objects`, a dict of names (e.g. of the built-in
            activations) for configs that name no module.

    Returns:
        The deserialized object.

    >>> config = keras.saving.serialize_keras_object(keras.initializers.Ones())
    >>> keras.saving.deserialize_keras_object(config)
    <keras.initializers.constant_initializers.Ones object ...>
    """
    module_objects = kwargs.pop("module_objects", None)
    if kwargs:
        raise TypeError(
            "Unexpected keyword arguments for deserialize_keras_object: "
            f"{sorted(kwargs)}."
        )
    if in_safe_mode() is not None:
        safe_mode = in_safe_mode()
    if config is None:
        return None
    if isinstance(config, str):
        return _deserialize_name(config, custom_objects, module_objects, safe_mode)
    if isinstance(config, PLAIN_TYPES):
        return config
    if isinstance(config, (list, tuple)):
        return [
            deserialize_keras_object(item, custom_objects, safe_mode) for item in config
        ]
    if not isinstance(config, dict):
        raise TypeError(
            f"Cannot deserialize {excerpt(config)} of type {type(config).__name__}: "
            "expected None, a string, a number, a list or a dict."
        )
    has_config = "config" in config or module_objects is not None
    if "class_name" not in config or not has_config:
        return {
            key: deserialize_keras_object(value, custom_objects, safe_mode)
            for key, value in config.items()
        }
    class_name = config["class_name"]
    inner = config.get("config") or {}
    if class_name in _SPECIAL:
        return _deserialize_special(class_name, inner, safe_mode)
    module = config.get("module")
    registered_name = config.get("registered_name") or class_name
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(
                "A function config must name the function in 'config'; got "
                f"{excerpt(config)}."
            )
        return _resolve(
            inner,
            inner,
            module,
            "function",
            config,
            custom_objects,
            module_objects,
            safe_mode,
        )
    found = _resolve(
        class_name,
        registered_name,
        module,
        "class",
        config,
        custom_objects,
        module_objects,
        safe_mode,
    )
    if not inspect.isclass(found):
        return found
    instance = _from_config(found, inner, config, custom_objects, safe_mode)
    build_config = config.get("build_config")
    if build_config and not getattr(instance, "built", True):
        build_from_config = getattr(instance, "build_from_config", None)
        if callable(build_from_config):
            build_from_config(deserialize_keras_object(build_config))
    compile_config = config.get("compile_config")
    if compile_config:
        compile_from_config = getattr(instance, "compile_from_config", None)
        if callable(compile_from_config):
            scope = dict(custom_objects or {})
            with object_registration.CustomObjectScope(scope), SafeModeScope(safe_mode):
                compile_from_config(compile_config)
    return instance


def get_object(identifier, module_objects, kind, instantiate=True):
    """What the `get` of a namespace (keras.initializers.get...) returns.

    Args:
        identifier: a name (looked up in the custom objects, then in
            `module_objects`), a config dict, or a callable (returned as is).
        module_objects: the namespace's dict of names to classes or functions.
        kind: what is looked up, for the error message (e.g. "initializer").
        instantiate: whether a class found is called with no arguments.

    Returns:
        The object; a ValueError lists the known names when none is found.
    """
    if isinstance(identifier, dict):
        found = deserialize_keras_object(identifier, module_objects=module_objects)
    elif isinstance(identifier, str):
        found = object_registration.get_registered_object(
            identifier, module_objects=module_objects
        )
    else:
        found = identifier
    if instantiate and inspect.isclass(found):
        found = found()
    if callable(found):
        return found
    raise ValueError(
        f"Could not interpret the {kind} identifier {excerpt(identifier)}: expected "
        "None, a config dict, a callable, a registered custom name or one of "
        f"{', '.join(sorted(module_objects))}."
    )
