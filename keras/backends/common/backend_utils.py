"""Engine-neutral helpers of the backends: dtypes, axes, padding, windows, eager loops.

What two backends would otherwise write alike lives here once. Everything is plain
Python (NumPy and ml_dtypes only for dtype ranges): no engine is imported, so any
backend may import this module, and nothing in it depends on which backend is active.
Functions that need tensor operations take the backend's own as arguments.
"""

import functools
import numbers
import re

import ml_dtypes
import numpy as np

from keras.backends.common import config
from keras.backends.common import dtypes
from keras.backends.common import tree

# Dtypes.


# Sums and products of small integers (and bools) accumulate in 32 bits, as in Keras 3.
_SUM_DTYPES = {
    "bool": "int32",
    "int8": "int32",
    "int16": "int32",
    "uint8": "uint32",
    "uint16": "uint32",
}
_LOW_PRECISION = ("float16", "bfloat16")


@functools.lru_cache(maxsize=256)
def float_dtype(*dtypes_):
    """The floating result dtype of inputs of `dtypes_` (ints and bools give floatx).

    `dtypes_` are hashable dtype keys (names, dtypes, the Python types of scalars).
    Cached (ops call it on every use) and forgotten when floatx changes.

    >>> float_dtype("int8")  # with floatx "float32"
    'float32'
    >>> float_dtype("float16", "int32")
    'float16'
    """
    return dtypes.result_type(dtypes.result_type(*dtypes_), float)


@functools.lru_cache(maxsize=256)
def numpy_float_dtype(*dtypes_):
    """`float_dtype(*dtypes_)` as a NumPy dtype (what numpy and jax arrays cast to)."""
    return dtypes.numpy_dtype(float_dtype(*dtypes_))


@functools.lru_cache(maxsize=256)
def float_dtype_keeping_64(*dtypes_):
    """`float_dtype(*dtypes_)`, but float64 when an input is float64 (cached too).

    >>> float_dtype_keeping_64("float64", "int32")
    'float64'
    """
    if dtypes.result_type_keeping_64(*dtypes_) == "float64":
        return "float64"
    return float_dtype(*dtypes_)


# These answers depend on floatx: they are recomputed after `set_floatx`.
config.on_floatx_change(float_dtype.cache_clear)
config.on_floatx_change(numpy_float_dtype.cache_clear)
config.on_floatx_change(float_dtype_keeping_64.cache_clear)


def sum_dtype(dtype, requested=None):
    """The dtype of `sum`/`prod`/`cumsum` of a `dtype` tensor: `requested` where given,
    else `dtype` with bools and narrow ints widened to 32 bits."""
    if requested is not None:
        return dtypes.standardize_dtype(requested)
    return _SUM_DTYPES.get(dtype, dtype)


def compute_dtype(dtype):
    """The dtype a floating result of `dtype` is computed in (float32 for halves)."""
    return "float32" if dtype in _LOW_PRECISION else dtype


def wide_float_dtype(dtype):
    """The dtype a float `dtype` result is computed in at full precision: float64 for
    float64, else float32 (float16 and bfloat16 are rounded once, at the end)."""
    return "float64" if dtype == "float64" else "float32"


def all_int8(*values):
    """Whether every one of `values` is int8 (int8 products accumulate in int32, as
    Keras' quantized kernels expect)."""
    return all(dtypes.dtype_of(x) == "int8" for x in values)


def dtype_range(dtype):
    """(min, max) of `dtype` as exact Python numbers."""
    if dtypes.is_float_dtype(dtype):
        info = ml_dtypes.finfo(dtypes.numpy_dtype(dtype))
        return float(info.min), float(info.max)
    info = ml_dtypes.iinfo(dtypes.numpy_dtype(dtype))
    return int(info.min), int(info.max)


