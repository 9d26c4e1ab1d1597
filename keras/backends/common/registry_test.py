"""The fast-path registry: names are checked, every entry agrees with the reference path
it replaces, `"call"` entries decline with NotImplemented, and the reference switch."""

import os
import subprocess
import sys

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import registry

FLOATS = ("float16", "bfloat16", "float32", "float64")


def random_array(shape, seed):
    return np.random.default_rng(seed).uniform(-3, 3, shape).astype("float32")


def to_numpy(x):
    return np.asarray(active.convert_to_numpy(x))


def assert_close(actual, expected, rtol=1e-6, atol=1e-6):
    np.testing.assert_allclose(to_numpy(actual), expected, rtol=rtol, atol=atol)
SOME_DTYPES = ("bool", "int8", "uint8", "int32", "int64") + FLOATS


def _eager_entries():
    active.fast_paths()  # loads every op family, so every entry is registered
    return sorted(
        (name, entry)
        for name in {row["name"] for row in active.registry.describe()}
        for entry in active.registry.entries(name)
        if entry.guard == "eager"
    )


def _reference(name):
    family, function = name.split(".")
    return getattr(getattr(active, family), function)


def _inputs(name, dtype):
    """Argument tuples for `name` of one dtype, as the public op passes them."""
    a = active.convert_to_tensor(random_array((3, 4), seed=1))
    b = active.convert_to_tensor(random_array((3, 4), seed=2))
    a, b = active.cast(a, dtype), active.cast(b, dtype)
    square = active.cast(
        active.convert_to_tensor(random_array((4, 4), seed=3)), dtype
    )
    family = name.split(".")[0]
    if family == "binary":
        return [(a, b)]
    if name == "products.matmul":
        return [(a, square)]
    if name == "manipulation.reshape":
        return [(a, (4, 3)), (a, (-1,)), (a, (2, -1, 2))]
    if family == "reduction":
        # As keras.ops.eager calls reduction entries: axis and keepdims by keyword.
        return [
            (a, {"axis": axis, "keepdims": keepdims})
            for axis, keepdims in (
                (None, False),
                (0, False),
                (-1, True),
                ((0, 1), False),
                (None, True),
                ((), False),
            )
        ]
    return [(a,)]


