"""Tests of the engine-neutral backend helpers against NumPy and brute-force references.

Nothing here needs an engine: the helpers are plain Python, and where they take tensor
operations the tests pass NumPy's.
"""

import itertools
import math

import ml_dtypes
import numpy as np
import pytest

from keras.backends.common import backend_utils
from keras.backends.common import config
from keras.backends.common import dtypes

PROMOTABLE = [
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "bfloat16",
    "float32",
    "float64",
    "complex64",
    "complex128",
]


@pytest.fixture
def floatx():
    """Restores floatx after a test that changes it."""
    saved = config.floatx()
    yield
    config.set_floatx(saved)


# Dtypes.


@pytest.mark.parametrize("dtype", PROMOTABLE + [bool, int, float, complex])
def test_float_dtype_is_the_result_type_with_a_float(dtype):
    assert backend_utils.float_dtype(dtype) == dtypes.result_type(dtype, float)
    expected = dtypes.numpy_dtype(dtypes.result_type(dtype, float))
    assert backend_utils.numpy_float_dtype(dtype) == expected


def test_float_dtype_of_several_dtypes_promotes_them_first():
    for a, b in itertools.product(PROMOTABLE, repeat=2):
        expected = dtypes.result_type(dtypes.result_type(a, b), float)
        assert backend_utils.float_dtype(a, b) == expected, (a, b)


def test_float_dtype_follows_floatx(floatx):
    assert backend_utils.float_dtype("int32") == "float32"
    config.set_floatx("float16")
    assert backend_utils.float_dtype("int32") == "float16"
    assert backend_utils.numpy_float_dtype("int32") == np.float16
    assert backend_utils.float_dtype("float64") == dtypes.result_type("float64", float)


@pytest.mark.parametrize(
    "dtype,expected",
    [
        ("bool", "int32"),
        ("int8", "int32"),
        ("int16", "int32"),
        ("uint8", "uint32"),
        ("uint16", "uint32"),
        ("int32", "int32"),
        ("uint32", "uint32"),
        ("int64", "int64"),
        ("float16", "float16"),
    ],
)
def test_sum_dtype_widens_narrow_integers(dtype, expected):
    assert backend_utils.sum_dtype(dtype) == expected


def test_compute_dtype_lifts_half_precision_only():
    assert backend_utils.compute_dtype("float16") == "float32"
    assert backend_utils.compute_dtype("bfloat16") == "float32"
    for dtype in ("float32", "float64", "int8", "bool"):
        assert backend_utils.compute_dtype(dtype) == dtype


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int64", "uint64"])
def test_dtype_range_of_integers(dtype):
    info = np.iinfo(dtype)
    low, high = backend_utils.dtype_range(dtype)
    assert (low, high) == (int(info.min), int(info.max))
    assert type(low) is int and type(high) is int


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_dtype_range_of_floats(dtype):
    info = ml_dtypes.finfo(dtypes.numpy_dtype(dtype))
    assert backend_utils.dtype_range(dtype) == (float(info.min), float(info.max))


@pytest.mark.parametrize(
    "source,target",
    [
        ("float32", "int32"),
        ("float32", "uint8"),
        ("float64", "int64"),
        ("float16", "int8"),
        ("int32", "int8"),
        ("int64", "uint32"),
        ("float64", "float16"),
    ],
)
def test_saturation_bounds_clip_into_the_target_range(source, target):
    low, high = backend_utils.saturation_bounds(source, target)
    kind = dtypes.numpy_dtype(source)
    assert low.dtype == kind and high.dtype == kind
    t_low, t_high = backend_utils.dtype_range(target)
    s_low, s_high = backend_utils.dtype_range(source)
    # The bounds lie inside the target range, and the next value outward does not.
    assert t_low <= float(low) and float(high) <= t_high
    if dtypes.is_float_dtype(source):
        assert float(np.nextafter(high, np.array(np.inf, kind))) > t_high
        assert float(np.nextafter(low, np.array(-np.inf, kind))) < t_low
    else:
        assert (int(low), int(high)) == (max(s_low, t_low), min(s_high, t_high))
    # The clip moves exactly the values outside the target range, onto the bounds.
    rng = np.random.default_rng(3)
    if dtypes.is_float_dtype(source):
        scale = min(s_high, 4.0 * max(abs(t_low), t_high))
        values = (rng.uniform(-1, 1, 256) * scale).astype(kind)
    else:
        values = rng.integers(s_low, s_high, 256, dtype=kind, endpoint=True)
    clipped = np.clip(values, low, high)
    for value, result in zip(values.tolist(), clipped.tolist()):
        if t_low <= value <= t_high:
            assert result == value
        else:
            assert result == (float(low) if value < t_low else float(high))
        assert t_low <= result <= t_high


