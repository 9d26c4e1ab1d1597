"""keras.ops math ops against NumPy references: values, dtypes, symbolic specs."""

import numpy as np
import pytest
import scipy.spatial.distance
import scipy.special

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import math
from keras.ops import testing

SHAPES = [(), (0,), (5,), (2, 3, 4)]
LOW_PRECISION = ("float16", "bfloat16")


def test_every_op_is_in_keras_ops():
    for name in math.__all__:
        assert getattr(ops, name) is getattr(math, name)


def stored(dtype):
    """The dtype the backend stores `dtype` in (JAX keeps 64-bit values in 32 bits
    unless jax_enable_x64 is on, as in Keras 3)."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(np.zeros(1, dtype)).dtype)


def tensor(values, dtype=None):
    return ops.convert_to_tensor(np.asarray(values), dtype=dtype)


def check(out, expected, dtype, rtol=1e-5, atol=1e-6):
    """`out` has dtype `dtype` and equals `expected` (computed in float64)."""
    actual = testing.to_numpy(out)
    assert dtypes.standardize_dtype(actual.dtype) == dtype, f"{actual.dtype} != {dtype}"
    expected = np.asarray(expected)
    if dtype in LOW_PRECISION:
        actual = actual.astype("float32")
        expected = expected.astype(dtypes.numpy_dtype(dtype)).astype("float32")
        rtol, atol = max(rtol, 1e-2), max(atol, 1e-2)
    elif dtype != "bool" and not dtypes.is_int_dtype(dtype):
        expected = expected.astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(actual, expected, rtol=rtol, atol=atol)


# Element-wise special functions: name -> (reference, (low, high) of the inputs).
SPECIAL = {
    "erf": (scipy.special.erf, (-3.0, 3.0)),
    "erfc": (scipy.special.erfc, (-3.0, 3.0)),
    "erfinv": (scipy.special.erfinv, (-0.99, 0.99)),
    "rsqrt": (lambda v: 1.0 / np.sqrt(v), (0.1, 5.0)),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_function_values(name, shape):
    reference, (low, high) = SPECIAL[name]
    x = testing.random_array(shape, seed=1, low=low, high=high)
    check(getattr(ops, name)(x), reference(x.astype("float64")), "float32")


@pytest.mark.parametrize("dtype", ["float64", "float16", "bfloat16"])
@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_functions_keep_float_dtypes(name, dtype):
    reference, (low, high) = SPECIAL[name]
    x = testing.random_array((7,), seed=2, low=low, high=high).astype(
        dtypes.numpy_dtype(dtype)
    )
    out = getattr(ops, name)(tensor(x, dtype))
    check(out, reference(x.astype("float64")), stored(dtype))


@pytest.mark.parametrize("dtype", ["int32", "int8", "uint8", "bool"])
@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_functions_give_floatx_for_ints_and_bools(name, dtype):
    reference, _ = SPECIAL[name]
    x = (
        np.array([0, 1, 1, 2], dtype=dtype)
        if dtype != "bool"
        else np.array([1, 0], bool)
    )
    with np.errstate(all="ignore"):
        expected = reference(x.astype("float64"))
    check(getattr(ops, name)(tensor(x)), expected, "float32")


def test_special_functions_at_their_limits():
    with np.errstate(all="ignore"):
        check(
            ops.erfinv(tensor([-1.0, 1.0, 1.5, -2.0, 0.0], "float32")),
            [-np.inf, np.inf, np.nan, np.nan, 0.0],
            "float32",
        )
        check(
            ops.rsqrt(tensor([0.0, -1.0, 4.0], "float32")),
            [np.inf, np.nan, 0.5],
            "float32",
        )
    check(ops.erf(tensor([-np.inf, np.inf], "float32")), [-1.0, 1.0], "float32")
    # erfc keeps its digits where erf rounds to 1.
    check(
        ops.erfc(tensor([5.0], "float32")),
        scipy.special.erfc([5.0]),
        "float32",
        1e-4,
        0,
    )


def test_special_functions_take_python_values():
    check(ops.erf(0.5), scipy.special.erf(0.5), "float32")
    check(ops.rsqrt([1.0, 4.0]), [1.0, 0.5], "float32")


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_special_function_specs(name):
    op = getattr(ops, name)
    testing.assert_spec(op(testing.symbolic((2, None), "int32")), (2, None), "float32")
    testing.assert_spec(
        op(testing.symbolic((None, 3), "float16")), (None, 3), "float16"
    )
    testing.assert_spec(op(testing.symbolic((), "float64")), (), "float64")


# logsumexp.


@pytest.mark.parametrize(
    "axis,keepdims",
    [
        (None, False),
        (None, True),
        (0, False),
        (-1, True),
        ((0, 2), False),
        ([1, 2], True),
    ],
)
def test_logsumexp_matches_scipy(axis, keepdims):
    x = testing.random_array((2, 3, 4), seed=3)
    reference_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = scipy.special.logsumexp(
        x.astype("float64"), reference_axis, keepdims=keepdims
    )
    check(ops.logsumexp(x, axis=axis, keepdims=keepdims), expected, "float32")


def test_logsumexp_is_stable_for_large_inputs():
    x = np.array([[1000.0, 1000.0, -1000.0], [-1000.0, -1001.0, -1002.0]], "float32")
    expected = scipy.special.logsumexp(x.astype("float64"), axis=1)
    assert np.isclose(expected[0], 1000.0 + np.log(2.0))
    check(ops.logsumexp(x, axis=1), expected, "float32")
    check(ops.logsumexp(np.float32(88.0) + x[:1] * 0), 88.0 + np.log(3.0), "float32")


def test_logsumexp_of_infinite_and_nan_rows():
    x = np.array(
        [
            [-np.inf, -np.inf],
            [np.inf, 1.0],
            [np.inf, -np.inf],
            [np.nan, 1.0],
            [0.0, -np.inf],
        ],
        "float32",
    )
    check(ops.logsumexp(x, axis=1), [-np.inf, np.inf, np.inf, np.nan, 0.0], "float32")


def test_logsumexp_of_empty_and_scalar_inputs():
    check(ops.logsumexp(np.zeros((0, 3), "float32"), axis=0), [-np.inf] * 3, "float32")
    check(ops.logsumexp(np.zeros((0, 3), "float32"), axis=1), np.zeros((0,)), "float32")
    check(ops.logsumexp(np.float32(2.5)), 2.5, "float32")


@pytest.mark.parametrize("dtype", ["int32", "bool", "float16", "bfloat16", "float64"])
def test_logsumexp_dtypes(dtype):
    values = np.array([[1, 0, 2], [0, 1, 1]])
    x = (
        values.astype(bool)
        if dtype == "bool"
        else values.astype(dtypes.numpy_dtype(dtype))
    )
    expected = scipy.special.logsumexp(x.astype("float64"), axis=-1)
    out_dtype = stored(dtype) if dtypes.is_float_dtype(dtype) else "float32"
    check(ops.logsumexp(tensor(x, dtype), axis=-1), expected, out_dtype)


def test_logsumexp_rejects_a_bad_axis():
    with pytest.raises(ValueError, match="axis"):
        ops.logsumexp(np.zeros((2, 3), "float32"), axis=2)
    with pytest.raises(ValueError, match="axis"):
        ops.logsumexp(testing.symbolic((2, 3)), axis=-3)


def test_logsumexp_specs():
    x = testing.symbolic((2, None, 3))
    testing.assert_spec(ops.logsumexp(x), (), "float32")
    testing.assert_spec(ops.logsumexp(x, axis=1), (2, 3), "float32")
    testing.assert_spec(
        ops.logsumexp(x, axis=(0, 2), keepdims=True), (1, None, 1), "float32"
    )
    testing.assert_spec(ops.logsumexp(testing.symbolic((4,), "int8")), (), "float32")
    testing.assert_spec(
        ops.logsumexp(testing.symbolic((4, 2), "float16"), axis=0), (2,), "float16"
    )


# top_k and in_top_k.


def distinct(shape, seed, dtype="float32"):
    """Values without ties (a shuffled range), so the top-k order is unique."""
    size = int(np.prod(shape))
    return (
        np.random.default_rng(seed).permutation(size).reshape(shape).astype(dtype) - 5
    )


def reference_top_k(x, k):
    indices = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, indices, axis=-1), indices.astype("int32")


@pytest.mark.parametrize(
    "shape,k", [((6,), 3), ((2, 5), 5), ((2, 3, 7), 2), ((4, 3), 0)]
)
@pytest.mark.parametrize("dtype", ["float32", "int32", "float16"])
def test_top_k_matches_sorting(shape, k, dtype):
    x = distinct(shape, seed=4, dtype=dtype)
    values, indices = ops.top_k(tensor(x), k)
    expected_values, expected_indices = reference_top_k(x, k)
    check(values, expected_values, dtype)
    check(indices, expected_indices, "int32")


def test_top_k_unsorted_returns_the_same_set():
    x = distinct((3, 8), seed=5)
    values, indices = ops.top_k(x, 4, sorted=False)
    values, indices = testing.to_numpy(values), testing.to_numpy(indices)
    assert indices.dtype == np.int32
    np.testing.assert_array_equal(np.take_along_axis(x, indices, -1), values)
    expected, _ = reference_top_k(x, 4)
    np.testing.assert_array_equal(np.sort(values, -1), np.sort(expected, -1))


def test_top_k_with_ties_returns_indices_of_the_values():
    x = np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, 5.0, 5.0, 5.0, 5.0]], "float32")
    values, indices = testing.to_numpy(ops.top_k(x, 2))
    np.testing.assert_array_equal(values, [[3.0, 3.0], [5.0, 5.0]])
    np.testing.assert_array_equal(np.take_along_axis(x, indices, -1), values)
    assert all(len(set(row)) == 2 for row in indices)


def test_top_k_with_ties_keeps_the_lower_index_first():
    if active.name == "torch":
        pytest.skip("torch.topk picks among equal values in no fixed order")
    x = np.array([1.0, 3.0, 3.0, 2.0, 3.0], "float32")
    _, indices = ops.top_k(x, 2)
    check(indices, np.array([1, 2], "int32"), "int32")


def test_top_k_puts_nan_first_and_takes_bools():
    values, indices = ops.top_k(np.array([1.0, np.nan, 3.0], "float32"), 2)
    check(values, [np.nan, 3.0], "float32")
    check(indices, np.array([1, 2], "int32"), "int32")
    values, _ = ops.top_k(np.array([False, True, False]), 1)
    check(values, np.array([True]), "bool")


def test_top_k_rejects_bad_arguments():
    x = np.zeros((2, 5), "float32")
    with pytest.raises(ValueError, match="`k`=6"):
        ops.top_k(x, 6)
    with pytest.raises(ValueError, match="`k`"):
        ops.top_k(x, -1)
    with pytest.raises(TypeError, match="`k`"):
        ops.top_k(x, 2.0)
    with pytest.raises(ValueError, match="rank >= 1"):
        ops.top_k(np.float32(1.0), 1)
    with pytest.raises(ValueError, match="`k`=4"):
        ops.top_k(testing.symbolic((None, 3)), 4)


def test_top_k_takes_k_as_a_tensor():
    values, _ = ops.top_k(np.array([1.0, 4.0, 2.0], "float32"), tensor(2, "int32"))
    check(values, [4.0, 2.0], "float32")


def test_top_k_specs():
    values, indices = ops.top_k(testing.symbolic((2, None, 5), "float16"), 3)
    testing.assert_spec(values, (2, None, 3), "float16")
    testing.assert_spec(indices, (2, None, 3), "int32")
    values, indices = ops.top_k(testing.symbolic((4, None), "int8"), 2)
    testing.assert_spec(values, (4, 2), "int8")


def reference_in_top_k(targets, predictions, k):
    n = predictions.shape[-1]
    valid = (targets >= 0) & (targets < n)
    target = np.take_along_axis(predictions, np.where(valid, targets, 0)[..., None], -1)
    larger = np.sum(predictions > target, axis=-1)
    finite = np.all(np.isfinite(predictions), axis=-1)
    return valid & finite & (larger < k)


@pytest.mark.parametrize("k", [0, 1, 3, 5, 9])
@pytest.mark.parametrize("batch", [(6,), (2, 4)])
def test_in_top_k_matches_counting(batch, k):
    predictions = testing.random_array(batch + (5,), seed=6)
    targets = testing.random_array(batch, "int32", seed=7, low=0, high=5)
    out = ops.in_top_k(targets, predictions, k)
    check(out, reference_in_top_k(targets, predictions, k), "bool")


def test_in_top_k_counts_ties_and_rejects_bad_rows():
    predictions = np.array(
        [
            [1.0, 1.0, 1.0],
            [2.0, 1.0, 1.0],
            [0.0, 1.0, 2.0],
            [np.nan, 1.0, 2.0],
            [0.0, 1.0, 2.0],
        ],
        "float32",
    )
    targets = np.array([2, 2, 5, 2, -1], "int64")
    # Ties at the boundary count as in; out of range and non-finite rows are not.
    check(
        ops.in_top_k(targets, predictions, 1),
        [True, False, False, False, False],
        "bool",
    )
    check(
        ops.in_top_k(targets, predictions, 2), [True, True, False, False, False], "bool"
    )


def test_in_top_k_with_int_predictions():
    predictions = np.array([[3, 1, 2], [0, 5, 5]], "int32")
    check(ops.in_top_k(np.array([2, 2]), predictions, 2), [True, True], "bool")


def test_in_top_k_rejects_bad_arguments():
    predictions = np.zeros((2, 5), "float32")
    with pytest.raises(TypeError, match="targets"):
        ops.in_top_k(np.array([0.0, 1.0], "float32"), predictions, 1)
    with pytest.raises(ValueError, match="targets"):
        ops.in_top_k(np.array([0, 1, 2]), predictions, 1)
    with pytest.raises(ValueError, match="`k`"):
        ops.in_top_k(np.array([0, 1]), predictions, -2)
    with pytest.raises(ValueError, match="targets"):
        ops.in_top_k(testing.symbolic((3,), "int32"), testing.symbolic((2, 5)), 1)


def test_in_top_k_specs():
    out = ops.in_top_k(testing.symbolic((None,), "int32"), testing.symbolic((4, 10)), 3)
    testing.assert_spec(out, (4,), "bool")
    out = ops.in_top_k(np.array([[1, 2]]), testing.symbolic((None, 2, 7), "float16"), 1)
    testing.assert_spec(out, (1, 2), "bool")


# Segment reductions.

REDUCERS = {
    "segment_sum": (np.sum, 0.0),
    "segment_max": (np.max, -np.inf),
    "segment_min": (np.min, np.inf),
    "segment_prod": (np.prod, 1.0),
}


def reference_segment(name, data, ids, num_segments):
    reduce, empty = REDUCERS[name]
    out = []
    for segment in range(num_segments):
        rows = data[ids == segment]
        if len(rows):
            out.append(reduce(rows, axis=0))
        elif data.dtype == bool:
            out.append(np.full(data.shape[1:], name in ("segment_min", "segment_prod")))
        elif data.dtype.kind in "iu" and name in ("segment_max", "segment_min"):
            info = np.iinfo(data.dtype)
            out.append(np.full(data.shape[1:], info.min if empty < 0 else info.max))
        else:
            out.append(np.full(data.shape[1:], empty))
    return np.array(out, dtype=data.dtype).reshape((num_segments,) + data.shape[1:])


@pytest.mark.parametrize("name", sorted(REDUCERS))
@pytest.mark.parametrize(
    "ids,num_segments",
    [
        ([0, 0, 1, 2, 2, 2], None),
        ([2, 0, 2, 0, 1, 2], None),
        ([0, 0, 1, 1, 1, 3], 6),
        ([0, 3, 1, 1, 4, 2], 3),
        ([1, -1, 0, 0, -3, 1], None),
    ],
)
def test_segment_reductions_match_numpy(name, ids, num_segments):
    data = testing.random_array((6, 3), seed=8, low=0.5, high=2.0)
    ids = np.array(ids, "int32")
    expected_count = num_segments if num_segments is not None else ids.max() + 1
    expected = reference_segment(name, data, ids, expected_count)
    out = getattr(ops, name)(data, ids, num_segments=num_segments)
    check(out, expected, "float32")


@pytest.mark.parametrize("name", sorted(REDUCERS))
@pytest.mark.parametrize("dtype", ["int32", "int8", "bool", "float16", "float64"])
def test_segment_reductions_keep_the_dtype(name, dtype):
    data = testing.random_array((7, 2), dtype, seed=9, low=-3, high=4)
    ids = np.array([0, 1, 1, 3, 3, 3, 0], "int64")
    out = getattr(ops, name)(tensor(data, dtype), ids, num_segments=5)
    if dtype == "float64":
        data = data.astype(dtypes.numpy_dtype(stored(dtype)))
    expected = reference_segment(name, data.astype(data.dtype), ids, 5)
    check(out, expected, stored(dtype))


def test_sorted_segment_ids_give_the_same_result():
    data = testing.random_array((8, 2), seed=10)
    ids = np.array([0, 0, 1, 1, 1, 2, 4, 4], "int32")
    for name in REDUCERS:
        op = getattr(ops, name)
        check(
            op(data, ids, 5, sorted=True),
            reference_segment(name, data, ids, 5),
            "float32",
        )


@pytest.mark.parametrize("name", sorted(REDUCERS))
def test_segment_reductions_reject_bad_arguments(name):
    op = getattr(ops, name)
    data = np.zeros((4, 2), "float32")
    with pytest.raises(TypeError, match="segment_ids"):
        op(data, np.zeros((4,), "float32"))
    with pytest.raises(ValueError, match="1-D"):
        op(data, np.zeros((4, 1), "int32"))
    with pytest.raises(ValueError, match="rows"):
        op(data, np.zeros((3,), "int32"))
    with pytest.raises(ValueError, match="num_segments"):
        op(data, np.zeros((4,), "int32"), num_segments=-1)
    with pytest.raises(ValueError, match="rows"):
        op(testing.symbolic((4, 2)), testing.symbolic((5,), "int32"), 2)


@pytest.mark.parametrize("name", sorted(REDUCERS))
def test_segment_specs(name):
    op = getattr(ops, name)
    data = testing.symbolic((None, 3), "int8")
    testing.assert_spec(op(data, testing.symbolic((None,), "int32"), 4), (4, 3), "int8")
    testing.assert_spec(
        op(testing.symbolic((6,), "bool"), testing.symbolic((6,), "int64")),
        (None,),
        "bool",
    )


# cdist.


@pytest.mark.parametrize(
    "x_shape,y_shape",
    [
        ((3, 4), (5, 4)),
        ((2, 3, 4), (5, 4)),
        ((2, 1, 3, 2), (4, 6, 2)),
        ((0, 3), (2, 3)),
        ((2, 0), (3, 0)),
    ],
)
def test_cdist_matches_scipy(x_shape, y_shape):
    x = testing.random_array(x_shape, seed=11)
    y = testing.random_array(y_shape, seed=12)
    xb, yb = np.broadcast_arrays(x[..., :, None, :], y[..., None, :, :])
    expected = np.sqrt(np.sum((xb.astype("float64") - yb) ** 2, axis=-1))
    if len(x_shape) == 2 and len(y_shape) == 2 and x_shape[-1]:
        np.testing.assert_allclose(
            expected, scipy.spatial.distance.cdist(x, y), rtol=1e-6
        )
    check(ops.cdist(x, y), expected, "float32")


@pytest.mark.parametrize(
    "x_dtype,y_dtype,out",
    [
        ("int32", "int32", "float32"),
        ("float64", "float64", "float64"),
        ("float16", "float16", "float16"),
        ("float16", "float32", "float32"),
        ("int8", "float16", "float16"),
    ],
)
def test_cdist_dtypes(x_dtype, y_dtype, out):
    x = testing.random_array((3, 2), x_dtype, seed=13, low=-3, high=4)
    y = testing.random_array((4, 2), y_dtype, seed=14, low=-3, high=4)
    expected = scipy.spatial.distance.cdist(x.astype("float64"), y.astype("float64"))
    check(ops.cdist(tensor(x, x_dtype), tensor(y, y_dtype)), expected, stored(out))


def test_cdist_of_coincident_points_is_zero():
    x = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    check(ops.cdist(x, x), scipy.spatial.distance.cdist(x, x), "float32")


def test_cdist_rejects_bad_shapes():
    with pytest.raises(ValueError, match="rank >= 2"):
        ops.cdist(np.zeros((3,), "float32"), np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="last dim"):
        ops.cdist(np.zeros((3, 4), "float32"), np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="last dim"):
        ops.cdist(testing.symbolic((None, 4)), testing.symbolic((2, 3)))
    with pytest.raises(ValueError, match="broadcast"):
        ops.cdist(testing.symbolic((2, 3, 4)), testing.symbolic((3, 5, 4)))


def test_cdist_specs():
    out = ops.cdist(testing.symbolic((None, 3, 4)), testing.symbolic((None, 5, 4)))
    testing.assert_spec(out, (None, 3, 5), "float32")
    out = ops.cdist(
        testing.symbolic((2, 1, 3, 4), "int32"), testing.symbolic((6, None, 4), "int32")
    )
    testing.assert_spec(out, (2, 6, 3, None), "float32")
    out = ops.cdist(
        testing.symbolic((3, 4), "float16"), testing.symbolic((5, 4), "float16")
    )
    testing.assert_spec(out, (3, 5), "float16")


# extract_sequences.


def reference_sequences(x, length, stride):
    n = x.shape[-1]
    count = max(0, (n - length) // stride + 1)
    frames = [x[..., i * stride : i * stride + length] for i in range(count)]
    if not frames:
        return np.zeros(x.shape[:-1] + (0, length), x.dtype)
    return np.stack(frames, axis=-2)


@pytest.mark.parametrize(
    "shape,length,stride",
    [
        ((10,), 4, 2),
        ((10,), 4, 3),
        ((2, 10), 3, 3),
        ((2, 3, 9), 9, 1),
        ((2, 3), 4, 1),
        ((8,), 2, 5),
    ],
)
def test_extract_sequences_matches_slicing(shape, length, stride):
    x = testing.random_array(shape, seed=15)
    check(
        ops.extract_sequences(x, length, stride),
        reference_sequences(x, length, stride),
        "float32",
    )


@pytest.mark.parametrize("dtype", ["int32", "bool", "float16"])
def test_extract_sequences_keeps_the_dtype(dtype):
    x = testing.random_array((2, 7), dtype, seed=16)
    check(
        ops.extract_sequences(tensor(x, dtype), 3, 2),
        reference_sequences(x, 3, 2),
        dtype,
    )


def test_extract_sequences_rejects_bad_arguments():
    x = np.zeros((10,), "float32")
    with pytest.raises(ValueError, match="sequence_length"):
        ops.extract_sequences(x, 0, 1)
    with pytest.raises(ValueError, match="sequence_stride"):
        ops.extract_sequences(x, 2, 0)
    with pytest.raises(TypeError, match="sequence_length"):
        ops.extract_sequences(x, 2.0, 1)
    with pytest.raises(ValueError, match="rank >= 1"):
        ops.extract_sequences(np.float32(1.0), 1, 1)


def test_extract_sequences_specs():
    testing.assert_spec(
        ops.extract_sequences(testing.symbolic((2, 10)), 4, 3), (2, 3, 4), "float32"
    )
    testing.assert_spec(
        ops.extract_sequences(testing.symbolic((None, None), "int32"), 4, 3),
        (None, None, 4),
        "int32",
    )
    testing.assert_spec(
        ops.extract_sequences(testing.symbolic((3,)), 4, 1), (0, 4), "float32"
    )


# rearrange.

T = np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4)
T4 = np.arange(2 * 3 * 4 * 5, dtype="float32").reshape(2, 3, 4, 5)

REARRANGE_CASES = [
    (T, "a b c -> c a b", {}, np.transpose(T, (2, 0, 1))),
    (T, "a b c -> a (b c)", {}, T.reshape(2, 12)),
    (T, "a b c -> (c a) b", {}, np.transpose(T, (2, 0, 1)).reshape(8, 3)),
    (T, "a b (c d) -> a b c d", {"c": 2}, T.reshape(2, 3, 2, 2)),
    (
        T,
        "a b (c d) -> (a d) b c",
        {"d": 2},
        np.transpose(T.reshape(2, 3, 2, 2), (0, 3, 1, 2)).reshape(4, 3, 2),
    ),
    (
        T,
        "a b (c d) -> d a b c",
        {"c": 2, "d": 2},
        np.transpose(T.reshape(2, 3, 2, 2), (3, 0, 1, 2)),
    ),
    (T, "a ... -> ... a", {}, np.transpose(T, (1, 2, 0))),
    (T, "... c -> c ...", {}, np.transpose(T, (2, 0, 1))),
    (T, "a ... -> a (...)", {}, T.reshape(2, 12)),
    (T4, "a ... d -> d (...) a", {}, np.transpose(T4, (3, 1, 2, 0)).reshape(5, 12, 2)),
    (T, "a b c ... -> c b a ...", {}, np.transpose(T, (2, 1, 0))),
    (T, "a b c -> a 1 b () c", {}, T.reshape(2, 1, 3, 1, 4)),
    (T[:, :1], "a 1 c -> c a", {}, np.transpose(T[:, 0], (1, 0))),
    (T, "batch_1 h w -> w batch_1 h", {}, np.transpose(T, (2, 0, 1))),
    (T, "  a b c->a b c ", {}, T),
]


@pytest.mark.parametrize("index", range(len(REARRANGE_CASES)))
def test_rearrange_matches_numpy(index):
    x, pattern, lengths, expected = REARRANGE_CASES[index]
    check(ops.rearrange(x, pattern, **lengths), expected, "float32")


def test_rearrange_keeps_the_dtype():
    x = T.astype("int32")
    check(
        ops.rearrange(tensor(x), "a b c -> (b c) a"),
        np.transpose(x, (1, 2, 0)).reshape(12, 2),
        "int32",
    )


@pytest.mark.parametrize(
    "pattern,lengths,error",
    [
        ("a b c", {}, "of the form"),
        ("a b -> b a", {}, "rank 2"),
        ("a b c d ... -> ... d c b a", {}, "rank >= 4"),
        ("a b c -> a b", {}, "one side only"),
        ("a b c -> a b c d", {}, "one side only"),
        ("a a c -> a c", {}, "repeats"),
        ("a b c -> (a (b c))", {}, "nested"),
        ("a b c -> (a b c", {}, "unbalanced"),
        ("a b c -> a b c)", {}, "unbalanced"),
        ("a b c -> a b c+", {}, "unexpected"),
        ("a b (c 2) -> a b c", {}, "unexpected"),
        ("a b (c d) -> a b c d", {}, "cannot infer"),
        ("a b (c d) -> a b c d", {"c": 3}, "cannot be split"),
        ("a b c -> c b a", {"a": 3}, "lengths"),
        ("a b c -> c b a", {"z": 3}, "names no axis"),
        ("(a ...) b -> a b", {}, "parentheses"),
    ],
)
def test_rearrange_rejects_bad_patterns(pattern, lengths, error):
    with pytest.raises(ValueError, match=error):
        ops.rearrange(T, pattern, **lengths)


def test_rearrange_specs():
    x = testing.symbolic((None, 3, 4))
    testing.assert_spec(ops.rearrange(x, "a b c -> c (a b)"), (4, None), "float32")
    testing.assert_spec(
        ops.rearrange(x, "a b (c d) -> d (a b) c", c=2), (2, None, 2), "float32"
    )
    testing.assert_spec(
        ops.rearrange(
            testing.symbolic((2, 3, None), "int8"), "a b (c d) -> a b c d", c=2
        ),
        (2, 3, 2, None),
        "int8",
    )
    testing.assert_spec(
        ops.rearrange(testing.symbolic((None, 3, 4, 5)), "a ... -> ... a"),
        (3, 4, 5, None),
        "float32",
    )
    with pytest.raises(ValueError, match="rank 2"):
        ops.rearrange(testing.symbolic((2, 3, 4)), "a b -> b a")