@pytest.mark.parametrize(
    "name,entry", _eager_entries(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_eager_entry_agrees_with_the_reference(name, entry):
    dtypes = entry.dtypes or SOME_DTYPES
    checked = 0
    for dtype in dtypes:
        for args in _inputs(name, dtype):
            kwargs = args[-1] if isinstance(args[-1], dict) else {}
            args = args[:-1] if kwargs else args
            try:
                expected = _reference(name)(*args, **kwargs)
            except Exception:
                continue  # the reference refuses too (e.g. subtract on bools)
            try:
                fast = entry.function(*args, **kwargs)
            except Exception:
                continue  # declining is always allowed: the op takes its own path
            checked += 1
            exp = to_numpy(expected)
            got = to_numpy(fast)
            assert got.dtype == exp.dtype, (name, dtype, args[1:], kwargs)
            assert got.shape == exp.shape, (name, dtype, args[1:], kwargs)
            tol = 1e-2 if dtype in ("float16", "bfloat16") else 1e-5
            np.testing.assert_allclose(
                got.astype("float64"), exp.astype("float64"), rtol=tol, atol=tol
            )
    assert checked, f"no input of {name} was accepted by both paths"


@pytest.mark.parametrize("name", ["binary.add", "unary.exp", "reduction.mean"])
def test_public_op_takes_the_entry_and_matches_numpy(name):
    x = random_array((5, 6), seed=4)
    y = random_array((5, 6), seed=5)
    tx, ty = active.convert_to_tensor(x), active.convert_to_tensor(y)
    if name == "binary.add":
        assert_close(ops.add(tx, ty), x + y)
        assert_close(ops.add(tx, 2), x + 2)  # not both tensors: own path
    elif name == "unary.exp":
        assert_close(ops.exp(tx), np.exp(x), rtol=1e-5)
        int_result = ops.exp(active.convert_to_tensor(np.array([1, 2], "int32")))
        assert to_numpy(int_result).dtype == np.float32  # own path: floatx
    else:
        assert_close(ops.mean(tx, axis=[0, 1]), x.mean(), rtol=1e-5)
        assert_close(ops.mean(tx, axis=1), x.mean(axis=1), rtol=1e-5)


def test_errors_still_come_from_the_reference_path():
    a = active.convert_to_tensor(np.ones((2, 3), "float32"))
    b = active.convert_to_tensor(np.ones((4, 5), "float32"))
    with pytest.raises(Exception) as info:
        ops.add(a, b)
    assert not isinstance(info.value, AssertionError)
    with pytest.raises(ValueError, match="matmul|shape"):
        ops.matmul(a, a)


def test_unknown_names_are_refused():
    fast = registry.for_backend(active.name)
    module = f"keras.backends.{active.name}.binary"
    active.fast_paths()
    with pytest.raises(ValueError, match="defines no function 'addd'"):
        fast.register(module, "addd", lambda x1, x2: x1)
    with pytest.raises(ValueError, match="of its own modules"):
        other = "jax" if active.name != "jax" else "numpy"
        fast.register(f"keras.backends.{other}.binary", "add", lambda x1, x2: x1)
    with pytest.raises(ValueError, match="`guard`"):
        fast.register(module, "add", lambda x1, x2: x1, guard="sometimes")
    assert not fast.entries("binary.addd")


def test_call_entries_decline_and_the_switch_turns_them_off():
    fast = registry.for_backend(active.name)
    module = f"keras.backends.{active.name}.nn"
    active.fast_paths()
    x = random_array((2, 8), seed=6)
    reference = to_numpy(ops.rms_normalization(active.convert_to_tensor(x)))
    calls = []

    def kernel(x, scale, axis, epsilon):
        calls.append(axis)
        if axis not in (-1, 1, (1,)):  # the op may pass the last axis as it likes
            return NotImplemented
        return active.convert_to_tensor(np.full(x.shape, 7.0, "float32"))

    # Our own kernel (kernels/bindings), when built, is set aside for this test.
    installed = fast.entries("nn.rms_normalization")
    for other in installed:
        fast.remove(other)
    entry = fast.register(module, "rms_normalization", kernel, kind="kernel")
    try:
        taken = ops.rms_normalization(active.convert_to_tensor(x))
        np.testing.assert_array_equal(to_numpy(taken), np.full(x.shape, 7.0))
        declined = ops.rms_normalization(active.convert_to_tensor(x), axis=0)
        expected = x / np.sqrt(np.mean(x * x, axis=0, keepdims=True) + 1e-6)
        assert_close(declined, expected, rtol=1e-4, atol=1e-4)
        assert len(calls) == 2 and calls[1] in (0, (0,))
        registry.set_reference_only(True, active.name)
        forced = ops.rms_normalization(active.convert_to_tensor(x))
        assert_close(forced, reference, rtol=1e-6)
        assert len(calls) == 2
        rows = [r for r in active.fast_paths() if r["name"] == "nn.rms_normalization"]
        assert rows and not rows[0]["active"] and rows[0]["kind"] == "kernel"
    finally:
        registry.set_reference_only(False, active.name)
        fast.remove(entry)
        assert not fast.entries("nn.rms_normalization")
        for other in installed:
            fast.register(
                module, "rms_normalization", other.function, kind=other.kind,
                guard=other.guard, dtypes=other.dtypes, devices=other.devices,
                note=other.note,
            )
    assert fast.entries("nn.rms_normalization") == installed


def test_environment_switch_forces_every_reference_path():
    code = (
        "from keras import ops\n"
        "from keras.backends import active\n"
        "rows = active.fast_paths()\n"
        "assert rows and not any(r['active'] for r in rows), rows\n"
        "assert not hasattr(ops.add, '__wrapped__')\n"
        "assert not hasattr(ops.exp, '__wrapped__')\n"
        "print(len(rows))\n"
    )
    env = dict(os.environ, **{registry.REFERENCE_ENV: "1"})
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[-1]) >= 1
    # Without the switch the same ops are wrapped by their entries.
    assert hasattr(ops.add, "__wrapped__")


def test_unavailable_kernels_are_listed_with_their_reason():
    fast = registry.for_backend(active.name)
    module = f"keras.backends.{active.name}.nn"
    fast.register_unavailable(
        module, "dot_product_attention", "libattention.so is not built", devices=("cuda",)
    )
    try:
        rows = [
            r
            for r in active.fast_paths()
            if r["name"] == "nn.dot_product_attention" and r["note"].startswith("unav")
        ]
        assert len(rows) == 1 and not rows[0]["active"]
        assert rows[0]["devices"] == ("cuda",) and "not built" in rows[0]["note"]
        q = active.convert_to_tensor(random_array((1, 3, 2, 4), seed=7))
        out = ops.dot_product_attention(q, q, q)
        assert tuple(out.shape) == (1, 3, 2, 4)
    finally:
        fast._unavailable.pop("nn.dot_product_attention", None)


def _attention_cases():
    rng = np.random.default_rng(11)
    for key_heads in (4, 2):
        for with_bias in (False, True):
            for mask_kind in (None, "random", "empty_row"):
                for is_causal in (False, True):
                    q = rng.standard_normal((2, 5, 4, 8)).astype("float32")
                    kv = rng.standard_normal((2, 2, 6, key_heads, 8)).astype("float32")
                    bias = rng.standard_normal((2, 4, 5, 6)).astype("float32")
                    mask = None
                    if mask_kind == "random":
                        mask = rng.random((2, 1, 5, 6)) > 0.3
                    elif mask_kind == "empty_row":
                        mask = np.ones((2, 1, 5, 6), bool)
                        mask[0, 0, 2] = False  # query 2 of batch 0 sees no key
                    yield (q, kv[0], kv[1]), {
                        "bias": bias if with_bias else None,
                        "mask": mask,
                        "is_causal": is_causal,
                        "scale": 0.3 if with_bias else None,
                    }


def test_attention_entries_agree_with_the_reference_or_decline():
    active.fast_paths()
    entries = [
        e for e in active.registry.entries("nn.dot_product_attention") if e.guard == "call"
    ]
    accepted = 0
    for arrays, kwargs in _attention_cases():
        tensors = [active.convert_to_tensor(a) for a in arrays]
        for entry in entries:
            taken = entry.function(*tensors, **kwargs)
            if taken is NotImplemented:
                assert kwargs["mask"] is not None or entry.kind != "engine", kwargs
                continue
            accepted += 1
            registry.set_reference_only(True, active.name)
            try:
                expected = ops.dot_product_attention(*tensors, **kwargs)
            finally:
                registry.set_reference_only(False, active.name)
            assert_close(taken, to_numpy(expected), rtol=2e-5, atol=2e-5)
        # Whatever path the op takes, a query that sees no key gets equal weights.
        out = to_numpy(ops.dot_product_attention(*tensors, **kwargs))
        assert np.isfinite(out).all(), kwargs
    assert accepted or not entries, "every case declined"


def _layer_norm_cases():
    x = random_array((4, 6, 8), seed=11)
    gamma = random_array((8,), seed=12)
    beta = random_array((8,), seed=13)
    trailing = random_array((6, 8), seed=14)
    yield (x,), {"axis": -1, "epsilon": 1e-3}
    yield (x, gamma, beta), {"axis": -1, "epsilon": 1e-5}
    yield (x, gamma, None), {"axis": 2, "epsilon": 1e-3}
    yield (x, trailing, trailing), {"axis": (1, 2), "epsilon": 1e-3}
    # Declined by engine entries: leading axes, rms_scaling, float16.
    yield (x, random_array((6,), seed=15), None), {"axis": 1, "epsilon": 1e-3}
    yield (x, gamma, None), {"axis": -1, "epsilon": 1e-3, "rms_scaling": True}
    yield (x.astype("float16"),), {"axis": -1, "epsilon": 1e-3}


def test_layer_norm_entries_agree_with_the_reference_or_decline():
    active.fast_paths()
    entries = [
        e for e in active.registry.entries("nn.layer_normalization") if e.guard == "call"
    ]
    accepted = 0
    for arrays, kwargs in _layer_norm_cases():
        tensors = [None if a is None else active.convert_to_tensor(a) for a in arrays]
        for entry in entries:
            taken = entry.function(*tensors, **kwargs)
            if taken is NotImplemented:
                continue
            accepted += 1
            registry.set_reference_only(True, active.name)
            try:
                expected = ops.layer_normalization(*tensors, **kwargs)
            finally:
                registry.set_reference_only(False, active.name)
            assert_close(taken, to_numpy(expected), rtol=1e-5, atol=1e-5)
        # The public op (whatever path) matches NumPy.
        x = np.asarray(arrays[0], "float32")
        axes = kwargs["axis"] if isinstance(kwargs["axis"], tuple) else (kwargs["axis"],)
        mean = x.mean(axes, keepdims=True)
        if kwargs.get("rms_scaling"):
            reference = x / np.sqrt((x * x).mean(axes, keepdims=True) + kwargs["epsilon"])
        else:
            reference = (x - mean) / np.sqrt(x.var(axes, keepdims=True) + kwargs["epsilon"])
        shape = [x.shape[a] if a % x.ndim in [b % x.ndim for b in axes] else 1 for a in range(x.ndim)]
        if len(arrays) > 1 and arrays[1] is not None:
            reference = reference * np.asarray(arrays[1]).reshape(shape)
        if len(arrays) > 2 and arrays[2] is not None:
            reference = reference + np.asarray(arrays[2]).reshape(shape)
        out = to_numpy(ops.layer_normalization(*tensors, **kwargs)).astype("float32")
        tol = 2e-2 if arrays[0].dtype == np.float16 else 1e-4
        np.testing.assert_allclose(out, reference, rtol=tol, atol=tol)
    assert accepted or not entries, "every case declined"


def test_kernel_entries_come_before_engine_entries_and_switch_off():
    fast = registry.for_backend(active.name)
    module = f"keras.backends.{active.name}.nn"
    active.fast_paths()
    calls = []

    def engine(x, *args, **kwargs):
        calls.append("engine")
        return NotImplemented

    def kernel(x, *args, **kwargs):
        calls.append("kernel")
        return NotImplemented

    added = [
        fast.register(module, "rms_normalization", engine, kind="engine"),
        fast.register(module, "rms_normalization", kernel, kind="kernel"),
    ]
    try:
        kinds = [e.kind for e in fast.entries("nn.rms_normalization")]
        assert kinds == sorted(kinds, key=lambda kind: kind != "kernel"), kinds
        x = active.convert_to_tensor(random_array((2, 3), seed=1))
        ops.rms_normalization(x, axis=0)  # every entry declines axis 0 but ours
        assert calls.index("kernel") < calls.index("engine")
        calls.clear()
        previous = registry.set_kernels_enabled(False)
        try:
            assert not registry.kernels_enabled()
            ops.rms_normalization(x, axis=0)
            assert calls == ["engine"]
            rows = [r for r in active.fast_paths() if r["name"] == "nn.rms_normalization"]
            assert all(r["active"] == (r["kind"] != "kernel") for r in rows), rows
        finally:
            registry.set_kernels_enabled(previous)
    finally:
        for entry in added:
            fast.remove(entry)
