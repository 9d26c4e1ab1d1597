"""tensorflow backend: the products ops (see keras/ops/products.py for their contract).

TF has matmul/einsum kernels for floats, int32 and int64 only: bools go through int32 (a
sum of products is True where non-zero), narrower ints through int32 and uint32/uint64
through int64, cast back (which wraps as NumPy does).
"""

import tensorflow as tf

from keras.backends.common import backend_utils
from keras.backends.common import int8_products
from keras.backends.common import registry
from keras.backends.common import reduction_utils
from keras.backends.tensorflow import core

_WIDER = {
    tf.int8: tf.int32,
    tf.uint8: tf.int32,
    tf.int16: tf.int32,
    tf.uint16: tf.int32,
    tf.uint32: tf.int64,
    tf.uint64: tf.int64,
}


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if tf.is_tensor(x1) and tf.is_tensor(x2) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def _computed(function, *operands):
    """`function(*operands)` (of one dtype) through a dtype TF has kernels for."""
    dtype = operands[0].dtype
    if dtype == tf.bool:
        result = function(*(tf.cast(x, tf.int32) for x in operands))
        return tf.not_equal(result, 0)
    wide = _WIDER.get(dtype)
    if wide is not None:
        return tf.cast(function(*(tf.cast(x, wide) for x in operands)), dtype)
    return function(*operands)


def dot(x1, x2):
    x1, x2 = _pair(x1, x2)
    rank1, rank2 = x1.shape.rank, x2.shape.rank
    if rank1 == 0 or rank2 == 0:
        return _computed(tf.multiply, x1, x2)
    axis = 0 if rank2 == 1 else rank2 - 2
    return _computed(lambda a, b: tf.tensordot(a, b, [[rank1 - 1], [axis]]), x1, x2)


def _matmul(a, b):
    # tf.linalg.matmul wants rank >= 2: vectors become a row / a column, removed after.
    row, column = a.shape.rank == 1, b.shape.rank == 1
    a = a[None, :] if row else a
    b = b[:, None] if column else b
    result = tf.linalg.matmul(a, b)
    if column:
        result = tf.squeeze(result, -1)
    if row:
        result = tf.squeeze(result, -1 if column else -2)
    return result


def matmul(x1, x2):
    both_int8 = backend_utils.all_int8(x1, x2)
    x1, x2 = _pair(x1, x2)
    if both_int8:
        # int8 products accumulate in int32, as Keras' quantized kernels expect.
        if int8_products.is_rows_by_matrix(tuple(x1.shape), tuple(x2.shape)):
            if x1.shape.rank == 2:
                return _int8_matmul_2d(x1, x2)
            rows = _int8_matmul_2d(tf.reshape(x1, [-1, x1.shape[-1]]), x2)
            lead = x1.shape[:-1]
            if lead.is_fully_defined():  # a static shape: no eager shape ops
                return tf.reshape(rows, lead.as_list() + [x2.shape[-1]])
            return tf.reshape(rows, tf.concat([tf.shape(x1)[:-1], [x2.shape[-1]]], 0))
        return _matmul(tf.cast(x1, tf.int32), tf.cast(x2, tf.int32))
    return _computed(_matmul, x1, x2)


@tf.function(jit_compile=True, reduce_retracing=True)
def _xla_int8_matmul(a, b):
    return tf.linalg.matmul(a, b, output_type=tf.int32)


@registry.for_backend("tensorflow").consulted_by("products._int8_matmul_2d")
def _int8_matmul_2d(a, b):
    """(m, k) x (k, n) int8 -> int32 through XLA, whose CPU int8 GEMM is fast (3.0 ms
    against 75 ms for TF's own int8 or int32 MatMul kernels, 32x4096 by 4096x4096, one
    thread); as in jax, a single row gets a zero row (XLA's 1-row loop is slow)."""
    if a.shape[0] == 1:
        return _xla_int8_matmul(tf.concat([a, tf.zeros_like(a)], axis=0), b)[:1]
    return _xla_int8_matmul(a, b)


def inner(x1, x2):
    x1, x2 = _pair(x1, x2)
    rank1, rank2 = x1.shape.rank, x2.shape.rank
    if rank1 == 0 or rank2 == 0:
        return _computed(tf.multiply, x1, x2)
    axes = [[rank1 - 1], [rank2 - 1]]
    return _computed(lambda a, b: tf.tensordot(a, b, axes), x1, x2)


def outer(x1, x2):
    x1, x2 = _pair(x1, x2)
    return _computed(
        lambda a, b: tf.reshape(a, [-1, 1]) * tf.reshape(b, [1, -1]), x1, x2
    )


def kron(x1, x2):
    x1, x2 = _pair(x1, x2)
    rank = max(x1.shape.rank, x2.shape.rank)
    shape1 = [1] * (rank - x1.shape.rank) + x1.shape.as_list()
    shape2 = [1] * (rank - x2.shape.rank) + x2.shape.as_list()
    shape = [p * q for p, q in zip(shape1, shape2)]
    # Interleave the axes: (a0, 1, a1, 1, ...) * (1, b0, 1, b1, ...).
    a = tf.reshape(x1, [d for n in shape1 for d in (n, 1)])
    b = tf.reshape(x2, [d for n in shape2 for d in (1, n)])
    return tf.reshape(_computed(tf.multiply, a, b), shape)


def vdot(x1, x2):
    x1, x2 = _pair(x1, x2)
    a, b = tf.reshape(x1, [-1]), tf.reshape(x2, [-1])
    if a.dtype.is_complex:
        a = tf.math.conj(a)
    return _computed(lambda a, b: tf.tensordot(a, b, 1), a, b)