def saturation_bounds(source, target, python_scalars=False):
    """(low, high): `target`'s range as values of `source`, or None where all fit.

    `source` and `target` are dtypes (any spelling). The bounds are NumPy scalars of
    `source`'s dtype, or Python numbers with `python_scalars`; a bound that rounds
    past the target range in `source` (float32 cannot hold 2**31 - 1) is moved one
    step towards zero.
    """
    source, target = dtypes.standardize_dtype(source), dtypes.standardize_dtype(target)
    if any(d == "bool" or d.startswith("complex") for d in (source, target)):
        return None
    (src_min, src_max), (dst_min, dst_max) = dtype_range(source), dtype_range(target)
    if src_min >= dst_min and src_max <= dst_max:
        return None
    kind = dtypes.numpy_dtype(source)
    low = np.array(max(src_min, dst_min)).astype(kind)
    high = np.array(min(src_max, dst_max)).astype(kind)
    if float(low) < dst_min:
        low = np.nextafter(low, np.array(0, kind))
    if float(high) > dst_max:
        high = np.nextafter(high, np.array(0, kind))
    if not python_scalars:
        return low, high
    scalar = float if dtypes.is_float_dtype(source) else int
    return scalar(low), scalar(high)


# Arguments of the element-wise and creation ops: conversions and errors.


def float_pair(x1, x2, convert_to_tensor):
    """`x1`, `x2` converted to their floating result dtype (ints and bools give
    floatx) by the backend's `convert_to_tensor(value, dtype)`."""
    dtype = float_dtype(dtypes.promoted_dtype(x1, x2))
    return convert_to_tensor(x1, dtype), convert_to_tensor(x2, dtype)


def floats(*values, convert_to_tensor, keep_64=True):
    """`values` (None kept) converted to their common floating dtype (ints and bools
    give floatx; float64 stays float64 unless `keep_64` is False) by the backend's
    `convert_to_tensor(value, dtype)`."""
    keys = [dtypes.dtype_of(v) for v in values if v is not None]
    dtype = float_dtype_keeping_64(*keys) if keep_64 else float_dtype(*keys)
    return [None if v is None else convert_to_tensor(v, dtype) for v in values]


def float_op(function, to_float):
    """The op `function(to_float(x))`, named as `function` (an element-wise engine
    function applied in the floating result dtype of `x`)."""

    def op(x):
        return function(to_float(x))

    op.__name__ = function.__name__
    return op


def clip_bounds(x, x_min, x_max, convert_to_tensor):
    """(work dtype, x_min, x_max) of `clip`: the dtype `x` and its bounds promote to
    (an int tensor may have float bounds), and the bounds (None kept) converted to it
    by the backend's `convert_to_tensor(value, dtype)`."""
    work = dtypes.promoted_dtype(x, *(b for b in (x_min, x_max) if b is not None))
    bounds = [None if b is None else convert_to_tensor(b, work) for b in (x_min, x_max)]
    return work, *bounds


def int_dtype_error(name, dtype, allow_bool=False):
    """The TypeError of op `name` on inputs that promote to the non-integer `dtype`."""
    expected = "integer or bool" if allow_bool else "integer"
    return TypeError(
        f"`{name}` expects {expected} tensors; the inputs promote to "
        f"{dtypes.standardize_dtype(dtype)}."
    )


def check_int_exponents(x2):
    """Raises unless `x2`, the exponents of `ldexp`, has an integer dtype."""
    if not dtypes.is_int_dtype(dtypes.dtype_of(x2)):
        raise TypeError(
            "`ldexp` expects an integer tensor of exponents `x2`; got dtype "
            f"{dtypes.promoted_dtype(x2)}."
        )


def bool_input_error(name):
    """The TypeError of op `name` given a bool tensor `x`."""
    return TypeError(
        f"`{name}` does not accept a bool tensor `x`; cast it to an int or float "
        "dtype first."
    )


def complex_input_error(name, dtype):
    """The TypeError of op `name` given a complex tensor `x` of `dtype`."""
    return TypeError(f"`{name}` does not accept a complex tensor `x`; got {dtype}.")


def arange_arguments(start, stop, step, dtype):
    """(start, stop, step, dtype) of `arange` as NumPy reads them: a None `step` is
    1, `arange(n)` counts from 0, and the dtype defaults to that of the values."""
    step = 1 if step is None else step
    if dtype is None:
        present = [v for v in (start, stop, step) if v is not None]
        dtype = dtypes.promoted_dtype(*present)
    if stop is None:
        start, stop = 0, start
    return start, stop, step, dtype


def space_dtypes(start, stop, dtype):
    """(samples dtype, computation float dtype) of `linspace` and its kin."""
    floating = dtypes.result_type(dtypes.promoted_dtype(start, stop), float)
    return (floating if dtype is None else dtypes.standardize_dtype(dtype)), floating


