"""Public namespace `keras.ops`: every op, on every backend, eager or symbolic.

Lazy: the op families load on the first attribute access, so importing one internal
module (e.g. keras.ops.operation) does not import them all.
"""

from keras.backends.common import families
from keras.utils.lazy_namespace import lazy_namespace

# Modules reachable as attributes: the public namespaces (numpy, nn), every family, and
# the graph machinery.
_SUBMODULES = (
    *{namespace for namespace in families.OP_FAMILIES.values() if namespace},
    *families.OP_FAMILIES,
    "operation",
    "node",
    "symbolic",
    "eager",
)

__getattr__, __dir__ = lazy_namespace(
    __name__,
    submodules=_SUBMODULES,
    # Every op family but those kept in their own namespace (keras.ops.image); and
    # operators, which routes KerasTensor's `x + y` to the ops when it loads (it exports
    # no names).
    sources=(
        *(
            f".{family}"
            for family in families.OP_FAMILIES
            if family not in families.OWN_NAMESPACE_ONLY
        ),
        ".operators",
    ),
)


def _operation_class(name):
    """The Operation class of the op families named `name` ("NotEqual"), or None.

    Functional configs name the ops used between layers by class (as Keras 3 does);
    the loader (keras.saving.serialization_lib) resolves them here. Private classes
    (a leading underscore) are never returned.
    """
    import importlib

    from keras.ops import operation

    if not isinstance(name, str) or name.startswith("_"):
        return None
    ours = {keras3: own for own, keras3 in operation.KERAS3_CLASS_NAMES.items()}
    name = ours.get(name, operation.KERAS3_ALIASES.get(name, name))
    for family in families.OP_FAMILIES:
        module = importlib.import_module(f"{__name__}.{family}")
        found = module.__dict__.get(name)
        if (
            isinstance(found, type)
            and issubclass(found, operation.Operation)
            and found.__module__ == module.__name__
        ):
            return found
    # The image ops' classes are made on first use, one per public function.
    image = importlib.import_module(f"{__name__}.image")
    for function in image.__all__:
        if image._camel(function) == name:
            return image._op_class(function)
    return None
