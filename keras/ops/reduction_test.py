"""keras.ops reduction ops against NumPy: values, dtypes, axes, NaNs, symbolic specs."""

import numpy as np
import pytest

from keras import ops
from keras.backends import active
from keras.backends.common import dtypes
from keras.ops import testing

SUM_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}
INT_DTYPES = ["int8", "uint8", "int16", "uint16", "int32", "uint32"]
LOW_PRECISION = ("float16", "bfloat16")

# (shape, axis) pairs every axis-reduction is checked on.
AXES = [
    ((), None),
    ((5,), None),
    ((5,), 0),
    ((5,), -1),
    ((2, 3, 4), None),
    ((2, 3, 4), 1),
    ((2, 3, 4), -1),
    ((2, 3, 4), (0, 2)),
    ((2, 3, 4), (-1, 0, 1)),
    ((0, 3), 0),
    ((0, 3), 1),
]
NONEMPTY_AXES = [(s, a) for s, a in AXES if 0 not in s]


def float_dtype(dtype):
    return dtypes.result_type(dtype, float)


def sum_dtype(dtype):
    return SUM_DTYPES.get(dtype, dtype)


def check(out, expected, dtype, rtol=1e-5, atol=1e-5):
    """`out` equals `expected` (computed in float64, or exact) and has dtype `dtype`."""
    actual = testing.to_numpy(out)
    assert dtypes.standardize_dtype(actual.dtype) == dtype, f"{actual.dtype} != {dtype}"
    expected = np.asarray(expected)
    if dtype in LOW_PRECISION:
        actual = actual.astype("float32")
        expected = expected.astype(dtypes.numpy_dtype(dtype)).astype("float32")
        rtol, atol = max(rtol, 2e-2), max(atol, 2e-2)
    else:
        expected = expected.astype(dtypes.numpy_dtype(dtype))
    testing.assert_close(actual, expected, rtol=rtol, atol=atol)


def quiet():
    import warnings

    return warnings.catch_warnings(action="ignore", category=RuntimeWarning)


def traced(function):
    """`function` compiled by the engine's tracer (jax.jit, tf.function), if any."""
    if active.name == "jax":
        import jax

        return jax.jit(function)
    if active.name == "tensorflow":
        import tensorflow as tf

        return tf.function(function)
    return function


def with_nans(shape, seed=0, dtype="float32"):
    """Random values with about a quarter NaNs."""
    x = testing.random_array(shape, dtype, seed=seed)
    holes = testing.rng(seed + 7).random(shape) < 0.25
    return np.where(holes, np.nan, x).astype(dtype)


# Plain reductions.

# name -> (NumPy reference, result dtype rule, needs a non-empty reduction).
REDUCTIONS = {
    "sum": (np.sum, sum_dtype, False),
    "prod": (np.prod, sum_dtype, False),
    "mean": (np.mean, float_dtype, False),
    "var": (np.var, float_dtype, False),
    "std": (np.std, float_dtype, False),
    "median": (np.median, float_dtype, True),
    "max": (np.max, lambda d: d, True),
    "min": (np.min, lambda d: d, True),
    "amax": (np.amax, lambda d: d, True),
    "amin": (np.amin, lambda d: d, True),
    "ptp": (np.ptp, lambda d: d, True),
    "all": (np.all, lambda d: "bool", False),
    "any": (np.any, lambda d: "bool", False),
}


@pytest.mark.parametrize(
    "name,shape,axis",
    [
        (name, shape, axis)
        for name in sorted(REDUCTIONS)
        for shape, axis in (NONEMPTY_AXES if REDUCTIONS[name][2] else AXES)
    ],
)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction_float32(name, shape, axis, keepdims):
    reference, rule, _ = REDUCTIONS[name]
    x = testing.random_array(shape, seed=1)
    with quiet():
        expected = reference(x.astype("float64"), axis=axis, keepdims=keepdims)
    out = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    check(out, expected, rule("float32"), rtol=1e-4)


@pytest.mark.parametrize(
    "name,dtype",
    [
        (name, dtype)
        for name in sorted(REDUCTIONS)
        for dtype in INT_DTYPES + ["bool"]
        if (name, dtype) != ("ptp", "bool")  # NumPy has no ptp of bools
    ],
)
def test_reduction_int_and_bool(name, dtype):
    reference, rule, _ = REDUCTIONS[name]
    low = 0 if dtype.startswith("u") else -3
    x = testing.random_array((3, 4), dtype, seed=2, low=low, high=4)
    expected_dtype = rule(dtype)
    for axis in (None, 0, (0, 1)):
        if expected_dtype == dtype or expected_dtype == "bool":
            expected = reference(x, axis=axis)
        elif rule is float_dtype:
            expected = reference(x.astype("float64"), axis=axis)
        else:
            expected = reference(x, axis=axis, dtype=expected_dtype)
        check(getattr(ops, name)(x, axis=axis), expected, expected_dtype, rtol=1e-4)