# Axes and reductions.


def canonicalize_axis(axis, ndim):
    """One `axis` as an int in [0, ndim), with a clear error when out of range."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"`axis` must be an int or a sequence of ints; got {axis!r}.")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"`axis`={axis} is out of range for a tensor of rank {ndim} "
            f"(expected {-ndim} <= axis < {ndim})."
        )
    return int(axis) % ndim


def canonicalize_axes(axis, ndim):
    """`axis` (None, an int or a sequence of ints) as a tuple of axes in [0, ndim)."""
    if axis is None:
        return tuple(range(ndim))
    items = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    axes = tuple(canonicalize_axis(a, ndim) for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"`axis` has repeated entries: {axis!r}.")
    return axes


def kept_shape(shape, axes, keepdims):
    """The shape of a reduction of `shape` over `axes` (1s in their place with
    `keepdims`, else without them)."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def flat_or_axis(x, axis):
    """(x, axis): `x` flattened and axis 0 when `axis` is None, else `x` and `axis`
    in [0, rank) (for tensors with a `reshape` method)."""
    if axis is None:
        return x.reshape(-1), 0
    return x, canonicalize_axis(axis, len(x.shape))


def check_1d(name, ndim, what):
    """Raises unless `ndim` is 1; `what` names the argument in the message."""
    if ndim != 1:
        raise ValueError(f"{what} must be 1-D; got a `{name}` of rank {ndim}.")


def unique_outputs(values, extras, cast=None):
    """What `unique` returns: `values`, then each wanted `t` of the `(wanted, t)` pairs
    `extras` (index, inverse, counts), passed through `cast` when given; a tuple only
    when something is added."""
    wanted = [t if cast is None else cast(t) for want, t in extras if want]
    return tuple([values] + wanted) if wanted else values


def unravel(flat, shape, floordiv, mod):
    """The row-major coordinates in `shape` of the flat indices `flat`, computed with
    the backend's `floordiv(a, b)` and `mod(a, b)` (both rounding down)."""
    coordinates = []
    for dim in reversed(shape):
        coordinates.append(mod(flat, dim))
        flat = floordiv(flat, dim)
    return tuple(reversed(coordinates))


# Products.


def correlate_operands(x1, x2, convert_to_tensor):
    """(a, v, dtype) of `correlate`: the result dtype (floating) and both signals
    converted by the backend's `convert_to_tensor` to the dtype it is computed in."""
    dtype = float_dtype(dtypes.promoted_dtype(x1, x2))
    wide = wide_float_dtype(dtype)
    return convert_to_tensor(x1, wide), convert_to_tensor(x2, wide), dtype


def correlate_window(m, n, mode):
    """The slice of the full correlation (length m + n - 1) of a length-`m` and a
    length-`n` signal that `correlate(..., mode)` returns ("full", "valid", "same")."""
    shortest, longest = min(m, n), max(m, n)
    if mode == "full":
        return slice(None)
    if mode == "valid":
        return slice(shortest - 1, longest)
    start = (shortest - 1) // 2 if m >= n else m // 2
    return slice(start, start + longest)


def cross_components(a, b, planar):
    """(x, y, z) of the cross products of 3-vectors `a` and `b` along the last axis
    (2-vectors padded with a zero z-component), or z alone where `planar`."""
    z = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if planar:
        return z
    x = a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1]
    y = a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2]
    return x, y, z


_CORE_DIMS = re.compile(r"\(([^()]*)\)")


def signature_core_dims(signature):
    """The core dims of the inputs of a `vectorize` signature: "(m,n),(n)->(m)" gives
    [("m", "n"), ("n",)]."""
    inputs, arrow, _ = signature.replace(" ", "").partition("->")
    if not arrow:
        raise ValueError(
            f"`signature` must have the form '(...),(...)->(...)'; got {signature!r}."
        )
    groups = _CORE_DIMS.findall(inputs)
    return [tuple(d for d in group.split(",") if d) for group in groups]


def vectorize_signature(excluded, signature):
    """(excluded positions as a set, the core dims of the inputs or None) of
    `vectorize(pyfunc, excluded=..., signature=...)`."""
    core_dims = None if signature is None else signature_core_dims(signature)
    return set(excluded or ()), core_dims


