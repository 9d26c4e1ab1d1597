"""The layering of keras/, checked on its source: what each module may import.

Every import of every .py file under keras/ is read (at module level or inside a
function, and `importlib.import_module` or `__import__` of a literal name), without
importing anything, so this runs the same on every backend. It fails on:

1. An engine import (jax, jaxlib, torch, tensorflow, openvino, or a backend package
   `keras.backends.<backend>`) outside the places that engine may be named: its own
   backend package keras/backends/<backend>/, the files of keras/trainers/ named after
   it (`jax_trainer.py`, `tf_dataset_adapter.py`: the trainer and the data adapters
   that read its pipeline), the files of keras/export/ named after it (the writer of
   the file format that engine owns: `tf_saved_model.py`, `torch_onnx.py`), and its kernel bindings (`kernels/bindings/<backend>...`).
2. An import of a module in a higher layer than the importing module's. The layers, and
   the package or module each holds, are LAYERS in tools/layering.bzl (Bazel visibility
   reads the same table). Tests and their helpers (`*_test.py`, `testing.py`,
   `conftest.py`, `testdata/`, TEST_HELPERS) use the public API like any user: rule 2
   is not theirs, rule 1 is.
3. Library code importing test code.

The exceptions are listed below, each with its reason. An exception that no longer
matches an import fails too, so the lists only shrink.
"""

import ast
import functools
import pathlib

import pytest

# The workspace root; under Bazel, the runfiles tree, which holds every file of keras/
# and tools/layering.bzl (never resolve the links: they lead to the source tree).
ROOT = pathlib.Path(__file__).absolute().parent.parent

# Backend -> the top-level modules of its engine (numpy's is everyone's: only its
# backend package counts as naming it).
ENGINE_MODULES = {
    "numpy": (),
    "jax": ("jax", "jaxlib"),
    "torch": ("torch",),
    "tensorflow": ("tensorflow",),
    "openvino": ("openvino",),
}
# Backend -> how the files named after it begin, in keras/trainers/, keras/export/ and
# kernel bindings.
FILE_PREFIXES = {
    "numpy": ("numpy_",),
    "jax": ("jax_",),
    "torch": ("torch_",),
    "tensorflow": ("tensorflow_", "tf_"),
    "openvino": ("openvino_",),
}

_TRACER = "compiles the function under test with jax.jit or tf.function"
_SPARSE = "checks that sparse=True returns a tf.SparseTensor"

# Test helpers named otherwise than `testing.py` (their Bazel targets are testonly).
TEST_HELPERS = {
    "keras/saving/hostile_files.py": "crafts hostile files and loads them in a child",
    "keras/saving/keras3_fixtures.py": "reads the files Keras 3.15 wrote for the tests",
    "keras/models/calibration_testing.py": "the model the GPTQ/AWQ tests quantize",
}