@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "max", "min", "median"])
@pytest.mark.parametrize("dtype", LOW_PRECISION)
def test_reduction_low_precision(name, dtype):
    reference, rule, _ = REDUCTIONS[name]
    x = testing.random_array((4, 5), seed=3).astype(dtypes.numpy_dtype(dtype))
    expected = reference(x.astype("float64"), axis=1)
    check(getattr(ops, name)(x, axis=1), expected, rule(dtype))


def test_ptp_of_unsigned_wraps_as_numpy():
    x = np.array([[3, 250], [7, 7]], dtype="uint8")
    check(ops.ptp(x, axis=1), np.ptp(x, axis=1), "uint8")


def test_max_min_initial():
    x = testing.random_array((3, 4), seed=4)
    check(ops.max(x, axis=1, initial=0.5), np.max(x, axis=1, initial=0.5), "float32")
    check(ops.min(x, initial=-0.5), np.min(x, initial=-0.5), "float32")
    empty = np.zeros((0, 3), "float32")
    check(ops.max(empty, axis=0, initial=2.0), np.full((3,), 2.0), "float32")
    check(ops.min(empty, initial=-1.0), np.asarray(-1.0), "float32")


def test_prod_dtype_argument():
    x = testing.random_array((3, 4), "int8", seed=5, low=-2, high=3)
    check(ops.prod(x, axis=0, dtype="float32"), np.prod(x, axis=0), "float32")
    check(ops.prod(x, dtype="int16"), np.prod(x, dtype="int16"), "int16")


def test_reduction_accepts_python_lists():
    check(ops.sum([[1, 2], [3, 4]], axis=0), np.array([4, 6]), "int32")
    check(ops.mean([1, 2, 3, 4]), np.asarray(2.5), "float32")
    check(ops.max([[1.5, -2.0]]), np.asarray(1.5), "float32")


def test_reductions_trace():
    x = testing.random_array((3, 4), seed=6)

    def function(t):
        return (
            ops.sum(t, axis=0),
            ops.mean(t, axis=-1, keepdims=True),
            ops.std(t),
            ops.max(t, axis=1),
            ops.median(t, axis=0),
            ops.quantile(t, [0.1, 0.9], axis=1),
            ops.argmax(t, axis=1),
            ops.cumsum(t, axis=0),
            ops.sort(t, axis=0),
            ops.nanmean(t),
            ops.histogram(t[0], bins=4)[0],
        )

    outs = traced(function)(active.convert_to_tensor(x))
    check(outs[0], np.sum(x, 0), "float32")
    check(outs[1], np.mean(x, -1, keepdims=True), "float32")
    check(outs[2], np.std(x), "float32")
    check(outs[3], np.max(x, 1), "float32")
    check(outs[4], np.median(x, 0), "float32")
    check(outs[5], np.quantile(x, [0.1, 0.9], axis=1), "float32")
    check(outs[6], np.argmax(x, 1), "int32")
    check(outs[7], np.cumsum(x, 0), "float32")
    check(outs[8], np.sort(x, 0), "float32")
    check(outs[9], np.mean(x), "float32")
    check(outs[10], np.histogram(x[0], bins=4)[0], "int32")


# NaN-ignoring reductions.

NAN_REDUCTIONS = {
    "nanmax": (np.nanmax, lambda d: d),
    "nanmin": (np.nanmin, lambda d: d),
    "nansum": (np.nansum, sum_dtype),
    "nanprod": (np.nanprod, sum_dtype),
    "nanmean": (np.nanmean, float_dtype),
    "nanvar": (np.nanvar, float_dtype),
    "nanstd": (np.nanstd, float_dtype),
    "nanmedian": (np.nanmedian, float_dtype),
}


@pytest.mark.parametrize("name", sorted(NAN_REDUCTIONS))
@pytest.mark.parametrize("shape,axis", NONEMPTY_AXES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_nan_reduction(name, shape, axis, keepdims):
    reference, rule = NAN_REDUCTIONS[name]
    x = with_nans(shape, seed=8)
    if x.ndim:
        x[0] = np.nan  # an all-NaN slice along every axis but the first
    with quiet():
        expected = reference(x.astype("float64"), axis=axis, keepdims=keepdims)
    out = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    check(out, expected, rule("float32"), rtol=1e-4)


@pytest.mark.parametrize("name", sorted(NAN_REDUCTIONS))
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "float16"])
def test_nan_reduction_dtypes(name, dtype):
    reference, rule = NAN_REDUCTIONS[name]
    if dtype == "float16":
        x = with_nans((3, 4), seed=9, dtype="float16")
    else:
        x = testing.random_array((3, 4), dtype, seed=9, low=0, high=4)
    with quiet():
        expected = reference(x.astype("float64"), axis=1)
    check(getattr(ops, name)(x, axis=1), expected, rule(dtype), rtol=1e-4)


# Index reductions.

ARG_REDUCTIONS = {
    "argmax": np.argmax,
    "argmin": np.argmin,
    "nanargmax": np.nanargmax,
    "nanargmin": np.nanargmin,
}


@pytest.mark.parametrize("name", sorted(ARG_REDUCTIONS))
@pytest.mark.parametrize("shape,axis", [((5,), None), ((5,), 0), ((2, 3, 4), None),
                                        ((2, 3, 4), 1), ((2, 3, 4), -1)])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "int8", "uint8", "uint16", "bool"])
