"""keras.ops core ops against NumPy references, eagerly, traced and symbolically."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import testing


def compiled(function):
    """`function` under the engine's tracing (jax.jit, tf.function) where it has one."""
    if active.name == "jax":
        import jax

        return jax.jit(function)
    if active.name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


def tensor(x, dtype=None):
    return ops.convert_to_tensor(x, dtype=dtype)


# Conversions and dtypes.


@pytest.mark.parametrize(
    "source,target",
    [
        ("float32", "int32"),
        ("float32", "float16"),
        ("int32", "float32"),
        ("int8", "int32"),
        ("float32", "bool"),
        ("bool", "int8"),
        ("float32", "bfloat16"),
    ],
)
def test_cast(source, target):
    x = testing.random_array((2, 3), source, seed=1)
    expected = x.astype(dtypes.numpy_dtype(target))
    testing.assert_close(ops.cast(tensor(x), target), expected)
    out = ops.cast(testing.symbolic((None, 3), source), target)
    testing.assert_spec(out, (None, 3), target)


def test_cast_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="Invalid dtype"):
        ops.cast(testing.symbolic((2,)), "float31")


@pytest.mark.parametrize(
    "source,target,values",
    [
        ("float32", "uint8", [-5.5, 0.0, 12.7, 255.0, 300.0, 1e9]),
        ("float32", "int8", [-500.0, -128.0, -1.5, 3.9, 127.0, 1e6]),
        ("float32", "int16", [-1e9, -40000.0, 7.0, 32767.0, 40000.0, 1e9]),
        ("int32", "uint8", [-7, 0, 200, 255, 256, 100000]),
        ("int32", "int8", [-1000, -129, -128, 0, 127, 128]),
        ("float32", "float16", [-1e10, -70000.0, 1.5, 65504.0, 70000.0, 1e10]),
        ("uint8", "int8", [0, 1, 127, 128, 200, 255]),
        ("int8", "float32", [-128, -1, 0, 5, 100, 127]),
    ],
)
def test_saturate_cast_clips_to_the_target_range(source, target, values):
    x = np.array(values, source)
    info = np.finfo(target) if target.startswith("float") else np.iinfo(target)
    expected = np.clip(x.astype("float64"), info.min, info.max).astype(target)
    testing.assert_close(ops.saturate_cast(tensor(x), target), expected)


def test_saturate_cast_float_to_int32_does_not_wrap():
    # float32(2**31 - 1) rounds up to 2**31; the bound must be the float just below it.
    x = tensor(np.array([-1e10, 3e9, 2.5], "float32"))
    out = testing.to_numpy(ops.saturate_cast(x, "int32"))
    np.testing.assert_array_equal(out, np.array([-(2**31), 2**31 - 128, 2], "int32"))


def test_saturate_cast_symbolic():
    out = ops.saturate_cast(testing.symbolic((None, 2), "float32"), "uint8")
    testing.assert_spec(out, (None, 2), "uint8")


def test_convert_to_tensor_and_back():
    x = testing.random_array((2, 3), "float32")
    t = ops.convert_to_tensor(x)
    assert ops.is_tensor(t)
    assert not ops.is_tensor(x) or active.name == "numpy"
    testing.assert_close(ops.convert_to_numpy(t), x)
    assert isinstance(ops.convert_to_numpy(t), np.ndarray)
    testing.assert_close(ops.convert_to_tensor([1, 2]), np.array([1, 2], "int32"))
    testing.assert_close(ops.convert_to_tensor(x, dtype="float16"), x.astype("float16"))
    testing.assert_spec(
        ops.convert_to_tensor(testing.symbolic((None, 3), "int32"), dtype="float32"),
        (None, 3),
        "float32",
    )


def test_convert_to_tensor_truncates_python_floats_to_a_requested_int_dtype():
    # numpy, jax and torch truncate toward zero; tensorflow alone refuses, so we cast there.
    scalar = ops.convert_to_tensor(3.5, dtype="int32")
    assert dtypes.standardize_dtype(scalar.dtype) == "int32"
    assert int(ops.convert_to_numpy(scalar)) == 3
    values = ops.convert_to_numpy(ops.convert_to_tensor([1.7, -2.2], dtype="int32"))
    np.testing.assert_array_equal(values, np.array([1, -2], "int32"))