# File -> (backends it imports, why).
ENGINE_EXCEPTIONS = {
    "keras/backends/contract_test.py": (
        ("jax",),
        "reads jax_enable_x64 to know which dtypes JAX stores",
    ),
    "keras/layers/preprocessing/tf_graph.py": (
        ("tensorflow",),
        "FarmHash64 for Hashing and HashedCrossing (keras.ops has no such hash)",
    ),
    "keras/layers/preprocessing/tf_data_test.py": (
        ("tensorflow",),
        "adapts on batched tf.data Datasets and runs the layers inside dataset.map",
    ),
    "keras/layers/preprocessing/tf_text.py": (
        ("tensorflow",),
        "string layers run on TensorFlow, as in Keras 3",
    ),
    "keras/utils/dataset_utils.py": (
        ("tensorflow",),
        "builds the tf.data pipelines the dataset utilities return, as in Keras 3",
    ),
    "keras/layers/rnn/fused_rnn_test.py": (
        ("tensorflow", "torch", "jax"),
        "compares gradients of the fused loops (torch._VF, tensorflow's while loop, "
        "jax's custom_vjp) with the reference scan, each through its engine's autodiff",
    ),
    "keras/layers/torch_module_test.py": (
        ("torch",),
        "a torch-only test that a Layer is a torch.nn.Module",
    ),
    # The interop layers wrap one engine's objects by definition; each imports its
    # engine lazily, inside the functions that need it.
    "keras/layers/interop/jax_layer.py": (
        ("jax",),
        "JaxLayer calls JAX functions on JAX pytrees (jax.tree_util, random keys)",
    ),
    "keras/layers/interop/jax_layer_test.py": (
        ("jax",),
        "the jax functions JaxLayer wraps in the tests",
    ),
    "keras/layers/interop/tfsm_layer.py": (
        ("tensorflow",),
        "TFSMLayer loads and calls a TensorFlow SavedModel",
    ),
    "keras/layers/interop/tfsm_layer_test.py": (
        ("tensorflow",),
        "writes the tf.Module SavedModel that TFSMLayer reloads",
    ),
    "keras/layers/interop/torch_module_wrapper.py": (
        ("torch",),
        "TorchModuleWrapper wraps a torch.nn.Module and shares its Parameters",
    ),
    "keras/layers/interop/torch_module_wrapper_test.py": (
        ("torch",),
        "the torch.nn.Modules TorchModuleWrapper wraps in the tests",
    ),
    "keras/losses/loss_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/binary_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/core_ops_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/creation_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/manipulation_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/products_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/unary_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/ops/reduction_test.py": (("jax", "tensorflow"), f"{_TRACER}; {_SPARSE}"),
    "keras/ops/nn_test.py": (("tensorflow",), _SPARSE),
    "keras/random/random_test.py": (("jax", "tensorflow"), _TRACER),
    "keras/optimizers/loss_scale_optimizer_test.py": (
        ("jax",),
        "runs stateless_apply under jax.jit",
    ),
    "keras/optimizers/stateless_apply_test.py": (
        ("jax", "tensorflow"),
        "runs stateless_apply under jax.jit and apply inside tf.function",
    ),
    "keras/trainers/native_data_test.py": (
        ("tensorflow", "torch"),
        "fits on a tf.data.Dataset and a torch DataLoader",
    ),
}

# (file, module it imports) -> why the import goes up a layer.
UPWARD_EXCEPTIONS = {
    ("keras/layers/preprocessing/feature_space.py", "keras.saving.saving_api"): (
        "FeatureSpace.save() as in Keras 3; imported when called"
    ),
    ("keras/layers/core/lambda_layer.py", "keras"): (
        "a deserialized Lambda's code runs with `keras` in its namespace, as in "
        "Keras 3; the root package is loaded before any of its modules, so this loads "
        "nothing"
    ),
    ("keras/saving/keras_archive.py", "keras"): (
        "metadata.json records keras.version() (keras.version would do, without "
        "going up)"
    ),
    ("keras/saving/serialization_lib.py", "keras"): (
        "a config names its class by public namespace, checked against the namespaces "
        "the root package lists; the root is loaded before any of its modules"
    ),
}


def load_layers():
    """LAYERS of tools/layering.bzl: [(layer, [entries])], lowest first."""
    path = ROOT / "tools" / "layering.bzl"
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "LAYERS":
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path} defines no LAYERS")


LAYERS = load_layers()
RANK = {layer: rank for rank, (layer, _) in enumerate(LAYERS)}
# Bazel package -> layer, and module file -> layer (a module placed below its package).
PACKAGES = {}
MODULES = {}
for _layer, _entries in LAYERS:
    for _entry in _entries:
        (MODULES if _entry.endswith(".py") else PACKAGES)[_entry] = _layer


def is_test_code(path):
    """Tests and their helpers: `path` is relative to the root, with "/" separators."""
    parts = path.split("/")
    name = parts[-1]
    return (
        name.endswith("_test.py")
        or name in ("testing.py", "conftest.py")
        or "testdata" in parts[:-1]
        or path in TEST_HELPERS
    )


def layer_of(path):
    """The layer of the file `path` (relative to the root)."""
    if path in MODULES:
        return MODULES[path]
    directory = path.rsplit("/", 1)[0]
    while True:
        if directory in PACKAGES:
            return PACKAGES[directory]
        if (ROOT / directory / "BUILD").is_file():
            raise AssertionError(
                f"package {directory} (of {path}) has no layer: add it to LAYERS in "
                "tools/layering.bzl"
            )
        if "/" not in directory:
            raise AssertionError(f"{path} is in no package of LAYERS")
        directory = directory.rsplit("/", 1)[0]


