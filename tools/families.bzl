"""The op families, for the BUILD files.

keras/backends/common/families.py holds the same table for Python, and
//keras/backends/common:families_test fails when the two differ. Adding a family is one
line in each, plus its files: keras/ops/<family>.py (with <family>_test.py) and
keras/backends/<backend>/<family>.py in every backend (or a gap in keras.backends.active).
"""

# Op family -> the public namespace besides `keras.ops` that gathers its ops (None: the
# ops appear in `keras.ops` only). Each family is one module in keras/ops/ and the module
# of the same name in every backend.
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
# and are not exported in keras.ops (read by keras/ops/__init__.py through families.py).
OWN_NAMESPACE_ONLY = ["image"]

# The modules every backend implements besides core and layer: one per op family, and
# random (behind keras.random).
BACKEND_OP_MODULES = list(OP_FAMILIES) + ["random"]

# What an op module needs besides the backend's core, the dtype rules and the fast-path
# registry (the same in every backend).
_OP_MODULE_DEPS = {
    "nn": [
        "//keras/backends/common:backend_utils",
        "//keras/backends/common:config",
        # Registers our fused kernels (loaded only if built).
        "//kernels/bindings",
    ],
    "core_ops": [
        "//keras/backends/common:backend_utils",
        "//keras/backends/common:tree",
    ],
    "random": [],
}

def backend_op_libraries(extra_deps = [], module_deps = {}):
    """One py_library per op module of the backend contract, in the calling backend's
    BUILD file (each module may register fast paths). `extra_deps`: libraries of the
    backend's own package that every op module uses; `module_deps`: module -> the
    sibling modules it imports."""
    for module in BACKEND_OP_MODULES:
        deps = [
            ":core",
            "//keras/backends/common:dtypes",
            "//keras/backends/common:registry",
        ] + _OP_MODULE_DEPS.get(module, ["//keras/backends/common:backend_utils"])
        deps = deps + extra_deps + module_deps.get(module, [])
        native.py_library(
            name = module,
            srcs = [module + ".py"],
            # Each label once (the extra deps may repeat shared ones).
            deps = {dep: True for dep in deps}.keys(),
        )
