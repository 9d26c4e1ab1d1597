"""keras.ops creation ops against NumPy: values, dtypes, symbolic specs, errors."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import creation
from keras.ops import testing

DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "float16", "bfloat16",
          "float32", "bool"]


def traced(function):
    """`function` under the engine's tracer (jax.jit, tf.function), eager elsewhere."""
    if active.name == "jax":
        import jax

        return jax.jit(function)
    if active.name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


# --- filled tensors ---------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), 3, (0,), (2, 3), [1, 2, 3]])
@pytest.mark.parametrize("dtype", [None, "int8", "uint16", "bool", "bfloat16", "int32"])
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_zeros_ones_empty(name, shape, dtype):
    result = getattr(ops, name)(shape, dtype=dtype)
    expected_dtype = dtypes.numpy_dtype(dtype or "float32")
    if name == "empty":
        assert testing.to_numpy(result).shape == np.empty(shape).shape
        actual_dtype = dtypes.standardize_dtype(testing.to_numpy(result).dtype)
        assert actual_dtype == (dtype or "float32")
        return
    expected = getattr(np, name)(shape, dtype=expected_dtype)
    testing.assert_close(result, expected)


@pytest.mark.parametrize(
    "shape, fill_value, dtype, expected_dtype",
    [
        ((2, 3), 7, None, "float32"),
        ((2, 3), 1.5, None, "float32"),
        ((2, 3), 7, "int8", "int8"),
        ((4,), 1.5, "int32", "int32"),
        ((2,), True, "bool", "bool"),
        ((0, 2), 3, "uint16", "uint16"),
        ((2, 3), np.array([1.0, 2.0, 3.0], "float32"), "float16", "float16"),
    ],
)
def test_full(shape, fill_value, dtype, expected_dtype):
    expected = np.full(shape, fill_value).astype(dtypes.numpy_dtype(expected_dtype))
    testing.assert_close(ops.full(shape, fill_value, dtype=dtype), expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (2, 3)])
def test_like_ops_keep_the_dtype_of_x(shape, dtype):
    x = testing.random_array(shape, dtype)
    numpy_dtype = x.dtype
    testing.assert_close(ops.zeros_like(x), np.zeros(shape, numpy_dtype))
    testing.assert_close(ops.ones_like(x), np.ones(shape, numpy_dtype))
    testing.assert_close(ops.full_like(x, 1), np.full(shape, 1, numpy_dtype))
    empty = testing.to_numpy(ops.empty_like(x))
    assert empty.shape == shape and empty.dtype == numpy_dtype


@pytest.mark.parametrize("dtype", ["int8", "float16", "bool", "uint32"])
def test_like_ops_with_dtype(dtype):
    x = testing.random_array((2, 3), "float32")
    target = dtypes.numpy_dtype(dtype)
    testing.assert_close(ops.zeros_like(x, dtype=dtype), np.zeros((2, 3), target))
    testing.assert_close(ops.ones_like(x, dtype=dtype), np.ones((2, 3), target))
    expected = np.full((2, 3), 2).astype(target)
    testing.assert_close(ops.full_like(x, 2, dtype=dtype), expected)
    assert testing.to_numpy(ops.empty_like(x, dtype=dtype)).dtype == target


def test_full_like_broadcasts_a_tensor_fill_value_and_takes_lists():
    x = testing.random_array((2, 3), "int32")
    fill = np.array([1, 2, 3], "int32")
    testing.assert_close(ops.full_like(x, fill), np.broadcast_to(fill, (2, 3)))
    testing.assert_close(ops.zeros_like([1, 2]), np.zeros(2, "int32"))
    testing.assert_close(ops.ones_like([1.0, 2.0]), np.ones(2, "float32"))