def test_saturation_bounds_as_python_numbers():
    low, high = backend_utils.saturation_bounds("float32", "int32", python_scalars=True)
    assert type(low) is float and type(high) is float
    assert high == float(np.nextafter(np.float32(2**31), np.float32(0)))
    low, high = backend_utils.saturation_bounds("int64", "int8", python_scalars=True)
    assert (low, high) == (-128, 127) and type(low) is int


@pytest.mark.parametrize(
    "source,target",
    [("int8", "int32"), ("bool", "int8"), ("float32", "complex64"), ("uint8", "int16")],
)
def test_saturation_bounds_none_where_everything_fits(source, target):
    assert backend_utils.saturation_bounds(source, target) is None


# Axes.


def test_canonicalize_axis():
    assert backend_utils.canonicalize_axis(-1, 3) == 2
    assert backend_utils.canonicalize_axis(np.int64(1), 3) == 1
    with pytest.raises(ValueError, match="out of range"):
        backend_utils.canonicalize_axis(3, 3)
    with pytest.raises(ValueError, match="out of range"):
        backend_utils.canonicalize_axis(-4, 3)
    with pytest.raises(TypeError, match="`axis` must be an int"):
        backend_utils.canonicalize_axis(True, 3)
    with pytest.raises(TypeError, match="`axis` must be an int"):
        backend_utils.canonicalize_axis(1.0, 3)


def test_canonicalize_axes():
    assert backend_utils.canonicalize_axes(None, 3) == (0, 1, 2)
    assert backend_utils.canonicalize_axes(-2, 3) == (1,)
    assert backend_utils.canonicalize_axes([2, 0], 3) == (2, 0)
    assert backend_utils.canonicalize_axes((), 3) == ()
    with pytest.raises(ValueError, match="repeated"):
        backend_utils.canonicalize_axes((1, -2), 3)


def test_kept_shape_matches_numpy_reductions():
    x = np.zeros((2, 3, 4, 5))
    for axes in [(), (0,), (1, 3), (0, 1, 2, 3)]:
        for keepdims in (False, True):
            expected = np.sum(x, axis=axes, keepdims=keepdims).shape
            assert backend_utils.kept_shape(x.shape, axes, keepdims) == expected


def test_check_1d():
    backend_utils.check_1d("bins", 1, "`bins`")
    with pytest.raises(ValueError, match="`bins` must be 1-D; got a `bins` of rank 2"):
        backend_utils.check_1d("bins", 2, "`bins`")


def test_unique_outputs():
    def cast(t):
        return t.astype("int32")

    values, index, counts = np.array([1, 2]), np.array([0, 3]), np.array([2, 1])
    assert backend_utils.unique_outputs(values, [(False, index)], cast) is values
    out = backend_utils.unique_outputs(values, [(True, index), (False, counts)], cast)
    assert isinstance(out, tuple) and len(out) == 2
    assert out[1].dtype == np.int32
    np.testing.assert_array_equal(out[1], index)


# Images: padding and windows, against brute-force convolutions.


def test_to_tuple_and_data_format():
    assert backend_utils.to_tuple(3, 2) == (3, 3)
    assert backend_utils.to_tuple([1, 2], 2) == (1, 2)
    assert backend_utils.standardize_data_format("channels_first") == "channels_first"
    expected = config.image_data_format()
    assert backend_utils.standardize_data_format(None) == expected