def test_arg_reduction(name, shape, axis, keepdims, dtype):
    x = testing.random_array(shape, dtype, seed=10, low=0, high=3)
    expected = ARG_REDUCTIONS[name](x, axis=axis, keepdims=keepdims)
    check(getattr(ops, name)(x, axis=axis, keepdims=keepdims), expected, "int32")


@pytest.mark.parametrize("name", ["nanargmax", "nanargmin"])
def test_nan_arg_reduction_skips_nans(name):
    x = with_nans((4, 6), seed=11)
    x[:, 0] = np.nan
    expected = ARG_REDUCTIONS[name](x, axis=1)
    check(getattr(ops, name)(x, axis=1), expected, "int32")
    x[2] = np.nan
    out = testing.to_numpy(getattr(ops, name)(x, axis=1))
    assert out[2] == -1, "an all-NaN slice gives -1"
    np.testing.assert_array_equal(np.delete(out, 2), np.delete(expected, 2))


# Quantiles.

METHODS = ["linear", "lower", "higher", "midpoint", "nearest"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("q", [0.5, 0.0, 1.0, [0.1, 0.37, 0.8], [[0.25], [0.75]]])
@pytest.mark.parametrize("shape,axis", [((7,), None), ((3, 4, 5), None), ((3, 4, 5), 1),
                                        ((3, 4, 5), (0, -1))])
@pytest.mark.parametrize("keepdims", [False, True])
def test_quantile(method, q, shape, axis, keepdims):
    x = testing.random_array(shape, seed=12)
    expected = np.quantile(x.astype("float64"), q, axis=axis, method=method,
                           keepdims=keepdims)
    out = ops.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
    check(out, expected, "float32", rtol=1e-4)
    percent = np.asarray(q) * 100
    out = ops.percentile(x, percent, axis=axis, method=method, keepdims=keepdims)
    check(out, expected, "float32", rtol=1e-4)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("shape,axis", [((9,), None), ((4, 6), 1), ((4, 6), 0),
                                        ((2, 3, 4), (1, 2))])
def test_nanquantile(method, shape, axis):
    x = with_nans(shape, seed=13)
    x[0] = np.nan
    q = [0.2, 0.5, 0.9]
    with quiet():
        expected = np.nanquantile(x.astype("float64"), q, axis=axis, method=method)
    check(ops.nanquantile(x, q, axis=axis, method=method), expected, "float32")
    out = ops.nanpercentile(x, [20, 50, 90], axis=axis, method=method)
    check(out, expected, "float32", rtol=1e-4)


def test_quantile_with_nan_is_nan():
    x = testing.random_array((3, 5), seed=14)
    x[1, 2] = np.nan
    expected = np.quantile(x, 0.3, axis=1)
    check(ops.quantile(x, 0.3, axis=1), expected, "float32")
    check(ops.median(x, axis=1), np.median(x, axis=1), "float32")


@pytest.mark.parametrize("dtype", ["int32", "uint8", "bool", "float16"])
def test_quantile_dtypes(dtype):
    x = testing.random_array((4, 5), dtype, seed=15, low=0, high=9)
    expected = np.quantile(x.astype("float64"), [0.25, 0.5], axis=0)
    check(ops.quantile(x, [0.25, 0.5], axis=0), expected, float_dtype(dtype))


def test_quantile_tensor_q():
    x = testing.random_array((10,), seed=16)
    q = active.convert_to_tensor(np.array([0.1, 0.5], "float32"))
    check(ops.quantile(x, q), np.quantile(x, [0.1, 0.5]), "float32", rtol=1e-4)


# Scans.

SCANS = {
    "cumsum": (np.cumsum, None),
    "cumprod": (np.cumprod, None),
    "nancumsum": (np.nancumsum, 0.0),
    "nancumprod": (np.nancumprod, 1.0),
}


@pytest.mark.parametrize("name", sorted(SCANS))
@pytest.mark.parametrize("shape,axis", [((), None), ((6,), None), ((6,), 0),
                                        ((2, 3, 4), None), ((2, 3, 4), 1),
                                        ((2, 3, 4), -1), ((0, 3), 0)])
def test_scan_float32(name, shape, axis):
    reference, _ = SCANS[name]
    x = with_nans(shape, seed=17) if name.startswith("nan") else testing.random_array(
        shape, seed=17, low=0.5, high=1.5
    )
    expected = reference(x.astype("float64"), axis=axis)
    check(getattr(ops, name)(x, axis=axis), expected, "float32", rtol=1e-4)


@pytest.mark.parametrize("name", sorted(SCANS))
@pytest.mark.parametrize("dtype", INT_DTYPES + ["bool", "float16"])
def test_scan_dtypes(name, dtype):
    reference, _ = SCANS[name]
    x = testing.random_array((3, 4), dtype, seed=18, low=0, high=3)
    expected_dtype = sum_dtype(dtype)
    expected = reference(x.astype(dtypes.numpy_dtype(expected_dtype)), axis=1)
    check(getattr(ops, name)(x, axis=1), expected, expected_dtype)


def test_scan_dtype_argument():
    x = testing.random_array((5,), "int8", seed=19, low=1, high=3)
    check(ops.cumsum(x, dtype="float32"), np.cumsum(x, dtype="float32"), "float32")
    check(ops.cumprod(x, dtype="int16"), np.cumprod(x, dtype="int16"), "int16")


# Sorting.


@pytest.mark.parametrize("shape,axis", [((7,), -1), ((7,), None), ((3, 4, 5), 0),
                                        ((3, 4, 5), 1), ((3, 4, 5), -1),
                                        ((3, 4, 5), None), ((0, 4), 0)])
@pytest.mark.parametrize("dtype", ["float32", "int8", "uint8", "uint16", "int32",
                                   "uint32", "bool", "float16", "bfloat16"])
def test_sort_and_argsort(shape, axis, dtype):
    # Few distinct values, so the stability of argsort is checked too.
    x = testing.random_array(shape, dtype, seed=20, low=0, high=4)
    check(ops.sort(x, axis=axis), np.sort(x, axis=axis, kind="stable"), dtype)
    expected = np.argsort(x, axis=axis, kind="stable")
    check(ops.argsort(x, axis=axis), expected, "int32")


def test_sort_puts_nans_last():
    x = np.array([2.0, np.nan, -1.0, np.inf, -np.inf], "float32")
    check(ops.sort(x), np.sort(x), "float32")


def test_sort_extreme_integers():
    x = np.array([0, -128, 127, -1, 5], "int8")
    check(ops.sort(x), np.sort(x), "int8")
    check(ops.argsort(x), np.argsort(x, kind="stable"), "int32")
    x = np.array([0, 2**32 - 1, 7, 2**31], "uint32")
    check(ops.sort(x), np.sort(x), "uint32")


@pytest.mark.parametrize("shape,axis,kth", [((9,), -1, 4), ((9,), None, 0),
                                            ((3, 6), 1, -1), ((4, 3), 0, 2)])
def test_argpartition(shape, axis, kth):
    x = testing.random_array(shape, seed=21)
    out = testing.to_numpy(ops.argpartition(x, kth, axis=axis))
    assert out.dtype == np.int32
    flat = x.reshape(-1) if axis is None else x
    along = 0 if axis is None else axis
    parted = np.take_along_axis(flat, out.astype("int64"), axis=along)
    np.testing.assert_array_equal(np.sort(out, axis=along), np.broadcast_to(
        np.arange(flat.shape[along]).reshape([-1 if i == along % flat.ndim else 1
                                              for i in range(flat.ndim)]), flat.shape))
    pivot = np.take(np.sort(flat, axis=along), [kth], axis=along)
    np.testing.assert_array_equal(np.take(parted, [kth], axis=along), pivot)
    length = flat.shape[along]
    before = np.take(parted, np.arange(kth % length), axis=along)
    after = np.take(parted, np.arange(kth % length + 1, length), axis=along)
    assert np.all(before <= pivot) and np.all(after >= pivot)


# The other ops.


@pytest.mark.parametrize(
    "shape,axis,weighted",
    [
        (shape, axis, weighted)
        for shape, axis in [((5,), None), ((3, 4), 0), ((3, 4), -1), ((2, 3, 4), None)]
        for weighted in ["none", "same_shape", "1d"]
        if not (weighted == "1d" and axis is None)  # 1-D weights need an int axis
    ],
)
def test_average(shape, axis, weighted):
    x = testing.random_array(shape, seed=22)
    if weighted == "none":
        weights = None
    elif weighted == "same_shape":
        weights = testing.random_array(shape, seed=23, low=0.5, high=2.0)
    else:
        weights = testing.random_array((shape[axis],), seed=23, low=0.5, high=2.0)
    expected = np.average(x.astype("float64"), axis=axis, weights=weights)
    check(ops.average(x, axis=axis, weights=weights), expected, "float32", rtol=1e-4)


def test_average_dtypes():
    x = testing.random_array((3, 4), "int32", seed=24, low=0, high=5)
    w = testing.random_array((4,), "float16", seed=25, low=1, high=2)
    expected = np.average(x, axis=1, weights=w.astype("float64"))
    check(ops.average(x, axis=1, weights=w), expected, "float16")
    check(ops.average(x), np.average(x), "float32")


@pytest.mark.parametrize("dtype", ["int32", "int8", "uint8", "uint16"])
@pytest.mark.parametrize("minlength", [0, 3, 12])
def test_bincount(dtype, minlength):
    x = testing.random_array((20,), dtype, seed=26, low=0, high=8)
    check(ops.bincount(x, minlength=minlength), np.bincount(x, minlength=minlength),
          "int32")
    for wdtype in ("float32", "int8", "float16"):
        w = testing.random_array((20,), wdtype, seed=27, low=0, high=3)
        expected = np.bincount(x, weights=w.astype("float64"), minlength=minlength)
        out = ops.bincount(x, weights=w, minlength=minlength)
        check(out, expected, sum_dtype(wdtype))


def test_bincount_batched_and_empty():
    x = testing.random_array((3, 7), "int32", seed=28, low=0, high=6)
    length = max(x.max() + 1, 4)
    expected = np.stack([np.bincount(row, minlength=length) for row in x])
    check(ops.bincount(x, minlength=4), expected, "int32")
    check(ops.bincount(np.zeros((0,), "int32"), minlength=2), np.zeros(2), "int32")


def test_bincount_sparse():
    x = np.array([0, 2, 2], "int32")
    if active.name != "tensorflow":
        with pytest.raises(ValueError, match="sparse"):
            ops.bincount(x, sparse=True)
        return
    import tensorflow as tf

    out = ops.bincount(x, sparse=True)
    assert isinstance(out, tf.SparseTensor)
    check(tf.sparse.to_dense(out), np.bincount(x), "int32")


@pytest.mark.parametrize("shape", [(2, 6), (4, 9), (7,)])
@pytest.mark.parametrize("dtype", ["float32", "int32", "float16"])
def test_corrcoef(shape, dtype):
    x = testing.random_array(shape, dtype, seed=29, low=-5, high=5)
    expected = np.corrcoef(x.astype("float64"))
    check(ops.corrcoef(x), expected, float_dtype(dtype), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("shape,axis", AXES)
@pytest.mark.parametrize("dtype", ["float32", "int8", "uint16", "bool"])
def test_count_nonzero(shape, axis, dtype):
    x = testing.random_array(shape, dtype, seed=30, low=0, high=2)
    expected = np.count_nonzero(x, axis=axis)
    check(ops.count_nonzero(x, axis=axis), expected, "int32")


@pytest.mark.parametrize("shape,n,axis", [((6,), 1, -1), ((6,), 3, 0), ((6,), 0, 0),
                                          ((6,), 8, 0), ((3, 5), 1, 0),
                                          ((3, 5), 2, -1), ((2, 3, 4), 1, 1)])
@pytest.mark.parametrize("dtype", ["float32", "int8", "uint8", "uint16", "bool",
                                   "bfloat16"])
def test_diff(shape, n, axis, dtype):
    x = testing.random_array(shape, dtype, seed=31, low=0, high=9)
    check(ops.diff(x, n=n, axis=axis), np.diff(x, n=n, axis=axis), dtype)


@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8"])
def test_digitize(dtype):
    x = testing.random_array((4, 5), dtype, seed=32, low=0, high=10)
    bins = np.array([1, 3, 3, 6, 8], dtype)
    check(ops.digitize(x, bins), np.digitize(x, bins), "int32")
    x = testing.random_array((7,), "float32", seed=33, low=-1, high=4)
    check(ops.digitize(x, [0.0, 1.5, 2.0]), np.digitize(x, [0.0, 1.5, 2.0]), "int32")


@pytest.mark.parametrize("bins", [1, 4, 10])
@pytest.mark.parametrize("range_", [None, (-1.0, 2.0), (0.5, 0.5)])
@pytest.mark.parametrize("dtype", ["float32", "int32"])
def test_histogram(bins, range_, dtype):
    x = testing.random_array((50,), dtype, seed=34, low=-3, high=3)
    counts, edges = ops.histogram(x, bins=bins, range=range_)
    expected_counts, expected_edges = np.histogram(x, bins=bins, range=range_)
    check(counts, expected_counts, "int32")
    check(edges, expected_edges, "float32", rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("shape", [(6,), (3, 4), (2, 3, 4), (0, 3)])
@pytest.mark.parametrize("dtype", ["float32", "int8", "bool"])
def test_nonzero(shape, dtype):
    x = testing.random_array(shape, dtype, seed=35, low=0, high=2)
    out = ops.nonzero(x)
    expected = np.nonzero(x)
    assert isinstance(out, tuple) and len(out) == len(expected)
    for actual, reference in zip(out, expected):
        check(actual, reference, "int32")


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("values_shape", [(), (5,), (2, 3)])
@pytest.mark.parametrize("dtype", ["float32", "int32", "uint16", "int8"])
def test_searchsorted(side, values_shape, dtype):
    sequence = np.sort(testing.random_array((8,), dtype, seed=36, low=0, high=6))
    values = testing.random_array(values_shape, dtype, seed=37, low=0, high=7)
    expected = np.searchsorted(sequence, values, side=side)
    check(ops.searchsorted(sequence, values, side=side), expected, "int32")


def test_searchsorted_promotes():
    sequence = np.array([1, 2, 4], "int8")
    check(ops.searchsorted(sequence, 2.5), np.asarray(2), "int32")


@pytest.mark.parametrize("shape,axis", [((5,), -1), ((3, 4), 0), ((3, 4), -1),
                                        ((2, 3, 4), 1), ((1,), 0)])
@pytest.mark.parametrize("spacing", ["dx", "x_1d", "x_full"])
def test_trapezoid(shape, axis, spacing):
    y = testing.random_array(shape, seed=38)
    if spacing == "dx":
        expected = np.trapezoid(y.astype("float64"), dx=0.5, axis=axis)
        out = ops.trapezoid(y, dx=0.5, axis=axis)
    else:
        x_shape = (shape[axis],) if spacing == "x_1d" else shape
        x = np.sort(testing.random_array(x_shape, seed=39), axis=axis if
                    spacing == "x_full" else 0)
        expected = np.trapezoid(y.astype("float64"), x.astype("float64"), axis=axis)
        out = ops.trapezoid(y, x, axis=axis)
    check(out, expected, "float32", rtol=1e-4)


def test_trapezoid_int():
    y = np.array([1, 3, 2], "int32")
    check(ops.trapezoid(y), np.trapezoid(y), "float32")


# unique


def np_unique(x, sorted_, axis):
    values, index, inverse, counts = np.unique(
        x, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    if not sorted_:
        order = np.argsort(index, kind="stable")
        values = np.take(values, order, axis=0 if axis is None else axis)
        index, counts = index[order], counts[order]
        inverse = np.argsort(order)[inverse]
    inverse = inverse.reshape(x.shape if axis is None else (-1,))
    return values, index, inverse, counts


@pytest.mark.parametrize("sorted_", [True, False])
@pytest.mark.parametrize("shape,axis", [((10,), None), ((3, 4), None), ((6, 2), 0),
                                        ((2, 6), 1), ((0,), None)])
@pytest.mark.parametrize("dtype", ["float32", "int32", "uint8", "bool"])
def test_unique(sorted_, shape, axis, dtype):
    x = testing.random_array(shape, dtype, seed=40, low=0, high=3)
    values, index, inverse, counts = np_unique(x, sorted_, axis)
    out = ops.unique(
        x, sorted=sorted_, return_index=True, return_inverse=True,
        return_counts=True, axis=axis,
    )
    check(out[0], values, dtype)
    check(out[1], index, "int32")
    check(out[2], inverse, "int32")
    check(out[3], counts, "int32")
    check(ops.unique(x, sorted=sorted_, axis=axis), values, dtype)
    only_counts = ops.unique(x, sorted=sorted_, return_counts=True, axis=axis)
    assert len(only_counts) == 2
    check(only_counts[1], counts, "int32")


@pytest.mark.parametrize("sorted_", [True, False])
def test_unique_with_size(sorted_):
    x = np.array([5, 1, 5, 3, 1, 1], "int32")
    values, index, inverse, counts = np_unique(x, sorted_, None)

    def function(t):
        return ops.unique(t, sorted=sorted_, return_index=True, return_inverse=True,
                          return_counts=True, size=5, fill_value=-1)

    for run in (function, traced(function)):
        out = run(active.convert_to_tensor(x))
        check(out[0], np.concatenate([values, [-1, -1]]), "int32")
        check(out[1], np.concatenate([index, [0, 0]]), "int32")
        check(out[2], inverse, "int32")
        check(out[3], np.concatenate([counts, [0, 0]]), "int32")
    check(ops.unique(x, size=2, sorted=sorted_), values[:2], "int32")


def test_unique_with_size_along_axis():
    x = np.array([[1, 2], [1, 2], [0, 3]], "int32")
    out = ops.unique(x, axis=0, size=3)
    check(out, np.array([[0, 3], [1, 2], [0, 0]]), "int32")


# Symbolic inference.


def test_symbolic_reductions():
    x = testing.symbolic((None, 3, 4))
    testing.assert_spec(ops.sum(x, axis=1), (None, 4), "float32")
    testing.assert_spec(ops.sum(x, axis=(0, -1), keepdims=True), (1, 3, 1), "float32")
    testing.assert_spec(ops.mean(x), (), "float32")
    testing.assert_spec(ops.max(x, axis=-1, initial=0.0), (None, 3), "float32")
    testing.assert_spec(ops.all(x, axis=0), (3, 4), "bool")
    testing.assert_spec(ops.nanstd(x, axis=2, keepdims=True), (None, 3, 1), "float32")
    ints = testing.symbolic((None, 5), "int8")
    testing.assert_spec(ops.sum(ints, axis=0), (5,), "int32")
    testing.assert_spec(ops.prod(testing.symbolic((2,), "uint16")), (), "uint32")
    testing.assert_spec(ops.prod(ints, dtype="float16"), (), "float16")
    testing.assert_spec(ops.mean(ints, axis=1), (None,), "float32")
    testing.assert_spec(ops.var(testing.symbolic((4,), "bfloat16")), (), "bfloat16")
    testing.assert_spec(ops.ptp(ints, axis=1), (None,), "int8")
    testing.assert_spec(ops.median(ints, axis=1, keepdims=True), (None, 1), "float32")
    testing.assert_spec(ops.nansum(ints), (), "int32")
    testing.assert_spec(ops.nanmax(ints, axis=0), (5,), "int8")


def test_symbolic_indices_and_scans():
    x = testing.symbolic((None, 3, 4), "int16")
    testing.assert_spec(ops.argmax(x, axis=1), (None, 4), "int32")
    testing.assert_spec(ops.argmin(x), (), "int32")
    testing.assert_spec(ops.nanargmax(x, keepdims=True), (1, 1, 1), "int32")
    testing.assert_spec(ops.nanargmin(x, axis=-1, keepdims=True), (None, 3, 1), "int32")
    testing.assert_spec(ops.argsort(x), (None, 3, 4), "int32")
    testing.assert_spec(ops.argsort(testing.symbolic((2, 3))), (2, 3), "int32")
    testing.assert_spec(ops.sort(x, axis=None), (None,), "int16")
    testing.assert_spec(ops.sort(testing.symbolic((2, 3)), axis=None), (6,), "float32")
    testing.assert_spec(ops.argpartition(x, 1, axis=1), (None, 3, 4), "int32")
    testing.assert_spec(ops.cumsum(x, axis=1), (None, 3, 4), "int32")
    testing.assert_spec(ops.cumprod(testing.symbolic((2, 3), "uint8")), (6,), "uint32")
    out = ops.nancumsum(x, axis=0, dtype="float32")
    testing.assert_spec(out, (None, 3, 4), "float32")
    testing.assert_spec(ops.nancumprod(testing.symbolic((4,), "bool")), (4,), "int32")
    testing.assert_spec(ops.count_nonzero(x, axis=(1, 2)), (None,), "int32")
    testing.assert_spec(ops.diff(x, n=2, axis=1), (None, 1, 4), "int16")
    testing.assert_spec(ops.diff(x, n=5, axis=-1), (None, 3, 0), "int16")
    testing.assert_spec(ops.diff(x, axis=0), (None, 3, 4), "int16")


def test_symbolic_statistics():
    x = testing.symbolic((None, 6), "int32")
    testing.assert_spec(ops.quantile(x, 0.5, axis=1), (None,), "float32")
    testing.assert_spec(ops.quantile(x, [0.1, 0.9]), (2,), "float32")
    testing.assert_spec(
        ops.nanpercentile(testing.symbolic((3, 4), "float16"), [10, 90], axis=0,
                          keepdims=True),
        (2, 1, 4),
        "float16",
    )
    testing.assert_spec(ops.nanquantile(x, testing.symbolic((3,)), axis=0), (3, 6),
                        "float32")
    testing.assert_spec(ops.percentile(x, 50, axis=-1, keepdims=True), (None, 1),
                        "float32")
    testing.assert_spec(ops.average(x, axis=1), (None,), "float32")
    testing.assert_spec(
        ops.average(testing.symbolic((2, 3), "float16"), axis=0,
                    weights=testing.symbolic((2,), "float16")),
        (3,),
        "float16",
    )
    testing.assert_spec(ops.corrcoef(testing.symbolic((None, 5))), (None, None),
                        "float32")
    testing.assert_spec(ops.corrcoef(testing.symbolic((5,), "int8")), (), "float32")
    testing.assert_spec(ops.trapezoid(x), (None,), "float32")
    # int32 with float16 promotes to float16.
    testing.assert_spec(ops.trapezoid(x, testing.symbolic((6,), "float16"), axis=1),
                        (None,), "float16")


def test_symbolic_data_dependent_shapes():
    x = testing.symbolic((None,), "int32")
    testing.assert_spec(ops.bincount(x), (None,), "int32")
    testing.assert_spec(ops.bincount(testing.symbolic((4, 5), "int8"),
                                     weights=testing.symbolic((4, 5), "int8")),
                        (4, None), "int32")
    counts, edges = ops.histogram(testing.symbolic((None,), "int8"), bins=6)
    testing.assert_spec(counts, (6,), "int32")
    testing.assert_spec(edges, (7,), "float32")
    rows, cols = ops.nonzero(testing.symbolic((None, 3)))
    testing.assert_spec(rows, (None,), "int32")
    testing.assert_spec(cols, (None,), "int32")
    testing.assert_spec(ops.digitize(testing.symbolic((2, 3)), testing.symbolic((4,))),
                        (2, 3), "int32")
    testing.assert_spec(ops.searchsorted(testing.symbolic((5,)), x), (None,), "int32")
    testing.assert_spec(ops.unique(x), (None,), "int32")
    values, index, inverse, counts = ops.unique(
        testing.symbolic((3, 4), "uint8"), return_index=True, return_inverse=True,
        return_counts=True, size=5,
    )
    testing.assert_spec(values, (5,), "uint8")
    testing.assert_spec(index, (5,), "int32")
    testing.assert_spec(inverse, (3, 4), "int32")
    testing.assert_spec(counts, (5,), "int32")
    values, inverse = ops.unique(testing.symbolic((3, 4)), return_inverse=True, axis=1)
    testing.assert_spec(values, (3, None), "float32")
    testing.assert_spec(inverse, (4,), "int32")


# Errors.


@pytest.mark.parametrize("name", ["sum", "mean", "max", "argmax", "nanmedian", "sort",
                                  "cumsum", "count_nonzero"])
def test_axis_out_of_range(name):
    x = testing.random_array((2, 3), seed=41)
    with pytest.raises(ValueError, match="axis"):
        getattr(ops, name)(x, axis=2)
    with pytest.raises(ValueError, match="axis"):
        getattr(ops, name)(testing.symbolic((2, 3)), axis=-3)


def test_bad_arguments():
    x = testing.random_array((2, 3), seed=42)
    with pytest.raises(ValueError, match="repeated"):
        ops.sum(x, axis=(0, -2))
    with pytest.raises(TypeError, match="axis"):
        ops.mean(x, axis=1.5)
    with pytest.raises(ValueError, match="method"):
        ops.quantile(x, 0.5, method="cubic")
    with pytest.raises(ValueError, match="`q`"):
        ops.quantile(x, 1.5)
    with pytest.raises(ValueError, match="`q`"):
        ops.percentile(x, [50, 101])
    with pytest.raises(ValueError, match="side"):
        ops.searchsorted([1, 2], 1, side="middle")
    with pytest.raises(ValueError, match="minlength"):
        ops.bincount([1, 2], minlength=-1)
    with pytest.raises(ValueError, match="`n`"):
        ops.diff(x, n=-1)
    with pytest.raises(ValueError, match="bins"):
        ops.histogram(x[0], bins=0)
    with pytest.raises(ValueError, match="range"):
        ops.histogram(x[0], range=(2.0, 1.0))
    with pytest.raises(ValueError, match="size"):
        ops.unique(x, size=0)
    with pytest.raises(TypeError, match="kth"):
        ops.argpartition(x, 1.0)
    with pytest.raises(ValueError, match="kth"):
        ops.argpartition(testing.symbolic((2, 3)), 3)
    with pytest.raises(TypeError, match="bincount"):
        ops.bincount(testing.symbolic((3,)))
    with pytest.raises(ValueError, match="bincount"):
        ops.bincount(testing.symbolic((3, 2, 1), "int32"))
    with pytest.raises(ValueError, match="sorted_sequence"):
        ops.searchsorted(testing.symbolic((2, 3)), testing.symbolic((2,)))
    with pytest.raises(ValueError, match="histogram"):
        ops.histogram(testing.symbolic((2, 3)))


def test_eager_shape_errors():
    with pytest.raises(ValueError, match="sorted_sequence"):
        ops.searchsorted(np.zeros((2, 3), "float32"), 1.0)
    with pytest.raises(ValueError, match="histogram"):
        ops.histogram(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="bins"):
        ops.digitize(np.zeros((3,), "float32"), np.zeros((2, 2), "float32"))


def _stored_dtype(dtype):
    """The dtype a tensor of `dtype` has on this backend (JAX without x64 keeps 64-bit
    values in 32 bits)."""
    return dtypes.standardize_dtype(ops.convert_to_tensor(np.zeros(2, dtype)).dtype)


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("sum", {}),
        ("sum", {"axis": 0, "keepdims": True}),
        ("prod", {"axis": 1}),
        ("max", {}),
        ("amin", {"axis": 0}),
        ("ptp", {"axis": 1}),
        ("nansum", {"axis": 1}),
        ("nanmax", {"axis": 0}),
        ("cumsum", {"axis": 1}),
        ("cumprod", {}),
        ("sort", {"axis": 0}),
        ("diff", {}),
    ],
)
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_64_bit_inputs_keep_their_dtype_symbolically(name, kwargs, dtype):
    # A float64/int64 KerasTensor used to give float32/int32 (64-bit narrowed by the
    # promotion rules) while the eager op keeps the dtype, e.g. sum on torch.
    x = np.arange(1, 7).reshape(2, 3).astype(dtype)
    eager = getattr(ops, name)(ops.convert_to_tensor(x, dtype), **kwargs)
    symbolic = getattr(ops, name)(testing.symbolic((2, 3), dtype), **kwargs)
    assert dtypes.standardize_dtype(eager.dtype) == _stored_dtype(dtype)
    testing.assert_spec(symbolic, tuple(eager.shape), _stored_dtype(dtype))
    expected = getattr(np, name)(x, **kwargs).astype(_stored_dtype(dtype))
    testing.assert_close(eager, expected)


def test_unique_of_int64_keeps_the_dtype_symbolically():
    x = np.array([[3, 1, 3], [2, 1, 0]], "int64")
    values, counts = ops.unique(ops.convert_to_tensor(x, "int64"), return_counts=True)
    expected_values, expected_counts = np.unique(x, return_counts=True)
    testing.assert_close(values, expected_values.astype(_stored_dtype("int64")))
    testing.assert_close(counts, expected_counts.astype("int32"))
    spec_values, spec_counts = ops.unique(
        testing.symbolic((2, 3), "int64"), return_counts=True, size=4
    )
    testing.assert_spec(spec_values, (4,), _stored_dtype("int64"))
    testing.assert_spec(spec_counts, (4,), "int32")


@pytest.mark.parametrize("name", ["prod", "cumsum", "nancumprod"])
def test_requested_64_bit_dtype_symbolic_matches_eager(name):
    # A requested float64 is what the eager op gives: float64, or float32 on JAX
    # without x64 (the symbolic result used to say float64 there).
    x = np.array([[1, 2, 3], [4, 5, 6]], "int32")
    eager = getattr(ops, name)(x, dtype="float64")
    symbolic = getattr(ops, name)(testing.symbolic((2, 3), "int32"), dtype="float64")
    testing.assert_spec(symbolic, tuple(eager.shape), _stored_dtype("float64"))
    expected = getattr(np, name)(x, dtype="float64").astype(_stored_dtype("float64"))
    testing.assert_close(eager, expected)