@pytest.mark.parametrize(
    "x, dtype, expected",
    [
        ([1, 2, 3], None, np.array([1, 2, 3], "int32")),
        ([1.0, 2], None, np.array([1, 2], "float32")),
        ([[True], [False]], None, np.array([[True], [False]])),
        (np.arange(4, dtype="int8"), None, np.arange(4, dtype="int8")),
        ([1, 2], "float16", np.array([1, 2], "float16")),
        (3.5, "int32", np.array(3, "int32")),
    ],
)
def test_array(x, dtype, expected):
    result = ops.array(x, dtype=dtype)
    assert active.is_tensor(result)
    testing.assert_close(result, expected)


# --- eye, identity, tri -----------------------------------------------------------


@pytest.mark.parametrize(
    "N, M, k", [(3, None, 0), (3, 4, 1), (4, 2, -1), (3, 3, 5), (3, 3, -5), (0, 2, 0)]
)
@pytest.mark.parametrize("dtype", [None, "int32", "bool", "uint8", "bfloat16"])
def test_eye_and_tri(N, M, k, dtype):
    target = dtypes.numpy_dtype(dtype or "float32")
    testing.assert_close(ops.eye(N, M, k, dtype=dtype), np.eye(N, M, k).astype(target))
    testing.assert_close(ops.tri(N, M, k, dtype=dtype), np.tri(N, M, k).astype(target))


@pytest.mark.parametrize("n", [0, 1, 4])
def test_identity(n):
    testing.assert_close(ops.identity(n), np.identity(n, "float32"))
    testing.assert_close(ops.identity(n, dtype="int16"), np.identity(n, "int16"))


# --- ranges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        ((5,), {}, np.arange(5).astype("int32")),
        ((2, 9, 3), {}, np.arange(2, 9, 3).astype("int32")),
        ((9, 2, -2), {}, np.arange(9, 2, -2).astype("int32")),
        ((5, 1), {}, np.zeros(0, "int32")),
        ((0,), {}, np.zeros(0, "int32")),
        ((5.0,), {}, np.arange(5.0).astype("float32")),
        ((1, 2, 0.1), {}, np.arange(1, 2, 0.1).astype("float32")),
        ((-1.5, 2.25, 0.75), {}, np.arange(-1.5, 2.25, 0.75).astype("float32")),
        ((5,), {"dtype": "float16"}, np.arange(5).astype("float16")),
        ((1, 7), {"step": 2, "dtype": "uint8"}, np.arange(1, 7, 2).astype("uint8")),
        ((3,), {"step": None}, np.arange(3).astype("int32")),
        ((np.int8(2), np.int8(6)), {}, np.arange(2, 6).astype("int8")),
    ],
)
def test_arange(args, kwargs, expected):
    testing.assert_close(ops.arange(*args, **kwargs), expected)


LINSPACE_CASES = [
    # start, stop, kwargs
    (0.0, 1.0, {"num": 5}),
    (2, 10, {"num": 4, "endpoint": False}),
    (1.0, 3.0, {"num": 1}),
    (1.0, 3.0, {"num": 1, "endpoint": False}),
    (1.0, 3.0, {"num": 0}),
    (-2, 7, {"num": 6, "dtype": "int32"}),
    (0.0, 1.0, {"num": 3, "dtype": "float16"}),
    (np.array([0.0, 1.0], "float32"), 4.0, {"num": 5}),
    (np.array([[0.0], [1.0]], "float32"), np.array([2.0, 3.0, 4.0], "float32"),
     {"num": 3, "axis": -1}),
    (np.array([0.0, 1.0], "float32"), np.array([3.0, 5.0], "float32"),
     {"num": 4, "axis": 1, "endpoint": False}),
]


@pytest.mark.parametrize("start, stop, kwargs", LINSPACE_CASES)
def test_linspace(start, stop, kwargs):
    dtype = kwargs.get("dtype", "float32")
    expected = np.linspace(start, stop, **kwargs).astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(ops.linspace(start, stop, **kwargs), expected, atol=1e-5)