def _correlate(x, w, stride, dilation, pads):
    """1-D correlation of `x` (padded with zeros) with `w`: the reference conv."""
    x = np.pad(x, pads)
    effective = (len(w) - 1) * dilation + 1
    length = max((len(x) - effective) // stride + 1, 0)
    return np.array(
        [
            sum(x[o * stride + k * dilation] * w[k] for k in range(len(w)))
            for o in range(length)
        ]
    )


@pytest.mark.parametrize("size", [1, 4, 7, 10])
@pytest.mark.parametrize("window", [1, 2, 3, 5])
@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("dilation", [1, 2])
def test_same_padding_gives_ceil_outputs(size, window, stride, dilation):
    left, right = backend_utils.same_padding(size, window, stride, dilation)
    assert 0 <= right - left <= 1
    effective = (window - 1) * dilation + 1
    outputs = (size + left + right - effective) // stride + 1
    assert outputs == -(-size // stride)
    # No more padding than needed: one less would lose an output.
    if left + right:
        assert (size + left + right - 1 - effective) // stride + 1 < outputs


def test_conv_padding():
    assert backend_utils.conv_padding((5, 6), (3, 3), (1, 2), "valid") == [
        (0, 0),
        (0, 0),
    ]
    same = backend_utils.conv_padding((5, 6), (3, 4), (1, 2), "same", (2, 1))
    assert same == [
        backend_utils.same_padding(5, 3, 1, 2),
        backend_utils.same_padding(6, 4, 2, 1),
    ]


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "size,kernel,stride,dilation",
    [
        (4, 3, 1, 1),
        (4, 3, 2, 1),
        (5, 2, 3, 1),
        (3, 3, 2, 2),
        (6, 1, 4, 1),
    ],
)
def test_transpose_padding_is_the_adjoint_of_conv(
    padding, size, kernel, stride, dilation
):
    # conv: length L -> `size`; the transposed conv maps `size` back to L, and
    # <conv(z), x> == <z, conv_transpose(x)> for every z and x.
    rng = np.random.default_rng(size * 31 + kernel)
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        length = size * stride + max(effective - stride, 0)
    else:
        length = size * stride
    w = rng.standard_normal(kernel)
    left, right = backend_utils.transpose_padding(
        kernel, stride, padding, None, dilation
    )
    x = rng.standard_normal(size)
    spread = np.zeros((size - 1) * stride + 1)
    spread[::stride] = x
    transposed = _correlate(spread, w[::-1], 1, dilation, (left, right))
    assert len(transposed) == length
    z = rng.standard_normal(length)
    conv_pads = backend_utils.conv_padding(
        (length,), (kernel,), (stride,), padding, (dilation,)
    )
    forward = _correlate(z, w, stride, dilation, conv_pads[0])
    assert len(forward) == size
    np.testing.assert_allclose(forward @ x, z @ transposed, rtol=1e-10)


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "size,kernel,stride,dilation,output_padding",
    [
        (4, 3, 2, 1, 1),
        (4, 3, 3, 1, 2),
        (3, 2, 2, 2, 0),
        (5, 4, 2, 1, 1),
    ],
)
def test_transpose_padding_with_output_padding_crops_the_full_result(
    padding, size, kernel, stride, dilation, output_padding
):
    # As Keras 3: the full transposed conv (each input scattered over its taps), read
    # from step 0 ("valid") or (2 * pad - output_padding) // 2 ("same"), for
    # (size - 1) * stride + effective - 2 * pad + output_padding steps.
    rng = np.random.default_rng(kernel * 7 + size)
    x, w = rng.standard_normal(size), rng.standard_normal(kernel)
    effective = (kernel - 1) * dilation + 1
    full = np.zeros((size - 1) * stride + effective + output_padding)
    for i in range(size):
        for k in range(kernel):
            full[i * stride + k * dilation] += x[i] * w[k]
    pad = effective // 2 if padding == "same" else 0
    start = (2 * pad - output_padding) // 2 if padding == "same" else 0
    expected = full[
        start : start + (size - 1) * stride + effective - 2 * pad + output_padding
    ]
    left, right = backend_utils.transpose_padding(
        kernel, stride, padding, output_padding, dilation
    )
    spread = np.zeros((size - 1) * stride + 1)
    spread[::stride] = x
    result = _correlate(spread, w[::-1], 1, dilation, (left, right))
    np.testing.assert_allclose(result, expected, rtol=1e-10, atol=1e-12)


def test_depthwise_kernel_shape():
    assert backend_utils.depthwise_kernel_shape((3, 3, 4, 2)) == (3, 3, 1, 8)
    assert backend_utils.depthwise_kernel_shape((5, 6, 1)) == (5, 1, 6)


@pytest.mark.parametrize("size,out", [(5, 2), (5, 5), (7, 3), (4, 8), (10, 4)])
def test_adaptive_window_covers_every_input(size, out):
    windows = [backend_utils.adaptive_window(i, size, out) for i in range(out)]
    for i, (start, stop) in enumerate(windows):
        assert start == math.floor(i * size / out)
        assert stop == math.ceil((i + 1) * size / out)
        assert start < stop
    assert windows[0][0] == 0 and windows[-1][1] == size
    covered = set().union(*(range(a, b) for a, b in windows))
    assert covered == set(range(size))


