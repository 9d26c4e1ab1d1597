"""keras.utils.legacy: (de)serialization in the Keras 2 config format.

An object serializes to `{"class_name": ..., "config": obj.get_config()}` (no
"module" nor "registered_name" keys) and a function to its registered name. The
class or function a name refers to is looked up in the custom object scopes, the
global registry, `custom_objects`, then `module_objects`.
"""

import inspect

from keras.saving import object_registration


def serialize_keras_object(instance):
    """The Keras 2 config of `instance`: `{"class_name", "config"}` for an object
    with `get_config`, the registered name for a function, None for None."""
    if instance is None:
        return None
    get_config = getattr(instance, "get_config", None)
    if callable(get_config) and not inspect.isclass(instance):
        return {
            "class_name": object_registration.get_registered_name(type(instance)),
            "config": get_config(),
        }
    if callable(instance) and hasattr(instance, "__name__"):
        return object_registration.get_registered_name(instance)
    raise ValueError(
        f"Cannot serialize {instance!r}: expected an object with `get_config()` or a "
        f"function; received an instance of {type(instance).__name__}."
    )


def deserialize_keras_object(
    identifier,
    module_objects=None,
    custom_objects=None,
    printable_module_name="object",
):
    """The object a Keras 2 config (dict), name (str) or callable stands for.

    Args:
        identifier: `{"class_name", "config"}`, a registered name, a callable (returned
            as is) or None (returns None).
        module_objects: dict of names a module provides (e.g. the built-in layers).
        custom_objects: dict of further names to look up.
        printable_module_name: how errors call the kind of object ("layer"...).
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        if "class_name" not in identifier or "config" not in identifier:
            raise ValueError(
                f"A {printable_module_name} config must have the keys 'class_name' "
                f"and 'config'; received {identifier!r}."
            )
        class_name = identifier["class_name"]
        cls = _lookup(class_name, module_objects, custom_objects, printable_module_name)
        config = identifier["config"]
        from_config = getattr(cls, "from_config", None)
        if from_config is None:
            return cls(**config)
        parameters = inspect.signature(from_config).parameters
        if "custom_objects" in parameters:
            merged = {**(custom_objects or {})}
            return from_config(config, custom_objects=merged)
        with object_registration.CustomObjectScope(custom_objects or {}):
            return from_config(config)
    if isinstance(identifier, str):
        return _lookup(
            identifier, module_objects, custom_objects, printable_module_name
        )
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret the serialized {printable_module_name}: expected a dict "
        f"config, a name or a callable; received {identifier!r}."
    )


def _lookup(name, module_objects, custom_objects, printable_module_name):
    found = object_registration.get_registered_object(
        name, custom_objects=custom_objects, module_objects=module_objects
    )
    if found is None:
        raise ValueError(
            f"Unknown {printable_module_name}: {name!r}. Register it with "
            "`keras.saving.register_keras_serializable()`, pass it in "
            "`custom_objects`, or use a `keras.utils.custom_object_scope`."
        )
    return found