def test_linspace_retstep():
    samples, step = ops.linspace(0.0, 2.0, 5, retstep=True)
    testing.assert_close(samples, np.linspace(0, 2, 5).astype("float32"))
    testing.assert_close(step, np.array(0.5, "float32"))
    samples, step = ops.linspace(np.array([0.0, 1.0], "float32"), 3.0, 3, retstep=True)
    testing.assert_close(step, np.array([1.5, 1.0], "float32"))
    samples, step = ops.linspace(0, 9, 4, retstep=True, dtype="int32")
    testing.assert_close(samples, np.array([0, 3, 6, 9], "int32"))
    testing.assert_close(step, np.array(3.0, "float32"))


@pytest.mark.parametrize(
    "start, stop, kwargs",
    [
        (0.0, 2.0, {"num": 3}),
        (1, 3, {"num": 4, "endpoint": False}),
        (0.0, 3.0, {"num": 4, "base": 2.0}),
        (0.0, 2.0, {"num": 3, "dtype": "int32"}),
        (np.array([0.0, 1.0], "float32"), 2.0, {"num": 3, "axis": 1}),
    ],
)
def test_logspace(start, stop, kwargs):
    dtype = kwargs.get("dtype", "float32")
    expected = np.logspace(start, stop, **kwargs).astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(ops.logspace(start, stop, **kwargs), expected, rtol=1e-5)


@pytest.mark.parametrize(
    "start, stop, kwargs",
    [
        (1.0, 1000.0, {"num": 4}),
        (2, 32, {"num": 5, "endpoint": False}),
        (-1.0, -1000.0, {"num": 4}),
        (1.0, 10.0, {"num": 1}),
        (1.0, 10.0, {"num": 0}),
        (1.0, 100.0, {"num": 3, "dtype": "int32"}),
        (np.array([1.0, 2.0], "float32"), 64.0, {"num": 4, "axis": -1}),
    ],
)
def test_geomspace(start, stop, kwargs):
    dtype = kwargs.get("dtype", "float32")
    expected = np.geomspace(start, stop, **kwargs).astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(ops.geomspace(start, stop, **kwargs), expected, rtol=1e-5)


@pytest.mark.parametrize("name", ["linspace", "logspace", "geomspace"])
def test_spaced_ops_infer_float_dtypes(name):
    start = np.array([1.0, 2.0], "float16")
    assert testing.to_numpy(getattr(ops, name)(start, 4.0, 3)).dtype == np.float16
    assert testing.to_numpy(getattr(ops, name)(1, 4, 3)).dtype == np.float32


# --- windows ----------------------------------------------------------------------


@pytest.mark.parametrize("M", [0, 1, 2, 5, 8])
@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
def test_windows(name, M):
    expected = getattr(np, name)(M).astype("float32")
    testing.assert_close(getattr(ops, name)(M), expected, atol=1e-6)


@pytest.mark.parametrize(
    "M, beta", [(0, 1.0), (1, 5.0), (6, 0.0), (7, 3.0), (10, 14.0)]
)
def test_kaiser(M, beta):
    testing.assert_close(ops.kaiser(M, beta), np.kaiser(M, beta).astype("float32"),
                         rtol=1e-5, atol=1e-6)


# --- diagonals and triangles ------------------------------------------------------


@pytest.mark.parametrize("shape", [(3,), (0,), (3, 4), (4, 2), (1, 1)])
@pytest.mark.parametrize("k", [-2, -1, 0, 1, 3, 5])
@pytest.mark.parametrize("dtype", ["float32", "int8", "bool", "uint16"])
def test_diag(shape, k, dtype):
    x = testing.random_array(shape, dtype)
    testing.assert_close(ops.diag(x, k), np.diag(x, k))


@pytest.mark.parametrize("shape", [(), (3,), (2, 2), (2, 1, 2)])
@pytest.mark.parametrize("k", [-1, 0, 2])
def test_diagflat(shape, k):
    x = testing.random_array(shape, "int32")
    testing.assert_close(ops.diagflat(x, k), np.diagflat(x, k))