def _unfold_reference(x, kernel, dilation, padding, stride):
    n, c, h, w = x.shape
    padded = np.pad(x, [(0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2])
    rows = (h + 2 * padding[0] - (kernel[0] - 1) * dilation[0] - 1) // stride[0] + 1
    cols = (w + 2 * padding[1] - (kernel[1] - 1) * dilation[1] - 1) // stride[1] + 1
    out = np.zeros((n, c, kernel[0] * kernel[1], rows * cols))
    for i, j, r, s in itertools.product(
        range(kernel[0]), range(kernel[1]), range(rows), range(cols)
    ):
        out[:, :, i * kernel[1] + j, r * cols + s] = padded[
            :, :, r * stride[0] + i * dilation[0], s * stride[1] + j * dilation[1]
        ]
    return out.reshape(n, c * kernel[0] * kernel[1], rows * cols)


def _unfold(x, kernel, dilation, padding, stride):
    pads, slices, patches = backend_utils.unfold_plan(
        x.shape[2:], kernel, dilation, padding, stride
    )
    padded = np.pad(x, pads)
    taps = [padded[:, :, r, c] for r, c in slices]
    return np.stack(taps, axis=2).reshape(x.shape[0], -1, patches)


def _fold(y, output_size, kernel, dilation, padding, stride):
    slices, counts, padded_size, crop = backend_utils.fold_plan(
        output_size, kernel, dilation, padding, stride
    )
    n, channels = y.shape[0], y.shape[1] // len(slices)
    blocks = y.reshape(n, channels, len(slices), *counts)
    result = np.zeros((n, channels, *padded_size))
    for tap, (rows, cols) in enumerate(slices):
        result[:, :, rows, cols] += blocks[:, :, tap]
    return result[crop]


@pytest.mark.parametrize(
    "shape,kernel,dilation,padding,stride",
    [
        ((2, 3, 5, 6), (2, 3), (1, 1), (0, 0), (1, 1)),
        ((1, 2, 7, 7), (3, 3), (2, 1), (1, 2), (2, 3)),
        ((2, 1, 4, 5), (1, 2), (1, 2), (0, 1), (3, 1)),
    ],
)
def test_unfold_and_fold_plans(shape, kernel, dilation, padding, stride):
    rng = np.random.default_rng(11)
    x = rng.standard_normal(shape)
    patches = _unfold(x, kernel, dilation, padding, stride)
    expected = _unfold_reference(x, kernel, dilation, padding, stride)
    np.testing.assert_allclose(patches, expected)
    # fold sums patches back: it is the adjoint of unfold.
    y = rng.standard_normal(patches.shape)
    folded = _fold(y, shape[2:], kernel, dilation, padding, stride)
    assert folded.shape == x.shape
    np.testing.assert_allclose(np.sum(patches * y), np.sum(x * folded), rtol=1e-10)


def _depth_to_space_reference(x, b):
    # channels_last, TF's "DCR" order: out[n, h*b+i, w*b+j, c] = x[n, h, w, (i*b+j)*C+c]
    n, h, w, c = x.shape
    depth = c // (b * b)
    out = np.zeros((n, h * b, w * b, depth), x.dtype)
    for i, j in itertools.product(range(b), range(b)):
        out[:, i::b, j::b, :] = x[
            :, :, :, (i * b + j) * depth : (i * b + j + 1) * depth
        ]
    return out


def _rearrange(x, plan, block_size, data_format):
    split, order, shape = plan(x.shape, block_size, data_format)
    return x.reshape(split).transpose(order).reshape(shape)


@pytest.mark.parametrize("block_size", [2, 3])
def test_depth_to_space_and_space_to_depth_plans(block_size):
    rng = np.random.default_rng(5)
    b = block_size
    x = rng.standard_normal((2, 3, 4, 2 * b * b))
    to_space = backend_utils.depth_to_space_plan
    to_depth = backend_utils.space_to_depth_plan
    spatial = _rearrange(x, to_space, b, "channels_last")
    np.testing.assert_array_equal(spatial, _depth_to_space_reference(x, b))
    np.testing.assert_array_equal(_rearrange(spatial, to_depth, b, "channels_last"), x)
    # channels_first takes Keras 3's pixel-shuffle order: output channel c at block
    # offset (i, j) comes from input channel c * b * b + i * b + j.
    first = np.moveaxis(x, -1, 1)
    n, c, h, w = first.shape
    shuffled = first.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    expected = shuffled.reshape(n, c // (b * b), h * b, w * b)
    spatial_first = _rearrange(first, to_space, b, "channels_first")
    np.testing.assert_array_equal(spatial_first, expected)
    back = _rearrange(spatial_first, to_depth, b, "channels_first")
    np.testing.assert_array_equal(back, first)


def test_make_depthwise_and_separable_conv_pass_their_arguments_on():
    calls = []

    def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
        calls.append((kernel.shape, strides, padding, data_format, dilation_rate))
        return inputs + kernel.sum()

    depthwise = backend_utils.make_depthwise_conv(conv, np.asarray)
    kernel = np.arange(24.0).reshape(2, 3, 4)
    out = depthwise(np.ones(2), kernel, 2, "same", "channels_last", 3)
    np.testing.assert_array_equal(out, np.ones(2) + kernel.sum())
    assert calls == [((2, 1, 12), 2, "same", "channels_last", 3)]
    calls.clear()
    separable = backend_utils.make_separable_conv(depthwise, conv)
    pointwise = np.full((1, 12, 5), 2.0)
    out = separable(np.zeros(2), kernel, pointwise, 2, "valid", "channels_first", 1)
    np.testing.assert_array_equal(out, np.zeros(2) + kernel.sum() + pointwise.sum())
    assert calls == [
        ((2, 1, 12), 2, "valid", "channels_first", 1),
        ((1, 12, 5), 1, "valid", "channels_first", 1),
    ]


# Eager loops.


def _interleave(even, odd, axis):
    n_odd = odd.shape[axis]
    pairs = np.stack([backend_utils.axis_slice(even, axis, 0, n_odd), odd], axis + 1)
    merged = pairs.reshape(pairs.shape[:axis] + (2 * n_odd,) + pairs.shape[axis + 2 :])
    rest = backend_utils.axis_slice(even, axis, n_odd, None)
    return np.concatenate([merged, rest], axis)


@pytest.mark.parametrize("length", [0, 1, 2, 3, 5, 8, 9])
@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan_matches_cumulative_ops(length, axis, reverse):
    rng = np.random.default_rng(length)
    shape = (length, 3) if axis == 0 else (2, length)
    elems = {"sum": rng.standard_normal(shape), "prod": rng.integers(1, 5, shape)}

    def combine(a, b):
        return {"sum": a["sum"] + b["sum"], "prod": a["prod"] * b["prod"]}

    out = backend_utils.associative_scan(
        combine, elems, reverse, axis, np.asarray, np.flip, np.concatenate, _interleave
    )
    assert set(out) == {"sum", "prod"}

    def cumulative(function, x):
        if reverse:
            return np.flip(function(np.flip(x, axis), axis=axis), axis)
        return function(x, axis=axis)

    np.testing.assert_allclose(out["sum"], cumulative(np.cumsum, elems["sum"]))
    np.testing.assert_array_equal(out["prod"], cumulative(np.cumprod, elems["prod"]))


@pytest.mark.parametrize(
    "dims,starts,shape",
    [
        ((5, 6), (1, 2), (2, 3)),
        ((5, 6), (4, 5), (2, 3)),  # clamped so that the window fits
        ((5, 6), (-3, 0), (2, -1)),  # negative starts clamp to 0; -1 takes the rest
        ((4,), (np.int64(2),), (-1,)),
        ((3, 3), (0, 0), (0, 3)),
    ],
)
def test_slice_window_matches_dynamic_slice(dims, starts, shape):
    x = np.arange(int(np.prod(dims))).reshape(dims)
    window = backend_utils.slice_window(dims, starts, shape)
    sizes = [d - int(s) if n == -1 else n for d, s, n in zip(dims, starts, shape)]
    # Of the starts at which the window fits, the one nearest the requested start.
    begin = [
        min(range(d - n + 1), key=lambda b, s=int(s): abs(b - s))
        for d, s, n in zip(dims, starts, sizes)
    ]
    expected = x[tuple(slice(b, b + n) for b, n in zip(begin, sizes))]
    np.testing.assert_array_equal(x[window], expected)
    assert x[window].shape == tuple(sizes)


def test_axis_slice():
    x = np.arange(24).reshape(2, 3, 4)
    np.testing.assert_array_equal(
        backend_utils.axis_slice(x, 2, 1, None, 2), x[:, :, 1::2]
    )
    np.testing.assert_array_equal(backend_utils.axis_slice(x, 0, 0, 1), x[:1])


@pytest.fixture
def loops():
    return backend_utils.EagerLoops(
        np.asarray, np.stack, lambda shape, like: np.zeros(shape, like.dtype)
    )


def test_eager_scan_matches_a_loop(loops):
    rng = np.random.default_rng(0)
    xs = {"a": rng.standard_normal((5, 2)), "b": rng.standard_normal(5)}

    def step(carry, x):
        carry = carry * 0.5 + x["a"].sum() + x["b"]
        return carry, (carry, x["b"] * 2)

    carry, (ys, doubled) = loops.scan(step, np.float64(1.0), xs)
    expected, history = 1.0, []
    for i in range(5):
        expected = expected * 0.5 + xs["a"][i].sum() + xs["b"][i]
        history.append(expected)
    np.testing.assert_allclose(carry, expected)
    np.testing.assert_allclose(ys, history)
    np.testing.assert_allclose(doubled, xs["b"] * 2)
    # reverse walks the slices backwards and keeps ys in the order of xs.
    carry, ys = loops.scan(
        lambda c, x: (c + x, c), np.float64(0.0), xs["b"], reverse=True
    )
    np.testing.assert_allclose(carry, xs["b"].sum())
    np.testing.assert_allclose(ys, np.cumsum(xs["b"][::-1])[::-1] - xs["b"])


def test_eager_scan_without_xs_and_on_empty_xs(loops):
    carry, ys = loops.scan(lambda c, _: (c * 2, c), np.int32(1), length=4)
    assert int(carry) == 16
    np.testing.assert_array_equal(ys, [1, 2, 4, 8])
    carry, ys = loops.scan(lambda c, x: (c + x, x * 2.0), 0.0, np.zeros((0, 3)))
    assert ys.shape == (0, 3) and float(carry) == 0.0
    with pytest.raises(ValueError, match="`length`=3 does not match"):
        loops.scan(lambda c, x: (c, x), 0.0, np.zeros(4), length=3)
    with pytest.raises(ValueError, match="one leading dimension"):
        loops.scan(lambda c, x: (c, x), 0.0, [np.zeros(4), np.zeros(5)])


def test_eager_map(loops):
    xs = np.arange(12.0).reshape(4, 3)
    np.testing.assert_array_equal(loops.map(lambda x: x.sum(), xs), xs.sum(axis=1))
    empty = loops.map(lambda x: x * 2, np.zeros((0, 3), "float32"))
    assert empty.shape == (0, 3) and empty.dtype == np.float32


def test_eager_while_and_fori_loops(loops):
    out = loops.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, 0))
    assert isinstance(out, tuple) and [int(v) for v in out] == [5, 10]
    out = loops.while_loop(lambda i: i < 100, lambda i: i + 1, 0, maximum_iterations=7)
    assert int(out) == 7
    out = loops.while_loop(lambda i, s: i < 3, lambda i, s: [i + 1, s * 2], [0, 1])
    assert isinstance(out, list) and [int(v) for v in out] == [3, 8]
    assert int(loops.fori_loop(2, 6, lambda i, v: v + i, 0)) == 2 + 3 + 4 + 5


