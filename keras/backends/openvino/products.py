"""openvino backend: the products ops (see keras/ops/products.py for their contract).

Every op is a graph of OpenVINO opset operations. The CPU plugin has no MatMul for
int8/uint8/bool and saturates narrow integer arithmetic, so products are computed in
int32 (int64 for 64-bit and uint32 inputs) or float32 (float64 stays float64) and
converted to the result dtype at the end (Convert wraps integers as NumPy does; bools
are True where the integer product is non-zero).
"""

import math

import numpy as np
from openvino import opset14 as ov_opset

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import reduction_utils
from keras.backends.openvino import core

_i64 = core._i64
_const = core._constant
_tensor = core.convert_to_tensor

_work = core._work
_shape = core._shape_of
_as = core._as


def _pair(x1, x2):
    # Two tensors of one dtype need no promotion (which would narrow 64-bit ones).
    if isinstance(x1, core.OpenVINOTensor) and isinstance(x2, core.OpenVINOTensor):
        if x1.dtype == x2.dtype:
            return x1, x2
    return core.promote(x1, x2)


def _reshape(output, shape):
    return ov_opset.reshape(output, _i64(list(shape)), False).output(0)


def _transpose(output, order):
    if list(order) == list(range(len(order))):
        return output
    return ov_opset.transpose(output, _i64(list(order))).output(0)


def _slice(output, axis, start, stop):
    return ov_opset.slice(
        output, _i64([start]), _i64([stop]), _i64([1]), _i64([axis])
    ).output(0)


def _product(function, operands, out):
    """`function(*outputs)` of `operands` (tensors) computed in the work dtype of
    `out`, as a tensor of `out`."""
    work = _work(out)
    result = function(*(_as(x, work) for x in operands))
    shape = _shape(result)
    if 0 in shape:
        # Empty: the CPU plugin can corrupt memory on some zero-size products.
        return core.OpenVINOTensor(_const(np.zeros(shape, dtypes.numpy_dtype(out))))
    if out == "bool":
        zero = _const(np.zeros((), dtypes.numpy_dtype(work)))
        return core.OpenVINOTensor(ov_opset.not_equal(result, zero))
    return core.OpenVINOTensor(_as(result, out))


def _multiply(a, b):
    return ov_opset.multiply(a, b).output(0)


def _matmul(a, b):
    return ov_opset.matmul(a, b, False, False).output(0)


def _contract(a, b, axes_a, axes_b):
    """The tensordot of outputs `a` and `b` over the paired `axes_a` and `axes_b`:
    (free a..., free b...) by one MatMul of the flattened operands."""
    shape_a, shape_b = _shape(a), _shape(b)
    free_a = [i for i in range(len(shape_a)) if i not in axes_a]
    free_b = [i for i in range(len(shape_b)) if i not in axes_b]
    depth = math.prod(shape_a[i] for i in axes_a)
    rows = math.prod(shape_a[i] for i in free_a)
    cols = math.prod(shape_b[i] for i in free_b)
    left = _reshape(_transpose(a, free_a + list(axes_a)), (rows, depth))
    right = _reshape(_transpose(b, list(axes_b) + free_b), (depth, cols))
    shape = [shape_a[i] for i in free_a] + [shape_b[i] for i in free_b]
    return _reshape(_matmul(left, right), shape)


