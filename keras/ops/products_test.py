"""keras.ops products against NumPy: values, dtypes, symbolic specs, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common import registry
from keras.ops import testing

# Integer inputs stay small so that products are exact in every dtype.
PRODUCT_DTYPES = ["float32", "float16", "bfloat16", "int32", "int8", "uint8", "int16",
                  "uint16", "uint32", "bool"]


def traced(function):
    """`function` under the engine's tracer (jax.jit, tf.function), eager elsewhere."""
    if active.name == "jax":
        import jax

        return jax.jit(function)
    if active.name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


def arrays(shape1, shape2, dtype="float32"):
    low, high = (0, 3) if dtype.startswith("u") else (-2, 3)
    return (
        testing.random_array(shape1, dtype, seed=1, low=low, high=high),
        testing.random_array(shape2, dtype, seed=2, low=low, high=high),
    )


def tolerance(dtype):
    return {"float16": 1e-2, "bfloat16": 5e-2}.get(dtype, 1e-5)


def reference(function, x1, x2, dtype, *args, **kwargs):
    """`function` computed in float64 (bools and ints exactly), cast to `dtype`."""
    if dtype == "bool":
        result = function(x1.astype("int64"), x2.astype("int64"), *args, **kwargs)
        return np.asarray(result) != 0
    wide = "int64" if dtypes.is_int_dtype(dtype) else "float64"
    result = np.asarray(function(x1.astype(wide), x2.astype(wide), *args, **kwargs))
    return result.astype(dtypes.numpy_dtype(dtype))


def check(actual, expected, dtype):
    testing.assert_close(actual, expected, rtol=tolerance(dtype), atol=tolerance(dtype))


DOT_SHAPES = [
    ((), (3,)), ((3,), ()), ((4,), (4,)), ((2, 3), (3,)), ((3,), (3, 2)),
    ((2, 3), (3, 4)), ((2, 3, 4), (5, 4, 2)), ((0, 3), (3, 2)), ((2, 0), (0, 3)),
]