def test_eager_cond_and_switch(loops):
    assert loops.cond(True, lambda: 1, lambda: 2) == 1
    assert loops.cond(np.bool_(False), lambda: 1, lambda: 2) == 2
    branches = [lambda x: x, lambda x: x * 10, lambda x: -x]
    assert loops.switch(1, branches, 3) == 30
    # Out of range picks the nearest branch, as jax.lax.switch does.
    assert loops.switch(7, branches, 3) == -3
    assert loops.switch(-2, branches, 3) == 3


# Dtype and argument helpers of the op families.


def _convert(value, dtype=None):
    """A NumPy stand-in for a backend's convert_to_tensor."""
    if dtype is None:
        return np.asarray(value)
    return np.asarray(value, dtypes.numpy_dtype(dtype))


def test_float_pair_and_floats():
    a, b = backend_utils.float_pair(np.arange(3, dtype="int32"), 2, _convert)
    assert a.dtype == np.float32 and b.dtype == np.float32
    a, b = backend_utils.float_pair(np.ones(2, "float16"), 3, _convert)
    assert a.dtype == np.float16 and b.dtype == np.float16
    values = backend_utils.floats(
        np.ones(2, "int8"), None, np.ones(2, "float16"), convert_to_tensor=_convert
    )
    assert values[1] is None
    assert values[0].dtype == np.float16 and values[2].dtype == np.float16
    np.testing.assert_array_equal(values[0], [1, 1])
    # float64 stays float64 (as the nn ops of Keras 3 give), unless keep_64=False.
    values = backend_utils.floats(
        np.ones(2, "float64"), np.ones(2, "int32"), convert_to_tensor=_convert
    )
    assert values[0].dtype == np.float64 and values[1].dtype == np.float64
    values = backend_utils.floats(
        np.ones(2, "float64"), np.ones(2, "float32"), convert_to_tensor=_convert,
        keep_64=False,
    )
    assert values[0].dtype == np.float32 and values[1].dtype == np.float32