@pytest.mark.parametrize("shape", [(3, 4), (4, 3), (2, 3, 4), (0, 3), (2, 0, 2)])
@pytest.mark.parametrize("k", [-5, -1, 0, 2])
@pytest.mark.parametrize("dtype", ["float32", "int32", "bool", "uint16", "bfloat16"])
def test_tril_triu(shape, k, dtype):
    x = testing.random_array(shape, dtype)
    testing.assert_close(ops.tril(x, k), np.tril(x, k))
    testing.assert_close(ops.triu(x, k=k), np.triu(x, k))


# --- grids ------------------------------------------------------------------------


@pytest.mark.parametrize("indexing", ["xy", "ij"])
@pytest.mark.parametrize(
    "shapes_and_dtypes",
    [
        [((3,), "float32")],
        [((2,), "int32"), ((3,), "float32")],
        [((2,), "int8"), ((0,), "float32"), ((4,), "bool")],
        [((2, 2), "int32"), ((3,), "uint16"), ((1,), "float16")],
    ],
)
def test_meshgrid(shapes_and_dtypes, indexing):
    xs = [
        testing.random_array(shape, dtype, seed=i)
        for i, (shape, dtype) in enumerate(shapes_and_dtypes)
    ]
    result = ops.meshgrid(*xs, indexing=indexing)
    expected = np.meshgrid(*[x.ravel() for x in xs], indexing=indexing)
    assert len(result) == len(expected)
    for actual, wanted in zip(result, expected):
        testing.assert_close(actual, wanted)


@pytest.mark.parametrize("N", [None, 0, 1, 4])
@pytest.mark.parametrize("increasing", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "int32", "int8", "uint16", "bool"])
def test_vander(N, increasing, dtype):
    x = testing.random_array((3,), dtype)
    expected = np.vander(x, N, increasing).astype(x.dtype)
    testing.assert_close(ops.vander(x, N, increasing), expected, rtol=1e-5)


# --- under the engine's tracer ----------------------------------------------------


def test_ops_under_tracing():
    x = testing.random_array((3, 4), "float32")
    start = np.array([0.0, 1.0], "float32")

    def function(x, start):
        return (
            ops.tril(x, -1),
            ops.triu(x, 1),
            ops.diag(x, 1),
            ops.diagflat(ops.diag(x)),
            ops.linspace(start, 3.0, 4),
            ops.zeros_like(x),
            ops.full_like(x, 2.0),
            ops.vander(ops.diag(x), 3),
            ops.eye(3, 4, 1),
            ops.arange(2, 8, 2),
        )

    expected = (
        np.tril(x, -1),
        np.triu(x, 1),
        np.diag(x, 1),
        np.diagflat(np.diag(x)),
        np.linspace(start, 3.0, 4).astype("float32"),
        np.zeros_like(x),
        np.full_like(x, 2.0),
        np.vander(np.diag(x), 3).astype("float32"),
        np.eye(3, 4, 1, dtype="float32"),
        np.arange(2, 8, 2).astype("int32"),
    )
    for actual, wanted in zip(traced(function)(x, start), expected):
        testing.assert_close(actual, wanted, rtol=1e-5)


# --- symbolic ---------------------------------------------------------------------