@pytest.mark.parametrize("shapes", DOT_SHAPES)
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_dot(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    check(ops.dot(x1, x2), reference(np.dot, x1, x2, dtype), dtype)


MATMUL_SHAPES = [((4,), (4,)), ((3,), (3, 2)), ((2, 3), (3,)), ((2, 3), (3, 4)),
                 ((5, 1, 2, 3), (4, 3, 2)), ((3,), (2, 3, 4)), ((2, 3, 4), (4,)),
                 ((0, 2, 3), (3, 1)), ((2, 0), (0, 2))]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES)
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_matmul(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    expected_dtype = "int32" if dtype == "int8" else dtype
    check(ops.matmul(x1, x2), reference(np.matmul, x1, x2, expected_dtype), dtype)


@pytest.mark.parametrize(
    "dtype1, dtype2, expected",
    [
        ("int8", "int8", "int32"),
        ("int8", "int16", "int16"),
        ("uint8", "int8", "int16"),
        ("int32", "float16", "float16"),
        ("bool", "int8", "int8"),
    ],
)
def test_product_dtypes(dtype1, dtype2, expected):
    x1 = testing.random_array((2, 3), dtype1, seed=1, low=0)
    x2 = testing.random_array((3, 2), dtype2, seed=2, low=0)
    def dtype_of(result):
        return dtypes.standardize_dtype(testing.to_numpy(result).dtype)

    assert dtype_of(ops.matmul(x1, x2)) == expected
    assert dtype_of(ops.einsum("ij,jk->ik", x1, x2)) == expected
    promoted = dtypes.result_type(dtype1, dtype2)
    assert dtype_of(ops.dot(x1, x2)) == promoted
    assert dtype_of(ops.tensordot(x1, x2, 1)) == promoted


def test_python_scalars_are_weak():
    x = testing.random_array((3,), "int8")
    testing.assert_close(ops.dot(x, 2), (x * 2).astype("int8"))
    expected = np.full(2, 2.5, "float16")
    testing.assert_close(ops.inner(2.5, np.ones(2, "float16")), expected)


@pytest.mark.parametrize("shapes", [((), (3,)), ((4,), (4,)), ((2, 3), (4, 3)),
                                    ((2, 1, 3), (3,)), ((0, 2), (3, 2))])
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_inner(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    check(ops.inner(x1, x2), reference(np.inner, x1, x2, dtype), dtype)


@pytest.mark.parametrize(
    "shapes", [((3,), (4,)), ((2, 3), (2,)), ((), (3,)), ((0,), (2,))]
)
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_outer(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    check(ops.outer(x1, x2), reference(np.outer, x1, x2, dtype), dtype)


@pytest.mark.parametrize("shapes", [((2,), (3,)), ((2, 3), (2, 2)), ((2, 3), (4,)),
                                    ((3,), (2, 1, 2)), ((), (2,)), ((0, 2), (2, 3))])
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_kron(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    check(ops.kron(x1, x2), reference(np.kron, x1, x2, dtype), dtype)


@pytest.mark.parametrize("shapes", [((4,), (4,)), ((2, 3), (6,)), ((2, 2), (2, 2)),
                                    ((), ()), ((0,), (0, 2))])
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_vdot(shapes, dtype):
    x1, x2 = arrays(*shapes, dtype)
    check(ops.vdot(x1, x2), reference(np.vdot, x1, x2, dtype), dtype)


TENSORDOT_CASES = [
    ((2, 3, 4), (3, 4, 5), 2),
    ((2, 3), (3, 4), 1),
    ((2, 3), (4, 5), 0),
    ((2, 3, 4), (4, 3, 5), ([1, 2], [1, 0])),
    ((2, 3, 4), (4, 5), (-1, 0)),
    ((2, 3, 4), (5, 3), ((1,), (-1,))),
    ((0, 3), (3, 2), 1),
]


@pytest.mark.parametrize("shape1, shape2, axes", TENSORDOT_CASES)
@pytest.mark.parametrize("dtype", PRODUCT_DTYPES)
def test_tensordot(shape1, shape2, axes, dtype):
    x1, x2 = arrays(shape1, shape2, dtype)
    expected = reference(np.tensordot, x1, x2, dtype, axes)
    check(ops.tensordot(x1, x2, axes=axes), expected, dtype)


EINSUM_CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(2,), (3,)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(5, 2, 3), (1, 3, 4)]),
    ("...ij,...jk", [(5, 2, 3), (3, 4)]),
    ("i...->...", [(3, 2, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ij,ij->ij", [(0, 2), (0, 2)]),
]


@pytest.mark.parametrize("subscripts, shapes", EINSUM_CASES)
@pytest.mark.parametrize(
    "dtype", ["float32", "float16", "int32", "int8", "uint16", "bool"]
)
def test_einsum(subscripts, shapes, dtype):
    low = 0 if dtype.startswith("u") else -2
    operands = [
        testing.random_array(shape, dtype, seed=i, low=low)
        for i, shape in enumerate(shapes)
    ]
    expected_dtype = "int32" if dtype == "int8" else dtype
    if dtype == "bool":
        expected = np.einsum(subscripts, *[x.astype("int64") for x in operands]) != 0
    else:
        wide = "float64" if dtypes.is_float_dtype(dtype) else "int64"
        expected = np.einsum(subscripts, *[x.astype(wide) for x in operands]).astype(
            dtypes.numpy_dtype(expected_dtype)
        )
    check(ops.einsum(subscripts, *operands), expected, dtype)


CROSS_CASES = [
    ((4, 3), (4, 3), {}),
    ((3,), (2, 3), {}),
    ((4, 2), (4, 2), {}),
    ((4, 2), (4, 3), {}),
    ((3, 2), (2,), {}),
    ((3, 4), (3, 4), {"axisa": 0, "axisb": 0, "axisc": 0}),
    ((3, 4), (4, 3), {"axisa": 0}),
    ((2, 3, 5), (2, 3, 5), {"axis": 1}),
    ((2, 5, 3), (5, 3), {"axisc": 1}),
    ((0, 3), (3,), {}),
    ((2, 4), (2, 4), {"axis": 0}),
    ((2, 4), (4, 2), {"axisa": 0}),
]


@pytest.mark.parametrize("shape1, shape2, kwargs", CROSS_CASES)
@pytest.mark.parametrize("dtype", ["float32", "float16", "int32", "int8"])
def test_cross(shape1, shape2, kwargs, dtype):
    x1, x2 = arrays(shape1, shape2, dtype)
    # np.cross of 2-D vectors is deprecated: pad them with a zero z-component.
    axisa = kwargs.get("axis", kwargs.get("axisa", -1))
    axisb = kwargs.get("axis", kwargs.get("axisb", -1))
    planar = x1.shape[axisa] == 2 and x2.shape[axisb] == 2

    def padded(x, axis):
        if x.shape[axis] == 3:
            return x
        pad = [(0, 0)] * x.ndim
        pad[axis % x.ndim] = (0, 1)
        return np.pad(x, pad)

    a, b = padded(x1, axisa), padded(x2, axisb)
    expected = reference(np.cross, a, b, dtype, **kwargs)
    if planar:
        axisc = kwargs.get("axis", kwargs.get("axisc", -1))
        expected = np.take(expected, 2, axis=axisc)
    check(ops.cross(x1, x2, **kwargs), expected, dtype)


@pytest.mark.parametrize(
    "m, n", [(5, 3), (3, 5), (4, 4), (1, 6), (6, 1), (2, 7), (7, 2)]
)
@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_correlate(m, n, mode):
    x1, x2 = arrays((m,), (n,))
    expected = np.correlate(x1.astype("float64"), x2.astype("float64"), mode)
    testing.assert_close(ops.correlate(x1, x2, mode=mode), expected.astype("float32"),
                         atol=1e-5)


@pytest.mark.parametrize(
    "dtype, expected",
    [
        ("int32", "float32"),
        ("float16", "float16"),
        ("bfloat16", "bfloat16"),
        ("bool", "float32"),
    ],
)
def test_correlate_dtypes(dtype, expected):
    x1, x2 = arrays((5,), (3,), dtype)
    result = ops.correlate(x1, x2, mode="full")
    reference_values = np.correlate(x1.astype("float64"), x2.astype("float64"), "full")
    check(result, reference_values.astype(dtypes.numpy_dtype(expected)), dtype)


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1), (2, 0, 3, 3)])
@pytest.mark.parametrize("dtype", ["float32", "float16", "int32"])
def test_slogdet(shape, dtype):
    x = testing.random_array(shape, dtype)
    sign, logabsdet = ops.slogdet(x)
    expected_sign, expected_log = np.linalg.slogdet(x.astype("float64"))
    out = "float32" if dtype == "int32" else dtype
    check(sign, expected_sign.astype(out), dtype)
    check(logabsdet, expected_log.astype(out), dtype)


def test_slogdet_of_a_singular_matrix():
    sign, logabsdet = ops.slogdet(np.array([[1.0, 2.0], [2.0, 4.0]], "float32"))
    assert testing.to_numpy(sign) == 0
    assert testing.to_numpy(logabsdet) == -np.inf


TRACE_DTYPES = {"float32": "float32", "float16": "float16", "bfloat16": "bfloat16",
                "int32": "int32", "int8": "int32", "uint8": "int32", "int16": "int32",
                "uint16": "int32", "uint32": "uint32", "bool": "int32"}


@pytest.mark.parametrize(
    "shape, kwargs",
    [
        ((3, 3), {}),
        ((3, 4), {"offset": 1}),
        ((4, 3), {"offset": -2}),
        ((3, 3), {"offset": 5}),
        ((2, 3, 4), {"axis1": 1, "axis2": 2}),
        ((2, 3, 4), {"axis1": -1, "axis2": 0}),
        ((2, 3, 4), {"offset": 1, "axis1": 2, "axis2": 1}),
        ((0, 3), {}),
    ],
)
@pytest.mark.parametrize("dtype", sorted(TRACE_DTYPES))
def test_trace(shape, kwargs, dtype):
    x = testing.random_array(shape, dtype, low=0 if dtype.startswith("u") else -3)
    out = dtypes.numpy_dtype(TRACE_DTYPES[dtype])
    wide = "float64" if dtypes.is_float_dtype(dtype) else "int64"
    expected = np.trace(x.astype(wide), **kwargs).astype(out)
    check(ops.trace(x, **kwargs), expected, dtype)


def test_vectorize_elementwise():
    add = ops.vectorize(lambda a, b: ops.add(a, b))
    result = add(np.array([1, 2, 3], "int32"), 2)
    testing.assert_close(result, np.array([3, 4, 5], "int32"))
    x1, x2 = arrays((2, 1, 3), (4, 1))
    testing.assert_close(add(x1, x2), x1 + x2)


def test_vectorize_with_signature():
    matvec = ops.vectorize(lambda m, v: ops.matmul(m, v), signature="(m,n),(n)->(m)")
    m, v = arrays((4, 2, 3), (5, 1, 3))
    testing.assert_close(matvec(m, v), np.einsum("bmn,cn->cbm", m, v[:, 0]), atol=1e-5)


def test_vectorize_with_excluded_and_two_outputs():
    def scale(x, factor):
        return ops.multiply(x, factor), ops.add(x, factor)

    vectorized = ops.vectorize(scale, excluded={1})
    x = testing.random_array((2, 3), "float32")
    product, total = vectorized(x, 2.0)
    testing.assert_close(product, x * 2)
    testing.assert_close(total, x + 2)


def test_vectorize_reduces_core_dims():
    norm = ops.vectorize(lambda v: ops.sqrt(ops.dot(v, v)), signature="(n)->()")
    x = testing.random_array((3, 4), "float32")
    testing.assert_close(norm(x), np.linalg.norm(x, axis=-1), atol=1e-5)


def test_ops_under_tracing():
    x1, x2 = arrays((2, 3), (3, 4))
    v = testing.random_array((3, 3), "float32", seed=5)

    def function(x1, x2, v):
        return (
            ops.dot(x1, x2),
            ops.matmul(x1, x2),
            ops.einsum("ij,jk->ki", x1, x2),
            ops.tensordot(x1, x2, 1),
            ops.inner(x1, v),
            ops.outer(x1, x2),
            ops.kron(x1, v),
            ops.vdot(x1, x1),
            ops.cross(v, v[::-1]),
            ops.trace(v, 1),
            ops.slogdet(v)[1],
            ops.correlate(v[0], x1[0], mode="same"),
        )

    expected = (
        x1 @ x2,
        x1 @ x2,
        (x1 @ x2).T,
        x1 @ x2,
        np.inner(x1, v),
        np.outer(x1, x2),
        np.kron(x1, v),
        np.vdot(x1, x1),
        np.cross(v, v[::-1]),
        np.trace(v, 1),
        np.linalg.slogdet(v)[1],
        np.correlate(v[0], x1[0], mode="same"),
    )
    for actual, wanted in zip(traced(function)(x1, x2, v), expected):
        testing.assert_close(actual, np.asarray(wanted, "float32"), atol=1e-5)


# --- symbolic ---------------------------------------------------------------------


def s(shape, dtype="float32"):
    return testing.symbolic(shape, dtype)


SYMBOLIC_CASES = [
    (lambda: ops.dot(s((None, 3)), s((3, 4), "int8")), (None, 4), "float32"),
    (lambda: ops.dot(s((2, 3, 4)), s((5, 4, None))), (2, 3, 5, None), "float32"),
    (lambda: ops.dot(s((None, 3)), s((3,))), (None,), "float32"),
    (lambda: ops.dot(s(()), s((2, None), "int32")), (2, None), "float32"),
    (lambda: ops.matmul(s((None, 1, 2, 3), "int8"), s((4, 3, 5), "int8")),
     (None, 4, 2, 5), "int32"),
    (lambda: ops.matmul(s((3,)), s((None, 3, 4))), (None, 4), "float32"),
    (lambda: ops.matmul(s((2, 3)), s((3,))), (2,), "float32"),
    (lambda: ops.matmul(s((3,)), s((3,))), (), "float32"),
    (lambda: ops.inner(s((2, None)), s((4, 3))), (2, 4), "float32"),
    (lambda: ops.outer(s((2, 3), "int16"), s((None,), "int8")), (6, None), "int16"),
    (lambda: ops.kron(s((2, 3)), s((None, 2, 2))), (None, 4, 6), "float32"),
    (lambda: ops.vdot(s((2, 3)), s((6,))), (), "float32"),
    (lambda: ops.tensordot(s((None, 3, 4)), s((3, 4, 5))), (None, 5), "float32"),
    (lambda: ops.tensordot(s((2, 3, 4)), s((4, 3, 5)), axes=([1, 2], [1, 0])),
     (2, 5), "float32"),
    (lambda: ops.einsum("ij,jk->ik", s((None, 3)), s((3, 5))), (None, 5), "float32"),
    (lambda: ops.einsum("...ij,...jk", s((None, 2, 3)), s((3, 4))), (None, 2, 4),
     "float32"),
    (lambda: ops.einsum("ii", s((3, 3), "int8")), (), "int32"),
    (lambda: ops.einsum("ij->j", s((2, None), "uint8")), (None,), "uint8"),
    (lambda: ops.cross(s((None, 3)), s((3,))), (None, 3), "float32"),
    (lambda: ops.cross(s((None, 2)), s((None, 2))), (None,), "float32"),
    (lambda: ops.cross(s((3, 5)), s((5, 3)), axisa=0, axisc=0), (3, 5), "float32"),
    (lambda: ops.correlate(s((5,), "int32"), s((3,), "int32")), (3,), "float32"),
    (lambda: ops.correlate(s((5,), "float16"), s((3,)), mode="full"), (7,), "float32"),
    (lambda: ops.correlate(s((None,)), s((3,)), mode="same"), (None,), "float32"),
    (lambda: ops.slogdet(s((None, 3, 3), "float16"))[0], (None,), "float16"),
    (lambda: ops.slogdet(s((None, 3, 3), "float16"))[1], (None,), "float16"),
    (lambda: ops.slogdet(s((3, 3), "int32"))[1], (), "float32"),
    (lambda: ops.trace(s((None, 3, 4), "int8"), axis1=1, axis2=2), (None,), "int32"),
    (lambda: ops.trace(s((3, 3), "uint32")), (), "uint32"),
    (lambda: ops.trace(s((3, 3), "bfloat16")), (), "bfloat16"),
]


@pytest.mark.parametrize("call, shape, dtype", SYMBOLIC_CASES)
def test_symbolic_specs(call, shape, dtype):
    testing.assert_spec(call(), shape, dtype)


# Regression: KerasTensors of one 64-bit dtype reported the 32-bit promoted dtype (and
# trace of int64 int32), where the eager products keep the dtype their inputs share.
@pytest.mark.parametrize(
    "name, shape1, shape2, dtype",
    [
        ("dot", (2, 3), (3, 4), "float64"),
        ("matmul", (5, 2, 3), (3,), "float64"),
        ("inner", (2, 3), (3,), "int64"),
        ("outer", (3,), (2,), "int64"),
        ("kron", (2, 2), (2,), "float64"),
        ("cross", (2, 3), (2, 3), "float64"),
        ("tensordot", (2, 3), (3, 4), "float64"),
        ("vdot", (2, 2), (2, 2), "int64"),
    ],
)
def test_one_64_bit_dtype_symbolic_matches_eager(name, shape1, shape2, dtype):
    x1, x2 = arrays(shape1, shape2, dtype)
    extra = {"axes": 1} if name == "tensordot" else {}
    expected = np.asarray(getattr(np, name)(x1, x2, **extra))
    # The dtype the engine holds the reference in: 64 bits, except JAX without x64.
    held = dtypes.standardize_dtype(ops.convert_to_tensor(expected).dtype)
    out = getattr(ops, name)(
        ops.convert_to_tensor(x1, dtype=dtype),
        ops.convert_to_tensor(x2, dtype=dtype),
        **extra,
    )
    check(out, expected.astype(held), held)
    spec = getattr(ops, name)(s(shape1, dtype), s(shape2, dtype), **extra)
    testing.assert_spec(spec, expected.shape, held)


def test_trace_of_int64_keeps_int64():
    x = testing.random_array((4, 2, 4), "int64", seed=3, low=-9, high=9)
    expected = np.trace(x, axis1=0, axis2=2)
    held = dtypes.standardize_dtype(ops.convert_to_tensor(expected).dtype)
    out = ops.trace(ops.convert_to_tensor(x, dtype="int64"), axis1=0, axis2=2)
    check(out, expected.astype(held), held)
    spec = ops.trace(s((4, 2, 4), "int64"), axis1=0, axis2=2)
    testing.assert_spec(spec, (2,), held)


# --- errors -----------------------------------------------------------------------


X23, X32, X3 = np.ones((2, 3)), np.ones((3, 2)), np.ones(3)

BAD_ARGUMENTS = [
    (lambda: ops.dot(X23, np.ones((4, 2))), ValueError, "dot"),
    (lambda: ops.matmul(X3, 2.0), ValueError, "rank >= 1"),
    (lambda: ops.matmul(s((2, 3)), s((4, 2))), ValueError, "matmul"),
    (lambda: ops.matmul(np.ones((2, 2, 3)), np.ones((3, 3, 2))), ValueError,
     "broadcast"),
    (lambda: ops.inner(X3, np.ones(4)), ValueError, "inner"),
    (lambda: ops.vdot(X3, np.ones(4)), ValueError, "sizes"),
    (lambda: ops.tensordot(X23, X32, axes=3), ValueError, "axes"),
    (lambda: ops.tensordot(X23, X32, axes=([0], [0])), ValueError, "tensordot"),
    (lambda: ops.tensordot(X23, X32, axes=([1], [2])), ValueError, r"axes\[1\]"),
    (lambda: ops.tensordot(X23, X32, axes="x"), ValueError, "axes"),
    (lambda: ops.einsum("ij,jk", X23), ValueError, "operands"),
    (lambda: ops.einsum("ij->ik", X23), ValueError, "output label"),
    (lambda: ops.einsum("ijk", X23), ValueError, "axes"),
    (lambda: ops.einsum("ij,jk", X23, np.ones((4, 2))), ValueError, "sizes"),
    (lambda: ops.einsum(3, np.ones(2)), TypeError, "subscripts"),
    (lambda: ops.cross(np.ones(4), X3), ValueError, "axisa"),
    (lambda: ops.cross(X3, X32, axisb=2), ValueError, "axisb"),
    (lambda: ops.correlate(X3, np.ones(2), mode="middle"), ValueError, "mode"),
    (lambda: ops.correlate(np.ones((3, 1)), np.ones(2)), ValueError, "1-D"),
    (lambda: ops.correlate(np.ones(0), np.ones(2)), ValueError, "non-empty"),
    (lambda: ops.slogdet(X23), ValueError, "square"),
    (lambda: ops.slogdet(X3), ValueError, "rank >= 2"),
    (lambda: ops.trace(X3), ValueError, "rank >= 2"),
    (lambda: ops.trace(np.ones((2, 2)), axis1=1, axis2=-1), ValueError, "differ"),
    (lambda: ops.trace(np.ones((2, 2)), axis2=2), ValueError, "axis2"),
    (lambda: ops.vectorize(3), TypeError, "pyfunc"),
]


@pytest.mark.parametrize("call, error, match", BAD_ARGUMENTS)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("m,k,n", [(300, 2500, 7), (1, 1025, 3), (20, 0, 4)])
def test_int8_matmul_is_exact_over_long_sums(m, k, n):
    # Every engine path of an int8 product (int8 GEMMs, the kernel, and torch's float32
    # GEMMs in pieces of 1024 terms on a CPU without AVX-512) gives exact int32 sums,
    # even where float32 would round: all -128 sums to 2^14 * k, past 2^24 here.
    rng = np.random.default_rng(k)
    a = rng.integers(-128, 128, size=(m, k)).astype("int8")
    b = rng.integers(-128, 128, size=(k, n)).astype("int8")
    a[0], b[:, 0] = -128, -128
    got = ops.matmul(ops.convert_to_tensor(a), ops.convert_to_tensor(b))
    assert dtypes.dtype_of(got) == "int32"
    want = a.astype(np.int64) @ b.astype(np.int64)
    np.testing.assert_array_equal(ops.convert_to_numpy(got), want.astype(np.int32))


def test_int8_matmul_engine_path_is_exact_past_float32_precision():
    # The engine's own path, kernels off (torch on a CPU without AVX-512: float32 GEMMs
    # over 1024 terms at a time; elsewhere the engines' int8 GEMMs).
    rng = np.random.default_rng(7)
    for m, k, n in [(3, 4096, 5), (2, 1024, 2), (300, 1, 1)]:
        a = np.full((m, k), -128, "int8")
        b = rng.integers(-128, 128, size=(k, n)).astype("int8")
        b[:, 0] = -128
        previous = registry.set_kernels_enabled(False)
        try:
            got = ops.matmul(ops.convert_to_tensor(a), ops.convert_to_tensor(b))
        finally:
            registry.set_kernels_enabled(previous)
        assert dtypes.dtype_of(got) == "int32"
        want = a.astype(np.int64) @ b.astype(np.int64)
        np.testing.assert_array_equal(ops.convert_to_numpy(got), want.astype(np.int32))