def test_convert_to_numpy_rejects_symbolic_tensors():
    with pytest.raises(ValueError, match="symbolic"):
        ops.convert_to_numpy(testing.symbolic((2,)))


def test_shape_and_dtype():
    x = tensor(testing.random_array((2, 0, 3), "int8"))
    assert tuple(ops.shape(x)) == (2, 0, 3)
    assert ops.dtype(x) == "int8"
    k = testing.symbolic((None, 4), "bfloat16")
    assert ops.shape(k) == (None, 4)
    assert ops.dtype(k) == "bfloat16"
    assert ops.dtype(1.5) == "float32"
    assert not ops.is_tensor(k)


def test_stop_gradient_is_the_identity_on_values():
    x = testing.random_array((3, 2), "float32")
    testing.assert_close(ops.stop_gradient(tensor(x)), x)
    out = ops.stop_gradient(testing.symbolic((None, 2)))
    testing.assert_spec(out, (None, 2), "float32")


# unstack.


@pytest.mark.parametrize(
    "shape,axis", [((3,), 0), ((2, 3), 1), ((2, 3, 4), -1), ((0, 2), 1)]
)
def test_unstack(shape, axis):
    x = testing.random_array(shape, "float32")
    out = ops.unstack(tensor(x), axis=axis)
    expected = [np.take(x, i, axis=axis) for i in range(x.shape[axis])]
    assert isinstance(out, list) and len(out) == len(expected)
    for actual, wanted in zip(out, expected):
        testing.assert_close(actual, wanted)


def test_unstack_symbolic_and_errors():
    out = ops.unstack(testing.symbolic((None, 3, 2), "int32"), axis=1)
    assert len(out) == 3
    testing.assert_spec(out[0], (None, 2), "int32")
    out = ops.unstack(testing.symbolic((None, 2)), num=4, axis=0)
    assert len(out) == 4
    with pytest.raises(ValueError, match="num"):
        ops.unstack(testing.symbolic((None, 2)))
    with pytest.raises(ValueError, match="num"):
        ops.unstack(tensor(np.zeros((2, 3), "float32")), num=4, axis=1)
    with pytest.raises(ValueError, match="axis"):
        ops.unstack(tensor(np.zeros((2, 3), "float32")), axis=2)


# slice and slice_update.


@pytest.mark.parametrize(
    "shape,start,size",
    [
        ((5,), [1], [3]),
        ((4, 5), [1, 2], [2, 3]),
        ((4, 5), [0, 1], [4, -1]),
        ((3, 4, 2), [2, 0, 1], [1, 4, 1]),
        ((3, 4), [1, 1], [0, 2]),
    ],
)
def test_slice(shape, start, size):
    x = testing.random_array(shape, "float32")
    window = tuple(
        slice(s, d if n == -1 else s + n) for s, n, d in zip(start, size, shape)
    )
    testing.assert_close(ops.slice(tensor(x), start, size), x[window])


def test_slice_clamps_the_start_and_keeps_int_dtypes():
    x = np.arange(10, dtype="int16")
    testing.assert_close(ops.slice(tensor(x), [8], [4]), x[6:10])
    testing.assert_close(ops.slice(tensor(x), [3], [2]), x[3:5])


def test_slice_with_traced_start():
    x = testing.random_array((4, 6), "float32")
    fn = compiled(lambda x, i: ops.slice(x, [i, 2], [2, 3]))
    testing.assert_close(fn(tensor(x), tensor(1, "int32")), x[1:3, 2:5])


def test_slice_symbolic_and_errors():
    x = testing.symbolic((None, 5), "int8")
    testing.assert_spec(ops.slice(x, [0, 1], [2, 3]), (2, 3), "int8")
    testing.assert_spec(ops.slice(x, [0, 1], [2, -1]), (2, 4), "int8")
    with pytest.raises(ValueError, match="shape"):
        ops.slice(x, [0, 1], [2])
    with pytest.raises(ValueError, match="start_indices"):
        ops.slice(x, [0], [2, 3])
    with pytest.raises(ValueError, match="does not fit"):
        ops.slice(tensor(np.zeros((2, 3), "float32")), [0, 0], [3, 1])


