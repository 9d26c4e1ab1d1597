"""openvino backend: the manipulation ops (see keras/ops/manipulation.py).

keras.ops validates and normalises the arguments (non-negative axes, `pad_width` as one
pair per axis, split points as a list) before calling these functions. Every op is a
graph of opset operations; shapes are static, so index tables that depend only on
shapes (padding, repeating, diagonals) are built here as constants.

`view` reinterprets bits, which no OpenVINO operation does: it is composed from exact
arithmetic (a float's exponent is found by `bucketize` against the powers of two, its
mantissa by dividing by that power) and bit operations on int32. The CPU plugin
computes 64-bit integers in 32 bits, so `view` takes dtypes of at most 32 bits. Two
inputs lose bits: a NaN reads as the positive quiet NaN (0x7fc00000 for float32), and
float32 subnormals read as zero (the plugin flushes them; float16 subnormals are exact).
"""

import math

import numpy as np
from openvino import opset14 as ov_opset
from openvino import opset15

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.openvino import core

_const = core._constant
_out = core._out
_i64 = core._i64


def _wrap(node):
    """An OpenVINOTensor of a node's first output (or of an output); an empty result
    is a constant, as the CPU plugin fails on some empty inputs at run time
    (Broadcast, GatherND: a floating point exception that ends the process)."""
    tensor = core._wrap(node)
    shape = tensor.shape
    if 0 in shape and tensor.output.get_node().get_type_name() != "Constant":
        return core._wrap(_const(np.zeros(shape, dtypes.numpy_dtype(tensor.dtype))))
    return tensor


def _tensor(x, dtype=None):
    """`x` as an OpenVINOTensor of `dtype` (None: its own, inferred as Keras does)."""
    return core._tensor(x) if dtype is None else core.convert_to_tensor(x, dtype)


def _dims(output):
    """The static shape of an ov Output as a tuple of ints."""
    return tuple(d.get_length() for d in output.get_partial_shape())


def _promoted(xs):
    """The outputs of `xs` converted to their promoted dtype."""
    tensors = list(xs)
    if all(type(x) is core.OpenVINOTensor for x in tensors) and (
        len({x.dtype for x in tensors}) == 1
    ):
        return [x.output for x in tensors]
    return [x.output for x in core.promote(*tensors)]


def _index_output(indices):
    """`indices` as an integer graph output (floats are truncated to int32)."""
    indices = _tensor(indices)
    if not dtypes.is_int_dtype(indices.dtype) or indices.dtype == "bool":
        indices = core.cast(indices, "int32")
    return indices.output


def _reshape(output, shape):
    return ov_opset.reshape(output, _i64(list(shape)), False).output(0)


def _flat(output):
    return _reshape(output, (-1,))


def _gather(output, index, axis):
    """`output` gathered along `axis` at the constant positions `index` (a NumPy
    array of non-negative ints)."""
    return ov_opset.gather(output, _i64(index), _const(np.int64(axis))).output(0)


# ---------------------------------------------------------------------------- joining


def _concat(outputs, axis):
    # Empty parts add nothing (and an empty input can fail at run time).
    filled = [o for o in outputs if 0 not in _dims(o)]
    if filled and len(filled) < len(outputs):
        outputs = filled
    if len(outputs) == 1:
        return outputs[0]
    return ov_opset.concat(outputs, axis).output(0)


def append(x1, x2, axis=None):
    return concatenate([x1, x2], axis)


def concatenate(xs, axis=0):
    outputs = _promoted(xs)
    if axis is None:
        outputs, axis = [_flat(o) for o in outputs], 0
    return _wrap(_concat(outputs, axis))


def stack(x, axis=0):
    outputs = _promoted(x)
    rank = len(_dims(outputs[0])) + 1
    axis = backend_utils.canonicalize_axis(axis, rank)
    return _wrap(core._stack_outputs(outputs, axis))


def _at_least(output, rank):
    """`output` with NumPy's atleast_{1,2,3}d shapes."""
    shape = _dims(output)
    if len(shape) >= rank:
        return output
    if rank == 3:
        new = {0: (1, 1, 1), 1: (1,) + shape + (1,), 2: shape + (1,)}[len(shape)]
    else:
        new = (1,) * (rank - len(shape)) + shape
    return _reshape(output, new)


