"""openvino backend: the image ops (keras/backends/common/image_utils.py has them, and
keras/ops/image.py their contract), bound to OpenVINO opset operations.

The shared ops also use Python operators on tensors (+, <, &, indexing), which
OpenVINOTensor maps to the backend's binary, unary and indexing ops.
"""

import types

import numpy as np
from openvino import opset14 as ov_opset

from keras.backends.common import dtypes
from keras.backends.common import image_utils
from keras.backends.openvino import core
from keras.backends.openvino import linalg

_wrap = core._wrap


def _like(value, like):
    """`value` (a tensor or a Python number) as a graph output of `like`'s dtype."""
    if core.is_tensor(value):
        return core.cast(value, like.dtype).output
    return core._constant(np.asarray(value, dtypes.numpy_dtype(like.dtype)))


def _operands(*values):
    """Graph outputs of `values` in one dtype: the tensors' promoted dtype, Python
    numbers taking it (weak types)."""
    tensors = [v for v in values if core.is_tensor(v)]
    dtype = dtypes.result_type_keeping_64(*[t.dtype for t in tensors])
    like = core.cast(tensors[0], dtype)
    return [_like(v, like) for v in values], dtype


def _axes(axis, ndim):
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    return [a % ndim for a in axes]


def _constant_like(values, like):
    return _wrap(core._constant(np.asarray(values, dtypes.numpy_dtype(like.dtype))))


def _arange(n, dtype, like):
    dtype = dtypes.standardize_dtype(dtype)
    values = np.arange(int(n), dtype=dtypes.numpy_dtype(dtype))
    return _wrap(core._constant(values))


def _take(x, indices, axis):
    x = core._tensor(x)
    if core.is_tensor(indices):
        index = indices.output
    else:
        index = core._constant(np.asarray(indices, np.int64))
    return _wrap(ov_opset.gather(x.output, index, core._i64(axis % x.ndim)))


def _gather(x, indices):
    """`x[i0, i1, ...]` for integer index tensors that broadcast, on leading axes."""
    x = core._tensor(x)
    index = [core.cast(core._tensor(i), "int64").output for i in indices]
    shapes = [tuple(d.get_length() for d in i.get_partial_shape()) for i in index]
    common = tuple(np.broadcast_shapes(*shapes))
    # (..., number of indexed axes)
    stacked = ov_opset.concat(
        [
            ov_opset.unsqueeze(ov_opset.broadcast(i, core._i64(common)), -1)
            for i in index
        ],
        -1,
    )
    return _wrap(ov_opset.gather_nd(x.output, stacked, 0))


def _pad(x, widths, fill):
    x = core._tensor(x)
    before = [int(b) for b, _ in widths]
    after = [int(a) for _, a in widths]
    fill = _like(fill, x)
    return _wrap(
        ov_opset.pad(x.output, core._i64(before), core._i64(after), "constant", fill)
    )


def _reshape(x, shape):
    return _wrap(ov_opset.reshape(core._out(x), core._i64(shape), False))


def _flatten_from(x, axis):
    x = core._tensor(x)
    return _reshape(x, tuple(x.shape[:axis]) + (-1,))


def _binary(function):
    def apply(a, b):
        (a, b), _ = _operands(a, b)
        return _wrap(function(a, b))

    return apply


def _reduction(function):
    def reduce(x, axis, keepdims=False):
        x = core._tensor(x)
        return _wrap(function(x.output, core._i64(_axes(axis, x.ndim)), keepdims))

    return reduce


def _mean(x, axis):
    x = core._tensor(x)
    return _wrap(ov_opset.reduce_mean(x.output, core._i64(_axes(axis, x.ndim)), False))


def _stack(xs, axis):
    outputs, _ = _operands(*xs)
    axis = axis % (len(outputs[0].get_partial_shape()) + 1)
    return _wrap(
        ov_opset.concat([ov_opset.unsqueeze(x, axis) for x in outputs], axis)
    )


def _concatenate(xs, axis):
    outputs, _ = _operands(*xs)
    return _wrap(ov_opset.concat(outputs, axis))


def _letters(n, start=0):
    return "".join(chr(ord("a") + start + i) for i in range(n))