@pytest.mark.parametrize(
    "shape,start,update_shape",
    [
        ((5,), [1], (3,)),
        ((4, 5), [1, 2], (2, 3)),
        ((3, 4, 2), [0, 1, 1], (3, 2, 1)),
        ((2, 3), [1, 1], (0, 2)),
    ],
)
def test_slice_update(shape, start, update_shape):
    x = testing.random_array(shape, "float32", seed=1)
    u = testing.random_array(update_shape, "float32", seed=2)
    expected = x.copy()
    expected[tuple(slice(s, s + n) for s, n in zip(start, update_shape))] = u
    testing.assert_close(ops.slice_update(tensor(x), start, tensor(u)), expected)


def test_slice_update_casts_updates_to_the_input_dtype():
    x = np.zeros((2, 4), "int32")
    out = ops.slice_update(tensor(x), [0, 1], tensor(np.full((2, 2), 3.7, "float32")))
    expected = x.copy()
    expected[:, 1:3] = 3
    testing.assert_close(out, expected)


def test_slice_update_traced_and_symbolic():
    x = testing.random_array((4, 4), "float32")
    u = testing.random_array((2, 2), "float32", seed=3)
    fn = compiled(lambda x, u, i: ops.slice_update(x, [i, 1], u))
    expected = x.copy()
    expected[2:4, 1:3] = u
    testing.assert_close(fn(tensor(x), tensor(u), tensor(2, "int32")), expected)
    x, u = testing.symbolic((None, 4), "int8"), testing.symbolic((1, 2))
    out = ops.slice_update(x, [0, 0], u)
    testing.assert_spec(out, (None, 4), "int8")
    with pytest.raises(ValueError, match="rank"):
        ops.slice_update(testing.symbolic((3, 4)), [0, 0], testing.symbolic((2,)))


# scatter and scatter_update.


def test_scatter_elements_and_duplicates():
    indices = np.array([[0, 1], [2, 3], [0, 1], [1, 0]], "int32")
    values = testing.random_array((4,), "float32")
    expected = np.zeros((3, 4), "float32")
    np.add.at(expected, tuple(indices.T), values)
    testing.assert_close(ops.scatter(tensor(indices), tensor(values), (3, 4)), expected)


def test_scatter_slices_and_int_values():
    indices = np.array([[[1], [0]], [[1], [3]]], "int32")  # (2, 2, 1): batched indices
    values = testing.random_array((2, 2, 3), "int32", seed=4)
    expected = np.zeros((4, 3), "int32")
    np.add.at(expected, (indices[..., 0].reshape(-1),), values.reshape(-1, 3))
    testing.assert_close(ops.scatter(tensor(indices), tensor(values), (4, 3)), expected)


def test_scatter_of_bools_is_their_logical_or():
    values = tensor(np.array([True, False, False, True]))
    out = ops.scatter(tensor([[1], [1], [2], [0]]), values, (4,))
    testing.assert_close(out, np.array([True, True, False, False]))


@pytest.mark.parametrize("dtype", ["uint8", "uint16", "int16", "bfloat16"])
def test_scatter_update_narrow_dtypes(dtype):
    x = testing.random_array((4, 2), dtype, seed=9, low=0, high=20)
    updates = testing.random_array((3, 2), dtype, seed=10, low=0, high=20)
    expected = x.copy()
    np.add.at(expected, [0, 3, 0], updates)
    out = ops.scatter_update(tensor(x), [[0], [3], [0]], tensor(updates), "add")
    testing.assert_close(out, expected)