def vectorize_inputs(args, excluded, signature, core_dims, convert_to_tensor):
    """(positions, tensors, core dims) of a call of a vectorized function: where the
    arguments not `excluded` are, those arguments as tensors, and their core dims
    checked against `signature`."""
    positions = [i for i in range(len(args)) if i not in excluded]
    tensors = [convert_to_tensor(args[i]) for i in positions]
    shapes = [tuple(x.shape) for x in tensors]
    return positions, tensors, vectorize_core_dims(signature, core_dims, shapes)


def vectorize_core_dims(signature, core_dims, shapes):
    """The core dims of inputs of `shapes` under `signature` (parsed into `core_dims`,
    None without one), checked against their number and ranks."""
    dims = core_dims or [()] * len(shapes)
    if len(dims) != len(shapes):
        raise ValueError(
            f"`signature` {signature!r} names {len(dims)} inputs; got {len(shapes)}."
        )
    for shape, names in zip(shapes, dims):
        if len(shape) < len(names):
            raise ValueError(
                f"An input of shape {tuple(shape)} has fewer axes than its core dims "
                f"{names} in `signature` {signature!r}."
            )
    return dims


# Images: tuples of sizes, data format, padding and sliding windows.


def to_tuple(value, n):
    """An int repeated `n` times, or a sequence as a tuple (checked by keras.ops)."""
    return (value,) * n if isinstance(value, int) else tuple(value)


def standardize_data_format(data_format):
    """`data_format`, or `keras.config.image_data_format()` when None."""
    return config.image_data_format() if data_format is None else data_format


