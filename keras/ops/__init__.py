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