def module_file(module):
    """The file of `module` ("keras.ops.nn" -> "keras/ops/nn.py"), or None."""
    base = module.replace(".", "/")
    for candidate in (base + ".py", base + "/__init__.py"):
        if (ROOT / candidate).is_file():
            return candidate
    return None


def _module_of(path):
    """The module name of the file `path`: "keras/ops/__init__.py" -> "keras.ops"."""
    parts = path[: -len(".py")].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path):
    """The package a relative import in the file `path` starts from."""
    return ".".join(path.split("/")[:-1])


def _literal_import(node, path):
    """The module that `importlib.import_module("...")` or `__import__("...")` names."""
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(
        function, "id", None
    )
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return None  # computed at run time: a lazy table, checked where it points
    module = first.value
    if module.startswith(".") and len(node.args) > 1:
        package = node.args[1]
        if isinstance(package, ast.Constant):
            return package.value + module
        if isinstance(package, ast.Name) and package.id == "__name__":
            return _module_of(path) + module
        if isinstance(package, ast.Name) and package.id == "__package__":
            return _package_of(path) + module
        return None
    return module


def imports_of(path, source):
    """[(line, module, names)] for every import in `source` (the file `path`):
    `import a.b` gives ("a.b", ()), `from a import b, c` gives ("a", ("b", "c"))."""
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                package = _package_of(path).split(".")
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{module}" if module else base
            names = tuple(alias.name for alias in node.names if alias.name != "*")
            found.append((node.lineno, module, names))
        elif isinstance(node, ast.Call):
            module = _literal_import(node, path)
            if module is not None:
                found.append((node.lineno, module, ()))
    return found


def backend_named(module):
    """The backend whose engine (or backend package) `module` is, or None."""
    parts = module.split(".")
    for backend, engine_modules in ENGINE_MODULES.items():
        if parts[0] in engine_modules:
            return backend
        if parts[:3] == ["keras", "backends", backend]:
            return backend
    return None


def may_name(path, backend):
    """Whether the file `path` may import `backend`'s engine without an exception."""
    parts = path.split("/")
    if parts[:3] == ["keras", "backends", backend]:
        return True
    prefixes = FILE_PREFIXES[backend]
    if parts[:2] in (["keras", "trainers"], ["keras", "export"]) and parts[
        -1
    ].startswith(prefixes):
        return True
    if "bindings" in parts[:-1]:
        after = parts[parts.index("bindings") + 1]
        return after in (backend, backend + ".py") or after.startswith(prefixes)
    return False


def resolve(module, names):
    """(imported module, its file) for a keras import; names may be submodules."""
    candidates = [f"{module}.{name}" for name in names] or [module]
    resolved = []
    for candidate in candidates:
        target = candidate
        while target and module_file(target) is None and target != module:
            target = target.rsplit(".", 1)[0]
        resolved.append((target, module_file(target)))
    return resolved


def check_file(path, source):
    """The violations of `source` (the file `path`): [(kind, message, key)], where key
    names the exception that would allow it."""
    violations = []
    test_code = is_test_code(path)
    layer = None if test_code else layer_of(path)
    for line, module, names in imports_of(path, source):
        where = f"{path}:{line}"
        for imported in [module] + [f"{module}.{name}" for name in names]:
            backend = backend_named(imported)
            if backend is not None and not may_name(path, backend):
                violations.append(
                    (
                        "engine",
                        f"{where} imports {imported} ({backend}) outside "
                        f"keras/backends/{backend}/, its trainer files and bindings",
                        (path, backend),
                    )
                )
                break
        if module.split(".")[0] != "keras":
            continue
        for target, target_file in resolve(module, names):
            if target_file is None:
                violations.append(
                    ("missing", f"{where} imports {target}, which has no file", None)
                )
                continue
            if is_test_code(target_file) and not test_code:
                violations.append(
                    ("test code", f"{where} imports test code {target}", None)
                )
            if test_code:
                continue
            target_layer = layer_of(target_file)
            if RANK[target_layer] > RANK[layer]:
                violations.append(
                    (
                        "upward",
                        f"{where} (layer {layer}) imports {target} (layer "
                        f"{target_layer}, above it)",
                        (path, target),
                    )
                )
    return violations


def python_files():
    files = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "keras").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert files, f"no Python files under {ROOT / 'keras'}"
    return files