def hstack(xs):
    outputs = [_at_least(o, 1) for o in _promoted(xs)]
    axis = 0 if len(_dims(outputs[0])) == 1 else 1
    return _wrap(_concat(outputs, axis))


def vstack(xs):
    return _wrap(_concat([_at_least(o, 2) for o in _promoted(xs)], 0))


def dstack(xs):
    return _wrap(_concat([_at_least(o, 3) for o in _promoted(xs)], 2))


# -------------------------------------------------------------------------- splitting


def _sections(x, points, axis):
    """The sections of `x` between `points` (clipped as slices are) along `axis`."""
    length = x.shape[axis]
    bounds = [0, *points, length]
    sections = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        start, stop, _ = slice(start, stop).indices(length)
        stop = max(start, stop)
        section = ov_opset.slice(
            x.output, _i64([start]), _i64([stop]), _i64([1]), _i64([axis])
        )
        sections.append(_wrap(section))
    return sections


def split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if isinstance(indices_or_sections, (int, np.integer)):
        return array_split(x, indices_or_sections, axis)
    return _sections(x, list(indices_or_sections), axis)


def array_split(x, indices_or_sections, axis=0):
    x = _tensor(x)
    if not isinstance(indices_or_sections, (int, np.integer)):
        return _sections(x, list(indices_or_sections), axis)
    # The first `length % n` sections are one longer, as NumPy's array_split.
    size, extra = divmod(x.shape[axis], int(indices_or_sections))
    points, start = [], 0
    for i in range(indices_or_sections - 1):
        start += size + (1 if i < extra else 0)
        points.append(start)
    return _sections(x, points, axis)


def hsplit(x, indices_or_sections):
    x = _tensor(x)
    return split(x, indices_or_sections, 1 if x.ndim > 1 else 0)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, 0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, 2)


# --------------------------------------------------------------------- shapes and axes


def broadcast_to(x, shape):
    return _wrap(ov_opset.broadcast(_out(x), _i64(list(shape))))


def reshape(x, newshape):
    if isinstance(newshape, (list, tuple)):
        newshape = [int(d) for d in newshape]
    else:
        newshape = [int(newshape)]
    return _wrap(_reshape(_out(x), newshape))


def ravel(x):
    return _wrap(_flat(_out(x)))


def expand_dims(x, axis):
    axes = sorted(axis) if isinstance(axis, (tuple, list)) else [axis]
    x = _tensor(x)
    rank = x.ndim + len(axes)
    axes = [a % rank for a in axes]
    return _wrap(ov_opset.unsqueeze(x.output, _i64(axes)))


def squeeze(x, axis=None):
    x = _tensor(x)
    if axis is None:
        axis = [i for i, d in enumerate(x.shape) if d == 1]
    axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    if not axes:
        return x
    return _wrap(ov_opset.squeeze(x.output, _i64([a % x.ndim for a in axes])))


def _transpose(output, axes):
    if list(axes) == list(range(len(axes))):
        return output
    return ov_opset.transpose(output, _i64(list(axes))).output(0)


def transpose(x, axes=None):
    x = _tensor(x)
    if axes is None:
        axes = tuple(range(x.ndim))[::-1]
    return _wrap(_transpose(x.output, [a % x.ndim for a in axes]))


def moveaxis(x, source, destination):
    x = _tensor(x)
    rank = x.ndim
    source = backend_utils.canonicalize_axes(source, rank)
    destination = backend_utils.canonicalize_axes(destination, rank)
    order = [a for a in range(rank) if a not in source]
    for s, d in sorted(zip(destination, source)):
        order.insert(s, d)
    return _wrap(_transpose(x.output, order))


def swapaxes(x, axis1, axis2):
    x = _tensor(x)
    order = list(range(x.ndim))
    axis1, axis2 = axis1 % x.ndim, axis2 % x.ndim
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return _wrap(_transpose(x.output, order))


def ndim(x):
    return len(core.shape(x))


def size(x):
    return math.prod(core.shape(x))


# ----------------------------------------------------------------- reordering elements


def _reverse(output, axes):
    """`output` reversed along `axes` (a slice with step -1)."""
    shape = _dims(output)
    axes = [a for a in axes if shape[a] > 1]
    if not axes:
        return output
    count = len(axes)
    # The stop is past the first element, counting down (as core._getitem does).
    return ov_opset.slice(
        output,
        _i64([-1] * count),
        _i64([-(2**62)] * count),
        _i64([-1] * count),
        _i64(axes),
    ).output(0)


