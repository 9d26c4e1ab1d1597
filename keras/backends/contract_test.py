"""The backend contract: every backend exposes the same names and behaves the same.

The first test reads each backend's source (no engine is imported) and checks that the
public names match the contract. The others run the contract on the active backend
against NumPy references.
"""

import ast
import pathlib

import numpy as np
import pytest

from keras.backends import active

BACKENDS = ("numpy", "jax", "torch", "tensorflow", "openvino")

# module -> public names every backend must define (and no others).
CONTRACT = {
    "core": {
        "EAGER_TENSOR",
        "IS_THREAD_SAFE",
        "SUPPORTS_RAGGED_TENSORS",
        "SUPPORTS_SPARSE_TENSORS",
        "Variable",
        "cast",
        "convert_to_numpy",
        "convert_to_tensor",
        "is_tensor",
        "promote",
        "shape",
    },
    "layer": {"BackendLayer", "device_scope", "remat"},
    "distribution": {
        "distribute_data_input",
        "distribute_tensor",
        "distribute_variable",
        "get_device_count",
        "initialize",
        "list_devices",
        "num_processes",
        "process_id",
        "to_backend_layout",
        "to_backend_mesh",
        "validate",
    },
}

# Public names a backend defines beyond the contract, each with its reason.
EXTRAS = {
    ("openvino", "core"): {
        "OpenVINOTensor": "the eager tensor type of the backend",
        "COMPILE_CONFIG": "the CPU plugin settings of every compiled graph (f32)",
        "SymbolicValueError": "raised when a traced graph input's value is needed",
    },
    ("torch", "core"): {"DEFAULT_DEVICE": "the device new tensors are placed on"},
}


def public_names(path):
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                # `a, b = factory(...)` defines a and b.
                elts = target.elts if isinstance(target, ast.Tuple) else [target]
                names.update(t.id for t in elts if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("module", sorted(CONTRACT))
def test_backend_exposes_exactly_the_contract(backend, module):
    path = pathlib.Path(__file__).parent / backend / f"{module}.py"
    assert path.exists(), f"backend {backend} has no {module}.py"
    names = public_names(path) - set(EXTRAS.get((backend, module), {}))
    missing = CONTRACT[module] - names
    extra = names - CONTRACT[module]
    assert not missing, f"{backend}/{module}.py lacks {sorted(missing)}"
    assert not extra, f"{backend}/{module}.py adds {sorted(extra)} (not in the contract)"


def stored_dtype(dtype):
    """The dtype the active backend stores for `dtype` (64-bit is 32-bit on JAX unless
    jax_enable_x64 is on, as in Keras 3)."""
    if active.name == "jax":
        import jax

        if not jax.config.read("jax_enable_x64"):
            return {"int64": "int32", "uint64": "uint32", "float64": "float32"}.get(
                dtype, dtype
            )
    return dtype


def module_names(backend, module):
    path = pathlib.Path(__file__).parent / backend / f"{module}.py"
    return public_names(path) if path.exists() else None


@pytest.mark.parametrize("module", active.OP_MODULES)
def test_op_modules_expose_the_same_functions_on_every_backend(module):
    found = {b: module_names(b, module) for b in BACKENDS}
    expected = set().union(*(names for names in found.values() if names is not None))
    for backend in BACKENDS:
        gap = active.GAPS.get(backend, {}).get(module)
        if gap is not None:
            assert found[backend] is None, f"{backend}/{module}.py exists but is listed as a gap"
            assert gap, "a gap needs a reason"
            continue
        assert found[backend] is not None, f"{backend} has no {module}.py and no listed gap"
        missing = expected - found[backend]
        assert not missing, f"{backend}/{module}.py lacks {sorted(missing)}"


@pytest.fixture
def rng():
    return np.random.default_rng(7)


SHAPES = [(), (0,), (3,), (2, 3), (2, 0, 4), (1, 2, 3, 2)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", ["float32", "int32", "bool", "uint8", "int64"])
def test_convert_round_trip(rng, shape, dtype):
    data = (rng.standard_normal(shape) * 10).astype(dtype)
    tensor = active.convert_to_tensor(data)
    assert active.is_tensor(tensor)
    assert active.shape(tensor) == shape
    back = active.convert_to_numpy(tensor)
    assert isinstance(back, np.ndarray)
    assert back.dtype == np.dtype(stored_dtype(dtype))
    np.testing.assert_array_equal(back, data.astype(stored_dtype(dtype)))


def test_convert_python_values_infers_keras_dtypes():
    cases = [
        (1.5, "float32"),
        (3, "int32"),
        (True, "bool"),
        ([1, 2], "int32"),
        ([1, 2.5], "float32"),
        ([[True, False]], "bool"),
    ]
    for value, dtype in cases:
        out = active.convert_to_numpy(active.convert_to_tensor(value))
        assert out.dtype == np.dtype(dtype), (value, out.dtype)
        np.testing.assert_array_equal(out, np.array(value, dtype=dtype))


def test_convert_with_dtype(rng):
    data = rng.standard_normal((4, 3))
    out = active.convert_to_numpy(active.convert_to_tensor(data, dtype="float32"))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, data.astype("float32"))


@pytest.mark.parametrize(
    "source,target",
    [
        ("float32", "int32"),
        ("float32", "float16"),
        ("int32", "float32"),
        ("float32", "bool"),
        ("bool", "float32"),
        ("int32", "uint8"),
    ],
)
def test_cast_matches_numpy_astype(rng, source, target):
    data = (rng.standard_normal((3, 5)) * 4).astype(source)
    if target == "uint8":
        data = np.abs(data)
    out = active.convert_to_numpy(active.cast(active.convert_to_tensor(data), target))
    assert out.dtype == np.dtype(target)
    np.testing.assert_array_equal(out, data.astype(target))


def test_is_tensor_rejects_other_values():
    assert not active.is_tensor(1.0)
    assert not active.is_tensor([1.0])
    if active.name != "numpy":
        assert not active.is_tensor(np.ones(2))


def test_variable_class_is_exported():
    v = active.Variable(np.ones((2,), "float32"))
    assert isinstance(v, active.Variable)
    assert active.shape(v.value) == (2,)


def test_sparse_request_is_a_clear_error_where_unsupported():
    if active.core.SUPPORTS_SPARSE_TENSORS:
        out = active.convert_to_tensor([1.0], sparse=True)
        np.testing.assert_array_equal(active.convert_to_numpy(out), [1.0])
    else:
        with pytest.raises(ValueError, match="sparse=True"):
            active.convert_to_tensor([1.0], sparse=True)


def test_unconvertible_object_is_a_clear_error():
    with pytest.raises(TypeError, match="Cannot convert an object of type object"):
        active.convert_to_tensor(object())


def test_registry_compositions_are_the_fused_functions():
    # The registry accepts entries for these names only; each must be a keras.ops.fused
    # function, or its entries would never be used.
    from keras.backends.common import registry

    fused_source = pathlib.Path(__file__).parent.parent / "ops" / "fused.py"
    compositions = {
        node.name
        for node in ast.parse(fused_source.read_text()).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }
    registered = set().union(*registry.COMPOSITIONS.values())
    assert registered == compositions