def test_symbolic_specs():
    s = testing.symbolic
    x = s((None, 3), "int8")
    testing.assert_spec(ops.zeros_like(x), (None, 3), "int8")
    testing.assert_spec(ops.ones_like(x, dtype="float16"), (None, 3), "float16")
    testing.assert_spec(ops.empty_like(x), (None, 3), "int8")
    testing.assert_spec(ops.full_like(x, 2.0), (None, 3), "int8")
    testing.assert_spec(ops.full((2, 3), s((3,), "int32")), (2, 3), "float32")
    testing.assert_spec(ops.tril(x), (None, 3), "int8")
    testing.assert_spec(ops.triu(testing.symbolic((2, None, 4), "bool"), 1),
                        (2, None, 4), "bool")
    testing.assert_spec(ops.diag(testing.symbolic((3,), "int32"), -2), (5, 5), "int32")
    testing.assert_spec(ops.diag(testing.symbolic((None,))), (None, None), "float32")
    testing.assert_spec(ops.diag(testing.symbolic((3, 5)), 1), (3,), "float32")
    testing.assert_spec(ops.diag(testing.symbolic((3, 5)), 7), (0,), "float32")
    testing.assert_spec(ops.diag(testing.symbolic((None, 5)), 1), (None,), "float32")
    testing.assert_spec(ops.diagflat(testing.symbolic((2, 3)), 1), (7, 7), "float32")
    testing.assert_spec(ops.diagflat(s((None, 3))), (None, None), "float32")
    testing.assert_spec(ops.vander(s((None,), "int32"), 4), (None, 4), "int32")
    testing.assert_spec(ops.vander(testing.symbolic((5,))), (5, 5), "float32")
    grids = ops.meshgrid(testing.symbolic((2,), "int32"), testing.symbolic((None,)),
                         testing.symbolic((4,), "bool"))
    testing.assert_spec(grids[0], (None, 2, 4), "int32")
    testing.assert_spec(grids[1], (None, 2, 4), "float32")
    testing.assert_spec(grids[2], (None, 2, 4), "bool")
    ij = ops.meshgrid(testing.symbolic((2,)), testing.symbolic((3,)), indexing="ij")
    testing.assert_spec(ij[0], (2, 3), "float32")


def test_symbolic_spaced_ops():
    start = testing.symbolic((None, 2), "float16")
    testing.assert_spec(ops.linspace(start, 1.0, 5), (5, None, 2), "float16")
    testing.assert_spec(ops.linspace(start, 1.0, 5, axis=-1), (None, 2, 5), "float16")
    samples, step = ops.linspace(testing.symbolic((3,), "int32"), 9, 4, retstep=True)
    testing.assert_spec(samples, (4, 3), "float32")
    testing.assert_spec(step, (3,), "float32")
    testing.assert_spec(ops.logspace(start, 2.0, 3, dtype="float32"), (3, None, 2),
                        "float32")
    testing.assert_spec(ops.geomspace(testing.symbolic((2,)), 8.0, 3, axis=1), (2, 3),
                        "float32")
    testing.assert_spec(ops.arange(testing.symbolic((), "int32")), (None,), "int32")
    testing.assert_spec(ops.arange(0, testing.symbolic((), "int8"), 0.5), (None,),
                        "float32")
    for name in ("bartlett", "blackman", "hamming", "hanning"):
        testing.assert_spec(getattr(ops, name)(testing.symbolic((), "int32")), (None,),
                            "float32")
    window = ops.kaiser(testing.symbolic((), "int32"), 2.0)
    testing.assert_spec(window, (None,), "float32")


@pytest.mark.parametrize("dtype", [None, "int8", "bool", "float16"])
@pytest.mark.parametrize("name", ["zeros", "ones", "empty"])
def test_unknown_dims_give_a_keras_tensor(name, dtype):
    # The shape `ops.shape` gives for a KerasTensor, as in a layer's traced call.
    shape = ops.shape(testing.symbolic((None, 3)))
    assert isinstance(shape, tuple) and shape == (None, 3)
    result = getattr(ops, name)(shape, dtype=dtype)
    testing.assert_spec(result, (None, 3), dtype or "float32")
    testing.assert_spec(getattr(ops, name)([2, None, 0]), (2, None, 0), "float32")