def flip(x, axis=None):
    x = _tensor(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return _wrap(_reverse(x.output, [a % x.ndim for a in axes]))


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def roll(x, shift, axis=None):
    x = _tensor(x)
    if axis is None:
        if x.size == 0:
            return x
        flat = _flat(x.output)
        rolled = ov_opset.roll(flat, _i64([int(shift)]), _i64([0])).output(0)
        return _wrap(_reshape(rolled, x.shape))
    shifts = list(shift) if isinstance(shift, (tuple, list)) else [shift]
    axes = list(axis) if isinstance(axis, (tuple, list)) else [axis]
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    # Empty axes have nothing to roll (and a shift modulo 0 is undefined).
    kept = [(int(s), a % x.ndim) for s, a in zip(shifts, axes) if x.shape[a]]
    if not kept or x.size == 0:
        return x
    shifts, axes = zip(*kept)
    return _wrap(ov_opset.roll(x.output, _i64(list(shifts)), _i64(list(axes))))


def rot90(array, k=1, axes=(0, 1)):
    x = _tensor(array)
    k %= 4
    first, second = axes[0] % x.ndim, axes[1] % x.ndim
    order = list(range(x.ndim))
    order[first], order[second] = order[second], order[first]
    output = x.output
    if k == 1:
        output = _transpose(_reverse(output, [second]), order)
    elif k == 2:
        output = _reverse(output, [first, second])
    elif k == 3:
        output = _reverse(_transpose(output, order), [second])
    return _wrap(output)


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = _tensor(x)
    rank = x.ndim
    axis1, axis2 = axis1 % rank, axis2 % rank
    rest = [a for a in range(rank) if a not in (axis1, axis2)]
    moved = _transpose(x.output, rest + [axis1, axis2])  # (..., rows, cols)
    rows, cols = x.shape[axis1], x.shape[axis2]
    batch = tuple(x.shape[a] for a in rest)
    if offset >= 0:
        length = max(0, min(rows, cols - offset))
        start_row, start_col = 0, offset
    else:
        length = max(0, min(rows + offset, cols))
        start_row, start_col = -offset, 0
    # Positions of the diagonal in the flattened (rows * cols) plane.
    steps = np.arange(length)
    index = (start_row + steps) * cols + start_col + steps
    plane = _reshape(moved, batch + (rows * cols,))
    return _wrap(_gather(plane, index, len(batch)))


def _pad_value(value, dtype):
    """The padding value as a 0-d output of `dtype`."""
    value = _tensor(0 if value is None else value, dtype)
    return _reshape(value.output, ())


def pad(x, pad_width, mode="constant", constant_values=None):
    x = _tensor(x)
    widths = [(int(b), int(a)) for b, a in pad_width]
    if not any(b or a for b, a in widths):
        return x
    if mode == "constant":
        begins = _i64([b for b, _ in widths])
        ends = _i64([a for _, a in widths])
        value = _pad_value(constant_values, x.dtype)
        return _wrap(ov_opset.pad(x.output, begins, ends, "constant", value))
    # The other modes read each padded position from a position of the input, as
    # NumPy's pad defines it (widths larger than the axis included).
    mode = "wrap" if mode == "circular" else mode
    output = x.output
    for axis, (before, after) in enumerate(widths):
        if before or after:
            index = np.pad(np.arange(x.shape[axis]), (before, after), mode=mode)
            output = _gather(output, index, axis)
    return _wrap(output)


# ------------------------------------------------------------------ repeating elements


def repeat(x, repeats, axis=None):
    x = _tensor(x)
    output = x.output
    if axis is None:
        output, axis = _flat(output), 0
    shape = _dims(output)
    counts = repeats if isinstance(repeats, int) else core._static_value(repeats)
    if counts is None:
        raise core.SymbolicValueError(
            "`repeats` given as a tensor that depends on a model input decides the "
            "output shape, which an OpenVINO graph traced for predict cannot have."
        )
    counts = np.asarray(counts, np.int64).reshape(-1)
    if counts.size == 1:
        counts = np.full((shape[axis],), counts[0])
    # Repeating is gathering each position as many times as its count.
    index = np.repeat(np.arange(shape[axis]), counts)
    return _wrap(_gather(output, index, axis))


def tile(x, repeats):
    x = _tensor(x)
    if not isinstance(repeats, (list, tuple)):
        repeats = [repeats]
    repeats = [int(r) for r in repeats]
    rank = max(x.ndim, len(repeats))
    shape = (1,) * (rank - x.ndim) + x.shape
    repeats = [1] * (rank - len(repeats)) + repeats
    output = _reshape(x.output, shape) if rank > x.ndim else x.output
    return _wrap(ov_opset.tile(output, _i64(repeats)))


# ------------------------------------------------------------------ selecting elements


def _wrapped(index, length):
    """Negative indices counted from the end of an axis of `length`."""
    length = ov_opset.convert_like(_const(np.int64(length)), index)
    negative = ov_opset.less(index, ov_opset.convert_like(_const(np.int64(0)), index))
    return ov_opset.select(negative, ov_opset.add(index, length), index).output(0)


def _check_axis_has_values(length, index_shape):
    """Raises, as NumPy does, for indices into an empty axis (which the CPU plugin
    would not survive)."""
    if length == 0 and 0 not in index_shape:
        raise IndexError(
            f"cannot take indices of shape {index_shape} from an empty axis."
        )


def take(x, indices, axis=None):
    x = _tensor(x)
    output = x.output
    if axis is None:
        output, axis = _flat(output), 0
    index = _index_output(indices)
    shape = _dims(output)
    _check_axis_has_values(shape[axis], _dims(index))
    # Gather-8 counts negative indices from the end of the axis.
    return _wrap(ov_opset.gather(output, index, _const(np.int64(axis))))


def take_along_axis(x, indices, axis=None):
    x = _tensor(x)
    output = x.output
    index = _index_output(indices)
    if axis is None:
        output, axis = _flat(output), 0
    shape, index_shape = _dims(output), _dims(index)
    # The other axes broadcast against each other (NumPy's indexing rules).
    common = np.broadcast_shapes(
        shape[:axis] + (1,) + shape[axis + 1 :],
        index_shape[:axis] + (1,) + index_shape[axis + 1 :],
    )
    data_shape = common[:axis] + (shape[axis],) + common[axis + 1 :]
    new = common[:axis] + (index_shape[axis],) + common[axis + 1 :]
    _check_axis_has_values(shape[axis], new)
    output = ov_opset.broadcast(output, _i64(list(data_shape))).output(0)
    index = ov_opset.broadcast(index, _i64(list(new))).output(0)
    index = _wrapped(index, shape[axis])
    return _wrap(ov_opset.gather_elements(output, index, axis))


def select(condlist, choicelist, default=0):
    dtype = dtypes.promoted_dtype(*choicelist, default)
    result = _tensor(default, dtype).output
    for condition, choice in reversed(list(zip(condlist, choicelist))):
        condition = _tensor(condition, "bool").output
        choice = _tensor(choice, dtype).output
        result = ov_opset.select(condition, choice, result).output(0)
    shape = np.broadcast_shapes(
        *(core.shape(v) for v in list(condlist) + list(choicelist) + [default])
    )
    return broadcast_to(_wrap(result), shape)


def _floor_divmod(a, divisor):
    """(a // divisor, a % divisor) of an int32 output and a positive int, exact: the
    CPU plugin divides int32 in float32 at run time (inexact above 2**24), so the
    quotient is corrected from the exactly computed remainder."""
    d = _const(np.asarray(divisor, np.int32))

    def remainder(q):
        return ov_opset.subtract(a, ov_opset.multiply(q, d)).output(0)

    quotient = ov_opset.divide(a, d).output(0)
    # The first remainder is small (|r| < 2**8 * divisor): dividing it is exact.
    quotient = ov_opset.add(quotient, ov_opset.divide(remainder(quotient), d)).output(0)
    rest = remainder(quotient)
    # Division may truncate: floor it.
    negative = ov_opset.less(rest, _const(np.int32(0)))
    one = _const(np.int32(1))
    quotient = ov_opset.select(negative, ov_opset.subtract(quotient, one), quotient)
    rest = ov_opset.select(negative, ov_opset.add(rest, d), rest)
    return quotient.output(0), rest.output(0)


def unravel_index(indices, shape):
    flat = _tensor(indices, "int32").output
    coordinates = []
    for dim in reversed(shape):
        if dim == 0:
            coordinates.append(_wrap(flat))  # an empty axis takes no valid index
            continue
        flat, coordinate = _floor_divmod(flat, dim)
        coordinates.append(_wrap(coordinate))
    return tuple(reversed(coordinates))


# --------------------------------------------------------------------------------- view

# (exponent bits, mantissa bits) of the float formats.
_FLOATS = {"float16": (5, 10), "bfloat16": (8, 7), "float32": (8, 23)}


def _int32(value):
    return _const(np.asarray(value, np.int32))


def _f32(value):
    return _const(np.asarray(value, np.float32))


def _powers(ebits):
    """Per biased exponent E: the value of one unit of the integer part, 2**(E - bias)
    (2**(1 - bias) for E = 0, the subnormals), exact float32 constants."""
    bias = 2 ** (ebits - 1) - 1
    exponents = np.arange(2**ebits) - bias
    exponents[0] = 1 - bias
    exponents[-1] = 0  # inf and nan: not used
    return np.ldexp(np.float32(1), exponents).astype(np.float32), bias


def _float_bits(output, dtype):
    """The IEEE bits of the float `output` of `dtype`, in the low bits of an int32."""
    ebits, mbits = _FLOATS[dtype]
    table, bias = _powers(ebits)
    top = 2**ebits - 1
    x = ov_opset.convert(output, "f32").output(0)
    magnitude = ov_opset.absolute(x).output(0)
    # The biased exponent: the count of powers 2**(1 - bias)..2**bias at or below |x|.
    bounds = _f32(np.ldexp(np.float32(1), np.arange(1 - bias, bias + 1)))
    exponent = ov_opset.bucketize(magnitude, bounds, "i32", False).output(0)
    scale = ov_opset.gather(_const(table), exponent, _const(np.int64(0))).output(0)
    implicit = ov_opset.convert(ov_opset.greater(exponent, _int32(0)), "f32")
    # |x| / scale is 1.fraction (0.fraction for subnormals), exactly.
    fraction = ov_opset.subtract(ov_opset.divide(magnitude, scale), implicit)
    mantissa = ov_opset.convert(ov_opset.multiply(fraction, _f32(2.0**mbits)), "i32")
    nan = ov_opset.is_nan(x)
    special = ov_opset.logical_or(ov_opset.is_inf(x), nan)
    exponent = ov_opset.select(special, _int32(top), exponent)
    quiet = ov_opset.select(nan, _int32(2 ** (mbits - 1)), _int32(0))
    mantissa = ov_opset.select(special, quiet, mantissa)
    bits = ov_opset.add(ov_opset.multiply(exponent, _int32(2**mbits)), mantissa)
    # The sign of -0.0 shows in 1 / x = -inf.
    negative = ov_opset.logical_or(
        ov_opset.less(x, _f32(0)),
        ov_opset.less(ov_opset.divide(_f32(1), x), _f32(0)),
    )
    sign = _int32(-(2**31) if ebits + mbits == 31 else 2 ** (ebits + mbits))
    return ov_opset.select(negative, ov_opset.bitwise_or(bits, sign), bits).output(0)


def _bits_float(bits, dtype):
    """The float of `dtype` whose IEEE bits are the low bits of the int32 `bits`."""
    ebits, mbits = _FLOATS[dtype]
    table, _ = _powers(ebits)
    top = 2**ebits - 1
    shift = opset15.bitwise_right_shift(bits, _int32(mbits))
    exponent = ov_opset.bitwise_and(shift, _int32(top)).output(0)
    mantissa = ov_opset.bitwise_and(bits, _int32(2**mbits - 1)).output(0)
    scale = ov_opset.gather(_const(table), exponent, _const(np.int64(0)))
    implicit = ov_opset.convert(ov_opset.greater(exponent, _int32(0)), "f32")
    fraction = ov_opset.multiply(
        ov_opset.convert(mantissa, "f32"), _f32(2.0**-mbits)
    )
    value = ov_opset.multiply(ov_opset.add(implicit, fraction), scale)
    special = ov_opset.select(
        ov_opset.equal(mantissa, _int32(0)), _f32(np.inf), _f32(np.nan)
    )
    value = ov_opset.select(ov_opset.equal(exponent, _int32(top)), special, value)
    if ebits + mbits == 31:
        negative = ov_opset.less(bits, _int32(0))
    else:
        negative = ov_opset.greater_equal(bits, _int32(2 ** (ebits + mbits)))
    value = ov_opset.select(negative, ov_opset.negative(value), value)
    return ov_opset.convert(value, core._ov_type(dtype)).output(0)


def _to_bits(output, dtype, width):
    """The bits of `output` of `dtype` (`width` bits) in the low bits of an int32."""
    if dtype in _FLOATS:
        return _float_bits(output, dtype)
    bits = ov_opset.convert(output, "i32").output(0)
    if dtype in ("int8", "int16"):
        bits = ov_opset.bitwise_and(bits, _int32(2**width - 1)).output(0)
    return bits


def _from_bits(bits, dtype, width):
    """The `dtype` values of `width` bits held in the low bits of the int32 `bits`."""
    if dtype in _FLOATS:
        return _bits_float(bits, dtype)
    if dtype == "bool":
        return ov_opset.not_equal(bits, _int32(0)).output(0)
    if width < 32:
        bits = ov_opset.bitwise_and(bits, _int32(2**width - 1)).output(0)
        if dtype.startswith("int"):
            # Two's complement: patterns from 2**(width - 1) up are negative.
            high = ov_opset.greater_equal(bits, _int32(2 ** (width - 1)))
            wrapped = ov_opset.subtract(bits, _int32(2**width))
            bits = ov_opset.select(high, wrapped, bits).output(0)
    return ov_opset.convert(bits, core._ov_type(dtype)).output(0)


def view(x, dtype=None):
    x = _tensor(x)
    if dtype is None:
        return x
    target = dtypes.standardize_dtype(dtype)
    if target == x.dtype:
        return x
    source_size = dtypes.numpy_dtype(x.dtype).itemsize
    target_size = dtypes.numpy_dtype(target).itemsize
    if max(source_size, target_size) > 4:
        raise NotImplementedError(
            f"`view` from {x.dtype} to {target} is not available on the openvino "
            "backend: OpenVINO has no bitcast, and its CPU plugin computes 64-bit "
            "integers in 32 bits, so 64-bit patterns cannot be composed exactly."
        )
    bits = _to_bits(x.output, x.dtype, 8 * source_size)
    shape = x.shape
    if source_size > target_size:
        # Each item splits into `ratio` smaller ones, least significant first.
        ratio, width = source_size // target_size, 8 * target_size
        mask = _int32(2**width - 1)
        parts = [
            ov_opset.bitwise_and(
                opset15.bitwise_right_shift(bits, _int32(width * i)), mask
            )
            for i in range(ratio)
        ]
        bits = _concat([ov_opset.unsqueeze(p, _i64([-1])).output(0) for p in parts], -1)
        bits = _reshape(bits, shape[:-1] + (shape[-1] * ratio,))
    elif source_size < target_size:
        # `ratio` consecutive items make one larger item, the first least significant.
        ratio, width = target_size // source_size, 8 * source_size
        grouped = _reshape(bits, shape[:-1] + (shape[-1] // ratio, ratio))
        parts = ov_opset.split(grouped, _const(np.int64(-1)), ratio)
        combined = None
        for i in range(ratio):
            part = ov_opset.squeeze(parts.output(i), _i64([-1])).output(0)
            part = opset15.bitwise_left_shift(part, _int32(width * i))
            combined = part if combined is None else ov_opset.bitwise_or(combined, part)
        bits = combined.output(0)
    return _wrap(_from_bits(bits, target, 8 * target_size))


# ----------------------------------------------------------------------------- indexing


def _key_entry(entry):
    """Lists and tensors of an index key as arrays core._getitem takes."""
    if isinstance(entry, core.Variable):
        entry = entry.value
    if isinstance(entry, list):
        entry = np.asarray(entry)
        if entry.size == 0:
            entry = entry.astype(np.int64)
    if isinstance(entry, core.OpenVINOTensor) and dtypes.is_float_dtype(entry.dtype):
        entry = core.cast(entry, "int32")
    if isinstance(entry, np.ndarray) and entry.dtype.kind == "f":
        entry = entry.astype(np.int32)
    if isinstance(entry, np.ndarray) and entry.ndim == 0 and entry.dtype.kind in "iu":
        # A 0-d index array broadcasts to no dims: it selects as the int does.
        entry = int(entry)
    return entry


def get_item(x, key):
    x = _tensor(x)
    if isinstance(key, tuple):
        key = tuple(_key_entry(entry) for entry in key)
    else:
        key = _key_entry(key)
    return _wrap(core._getitem(x, key).output)