def same_padding(size, window, stride, dilation=1):
    """(left, right) padding giving `ceil(size / stride)` outputs (as TF pads)."""
    effective = (window - 1) * dilation + 1
    total = max((-(-size // stride) - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def conv_padding(spatial, window, strides, padding, dilation=None):
    """The (left, right) padding of each spatial dim for "valid" or "same"."""
    dilation = dilation or (1,) * len(spatial)
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    return [same_padding(*args) for args in zip(spatial, window, strides, dilation)]


def transpose_padding(kernel, stride, padding, output_padding, dilation):
    """(left, right) padding of the zero-spread input of a transposed convolution.

    Without `output_padding` the result is the gradient of `conv` with the same
    arguments. With it, the output has `(size - 1) * stride + effective - 2 * pad +
    output_padding` steps (`pad` is 0, or `effective // 2` for "same"), taken from the
    full result from step 0 ("valid") or `(2 * pad - output_padding) // 2` ("same":
    the start of the gradient of a "same" conv of the output length), as Keras 3.
    """
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return effective - 1, effective - 1 + max(stride - effective, 0)
        left = effective - 1 - max(effective - stride, 0) // 2
        return left, stride + effective - 2 - left
    if padding == "same":
        pad = effective // 2
        left = effective - 1 - (2 * pad - output_padding) // 2
    else:
        pad = 0
        left = effective - 1
    return left, 2 * (effective - 1 - pad) + output_padding - left


def depthwise_kernel_shape(shape):
    """(k..., in, multiplier) -> (k..., 1, in * multiplier): the grouped-conv kernel
    shape of a depthwise kernel (one group per input channel)."""
    return (*shape[:-2], 1, shape[-2] * shape[-1])


def adaptive_window(index, size, out):
    """[start, stop) of output `index` of adaptive pooling from `size` to `out`."""
    return index * size // out, -(-(index + 1) * size // out)


def _patches(size, kernel_size, dilation, padding, stride):
    """(counts, slices) of the 2-D patches of an image of spatial `size`: how many
    patches fit along each dim, and for each tap (i, j) of a patch the strided
    (rows, cols) slices of the padded image it reads."""
    kernel_size, dilation, padding, stride = (
        to_tuple(v, 2) for v in (kernel_size, dilation, padding, stride)
    )
    counts = tuple(
        (n + 2 * p - (k - 1) * d - 1) // s + 1
        for n, k, d, p, s in zip(size, kernel_size, dilation, padding, stride)
    )
    (kh, kw), (dh, dw), (sh, sw), (rows, cols) = kernel_size, dilation, stride, counts
    slices = [
        (
            slice(i * dh, i * dh + (rows - 1) * sh + 1, sh),
            slice(j * dw, j * dw + (cols - 1) * sw + 1, sw),
        )
        for i in range(kh)
        for j in range(kw)
    ]
    return counts, slices


def unfold_plan(size, kernel_size, dilation, padding, stride):
    """How `unfold` reads an image (batch, channels, *size): (the padding of its 4
    axes, the (rows, cols) slices of each tap of a patch, the number of patches).

    The result is `stack([padded[:, :, r, c] for r, c in slices], axis=2)` reshaped
    to (batch, channels * taps, patches).
    """
    (ph, pw) = to_tuple(padding, 2)
    counts, slices = _patches(size, kernel_size, dilation, padding, stride)
    return [(0, 0), (0, 0), (ph, ph), (pw, pw)], slices, counts[0] * counts[1]


def fold_plan(output_size, kernel_size, dilation, padding, stride):
    """How `fold` sums patches (batch, channels * taps, patches) into an image: (the
    (rows, cols) slices of each tap in the padded image, the patch counts (rows,
    cols), the padded image size, the crop that removes the padding).

    Reshaped to (batch, channels, taps, *counts), tap t adds into `slices[t]`.
    """
    (oh, ow), (ph, pw) = to_tuple(output_size, 2), to_tuple(padding, 2)
    counts, slices = _patches((oh, ow), kernel_size, dilation, padding, stride)
    crop = (slice(None), slice(None), slice(ph, ph + oh), slice(pw, pw + ow))
    return slices, counts, (oh + 2 * ph, ow + 2 * pw), crop


def depth_to_space_plan(shape, block_size, data_format):
    """(split shape, permutation, output shape) of `depth_to_space` on a 4-D `shape`:
    reshape to the split shape, permute, reshape to the output shape.

    channels_last takes output channel `c` of block offset `(i, j)` from input channel
    `(i * b + j) * c_out + c`; channels_first, as Keras 3 does, from `c * b * b + i * b
    + j` (a pixel shuffle), so the two formats are not transposes of each other."""
    b = block_size
    if data_format == "channels_first":
        n, c, h, w = shape
        # (n, c_out, i, j, h, w) -> (n, c_out, h, i, w, j)
        split, order = (n, c // (b * b), b, b, h, w), (0, 1, 4, 2, 5, 3)
        return split, order, (n, c // (b * b), h * b, w * b)
    n, h, w, c = shape
    split, order = (n, h, w, b, b, c // (b * b)), (0, 1, 3, 2, 4, 5)
    return split, order, (n, h * b, w * b, c // (b * b))


def space_to_depth_plan(shape, block_size, data_format):
    """(split shape, permutation, output shape) of `space_to_depth` on a 4-D `shape`."""
    b = block_size
    if data_format == "channels_first":
        n, c, h, w = shape
        # (n, c, h, i, w, j) -> (n, c, i, j, h, w): the inverse pixel shuffle.
        split, order = (n, c, h // b, b, w // b, b), (0, 1, 3, 5, 2, 4)
        return split, order, (n, c * b * b, h // b, w // b)
    n, h, w, c = shape
    split, order = (n, h // b, b, w // b, b, c), (0, 1, 3, 2, 4, 5)
    return split, order, (n, h // b, w // b, c * b * b)


def sparse_labels(target, output):
    """(labels, valid, classes) of a sparse cross-entropy of integer `target` against
    `output` (..., classes): the labels without a trailing unit axis, where they lie
    in [0, classes), and the number of classes."""
    if len(target.shape) == len(output.shape) and target.shape[-1] == 1:
        target = target[..., 0]
    classes = output.shape[-1]
    return target, (target >= 0) & (target < classes), classes


# Compositions of a backend's own ops, the same on every backend.


def make_conv(correlate, floats, to_channels_last, from_channels_last):
    """`conv` of a backend that convolves in channels-last layout.

    Args:
        correlate: `correlate(x, kernel, strides, pads, dilation)`, the grouped N-D
            correlation of channels-last `x`, padded by the (left, right) `pads`, with
            a (k..., in / groups, out) `kernel`.
        floats: converts its arguments to tensors of their common floating dtype.
        to_channels_last, from_channels_last: `(x, data_format)` -> `x` moved.
    """

    def conv(
        inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
    ):
        data_format = standardize_data_format(data_format)
        inputs, kernel = floats(inputs, kernel)
        x = to_channels_last(inputs, data_format)
        n = len(x.shape) - 2
        strides, dilation = to_tuple(strides, n), to_tuple(dilation_rate, n)
        window = tuple(kernel.shape[:n])
        pads = conv_padding(x.shape[1:-1], window, strides, padding, dilation)
        result = correlate(x, kernel, strides, pads, dilation)
        return from_channels_last(result, data_format)

    return conv


def make_conv_transpose(
    correlate, flip_kernel, floats, to_channels_last, from_channels_last
):
    """`conv_transpose` of a backend that convolves in channels-last layout: the
    correlation of the zero-spread input with the flipped kernel.

    Args:
        correlate: `correlate(x, kernel, strides, pads, dilation, input_dilation)`, as
            for `make_conv`, with the input first spread by `input_dilation` (zeros
            between its entries) and `strides` of 1.
        flip_kernel: (k..., out, in) -> the kernel flipped along its spatial axes, its
            channel axes swapped.
        floats, to_channels_last, from_channels_last: as for `make_conv`.
    """

    def transpose(x, kernel, strides, padding, output_padding, dilation):
        n = len(strides)
        pads = [
            transpose_padding(k, s, padding, p, d)
            for k, s, p, d in zip(kernel.shape[:n], strides, output_padding, dilation)
        ]
        ones = (1,) * n
        return correlate(x, flip_kernel(kernel), ones, pads, dilation, strides)

    return make_conv_transpose_of(
        transpose, floats, to_channels_last, from_channels_last
    )


def make_conv_transpose_of(transpose, floats, to_layout, from_layout):
    """`conv_transpose` with its arguments resolved here and the transposed convolution
    computed by `transpose` in the backend's own layout.

    Args:
        transpose: `transpose(x, kernel, strides, padding, output_padding, dilation)`
            of `x` in the backend's layout and a (k..., out, in) `kernel`; `strides`,
            `output_padding` (None entries where not given) and `dilation` are tuples
            of one entry per spatial axis, `padding` is "valid" or "same".
        floats: converts its arguments to tensors of their common floating dtype.
        to_layout, from_layout: `(x, data_format)` -> `x` moved to the backend's layout
            and back.
    """

    def conv_transpose(
        inputs,
        kernel,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
    ):
        data_format = standardize_data_format(data_format)
        inputs, kernel = floats(inputs, kernel)
        x = to_layout(inputs, data_format)
        n = len(x.shape) - 2
        strides, dilation = to_tuple(strides, n), to_tuple(dilation_rate, n)
        output_padding = (None,) * n if output_padding is None else output_padding
        output_padding = to_tuple(output_padding, n)
        result = transpose(x, kernel, strides, padding, output_padding, dilation)
        return from_layout(result, data_format)

    return conv_transpose


def make_depthwise_conv(conv, to_tensor):
    """`depthwise_conv` of a backend whose tensors have `.reshape`: its `conv` with
    the kernel regrouped (see `depthwise_kernel_shape`)."""

    def depthwise_conv(
        inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1
    ):
        kernel = to_tensor(kernel)
        grouped = kernel.reshape(depthwise_kernel_shape(tuple(kernel.shape)))
        return conv(inputs, grouped, strides, padding, data_format, dilation_rate)

    return depthwise_conv


def make_separable_conv(depthwise_conv, conv):
    """`separable_conv` of a backend: its `depthwise_conv`, then a pointwise `conv`."""

    def separable_conv(
        inputs,
        depthwise_kernel,
        pointwise_kernel,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
    ):
        depthwise = depthwise_conv(
            inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
        )
        return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)

    return separable_conv


def channels_last_movers(moveaxis):
    """`(to_channels_last, from_channels_last)`: `(x, data_format)` -> `x` with its
    channels moved last, and back to where `data_format` has them, by the engine's
    `moveaxis(x, source, destination)`."""

    def to_channels_last(x, data_format):
        return moveaxis(x, 1, -1) if data_format == "channels_first" else x

    def from_channels_last(x, data_format):
        return moveaxis(x, -1, 1) if data_format == "channels_first" else x

    return to_channels_last, from_channels_last


def make_convs(correlate, flip_kernel, floats, to_tensor, moveaxis):
    """`(conv, depthwise_conv, separable_conv, conv_transpose)` of a backend that
    correlates in channels-last layout and whose tensors have `.reshape`.

    Args:
        correlate, flip_kernel, floats: as for `make_conv_transpose`.
        to_tensor: converts a kernel to a tensor of the backend.
        moveaxis: the engine's `moveaxis(x, source, destination)`.
    """
    to_channels_last, from_channels_last = channels_last_movers(moveaxis)
    conv = make_conv(correlate, floats, to_channels_last, from_channels_last)
    depthwise_conv = make_depthwise_conv(conv, to_tensor)
    conv_transpose = make_conv_transpose(
        correlate, flip_kernel, floats, to_channels_last, from_channels_last
    )
    separable_conv = make_separable_conv(depthwise_conv, conv)
    return conv, depthwise_conv, separable_conv, conv_transpose


# Slices, and the control flow of the backends that run eagerly (numpy, torch).


def axis_slice(x, axis, start, stop=None, step=None):
    """`x[start:stop:step]` along `axis` (basic indexing, any engine)."""
    return x[(slice(None),) * axis + (slice(start, stop, step),)]


def split_sections(x, points, axis):
    """The sections of `x` between the split `points` along `axis` (basic slices)."""
    bounds = [0, *points, None]
    return [axis_slice(x, axis, a, b) for a, b in zip(bounds[:-1], bounds[1:])]


def slice_window(dims, start_indices, shape):
    """The index of the `shape` window at `start_indices` in a tensor of `dims`, as
    `jax.lax.dynamic_slice` takes it: a size of -1 takes the rest of the dim, and the
    starts are clamped so that the window fits."""
    starts = [int(s) for s in start_indices]
    sizes = [d - s if n == -1 else n for d, s, n in zip(dims, starts, shape)]
    starts = [min(max(s, 0), d - n) for s, d, n in zip(starts, dims, sizes)]
    return tuple(slice(s, s + n) for s, n in zip(starts, sizes))


def associative_scan(f, elems, reverse, axis, to_tensor, flip, concatenate, interleave):
    """`keras.ops.associative_scan` from a backend's tensor functions.

    A parallel prefix over the leaves of `elems` along `axis`: combine neighbours,
    recurse on the half, fill in the rest. `flip(x, axis)` reverses, `concatenate(xs,
    axis)` joins, and `interleave(even, odd, axis)` merges even[0], odd[0], even[1], ...
    along `axis` (`even` may be one longer).
    """
    leaves = [to_tensor(x) for x in tree.flatten(elems)]
    axis = axis % len(leaves[0].shape)
    if reverse:
        leaves = [flip(x, axis) for x in leaves]

    def combine(a, b):
        out = f(tree.pack_sequence_as(elems, a), tree.pack_sequence_as(elems, b))
        return [to_tensor(x) for x in tree.flatten(out)]

    def part(xs, start, stop=None, step=None):
        return [axis_slice(x, axis, start, stop, step) for x in xs]

    def prefix(xs):
        n = xs[0].shape[axis]
        if n < 2:
            return xs
        odd = prefix(combine(part(xs, 0, n - 1, 2), part(xs, 1, None, 2)))
        rest = combine(part(odd, 0, (n - 1) // 2), part(xs, 2, None, 2))
        even = [
            concatenate([axis_slice(x, axis, 0, 1), r], axis) for x, r in zip(xs, rest)
        ]
        return [interleave(e, o, axis) for e, o in zip(even, odd)]

    out = prefix(leaves)
    if reverse:
        out = [flip(x, axis) for x in out]
    return tree.pack_sequence_as(elems, out)


class EagerLoops:
    """scan, map, while_loop, fori_loop, cond and switch as Python loops and branches,
    for backends that run every op at once (autograd, where there is one, records
    them).

    Args:
        to_tensor: converts a value to the backend's tensor.
        stack: stacks a list of tensors on a new axis 0.
        zeros: `zeros(shape, like)`, zeros of `like`'s dtype (and device).
    """

    def __init__(self, to_tensor, stack, zeros):
        self._tensor = to_tensor
        self._stack = stack
        self._zeros = zeros

    def _empty_like(self, y):
        if y is None:
            return None
        y = self._tensor(y)
        return self._zeros((0,) + tuple(y.shape), y)

    def _stack_leaves(self, outputs):
        """Stacks equally structured outputs leaf by leaf on a new axis 0 (keeps
        None)."""

        def stack(leaves):
            if leaves[0] is None:
                return None
            return self._stack([self._tensor(x) for x in leaves])

        flat = [tree.flatten(y) for y in outputs]
        stacked = [stack(leaves) for leaves in zip(*flat)]
        return tree.pack_sequence_as(outputs[0], stacked)

    def _slices_of(self, xs):
        """(length, function i -> the i-th slice of every leaf of `xs`)."""
        leaves = [self._tensor(x) for x in tree.flatten(xs)]
        lengths = {x.shape[0] if x.ndim else None for x in leaves}
        if None in lengths or len(lengths) != 1:
            shapes = [tuple(x.shape) for x in leaves]
            raise ValueError(
                "All leaves of `xs` must share one leading dimension; got shapes "
                f"{shapes}."
            )

        def item(i):
            return tree.pack_sequence_as(xs, [x[i] for x in leaves])

        return lengths.pop(), item

    def _zero_slices(self, xs):
        def zero_slice(x):
            x = self._tensor(x)
            return self._zeros(tuple(x.shape[1:]), x)

        return tree.map_structure(zero_slice, xs)

    def scan(self, f, init, xs=None, length=None, reverse=False, unroll=1):
        carry = tree.map_structure(self._tensor, init)
        if xs is None:
            n, item = int(length), lambda i: None
        else:
            n, item = self._slices_of(xs)
            if length is not None and int(length) != n:
                raise ValueError(
                    f"`length`={length} does not match `xs` of length {n}."
                )
        ys = []
        for i in reversed(range(n)) if reverse else range(n):
            carry, y = f(carry, item(i))
            ys.append(y)
        if reverse:
            ys.reverse()
        if n == 0:
            # No step ran: one call on zeros gives the structure of `ys`.
            empty = None if xs is None else self._zero_slices(xs)
            _, y = f(carry, empty)
            return carry, tree.map_structure(self._empty_like, y)
        return tree.map_structure(self._tensor, carry), self._stack_leaves(ys)

    def map(self, f, xs):
        n, item = self._slices_of(xs)
        if n == 0:
            return tree.map_structure(self._empty_like, f(self._zero_slices(xs)))
        return self._stack_leaves([f(item(i)) for i in range(n)])

    @staticmethod
    def cond(pred, true_fn, false_fn):
        return true_fn() if pred else false_fn()

    @staticmethod
    def switch(index, branches, *operands):
        # As jax.lax.switch: an index out of range selects the nearest branch.
        index = min(max(int(index), 0), len(branches) - 1)
        return branches[index](*operands)

    def while_loop(self, cond, body, loop_vars, maximum_iterations=None):
        is_sequence = isinstance(loop_vars, (tuple, list))
        state = tuple(loop_vars) if is_sequence else (loop_vars,)
        step = 0
        while maximum_iterations is None or step < maximum_iterations:
            if not cond(*state):
                break
            outputs = body(*state)
            state = tuple(outputs) if is_sequence else (outputs,)
            step += 1
        state = tuple(tree.map_structure(self._tensor, state))
        return type(loop_vars)(state) if is_sequence else state[0]

    def fori_loop(self, lower, upper, body_fun, init_val):
        value = init_val
        for i in range(int(lower), int(upper)):
            value = body_fun(i, value)
        return tree.map_structure(self._tensor, value)


# Layers.


class BackendLayer:
    """The backend base of keras.layers.Layer for engines without a module system to
    register layers with (all but torch): both hooks are no-ops."""

    def _backend_init(self):
        pass

    def _backend_setattr(self, name, value):
        object.__setattr__(self, name, value)


def no_remat(f):
    """`remat` of an engine without autodiff: nothing is kept for a backward pass, so
    the function runs as it is."""
    return f


def cpu_only_device_scope(backend):
    """`device_scope` of an engine that runs on the host CPU only (numpy, openvino)."""

    def device_scope(kind, index):
        if kind != "cpu" or index != 0:
            raise RuntimeError(
                f"The {backend} backend runs on the CPU only; keras.device got "
                f'"{kind}:{index}". Use "cpu:0", or the jax, torch or tensorflow backend '
                "for accelerators."
            )
        import contextlib

        return contextlib.nullcontext()

    return device_scope
