"""The int8 product kernel through the public ops, on every backend with a binding
(numpy, jax, torch, tensorflow): exact int32 results against NumPy, the rows it takes
and declines, and an int8-quantized Dense layer giving the same output with and
without it (`registry.set_kernels_enabled(False)`)."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.ops import testing

from kernels.bindings import common
from kernels.bindings import library

BACKEND = testing.backend_name()
NAME = "products._int8_matmul_2d"


def kernel_entry():
    entries = registry.for_backend(BACKEND).entries(NAME)
    kernels = [e for e in entries if e.kind == "kernel"]
    assert kernels, f"no kernel entry for {NAME} on {BACKEND}"
    return kernels[0].function


def max_rows():
    most = common.int8_max_rows(BACKEND)
    return 4096 if most is None else most


def int8(rng, shape):
    return rng.integers(-128, 128, size=shape).astype("int8")


def test_kernel_is_registered_and_active():
    assert library.cpu() is not None, library.unavailable_reason()
    rows = [r for r in active.fast_paths() if r["name"] == NAME and r["kind"] == "kernel"]
    assert rows and rows[0]["active"], active.fast_paths()
    assert rows[0]["dtypes"] == ("int8",)


@pytest.mark.parametrize("m", [1, 2, 3, 4])
@pytest.mark.parametrize("k,n", [(1, 1), (17, 63), (64, 64), (300, 130), (1024, 257)])
def test_product_is_exact(m, k, n):
    if m > max_rows():
        pytest.skip(f"the kernel takes at most {max_rows()} row(s) on this CPU's build")
    rng = np.random.default_rng(m * 1000 + k + n)
    a, b = int8(rng, (m, k)), int8(rng, (k, n))
    want = a.astype(np.int64) @ b.astype(np.int64)
    at, bt = ops.convert_to_tensor(a), ops.convert_to_tensor(b)
    taken = kernel_entry()(at, bt)
    assert taken is not NotImplemented
    assert dtypes.dtype_of(taken) == "int32"
    np.testing.assert_array_equal(ops.convert_to_numpy(taken), want)
    got = ops.matmul(at, bt)
    assert dtypes.dtype_of(got) == "int32"
    np.testing.assert_array_equal(ops.convert_to_numpy(got), want)


def test_extremes_do_not_saturate():
    # -128 * -128 twice is 32768: past int16, where a pairwise int16 step would clip.
    a = np.full((2, 513), -128, np.int8)
    b = np.full((513, 70), -128, np.int8)
    got = ops.convert_to_numpy(ops.matmul(ops.convert_to_tensor(a), ops.convert_to_tensor(b)))
    np.testing.assert_array_equal(got, np.full((2, 70), 513 * 16384, np.int64))


def test_leading_axes_go_through_the_kernel():
    rng = np.random.default_rng(3)
    a, b = int8(rng, (1, 1, 96)), int8(rng, (96, 40))
    got = ops.matmul(ops.convert_to_tensor(a), ops.convert_to_tensor(b))
    assert tuple(got.shape) == (1, 1, 40)
    np.testing.assert_array_equal(
        ops.convert_to_numpy(got), a.astype(np.int64) @ b.astype(np.int64)
    )


def test_declines_other_dtypes_ranks_and_many_rows():
    rng = np.random.default_rng(4)
    entry = kernel_entry()
    b = ops.convert_to_tensor(int8(rng, (8, 5)))
    floats = ops.convert_to_tensor(rng.normal(size=(1, 8)).astype("float32"))
    assert entry(floats, ops.cast(b, "float32")) is NotImplemented
    assert entry(ops.convert_to_tensor(int8(rng, (2, 1, 8))), b) is NotImplemented
    many = ops.convert_to_tensor(int8(rng, (max_rows() + 1, 8)))
    if common.int8_max_rows(BACKEND) is None:
        # Every row count: NumPy's integer matmul has no BLAS.
        taken = entry(many, b)
        assert taken is not NotImplemented
        np.testing.assert_array_equal(
            ops.convert_to_numpy(taken),
            ops.convert_to_numpy(many).astype(np.int64) @ ops.convert_to_numpy(b),
        )
    else:
        assert entry(many, b) is NotImplemented
    # Declined products still give the exact result, through the engine.
    np.testing.assert_array_equal(
        ops.convert_to_numpy(ops.matmul(many, b)),
        ops.convert_to_numpy(many).astype(np.int64) @ ops.convert_to_numpy(b),
    )


@pytest.mark.skipif(BACKEND not in ("jax", "tensorflow"), reason="compiled functions")
def test_inside_a_compiled_function():
    rng = np.random.default_rng(5)
    a, b = int8(rng, (2, 200)), int8(rng, (200, 33))
    if BACKEND == "jax":
        import jax

        got = jax.jit(lambda p, q: ops.matmul(p, q))(a, b)
    else:
        import tensorflow as tf

        got = tf.function(lambda p, q: ops.matmul(p, q))(tf.constant(a), tf.constant(b))
    np.testing.assert_array_equal(
        ops.convert_to_numpy(got), a.astype(np.int64) @ b.astype(np.int64)
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_int8_dense_gives_the_same_output_with_and_without_the_kernel(rows):
    import keras

    keras.utils.set_random_seed(1)
    inputs = keras.Input((96,))
    hidden = keras.layers.Dense(128, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(10)(hidden))
    x = np.random.default_rng(6).normal(size=(rows, 96)).astype("float32")
    want_float = ops.convert_to_numpy(model(x))
    model.quantize("int8")
    with_kernel = ops.convert_to_numpy(model(x))
    predicted = model.predict_on_batch(x)
    previous = registry.set_kernels_enabled(False)
    try:
        without = ops.convert_to_numpy(model(x))
    finally:
        registry.set_kernels_enabled(previous)
    # The int32 sums are exact either way, so the outputs agree to float rounding.
    np.testing.assert_allclose(with_kernel, without, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(predicted, without, rtol=1e-6, atol=1e-6)
    error = np.linalg.norm(with_kernel - want_float) / np.linalg.norm(want_float)
    assert error < 0.05, error


@pytest.mark.skipif(BACKEND not in ("jax", "torch"), reason="vectorized_map is a vmap there")
def test_under_vectorized_map():
    rng = np.random.default_rng(8)
    xs, w = int8(rng, (3, 1, 40)), int8(rng, (40, 9))
    wt = ops.convert_to_tensor(w)
    got = ops.vectorized_map(lambda row: ops.matmul(row, wt), ops.convert_to_tensor(xs))
    np.testing.assert_array_equal(
        ops.convert_to_numpy(got), xs.astype(np.int64) @ w.astype(np.int64)
    )