def dot(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return _product(_multiply, (x1, x2), x1.dtype)
    axis = 0 if x2.ndim == 1 else x2.ndim - 2

    def function(a, b):
        return _contract(a, b, [x1.ndim - 1], [axis])

    return _product(function, (x1, x2), x1.dtype)


def matmul(x1, x2):
    both_int8 = backend_utils.all_int8(x1, x2)
    x1, x2 = _pair(x1, x2)
    # int8 products accumulate in int32, as Keras' quantized kernels expect.
    out = "int32" if both_int8 else x1.dtype
    return _product(_matmul, (x1, x2), out)


def inner(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return _product(_multiply, (x1, x2), x1.dtype)

    def function(a, b):
        return _contract(a, b, [x1.ndim - 1], [x2.ndim - 1])

    return _product(function, (x1, x2), x1.dtype)


def outer(x1, x2):
    x1, x2 = _pair(x1, x2)

    def function(a, b):
        return _multiply(_reshape(a, (-1, 1)), _reshape(b, (1, -1)))

    return _product(function, (x1, x2), x1.dtype)


def kron(x1, x2):
    x1, x2 = _pair(x1, x2)
    rank = max(x1.ndim, x2.ndim)
    a_shape = (1,) * (rank - x1.ndim) + x1.shape
    b_shape = (1,) * (rank - x2.ndim) + x2.shape

    def function(a, b):
        # Interleave the axes: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...).
        a = _reshape(a, [d for n in a_shape for d in (n, 1)])
        b = _reshape(b, [d for n in b_shape for d in (1, n)])
        return _reshape(_multiply(a, b), [p * q for p, q in zip(a_shape, b_shape)])

    return _product(function, (x1, x2), x1.dtype)


def vdot(x1, x2):
    x1, x2 = _pair(x1, x2)

    def function(a, b):
        products = _multiply(_reshape(a, (-1,)), _reshape(b, (-1,)))
        return ov_opset.reduce_sum(products, _i64([0]), False).output(0)

    return _product(function, (x1, x2), x1.dtype)


def _tensordot_axes(axes, rank1, rank2):
    """(axes of x1, axes of x2) contracted by `tensordot(..., axes)`."""
    if isinstance(axes, int):
        return list(range(rank1 - axes, rank1)), list(range(axes))
    first, second = (
        [a] if not isinstance(a, (list, tuple)) else list(a) for a in axes
    )
    return [a % rank1 for a in first], [b % rank2 for b in second]


def tensordot(x1, x2, axes=2):
    x1, x2 = _pair(x1, x2)
    axes1, axes2 = _tensordot_axes(axes, x1.ndim, x2.ndim)

    def function(a, b):
        return _contract(a, b, axes1, axes2)

    return _product(function, (x1, x2), x1.dtype)


def _explicit(subscripts):
    """`subscripts` with its output written out (the labels seen once, sorted, after
    the broadcast axes), as "->" may be left out."""
    spec = subscripts.replace(" ", "")
    if "->" in spec:
        return spec
    labels = spec.replace(",", "").replace(".", "")
    once = sorted(label for label in set(labels) if labels.count(label) == 1)
    return spec + "->" + ("..." if "..." in spec else "") + "".join(once)


def einsum(subscripts, *operands, **kwargs):
    both_int8 = bool(operands) and backend_utils.all_int8(*operands)
    operands = core.promote(*operands)
    out = "int32" if both_int8 else operands[0].dtype
    equation = _explicit(subscripts)

    def function(*outputs):
        return ov_opset.einsum(list(outputs), equation).output(0)

    return _product(function, operands, out)


def _cross(a, b, planar):
    """The cross products (x, y, z stacked last; z alone where `planar`) of the
    vectors along the last axis of outputs `a` and `b` (2-vectors padded with 0)."""

    def part(v, i):
        index = ov_opset.constant(np.int64(i))
        return ov_opset.gather(v, index, ov_opset.constant(np.int64(-1))).output(0)

    def term(i, j):
        first = _multiply(part(a, i), part(b, j))
        return ov_opset.subtract(first, _multiply(part(a, j), part(b, i))).output(0)

    z = term(0, 1)
    if planar:
        return z
    components = [term(1, 2), term(2, 0), z]
    shape = np.broadcast_shapes(*(_shape(c) for c in components))
    return ov_opset.concat(
        [
            ov_opset.unsqueeze(ov_opset.broadcast(c, _i64(shape)), _i64([-1]))
            for c in components
        ],
        -1,
    ).output(0)


def _padded(v):
    """Vectors along the last axis of output `v`, 2-D ones with a zero z-component."""
    shape = _shape(v)
    if shape[-1] == 3:
        return v
    dtype = core._keras_dtype(v.get_element_type())
    zero = _const(np.zeros(shape[:-1] + (1,), dtypes.numpy_dtype(dtype)))
    return ov_opset.concat([v, zero], -1).output(0)


def _moveaxis(output, source, destination):
    rank = len(_shape(output))
    source, destination = source % rank, destination % rank
    order = [i for i in range(rank) if i != source]
    order.insert(destination, source)
    return _transpose(output, order)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _pair(x1, x2)
    planar = x1.shape[axisa] == 2 and x2.shape[axisb] == 2

    def function(a, b):
        a, b = _moveaxis(a, axisa, -1), _moveaxis(b, axisb, -1)
        result = _cross(_padded(a), _padded(b), planar)
        return result if planar else _moveaxis(result, -1, axisc)

    return _product(function, (x1, x2), x1.dtype)


def correlate(x1, x2, mode="valid"):
    a, v, dtype = backend_utils.correlate_operands(x1, x2, _tensor)
    m, n = a.shape[0], v.shape[0]
    # Convolution correlates (no flip); padding both ends by n - 1 gives every overlap.
    full = ov_opset.convolution(
        _reshape(a.output, (1, 1, m)),
        _reshape(v.output, (1, 1, n)),
        [1],
        [n - 1],
        [n - 1],
        [1],
    ).output(0)
    window = backend_utils.correlate_window(m, n, mode)
    start, stop, _ = window.indices(m + n - 1)
    result = _slice(_reshape(full, (m + n - 1,)), 0, start, stop)
    return core.OpenVINOTensor(_as(result, dtype))


def _scalar(value, dtype):
    return _const(np.asarray(value, dtypes.numpy_dtype(dtype)))


def _lu_slogdet(x):
    """(sign, log|det|) of the (..., n, n) float tensor `x` by an LU decomposition with
    partial pivoting, unrolled over the n (static) columns."""
    dtype = x.dtype
    shape = x.shape
    batch, n = shape[:-2], shape[-1]
    if 0 in batch:
        empty = core.OpenVINOTensor(_const(np.zeros(batch, dtypes.numpy_dtype(dtype))))
        return empty, empty
    rank = len(shape)
    zero, one = _scalar(0, dtype), _scalar(1, dtype)
    a = x.output
    sign = _const(np.ones(batch, dtypes.numpy_dtype(dtype)))
    log = _const(np.zeros(batch, dtypes.numpy_dtype(dtype)))
    singular = _const(np.zeros(batch, bool))
    positions = _const(np.arange(n, dtype="int32"))
    for k in range(n):
        column = ov_opset.abs(_slice(_slice(a, rank - 1, k, k + 1), rank - 2, k, n))
        column = _reshape(column.output(0), batch + (n - k,))
        pivot = ov_opset.topk(
            column, ov_opset.constant(np.int64(1)), -1, "max", "value", "i32", True
        ).output(1)
        row = ov_opset.add(pivot, _scalar(k, "int32")).output(0)  # (..., 1)
        # Swap rows k and `row` (a gather of the rows by a permutation).
        at_k = ov_opset.equal(positions, _scalar(k, "int32"))
        at_row = ov_opset.equal(positions, row)
        permutation = ov_opset.select(
            at_k, row, ov_opset.select(at_row, _scalar(k, "int32"), positions)
        )
        a = ov_opset.gather(a, permutation, rank - 2, len(batch)).output(0)
        swapped = ov_opset.not_equal(_reshape(pivot, batch), _scalar(0, "int32"))
        sign = ov_opset.select(swapped, ov_opset.negative(sign), sign).output(0)
        diagonal = _slice(_slice(a, rank - 2, k, k + 1), rank - 1, k, k + 1)
        diagonal = _reshape(diagonal, batch)
        is_zero = ov_opset.equal(diagonal, zero)
        singular = ov_opset.logical_or(singular, is_zero).output(0)
        sign = _multiply(sign, ov_opset.sign(diagonal).output(0))
        log = ov_opset.add(log, ov_opset.log(ov_opset.abs(diagonal))).output(0)
        if k == n - 1:
            break
        safe = ov_opset.select(is_zero, one, diagonal).output(0)
        below = _slice(_slice(a, rank - 2, k + 1, n), rank - 1, k, k + 1)  # (..., r, 1)
        factors = ov_opset.divide(below, _reshape(safe, batch + (1, 1))).output(0)
        update = _multiply(factors, _slice(a, rank - 2, k, k + 1))  # (..., r, n)
        rest = ov_opset.subtract(_slice(a, rank - 2, k + 1, n), update).output(0)
        a = ov_opset.concat([_slice(a, rank - 2, 0, k + 1), rest], rank - 2).output(0)
    sign = ov_opset.select(singular, zero, sign).output(0)
    log = ov_opset.select(singular, _scalar(-np.inf, dtype), log).output(0)
    return core.OpenVINOTensor(sign), core.OpenVINOTensor(log)


slogdet = reduction_utils.slogdet_op(_lu_slogdet, _tensor, core.cast)


def _diagonal_sum(x, offset, axis1, axis2):
    """The sums of the `offset` diagonals of `x` in the planes (axis1, axis2)."""
    rank = x.ndim
    axis1, axis2 = axis1 % rank, axis2 % rank
    order = [i for i in range(rank) if i not in (axis1, axis2)] + [axis1, axis2]
    planes = _as(_transpose(x.output, order), _work(x.dtype))
    rows, cols = x.shape[axis1], x.shape[axis2]
    mask = _const(np.eye(rows, cols, k=offset, dtype=bool))
    zero = _scalar(0, _work(x.dtype))
    on_diagonal = ov_opset.select(mask, planes, zero).output(0)
    total = ov_opset.reduce_sum(on_diagonal, _i64([rank - 2, rank - 1]), False)
    return core.OpenVINOTensor(_as(total.output(0), x.dtype))


trace = reduction_utils.trace_op(_tensor, core.cast, _diagonal_sum)


def _stack(values):
    outputs = [_tensor(v).output for v in values]
    return core.OpenVINOTensor(
        ov_opset.concat([ov_opset.unsqueeze(t, _i64([0])) for t in outputs], 0)
    )


def _row(output, i):
    return core.OpenVINOTensor(
        ov_opset.gather(output, ov_opset.constant(np.int64(i)), 0).output(0)
    )


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded, core_dims = backend_utils.vectorize_signature(excluded, signature)

    def wrapped(*args, **kwargs):
        positions, tensors, dims = backend_utils.vectorize_inputs(
            args, excluded, signature, core_dims, _tensor
        )
        batch = np.broadcast_shapes(
            *(x.shape[: x.ndim - len(names)] for x, names in zip(tensors, dims))
        )
        size = math.prod(batch)
        # Every input as (batch size, *core shape); pyfunc runs once per batch entry
        # (the graph is unrolled: shapes are static).
        flat = [
            _reshape(
                ov_opset.broadcast(
                    x.output, _i64(batch + x.shape[x.ndim - len(names) :])
                ).output(0),
                (size,) + x.shape[x.ndim - len(names) :],
            )
            for x, names in zip(tensors, dims)
        ]
        if size == 0:
            raise ValueError(
                "`vectorize` on the openvino backend needs a non-empty batch; got "
                f"batch shape {batch}."
            )
        results = []
        for i in range(size):
            full = list(args)
            for position, x in zip(positions, flat):
                full[position] = _row(x, i)
            results.append(pyfunc(*full, **kwargs))
        if isinstance(results[0], (tuple, list)):
            parts = zip(*results)
            return type(results[0])(_unbatch(_stack(p), batch) for p in parts)
        return _unbatch(_stack(results), batch)

    return wrapped


def _unbatch(stacked, batch):
    return core.OpenVINOTensor(_reshape(stacked.output, batch + stacked.shape[1:]))