def tensordot(x1, x2, axes=2):
    x1, x2 = _pair(x1, x2)
    if not isinstance(axes, int):
        axes = [list(g) if isinstance(g, (list, tuple)) else [g] for g in axes]
    return _computed(lambda a, b: tf.tensordot(a, b, axes), x1, x2)


def _explicit(subscripts):
    """`subscripts` with its implicit output spelled out (tf.einsum needs one with
    "..."): the ellipsis, then the labels seen once, sorted."""
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        return subscripts
    labels = subscripts.replace("...", "").replace(",", "")
    once = "".join(sorted(c for c in set(labels) if labels.count(c) == 1))
    return f"{subscripts}->{'...' if '...' in subscripts else ''}{once}"


def einsum(subscripts, *operands, **kwargs):
    subscripts = _explicit(subscripts)
    both_int8 = bool(operands) and backend_utils.all_int8(*operands)
    operands = core.promote(*operands)
    if both_int8:
        plan = None
        if len(operands) == 2 and not kwargs:
            shapes = [tuple(x.shape) for x in operands]
            plan = int8_products.einsum_as_matmul(subscripts, *shapes)
        if plan is not None:
            return int8_products.run_einsum_plan(
                plan, *operands, _int8_matmul_2d, tf.transpose, tf.reshape
            )
        operands = [tf.cast(x, tf.int32) for x in operands]
    return _computed(lambda *xs: tf.einsum(subscripts, *xs, **kwargs), *operands)


def _last(x, axis):
    """Moves `axis` of `x` to the end."""
    rank = x.shape.rank
    axis %= rank
    return tf.transpose(x, [i for i in range(rank) if i != axis] + [axis])


def _stacked(components):
    """The components (x, y, z), broadcast to one shape, stacked along a new last
    axis."""
    x, y, z = components
    shape = tf.broadcast_dynamic_shape(tf.shape(x), tf.shape(z))
    return tf.stack([tf.broadcast_to(c, shape) for c in (x, y, z)], axis=-1)


def _padded(x):
    """Vectors along the last axis, with a zero z-component added to 2-D ones."""
    if x.shape[-1] == 3:
        return x
    return tf.concat([x, tf.zeros_like(x[..., :1])], axis=-1)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _pair(x1, x2)
    a, b = _last(x1, axisa), _last(x2, axisb)
    planar = a.shape[-1] == 2 and b.shape[-1] == 2
    products = reduction_utils.cross_products(planar, _padded, _stacked)
    result = _computed(products, a, b)
    if planar:
        return result
    rank = result.shape.rank
    axisc %= rank
    # Move the component axis from the end to `axisc`.
    perm = list(range(axisc)) + [rank - 1] + list(range(axisc, rank - 1))
    return tf.transpose(result, perm)


def correlate(x1, x2, mode="valid"):
    a, v, dtype = backend_utils.correlate_operands(x1, x2, core.convert_to_tensor)
    m, n = a.shape[0], v.shape[0]
    # conv1d is a cross-correlation; padding both ends by n - 1 gives every overlap.
    padded = tf.pad(a, [[n - 1, n - 1]])
    full = tf.nn.conv1d(padded[None, :, None], v[:, None, None], 1, "VALID")[0, :, 0]
    return core.cast(full[backend_utils.correlate_window(m, n, mode)], dtype)


slogdet = reduction_utils.slogdet_op(
    tf.linalg.slogdet, core.convert_to_tensor, core.cast
)


def _masked_diagonal_sum(x, offset, axis1, axis2):
    """The sum of the `offset` diagonal of the (axis1, axis2) matrices of `x`: the
    sum of the entries a mask selects."""
    rank = x.shape.rank
    axis1, axis2 = axis1 % rank, axis2 % rank
    kept = [i for i in range(rank) if i not in (axis1, axis2)]
    x = tf.transpose(x, kept + [axis1, axis2])  # (..., rows, cols)
    rows = tf.range(tf.shape(x)[-2])[:, None]
    cols = tf.range(tf.shape(x)[-1])[None, :]
    on_diagonal = tf.equal(cols - rows, offset)
    return tf.reduce_sum(tf.where(on_diagonal, x, tf.zeros([], x.dtype)), axis=[-2, -1])


trace = reduction_utils.trace_op(
    core.convert_to_tensor, core.cast, _masked_diagonal_sum
)


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded, core_dims = backend_utils.vectorize_signature(excluded, signature)

    def wrapped(*args, **kwargs):
        positions, tensors, dims = backend_utils.vectorize_inputs(
            args, excluded, signature, core_dims, core.convert_to_tensor
        )
        batch = tf.TensorShape([])
        for x, names in zip(tensors, dims):
            leading = x.shape[: x.shape.rank - len(names)]
            batch = tf.broadcast_static_shape(batch, leading)
        batch = batch.as_list()
        # Every input as (batch size, *core shape): one map covers all batch axes.
        flat = []
        for x, names in zip(tensors, dims):
            core_shape = x.shape[x.shape.rank - len(names) :].as_list()
            x = tf.broadcast_to(x, batch + core_shape)
            flat.append(tf.reshape(x, [-1] + core_shape))

        def call(mapped):
            full = list(args)
            for i, x in zip(positions, mapped):
                full[i] = x
            return pyfunc(*full, **kwargs)

        outputs = tf.vectorized_map(call, tuple(flat))

        def unflatten(o):
            return tf.reshape(o, batch + o.shape[1:].as_list())

        if isinstance(outputs, (tuple, list)):
            return type(outputs)(unflatten(o) for o in outputs)
        return unflatten(outputs)

    return wrapped


# Our int8 product kernel (kernels/int8_matmul), when its library is built.
registry.install_kernels("tensorflow", __name__)