def test_clip_bounds_promote_an_int_tensor_with_float_bounds():
    x = np.arange(4, dtype="int32")
    work, low, high = backend_utils.clip_bounds(x, 0.5, None, _convert)
    assert work == "float32" and high is None
    assert low.dtype == np.float32 and float(low) == 0.5
    work, low, high = backend_utils.clip_bounds(x, None, 2, _convert)
    assert work == "int32" and low is None and high.dtype == np.int32


def test_argument_errors():
    error = backend_utils.int_dtype_error("gcd", np.dtype("float32"), allow_bool=True)
    assert isinstance(error, TypeError)
    assert str(error) == (
        "`gcd` expects integer or bool tensors; the inputs promote to float32."
    )
    assert "cast it to an int or float" in str(backend_utils.bool_input_error("sign"))
    error = backend_utils.complex_input_error("fabs", "complex64")
    assert str(error) == "`fabs` does not accept a complex tensor `x`; got complex64."
    backend_utils.check_int_exponents(np.array([1, 2], "int16"))
    with pytest.raises(TypeError, match="`ldexp` expects an integer tensor"):
        backend_utils.check_int_exponents(np.array([1.0]))


def test_float_op_keeps_the_engine_function_name():
    op = backend_utils.float_op(np.sqrt, lambda x: np.asarray(x, "float32"))
    assert op.__name__ == "sqrt"
    out = op(np.array([4, 9], "int32"))
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [2, 3])


@pytest.mark.parametrize(
    "start,stop,step",
    [(5, None, 1), (2, 9, 3), (0.5, 3, 0.5), (3, 0, -1), (4, None, None), (1, 1, 1)],
)
def test_arange_arguments_read_as_numpy_does(start, stop, step):
    begin, end, stride, dtype = backend_utils.arange_arguments(start, stop, step, None)
    expected = np.arange(start, stop, 1 if step is None else step)
    np.testing.assert_array_equal(np.arange(begin, end, stride), expected)
    present = [v for v in (start, stop, step) if v is not None]
    assert dtype == dtypes.promoted_dtype(*present)
    assert backend_utils.arange_arguments(start, stop, step, "int8")[3] == "int8"