def test_scatter_symbolic_and_errors():
    indices = testing.symbolic((None, 2), "int32")
    values = testing.symbolic((None,), "int8")
    out = ops.scatter(indices, values, (3, 4))
    testing.assert_spec(out, (3, 4), "int8")
    with pytest.raises(ValueError, match="values"):
        ops.scatter(tensor([[0], [1]]), tensor(np.zeros((3,), "float32")), (4,))
    with pytest.raises(ValueError, match="indices"):
        ops.scatter(tensor([[0, 0, 0]]), tensor(np.zeros((1,), "float32")), (4, 4))


@pytest.mark.parametrize("reduction", [None, "add", "mul", "max", "min"])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_scatter_update_elements(reduction, dtype):
    x = testing.random_array((3, 4), dtype, seed=5)
    if reduction is None:
        indices = np.array([[0, 1], [2, 3], [1, 0]], "int32")
    else:
        indices = np.array([[0, 1], [2, 3], [0, 1], [1, 0]], "int32")
    updates = testing.random_array((len(indices),), dtype, seed=6)
    expected = x.copy()
    if reduction is None:
        expected[tuple(indices.T)] = updates
    else:
        ufunc = {"add": np.add, "mul": np.multiply, "max": np.maximum}.get(
            reduction, np.minimum
        )
        ufunc.at(expected, tuple(indices.T), updates)
    out = ops.scatter_update(tensor(x), tensor(indices), tensor(updates), reduction)
    testing.assert_close(out, expected)


@pytest.mark.parametrize("reduction", [None, "add", "max"])
def test_scatter_update_slices(reduction):
    x = testing.random_array((4, 2, 3), "float32", seed=7)
    indices = np.array([[3], [0]], "int32")
    updates = testing.random_array((2, 2, 3), "float32", seed=8)
    expected = x.copy()
    if reduction is None:
        expected[indices[:, 0]] = updates
    elif reduction == "add":
        expected[indices[:, 0]] += updates
    else:
        expected[indices[:, 0]] = np.maximum(expected[indices[:, 0]], updates)
    out = ops.scatter_update(tensor(x), indices, tensor(updates), reduction)
    testing.assert_close(out, expected)


def test_scatter_update_casts_updates_and_traces():
    x = np.zeros((5,), "int8")
    out = ops.scatter_update(tensor(x), [[1], [4]], [3.0, -2.0])
    testing.assert_close(out, np.array([0, 3, 0, 0, -2], "int8"))
    fn = compiled(lambda x, i, u: ops.scatter_update(x, i, u, reduction="add"))
    xf = testing.random_array((5,), "float32")
    expected = xf.copy()
    expected[[1, 3]] += [1.0, 2.0]
    testing.assert_close(
        fn(tensor(xf), tensor([[1], [3]]), tensor([1.0, 2.0])), expected
    )


def test_scatter_update_symbolic_and_errors():
    out = ops.scatter_update(
        testing.symbolic((None, 3), "int16"),
        testing.symbolic((2, 1), "int32"),
        testing.symbolic((2, 3)),
    )
    testing.assert_spec(out, (None, 3), "int16")
    with pytest.raises(ValueError, match="reduction"):
        ops.scatter_update(tensor([0.0, 1.0]), [[0]], [1.0], reduction="sum")
    with pytest.raises(ValueError, match="updates"):
        ops.scatter_update(tensor(np.zeros((3, 2), "float32")), [[0]], [1.0, 2.0, 3.0])


# scan, map, vectorized_map, associative_scan.


def test_scan_carry_and_outputs():
    xs = testing.random_array((5, 3), "float32")

    def step(carry, x):
        carry = ops.add(carry, x)
        return carry, ops.multiply(carry, 2.0)

    expected_ys = 2 * np.cumsum(xs, axis=0)
    init = tensor(np.zeros(3, "float32"))
    carry, ys = ops.scan(step, init, tensor(xs))
    testing.assert_close(carry, xs.sum(0), rtol=1e-5)
    testing.assert_close(ys, expected_ys, rtol=1e-5)
    carry, ys = compiled(lambda init, xs: ops.scan(step, init, xs))(init, tensor(xs))
    testing.assert_close(carry, xs.sum(0), rtol=1e-5)
    testing.assert_close(ys, expected_ys, rtol=1e-5)