def test_full_with_unknown_dims():
    shape = ops.shape(testing.symbolic((None, 3)))
    testing.assert_spec(ops.full(shape, 7), (None, 3), "float32")
    testing.assert_spec(ops.full(shape, 7, dtype="int32"), (None, 3), "int32")
    fill = testing.symbolic((3,), "int8")
    testing.assert_spec(ops.full(shape, fill, dtype="int8"), (None, 3), "int8")
    testing.assert_spec(ops.full((None,), np.ones(1), "bool"), (None,), "bool")
    with pytest.raises(ValueError, match="broadcast"):
        ops.full(shape, testing.symbolic((4,)))


# --- errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: ops.zeros((2, -1)), ValueError, "shape"),
        (lambda: ops.ones("3"), TypeError, "shape"),
        (lambda: ops.full((2, 1.5), 0), TypeError, "shape"),
        (lambda: ops.zeros((None, -1)), ValueError, "negative"),
        (lambda: ops.ones((None, "3")), TypeError, "shape"),
        (lambda: ops.full((None, 2.0), 0), TypeError, "shape"),
        (lambda: ops.empty((None, 2**62, 4)), ValueError, "elements"),
        (lambda: ops.zeros((None,), dtype="float128"), ValueError, "dtype"),
        (lambda: ops.zeros((2,), dtype="float128"), ValueError, "dtype"),
        (lambda: ops.eye(-1), ValueError, "`N`"),
        (lambda: ops.eye(2, 2.5), TypeError, "`M`"),
        (lambda: ops.tri(2, k=0.5), TypeError, "`k`"),
        (lambda: ops.identity(-2), ValueError, "`n`"),
        (lambda: ops.arange(0, 5, 0), ValueError, "step"),
        (lambda: ops.linspace(0.0, 1.0, -1), ValueError, "num"),
        (lambda: ops.linspace(0.0, 1.0, 2.5), TypeError, "num"),
        (lambda: ops.linspace(np.zeros(2), 1.0, 3, axis=2), ValueError, "axis"),
        (lambda: ops.geomspace(0.0, 1.0, 3), ValueError, "start"),
        (lambda: ops.bartlett(2.5), TypeError, "window length"),
        (lambda: ops.diag(np.zeros((2, 2, 2))), ValueError, "1-D or 2-D"),
        (lambda: ops.tril(np.zeros(3)), ValueError, "rank >= 2"),
        (lambda: ops.triu(testing.symbolic((3,))), ValueError, "rank >= 2"),
        (lambda: ops.meshgrid(np.zeros(2), indexing="yx"), ValueError, "indexing"),
        (lambda: ops.vander(np.zeros((2, 2))), ValueError, "1-D"),
        (lambda: ops.vander(np.zeros(2), N=-1), ValueError, "`N`"),
        (lambda: ops.full((2, 3), testing.symbolic((4,))), ValueError, "broadcast"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    "make",
    [
        lambda: ops.zeros((2**62, 4)),
        lambda: ops.ones((2**31, 2**31)),
        lambda: ops.empty((2**59,)),
        lambda: ops.full((2**64,), 1.0),
        lambda: ops.eye(2**32),
        lambda: ops.identity(2**32),
        lambda: ops.tri(2**32, 2**31),
        lambda: ops.linspace(0.0, 1.0, num=2**62),
    ],
)
def test_element_count_overflow_is_a_clear_error(make):
    # JAX aborted the interpreter (SIGABRT) on these; the others gave engine messages.
    with pytest.raises(ValueError, match="describes a tensor of [\\d,]+ elements"):
        make()
    # The bound itself: the largest count whose bytes fit in 64 bits at 16 per element.
    assert creation.MAX_ELEMENTS * 16 < 2**63 <= (creation.MAX_ELEMENTS + 1) * 16


