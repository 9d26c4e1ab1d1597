"""The op families, for Python.

tools/families.bzl holds the same table for the BUILD files, and families_test fails
when the two differ. Adding a family is one line in each, plus its files:
keras/ops/<family>.py and keras/backends/<backend>/<family>.py in every backend (or a
gap in keras.backends.active).
"""

# Op family -> the public namespace besides `keras.ops` that gathers its ops (None: the
# ops appear in `keras.ops` only). Each family is one module in keras/ops/ and the
# module of the same name in every backend.
OP_FAMILIES = {
    "unary": "numpy",
    "binary": "numpy",
    "reduction": "numpy",
    "manipulation": "numpy",
    "creation": "numpy",
    "products": "numpy",
    "nn": "nn",
    "core_ops": None,
    "math": None,
    "spectral": None,
    # Its own module is the namespace keras.ops.linalg.
    "linalg": "linalg",
    # Its own module is the namespace keras.ops.image (its ops are not in keras.ops).
    "image": "image",
}

# Families whose ops stay in their own namespace (keras.ops.image.resize, as in Keras 3)
# and are not exported in keras.ops.
OWN_NAMESPACE_ONLY = ("image",)

# The modules every backend implements besides core and layer: one per op family, and
# random (behind keras.random).
BACKEND_OP_MODULES = (*OP_FAMILIES, "random")


def families_of(namespace):
    """The op families whose ops `keras.ops.<namespace>` gathers."""
    families = tuple(f for f, ns in OP_FAMILIES.items() if ns == namespace)
    if not families:
        namespaces = sorted({ns for ns in OP_FAMILIES.values() if ns is not None})
        raise ValueError(
            f"families_of: `namespace` must be one of {namespaces}; got {namespace!r}."
        )
    return families