def _tensordot(a, b, axes):
    a, b = core._tensor(a), core._tensor(b)
    a_axes = _axes(axes[0], a.ndim)
    b_axes = _axes(axes[1], b.ndim)
    a_letters = list(_letters(a.ndim))
    b_letters = list(_letters(b.ndim, start=a.ndim))
    for i, j in zip(a_axes, b_axes):
        b_letters[j] = a_letters[i]
    kept = [c for i, c in enumerate(a_letters) if i not in a_axes] + [
        c for j, c in enumerate(b_letters) if j not in b_axes
    ]
    spec = f"{''.join(a_letters)},{''.join(b_letters)}->{''.join(kept)}"
    return _einsum(spec, a, b)


def _einsum(spec, *operands):
    outputs, _ = _operands(*operands)
    return _wrap(ov_opset.einsum(outputs, spec))


def _transpose(x, order):
    return _wrap(ov_opset.transpose(core._out(x), core._i64(list(order))))


def _moveaxis(x, source, destination):
    x = core._tensor(x)
    order = [a for a in range(x.ndim) if a != source % x.ndim]
    order.insert(destination % x.ndim, source % x.ndim)
    return _transpose(x, order)


def _broadcast_to(x, shape):
    return _wrap(ov_opset.broadcast(core._out(x), core._i64([int(d) for d in shape])))


def _where(condition, a, b):
    condition = core.cast(core._tensor(condition), "bool").output
    a, b = (core._tensor(v) if isinstance(v, np.ndarray) else v for v in (a, b))
    (a, b), _ = _operands(a, b)
    return _wrap(ov_opset.select(condition, a, b))


def _clip(x, low, high):
    x = core._tensor(x)
    clipped = ov_opset.maximum(x.output, _like(low, x))
    return _wrap(ov_opset.minimum(clipped, _like(high, x)))


def _maximum(x, low):
    x = core._tensor(x)
    return _wrap(ov_opset.maximum(x.output, _like(low, x)))


def _unary(function):
    return lambda x: _wrap(function(core._out(x)))


def _round(x):
    return _wrap(ov_opset.round(core._out(x), "half_to_even"))


def _sinc(x):
    x = core._tensor(x)
    zero = _like(0, x)
    scaled = ov_opset.multiply(x.output, _like(np.pi, x))
    safe = ov_opset.select(ov_opset.equal(scaled, zero), _like(1, x), scaled)
    ratio = ov_opset.divide(ov_opset.sin(safe), safe)
    return _wrap(ov_opset.select(ov_opset.equal(scaled, zero), _like(1, x), ratio))


def _full_like(x, fill):
    x = core._tensor(x)
    return _wrap(ov_opset.broadcast(_like(fill, x), core._i64(x.shape)))


def _zeros_like(x):
    return _full_like(x, 0)


_ENGINE = types.SimpleNamespace(
    tensor=core._tensor,
    cast=core.cast,
    index_dtype="int32",
    abs=_unary(ov_opset.abs),
    amax=_reduction(ov_opset.reduce_max),
    amin=_reduction(ov_opset.reduce_min),
    arange=_arange,
    broadcast_to=_broadcast_to,
    clip=_clip,
    concatenate=_concatenate,
    constant=_constant_like,
    dim=lambda x, axis: x.shape[axis],
    einsum=_einsum,
    flatten_from=_flatten_from,
    floor=_unary(ov_opset.floor),
    full_like=_full_like,
    gather=_gather,
    maximum=_maximum,
    mean=_mean,
    minimum=_binary(ov_opset.minimum),
    mod=_binary(ov_opset.floor_mod),
    moveaxis=_moveaxis,
    pad=_pad,
    round=_round,
    sinc=_sinc,
    solve=linalg.solve,
    stack=_stack,
    sum=_reduction(ov_opset.reduce_sum),
    take=_take,
    tensordot=_tensordot,
    transpose=_transpose,
    where=_where,
    zeros_like=_zeros_like,
)

_OPS = image_utils.make_image_ops(_ENGINE)

affine_transform = _OPS.affine_transform
crop_images = _OPS.crop_images
elastic_transform = _OPS.elastic_transform
extract_patches = _OPS.extract_patches
extract_patches_3d = _OPS.extract_patches_3d
hsv_to_rgb = _OPS.hsv_to_rgb
map_coordinates = _OPS.map_coordinates
pad_images = _OPS.pad_images
perspective_coefficients = _OPS.perspective_coefficients
resize = _OPS.resize
rgb_to_grayscale = _OPS.rgb_to_grayscale
rgb_to_hsv = _OPS.rgb_to_hsv
scale_and_translate = _OPS.scale_and_translate
sobel_edges = _OPS.sobel_edges
ssim = _OPS.ssim