def test_space_dtypes():
    assert backend_utils.space_dtypes(0, 10, None) == ("float32", "float32")
    assert backend_utils.space_dtypes(0, 10, "int32") == ("int32", "float32")
    half = np.float16(1)
    assert backend_utils.space_dtypes(half, half, None) == ("float16", "float16")


def test_products_dtype_helpers():
    assert backend_utils.all_int8(np.ones(2, "int8"), np.int8(3))
    assert not backend_utils.all_int8(np.ones(2, "int8"), np.ones(2, "int16"))
    assert backend_utils.wide_float_dtype("float64") == "float64"
    for dtype in ("float16", "bfloat16", "float32"):
        assert backend_utils.wide_float_dtype(dtype) == "float32"
    a, v, dtype = backend_utils.correlate_operands(
        np.ones(3, "float16"), np.ones(2, "int8"), _convert
    )
    assert dtype == "float16" and a.dtype == np.float32 and v.dtype == np.float32


def test_flat_or_axis():
    x = np.arange(6).reshape(2, 3)
    flat, axis = backend_utils.flat_or_axis(x, None)
    assert axis == 0 and flat.shape == (6,)
    same, axis = backend_utils.flat_or_axis(x, -1)
    assert same is x and axis == 1
    with pytest.raises(ValueError, match="out of range"):
        backend_utils.flat_or_axis(x, 2)


@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 5)])
def test_unravel_matches_numpy(shape):
    flat = np.arange(int(np.prod(shape)))
    coordinates = backend_utils.unravel(flat, shape, np.floor_divide, np.mod)
    for got, expected in zip(coordinates, np.unravel_index(flat, shape)):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("m,n", [(5, 3), (3, 5), (4, 4), (1, 3), (6, 1)])
@pytest.mark.parametrize("mode", ["full", "valid", "same"])
def test_correlate_window_matches_numpy(m, n, mode):
    rng = np.random.default_rng(m * 10 + n)
    a, v = rng.standard_normal(m), rng.standard_normal(n)
    full = np.correlate(a, v, "full")
    window = backend_utils.correlate_window(m, n, mode)
    np.testing.assert_allclose(full[window], np.correlate(a, v, mode))


@pytest.mark.parametrize("size", [2, 3])
def test_cross_components_match_numpy(size):
    rng = np.random.default_rng(size)
    a, b = rng.standard_normal((4, size)), rng.standard_normal((4, size))
    padded_a = np.concatenate([a, np.zeros((4, 3 - size))], -1)
    padded_b = np.concatenate([b, np.zeros((4, 3 - size))], -1)
    planar = size == 2
    components = backend_utils.cross_components(padded_a, padded_b, planar)
    if planar:
        np.testing.assert_allclose(components, a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0])
    else:
        np.testing.assert_allclose(np.stack(components, -1), np.cross(a, b))


def test_vectorize_signature_and_inputs():
    assert backend_utils.signature_core_dims("(m, n),(n)->(m)") == [("m", "n"), ("n",)]
    assert backend_utils.signature_core_dims("(),(k)->()") == [(), ("k",)]
    with pytest.raises(ValueError, match="must have the form"):
        backend_utils.signature_core_dims("(m),(n)")
    excluded, core_dims = backend_utils.vectorize_signature([1], "(n),(n)->()")
    assert excluded == {1} and core_dims == [("n",), ("n",)]
    args = (np.ones((2, 3)), "skip", np.ones(3))
    positions, tensors, dims = backend_utils.vectorize_inputs(
        args, excluded, "(n),(n)->()", core_dims, np.asarray
    )
    assert positions == [0, 2] and [t.shape for t in tensors] == [(2, 3), (3,)]
    assert dims == [("n",), ("n",)]
    with pytest.raises(ValueError, match="names 2 inputs; got 1"):
        backend_utils.vectorize_inputs(
            (np.ones(3),), set(), "(n),(n)->()", core_dims, np.asarray
        )
    with pytest.raises(ValueError, match=r"An input of shape \(\) has fewer axes"):
        backend_utils.vectorize_inputs(
            (np.float32(1), np.ones(3)), set(), "(n),(n)->()", core_dims, np.asarray
        )
    _, _, dims = backend_utils.vectorize_inputs(
        (1.0, 2.0), set(), None, None, np.asarray
    )
    assert dims == [(), ()]


def test_sparse_labels():
    output = np.zeros((2, 3, 4))
    target = np.array([[[1], [4], [-1]], [[0], [3], [2]]])
    labels, valid, classes = backend_utils.sparse_labels(target, output)
    assert classes == 4 and labels.shape == (2, 3)
    np.testing.assert_array_equal(valid, [[True, False, False], [True, True, True]])
    labels, _, _ = backend_utils.sparse_labels(np.array([[1, 2, 0]]), output[:1])
    assert labels.shape == (1, 3)