@functools.cache
def all_violations():
    return {
        path: check_file(path, (ROOT / path).read_text()) for path in python_files()
    }


def _allowed(kind, key):
    if kind == "engine":
        path, backend = key
        return backend in ENGINE_EXCEPTIONS.get(path, ((), ""))[0]
    if kind == "upward":
        return key in UPWARD_EXCEPTIONS
    return False


def _report(kind):
    found = [
        message
        for violations in all_violations().values()
        for violation_kind, message, key in violations
        if violation_kind == kind and not _allowed(violation_kind, key)
    ]
    return "\n".join(found)


def test_layers_table_covers_every_package():
    files = python_files()
    for path in files:
        if not is_test_code(path):
            layer_of(path)  # raises for a package without a layer
    for package in PACKAGES:
        assert any(f.rsplit("/", 1)[0] == package for f in files), (
            f"LAYERS lists {package}, which has no Python file here (under Bazel: is "
            f"//{package}:py_sources in the data of //keras:layering_test?)"
        )
    for module in MODULES:
        assert module in files, f"LAYERS lists {module}, which does not exist"
    for helper in TEST_HELPERS:
        assert helper in files, f"TEST_HELPERS lists {helper}, which does not exist"


def test_no_engine_import_outside_its_places():
    report = _report("engine")
    assert not report, "engine imports outside their places:\n" + report


def test_no_upward_import():
    report = _report("upward")
    assert not report, "imports of a higher layer:\n" + report


def test_library_code_imports_no_test_code():
    report = _report("test code")
    assert not report, "library modules importing test code:\n" + report


def test_every_keras_import_has_a_file():
    report = _report("missing")
    assert not report, "imports of keras modules that do not exist:\n" + report


def test_every_exception_is_still_needed():
    used = set()
    for violations in all_violations().values():
        used.update(key for kind, _, key in violations if kind in ("engine", "upward"))
    stale = [
        f"{path} no longer imports {backend}"
        for path, (backends, _) in ENGINE_EXCEPTIONS.items()
        for backend in backends
        if (path, backend) not in used
    ]
    stale += [
        f"{path} no longer imports {module}"
        for path, module in UPWARD_EXCEPTIONS
        if (path, module) not in used
    ]
    assert not stale, "remove from layering_test.py:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "path, source, kind",
    [
        ("keras/layers/core/einsum_dense.py", "import jax\n", "engine"),
        ("keras/layers/core/einsum_dense.py", "import jax.numpy as jnp\n", "engine"),
        ("keras/ops/nn.py", "def f():\n    from torch import nn\n", "engine"),
        ("keras/ops/nn.py", "importlib.import_module('torch')\n", "engine"),
        ("keras/ops/nn.py", "__import__('tensorflow')\n", "engine"),
        ("keras/layers/layer.py", "from keras.backends import tensorflow\n", "engine"),
        ("keras/trainers/trainer.py", "import openvino\n", "engine"),
        ("keras/trainers/jax_trainer.py", "import torch\n", "engine"),
        ("keras/ops/nn.py", "from keras.layers import layer\n", "upward"),
        ("keras/ops/nn.py", "def f():\n    from keras.models import model\n", "upward"),
        ("keras/backends/common/dtypes.py", "from keras import ops\n", "upward"),
        ("keras/layers/layer.py", "from keras.ops import testing\n", "test code"),
        ("keras/layers/layer.py", "import keras.no_such_module\n", "missing"),
    ],
)
def test_a_planted_import_is_caught(path, source, kind):
    kinds = [violation[0] for violation in check_file(path, source)]
    assert kind in kinds, kinds


@pytest.mark.parametrize(
    "path, source",
    [
        ("keras/backends/jax/nn.py", "import jax\nfrom jax import numpy as jnp\n"),
        ("keras/trainers/jax_trainer.py", "import jax\n"),
        ("keras/trainers/data_adapters/tf_dataset_adapter.py", "import tensorflow\n"),
        ("keras/kernels/bindings/torch/layer_norm.py", "import torch\n"),
        ("keras/layers/layer.py", "from keras.ops import nn\nimport numpy\n"),
        ("keras/models/model.py", "from keras.saving import saving_api\n"),
        ("keras/layers/layer_test.py", "from keras.models import model\n"),
    ],
)
def test_an_allowed_import_passes(path, source):
    assert check_file(path, source) == []