def test_scan_reverse_nested_and_length():
    a = testing.random_array((4, 2), "float32", seed=1)
    b = testing.random_array((4,), "int32", seed=2)

    def step(carry, x):
        total, count = carry
        return (ops.add(total, x["a"]), ops.add(count, 1)), {"sum": total, "b": x["b"]}

    init = (tensor(np.zeros(2, "float32")), tensor(0, "int32"))
    xs = {"a": tensor(a), "b": tensor(b)}
    (total, count), ys = ops.scan(step, init, xs, reverse=True)
    testing.assert_close(total, a.sum(0), rtol=1e-5)
    testing.assert_close(count, np.array(4, "int32"))
    expected = np.cumsum(a[::-1], axis=0)[::-1] - a  # sums of the later rows
    testing.assert_close(ys["sum"], expected, rtol=1e-5, atol=1e-5)
    testing.assert_close(ys["b"], b)

    double = lambda c, _: (ops.multiply(c, 2), c)  # noqa: E731
    carry, ys = ops.scan(double, tensor(1, "int32"), length=4)
    testing.assert_close(carry, np.array(16, "int32"))
    testing.assert_close(ys, np.array([1, 2, 4, 8], "int32"))


def test_scan_traced_nested_with_none_output():
    xs = testing.random_array((3, 2), "float32")
    init = tensor(np.zeros(2, "float32"))
    fn = compiled(lambda xs: ops.scan(lambda c, x: (ops.add(c, x), None), init, xs))
    carry, ys = fn(tensor(xs))
    assert ys is None
    testing.assert_close(carry, xs.sum(0), rtol=1e-5)


def test_scan_empty_sequence():
    xs = np.zeros((0, 3), "float32")
    carry, ys = ops.scan(
        lambda c, x: (ops.add(c, x), ops.multiply(x, 2.0)),
        tensor(np.ones(3, "float32")),
        tensor(xs),
    )
    testing.assert_close(carry, np.ones(3, "float32"))
    testing.assert_close(ys, np.zeros((0, 3), "float32"))


def test_scan_symbolic_and_errors():
    carry, ys = ops.scan(
        lambda c, x: (ops.add(c, x), ops.multiply(x, 2)),
        testing.symbolic((3,)),
        testing.symbolic((None, 3)),
    )
    testing.assert_spec(carry, (3,), "float32")
    testing.assert_spec(ys, (None, 3), "float32")
    _, ys = ops.scan(lambda c, _: (c, c), testing.symbolic((2,), "int8"), length=5)
    testing.assert_spec(ys, (5, 2), "int8")
    with pytest.raises(ValueError, match="length"):
        ops.scan(lambda c, x: (c, x), 0.0)
    with pytest.raises(ValueError, match="carry"):
        ops.scan(
            lambda c, x: (ops.cast(c, "int32"), x),
            testing.symbolic((3,)),
            testing.symbolic((2, 3)),
        )
    with pytest.raises(ValueError, match="unroll"):
        ops.scan(lambda c, x: (c, x), 0.0, tensor(np.zeros(2, "float32")), unroll=0)


def test_map():
    xs = testing.random_array((4, 3), "float32")
    testing.assert_close(ops.map(lambda x: ops.multiply(x, x), tensor(xs)), xs * xs)
    out = ops.map(lambda p: (ops.add(p[0], p[1]), p[1]), (tensor(xs), tensor(xs[:, 0])))
    testing.assert_close(out[0], xs + xs[:, :1])
    testing.assert_close(out[1], xs[:, 0])
    fn = compiled(lambda xs: ops.map(lambda x: ops.multiply(x, 3.0), xs))
    testing.assert_close(fn(tensor(xs)), xs * 3, rtol=1e-5)
    out = ops.map(lambda x: ops.add(x, 1), testing.symbolic((None, 3), "int8"))
    testing.assert_spec(out, (None, 3), "int8")