def _stored_dtype(dtype):
    """The dtype a tensor of `dtype` has on this backend (JAX without x64 keeps 64-bit
    values in 32 bits)."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(np.zeros(2, dtype)).dtype)


def test_array_of_a_keras_tensor_is_symbolic():
    # It used to try converting the KerasTensor to a NumPy array and raise.
    testing.assert_spec(ops.array(testing.symbolic((None, 3))), (None, 3), "float32")
    testing.assert_spec(
        ops.array(testing.symbolic((2,), "int32"), dtype="float16"), (2,), "float16"
    )
    testing.assert_spec(
        ops.array(testing.symbolic((2,), "int64")), (2,), _stored_dtype("int64")
    )
    eager = ops.array(ops.convert_to_tensor(np.array([1, 2], "int32")), dtype="float16")
    testing.assert_close(eager, np.array([1.0, 2.0], "float16"))


@pytest.mark.parametrize(
    "name,args",
    [
        ("zeros_like", ()),
        ("ones_like", ()),
        ("full_like", (2,)),
        ("diag", ()),
        ("diagflat", ()),
        ("tril", (-1,)),
        ("triu", (1,)),
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_64_bit_inputs_keep_their_dtype_symbolically(name, args, dtype):
    # A float64/int64 KerasTensor used to give float32/int32 (64-bit narrowed by the
    # promotion rules) while the eager op keeps the dtype.
    x = np.arange(1, 10).reshape(3, 3).astype(dtype)
    eager = getattr(ops, name)(ops.convert_to_tensor(x, dtype), *args)
    symbolic = getattr(ops, name)(testing.symbolic((3, 3), dtype), *args)
    assert dtypes.standardize_dtype(eager.dtype) == _stored_dtype(dtype)
    testing.assert_spec(symbolic, tuple(eager.shape), _stored_dtype(dtype))
    expected = getattr(np, name)(x, *args).astype(_stored_dtype(dtype))
    testing.assert_close(eager, expected)


@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_64_bit_empty_like_vander_and_meshgrid_specs(dtype):
    stored = _stored_dtype(dtype)
    x = np.array([1, 2, 3]).astype(dtype)
    tensor = ops.convert_to_tensor(x, dtype)
    assert dtypes.standardize_dtype(ops.empty_like(tensor).dtype) == stored
    testing.assert_spec(ops.empty_like(testing.symbolic((3,), dtype)), (3,), stored)
    testing.assert_close(ops.vander(tensor, N=4), np.vander(x, 4).astype(stored))
    testing.assert_spec(ops.vander(testing.symbolic((3,), dtype), N=4), (3, 4), stored)
    grids = ops.meshgrid(tensor, ops.convert_to_tensor(x[:2], dtype))
    for grid, expected in zip(grids, np.meshgrid(x, x[:2])):
        testing.assert_close(grid, expected.astype(stored))
    specs = ops.meshgrid(testing.symbolic((3,), dtype), testing.symbolic((2,), dtype))
    for spec in specs:
        testing.assert_spec(spec, (2, 3), stored)


def test_requested_64_bit_dtype_symbolic_matches_eager():
    # A requested float64 is what the eager op gives: float64, or float32 on JAX
    # without x64 (the symbolic results used to say float64 there).
    stored = _stored_dtype("float64")
    x = np.array([[1, 2], [3, 4]], "int32")
    testing.assert_close(ops.array(x, dtype="float64"), x.astype(stored))
    testing.assert_spec(
        ops.array(testing.symbolic((2, 2), "int32"), dtype="float64"), (2, 2), stored
    )
    testing.assert_close(
        ops.full_like(x, 0.5, dtype="float64"), np.full((2, 2), 0.5).astype(stored)
    )
    testing.assert_spec(
        ops.full_like(testing.symbolic((2, 2), "int32"), 0.5, dtype="float64"),
        (2, 2),
        stored,
    )
    testing.assert_spec(
        ops.full((2, 2), testing.symbolic((), "int32"), dtype="float64"), (2, 2), stored
    )
    eager = ops.full((2, 2), 3, dtype="float64")
    assert dtypes.standardize_dtype(eager.dtype) == stored
