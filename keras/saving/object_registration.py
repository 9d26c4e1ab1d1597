"""The registry of custom objects: what a serialized name resolves to on loading.

Two tables hold it. The global one is filled by `register_keras_serializable` (and by
writing into `get_custom_objects()`); it maps a registered name "package>name" to its
class or function, and each registered object back to its name. A `CustomObjectScope`
adds names for the duration of a `with` block, per thread.
"""

import inspect
import threading

# Registered name ("package>name") -> class or function (see get_custom_objects).
_GLOBAL_CUSTOM_OBJECTS = {}
# class or function -> registered name.
_GLOBAL_CUSTOM_NAMES = {}
# The names of the open custom object scopes, one stack per thread.
_scopes = threading.local()


def _scope_stack():
    if not hasattr(_scopes, "stack"):
        _scopes.stack = []
    return _scopes.stack


def scope_objects():
    """The names of the open custom object scopes (the innermost wins), as one dict."""
    merged = {}
    for objects in _scope_stack():
        merged.update(objects)
    return merged


class CustomObjectScope:
    """Makes custom classes and functions known to deserialization in a `with` block.

    Inside the block, `deserialize_keras_object`, `get_registered_object` and the `get`
    functions of keras.initializers, keras.activations... also resolve the names of
    `custom_objects`. Scopes nest; the innermost one wins for a name given twice.

    Args:
        custom_objects: a dict mapping names (as they appear in a config) to classes
            or functions, or None.

    >>> with keras.saving.custom_object_scope({"MyLayer": MyLayer}):
    ...     layer = keras.saving.deserialize_keras_object(config)
    """

    def __init__(self, custom_objects):
        if custom_objects is None:
            custom_objects = {}
        if not isinstance(custom_objects, dict):
            raise TypeError(
                "`custom_objects` must be a dict mapping names to classes or "
                f"functions; got {custom_objects!r} of type "
                f"{type(custom_objects).__name__}."
            )
        self.custom_objects = custom_objects

    def __enter__(self):
        _scope_stack().append(dict(self.custom_objects))
        return self

    def __exit__(self, *exc_info):
        _scope_stack().pop()


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """The global dict of registered custom objects (registered name -> object).

    It is the live table: assigning `get_custom_objects()["name"] = obj` registers
    `obj` under "name" for every later deserialization. Prefer
    `register_keras_serializable`, which also records the name for serialization.

    >>> keras.saving.get_custom_objects().clear()  # forget every registration
    """
    return _GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package="Custom", name=None):
    """Registers a class or function for serialization under "package>name".

    Serializing an instance of a registered class (or a registered function) records
    the registered name, and deserializing resolves that name back to the object, so no
    `custom_objects` are needed on loading. Registering a name again replaces the
    earlier object.

    Args:
        package: the namespace of the name, to keep apart objects of the same name
            from different libraries.
        name: the name under the package; defaults to the object's `__name__`.

    Returns:
        A decorator that registers its argument and returns it unchanged.

    >>> @keras.saving.register_keras_serializable(package="MyLib")
    ... class Scale(keras.initializers.Initializer):
    ...     ...
    >>> keras.saving.get_registered_name(Scale)
    'MyLib>Scale'
    """
    if not isinstance(package, str):
        raise TypeError(f"`package` must be a string; got {package!r}.")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"`name` must be a string or None; got {name!r}.")

    def decorator(obj):
        object_name = obj.__name__ if name is None else name
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register the class {obj.__name__!r}: it has no get_config() "
                "method, so its instances cannot be serialized. Define get_config() "
                "(returning the constructor arguments as a dict)."
            )
        registered_name = f"{package}>{object_name}"
        _GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


def get_registered_name(obj):
    """The name `obj` (a class or function) is registered under, else its `__name__`.

    >>> keras.saving.get_registered_name(keras.activations.relu)
    'relu'
    """
    try:
        return _GLOBAL_CUSTOM_NAMES[obj]
    except (KeyError, TypeError):
        return obj.__name__


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class or function registered as `name`, or None when nothing is.

    Looked up, in order, in the open custom object scopes, the global registry,
    `custom_objects`, then `module_objects`.

    Args:
        name: the name to look up, e.g. "MyLib>Scale".
        custom_objects: an optional dict of further names to look in.
        module_objects: an optional dict of the names of a module (e.g. the built-in
            activations), looked in last.

    Returns:
        The object, or None.

    >>> keras.saving.get_registered_object("MyLib>Scale")
    <class 'Scale'>
    """
    tables = (scope_objects(), _GLOBAL_CUSTOM_OBJECTS, custom_objects, module_objects)
    for table in tables:
        if table and name in table:
            return table[name]
    return None