def test_vectorized_map():
    xs = testing.random_array((5, 3), "float32")
    ys = testing.random_array((5, 3), "float32", seed=1)
    pairs = (tensor(xs), tensor(ys))
    out = ops.vectorized_map(lambda p: ops.multiply(p[0], p[1]), pairs)
    testing.assert_close(out, xs * ys, rtol=1e-5)
    out = ops.vectorized_map(lambda x: ops.slice(x, [1], [2]), tensor(xs))
    testing.assert_close(out, xs[:, 1:3])
    out = ops.vectorized_map(lambda x: ops.add(x, 1.0), testing.symbolic((None, 3)))
    testing.assert_spec(out, (None, 3), "float32")


@pytest.mark.parametrize(
    "shape,axis",
    [
        ((7,), 0),
        ((8,), 0),
        ((3, 5), 1),
        ((4, 2, 3), -3),
        ((1, 3), 0),
        ((0,), 0),
        ((0, 5), 1),
    ],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan_sums_and_products(shape, axis, reverse):
    x = testing.random_array(shape, "float32", seed=2, low=0.5, high=1.5)
    flip = (lambda a: np.flip(a, axis)) if reverse else (lambda a: a)
    out = ops.associative_scan(ops.add, tensor(x), reverse=reverse, axis=axis)
    testing.assert_close(out, flip(np.cumsum(flip(x), axis=axis)), rtol=1e-5)
    out = ops.associative_scan(ops.multiply, tensor(x), reverse=reverse, axis=axis)
    testing.assert_close(out, flip(np.cumprod(flip(x), axis=axis)), rtol=1e-5)


def test_associative_scan_nested_linear_recurrence():
    # h_t = a_t * h_{t-1} + b_t, as the composition of affine maps (a, b).
    a = testing.random_array((9, 2), "float32", seed=3, low=0.0, high=1.0)
    b = testing.random_array((9, 2), "float32", seed=4)

    def compose(first, second):
        scale = ops.multiply(first[0], second[0])
        return scale, ops.add(ops.multiply(second[0], first[1]), second[1])

    _, h = ops.associative_scan(compose, (tensor(a), tensor(b)))
    expected, state = [], np.zeros(2, "float32")
    for t in range(9):
        state = a[t] * state + b[t]
        expected.append(state)
    testing.assert_close(h, np.stack(expected), rtol=1e-5, atol=1e-5)
    fn = compiled(lambda x: ops.associative_scan(ops.add, x))
    testing.assert_close(fn(tensor(b)), np.cumsum(b, 0), rtol=1e-5, atol=1e-5)


def test_associative_scan_symbolic_and_errors():
    out = ops.associative_scan(ops.add, testing.symbolic((None, 4), "int32"), axis=1)
    testing.assert_spec(out, (None, 4), "int32")
    with pytest.raises(ValueError, match="axis"):
        ops.associative_scan(ops.add, tensor(np.zeros((2, 3), "float32")), axis=2)
    with pytest.raises(ValueError, match="same size"):
        ops.associative_scan(lambda p, q: p, (tensor([1.0, 2.0]), tensor([1.0])))


# cond, switch, while_loop, fori_loop.


@pytest.mark.parametrize("pred", [True, False])
def test_cond(pred):
    x = testing.random_array((3,), "float32")
    plus_one = lambda: ops.add(tensor(x), 1.0)  # noqa: E731
    out = ops.cond(tensor(pred), plus_one, lambda: ops.multiply(tensor(x), 2.0))
    testing.assert_close(out, x + 1 if pred else x * 2)
    out = ops.cond(pred, lambda: tensor(x), lambda: ops.multiply(tensor(x), 2.0))
    testing.assert_close(out, x if pred else x * 2)
    fn = compiled(
        lambda p, x: ops.cond(p, lambda: ops.add(x, 1.0), lambda: ops.multiply(x, 2.0))
    )
    testing.assert_close(fn(tensor(pred), tensor(x)), x + 1 if pred else x * 2)


def test_cond_symbolic_and_errors():
    x = testing.symbolic((None, 2), "float16")
    out = ops.cond(testing.symbolic((), "bool"), lambda: ops.add(x, 1.0), lambda: x)
    testing.assert_spec(out, (None, 2), "float16")
    with pytest.raises(ValueError, match="shape"):
        ops.cond(
            testing.symbolic((), "bool"),
            lambda: testing.symbolic((2,)),
            lambda: testing.symbolic((3,)),
        )
    with pytest.raises(TypeError, match="true_fn"):
        ops.cond(True, 1.0, lambda: 2.0)


@pytest.mark.parametrize("index,chosen", [(0, 0), (1, 1), (2, 2), (7, 2), (-3, 0)])
def test_switch(index, chosen):
    x = testing.random_array((2, 3), "float32")
    branches = [
        lambda a, b: ops.add(a, b),
        lambda a, b: ops.multiply(a, b),
        lambda a, b: ops.subtract(a, b),
    ]
    expected = [x + 2.0, x * 2.0, x - 2.0][chosen]
    testing.assert_close(ops.switch(index, branches, tensor(x), 2.0), expected)
    fn = compiled(lambda i, x: ops.switch(i, branches, x, 2.0))
    testing.assert_close(fn(tensor(index, "int32"), tensor(x)), expected)


def test_switch_symbolic_and_errors():
    index = testing.symbolic((), "int32")
    branches = [lambda x: x, lambda x: ops.add(x, 1)]
    out = ops.switch(index, branches, testing.symbolic((None, 3), "int8"))
    testing.assert_spec(out, (None, 3), "int8")
    with pytest.raises(ValueError, match="branches"):
        ops.switch(0, [], 1.0)
    with pytest.raises(ValueError, match="dtype"):
        ops.switch(
            index,
            [lambda: testing.symbolic((2,)), lambda: testing.symbolic((2,), "int32")],
        )


def test_while_loop():
    out = ops.while_loop(lambda i: i < 10, lambda i: ops.add(i, 3), tensor(0, "int32"))
    testing.assert_close(out, np.array(12, "int32"))
    x = testing.random_array((3,), "float32")
    i, y = ops.while_loop(
        lambda i, y: i < 4,
        lambda i, y: (ops.add(i, 1), ops.multiply(y, 2.0)),
        (tensor(0, "int32"), tensor(x)),
    )
    testing.assert_close(i, np.array(4, "int32"))
    testing.assert_close(y, x * 16)
    i, y = ops.while_loop(
        lambda i, y: i < 100,
        lambda i, y: (ops.add(i, 1), ops.add(y, 1.0)),
        [tensor(0, "int32"), tensor(x)],
        maximum_iterations=3,
    )
    testing.assert_close(i, np.array(3, "int32"))
    testing.assert_close(y, x + 3)
    fn = compiled(
        lambda n, y: ops.while_loop(
            lambda i, y: i < n,
            lambda i, y: (ops.add(i, 1), ops.multiply(y, 2.0)),
            (tensor(0, "int32"), y),
        )
    )
    i, y = fn(tensor(5, "int32"), tensor(x))
    testing.assert_close(y, x * 32)


def test_while_loop_symbolic_and_errors():
    loop_vars = (testing.symbolic((), "int32"), testing.symbolic((None, 2)))
    i, y = ops.while_loop(lambda i, y: True, lambda i, y: (i, y), loop_vars)
    testing.assert_spec(i, (), "int32")
    testing.assert_spec(y, (None, 2), "float32")
    with pytest.raises(ValueError, match="maximum_iterations"):
        ops.while_loop(lambda i: i < 3, lambda i: i + 1, 0, maximum_iterations=-1)


def test_fori_loop():
    x = testing.random_array((3,), "float32")
    add_index = lambda i, v: ops.add(v, ops.cast(i, "float32"))  # noqa: E731
    out = ops.fori_loop(0, 5, add_index, tensor(x))
    testing.assert_close(out, x + 10.0)
    out = ops.fori_loop(2, 2, lambda i, v: ops.add(v, 1.0), tensor(x))
    testing.assert_close(out, x)
    step = lambda i, v: (ops.add(v[0], 1.0), ops.multiply(v[1], 2))  # noqa: E731
    fn = compiled(lambda lo, hi, v: ops.fori_loop(lo, hi, step, v))
    a, b = fn(tensor(1, "int32"), tensor(4, "int32"), (tensor(x), tensor(1, "int32")))
    testing.assert_close(a, x + 3.0)
    testing.assert_close(b, np.array(8, "int32"))
    out = ops.fori_loop(0, 3, lambda i, v: v, testing.symbolic((None, 2), "int8"))
    testing.assert_spec(out, (None, 2), "int8")


# custom_gradient (values; gradients are in core_ops_grad_test.py).


def test_custom_gradient_runs_forward():
    @ops.custom_gradient
    def scaled(x):
        return ops.multiply(x, 3.0), lambda upstream: ops.multiply(upstream, 3.0)

    x = testing.random_array((2, 3), "float32")
    testing.assert_close(scaled(tensor(x)), x * 3, rtol=1e-6)
    testing.assert_spec(scaled(testing.symbolic((None, 3))), (None, 3), "float32")


# Symbolic and eager results agree (keras/ops/agreement_test.py): regressions.


def _held(dtype):
    """The dtype the backend stores `dtype` values in (jax without x64: 32 bits)."""
    return dtypes.standardize_dtype(tensor(np.zeros(()), dtype).dtype)


def test_float64_inputs_keep_float64_symbolically():
    f64 = _held("float64")
    x = testing.random_array((3, 4), "float64")
    updates = testing.random_array((2, 2), "float64")
    eager = ops.slice_update(tensor(x, f64), [1, 1], tensor(updates, f64))
    expected = x.copy()
    expected[1:3, 1:3] = updates
    testing.assert_close(eager, expected.astype(f64))
    spec = ops.slice_update(
        testing.symbolic((3, 4), f64), [1, 1], testing.symbolic((2, 2), f64)
    )
    testing.assert_spec(spec, (3, 4), f64)
    eager = ops.scatter_update(
        tensor(x, f64), [[0, 1], [0, 1]], tensor([1.0, 2.0], f64), reduction="add"
    )
    expected = x.copy()
    expected[0, 1] += 3.0
    testing.assert_close(eager, expected.astype(f64))
    spec = ops.scatter_update(
        testing.symbolic((3, 4), f64), [[0, 1]], testing.symbolic((1,), f64),
        reduction="add",
    )
    testing.assert_spec(spec, (3, 4), f64)


@pytest.mark.parametrize(
    "true_value,false_value,dtypes_",
    [
        (1.0, 2.0, ["float32"]),
        (3, 4, ["int32"]),
        ([1.0, 2], [3.0, 4], ["float32", "int32"]),
    ],
)
def test_cond_python_values_symbolic(true_value, false_value, dtypes_):
    # Branches returning Python values: the eager call returns the chosen value (or a
    # scalar tensor under tracing); the symbolic one scalars of their Keras dtypes.
    out = ops.cond(tensor(True), lambda: true_value, lambda: false_value)
    values = [testing.to_numpy(v) for v in out] if isinstance(out, list) else out
    np.testing.assert_array_equal(np.asarray(values), np.asarray(true_value))
    pred = testing.symbolic((), "bool")
    spec = ops.cond(pred, lambda: true_value, lambda: false_value)
    leaves = spec if isinstance(spec, list) else [spec]
    assert len(leaves) == len(dtypes_)
    for leaf, dtype in zip(leaves, dtypes_):
        testing.assert_spec(leaf, (), dtype)


def test_custom_gradient_symbolic_matches_eager():
    @ops.custom_gradient
    def squared(x):
        return ops.square(x), lambda upstream: upstream * 2.0 * x

    for dtype in ("float32", "float16", "bfloat16"):
        x = testing.random_array((2, 3), dtype)
        eager = squared(tensor(x, dtype))
        expected = np.square(x.astype("float64")).astype(x.dtype)
        testing.assert_close(eager, expected, rtol=1e-2, atol=1e-2)
        spec = squared(testing.symbolic((2, 3), dtype))
        eager_dtype = dtypes.standardize_dtype(eager.dtype)
        testing.assert_spec(spec, tuple(eager.shape), eager_dtype)