# The channels-last conv drivers, with a brute-force NumPy correlation.


def _correlate_nd(x, kernel, strides, pads, dilation, input_dilation=None):
    """Brute-force grouped correlation of channels-last `x`: the reference kernel."""
    n = x.ndim - 2
    if input_dilation is not None:
        spread = np.zeros(
            (
                x.shape[0],
                *((s - 1) * d + 1 for s, d in zip(x.shape[1:-1], input_dilation)),
                x.shape[-1],
            )
        )
        spread[(slice(None),) + tuple(slice(None, None, d) for d in input_dilation)] = x
        x = spread
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    window = kernel.shape[:n]
    out_sizes = [
        (size - (k - 1) * d - 1) // s + 1
        for size, k, d, s in zip(x.shape[1:-1], window, dilation, strides)
    ]
    groups = x.shape[-1] // kernel.shape[-2]
    group_in, out_channels = kernel.shape[-2:]
    group_out = out_channels // groups
    out = np.zeros((x.shape[0], *out_sizes, out_channels))
    for position in np.ndindex(*out_sizes):
        for tap in np.ndindex(*window):
            where = tuple(
                p * s + t * d for p, s, t, d in zip(position, strides, tap, dilation)
            )
            for g in range(groups):
                inputs = x[
                    (slice(None), *where, slice(g * group_in, (g + 1) * group_in))
                ]
                weights = kernel[tap][:, g * group_out : (g + 1) * group_out]
                out[
                    (slice(None), *position, slice(g * group_out, (g + 1) * group_out))
                ] += inputs @ weights
    return out


def _to_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_last(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _floats64(*values):
    return [None if v is None else np.asarray(v, "float64") for v in values]


def _flip(kernel):
    n = kernel.ndim - 2
    return np.swapaxes(np.flip(kernel, axis=tuple(range(n))), -1, -2)


CONV = backend_utils.make_conv(_correlate_nd, _floats64, _to_last, _from_last)
CONV_TRANSPOSE = backend_utils.make_conv_transpose(
    _correlate_nd, _flip, _floats64, _to_last, _from_last
)


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize(
    "spatial,kernel,strides,dilation",
    [((7,), (3,), 2, 1), ((6, 5), (2, 3), (2, 1), (1, 2)), ((5,), (2,), 1, 2)],
)
def test_make_conv_and_its_transpose_are_adjoint(
    padding, spatial, kernel, strides, dilation
):
    rng = np.random.default_rng(len(spatial))
    x = rng.standard_normal((2, *spatial, 3))
    w = rng.standard_normal((*kernel, 3, 4))
    out = CONV(x, w, strides, padding, "channels_last", dilation)
    n = len(spatial)
    expected_sizes = [
        -(-size // s) if padding == "same" else (size - (k - 1) * d - 1) // s + 1
        for size, k, s, d in zip(
            spatial,
            kernel,
            backend_utils.to_tuple(strides, n),
            backend_utils.to_tuple(dilation, n),
        )
    ]
    assert out.shape == (2, *expected_sizes, 4)
    if padding == "valid":
        reference = _correlate_nd(
            x,
            w,
            backend_utils.to_tuple(strides, n),
            [(0, 0)] * n,
            backend_utils.to_tuple(dilation, n),
        )
        np.testing.assert_allclose(out, reference)
    # channels_first gives the same numbers with the channels moved.
    first = CONV(np.moveaxis(x, -1, 1), w, strides, padding, "channels_first", dilation)
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), out)
    # The transposed convolution (kernel (k..., out, in)) is the adjoint of conv: a
    # conv maps its output shape back to the shape of `y`.
    y = rng.standard_normal(out.shape)
    back = CONV_TRANSPOSE(y, w, strides, padding, None, "channels_last", dilation)
    z = rng.standard_normal(back.shape[:-1] + (3,))
    forward = CONV(z, w, strides, padding, "channels_last", dilation)
    assert forward.shape == y.shape
    np.testing.assert_allclose(np.sum(forward * y), np.sum(z * back), rtol=1e-10)


def test_backend_layer_hooks():
    class Layer(backend_utils.BackendLayer):
        pass

    layer = Layer()
    assert layer._backend_init() is None
    layer._backend_setattr("units", 3)
    assert layer.units == 3


@pytest.mark.parametrize(
    "points,axis", [([2, 5], 0), ([], 1), ([1, 1, 3], 1), ([6], 0)]
)
def test_split_sections_match_numpy_split(points, axis):
    x = np.arange(42).reshape(6, 7)
    sections = backend_utils.split_sections(x, points, axis)
    expected = np.split(x, points, axis=axis)
    assert len(sections) == len(expected)
    for got, want in zip(sections, expected):
        np.testing.assert_array_equal(got, want)
