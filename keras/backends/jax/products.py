"""jax backend: the products ops (see keras/ops/products.py for their contract)."""

import jax
import jax.numpy as jnp

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import int8_products
from keras.backends.common import reduction_utils
from keras.backends.common import registry
from keras.backends.jax import core


def _pair(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if isinstance(x1, jax.Array) and isinstance(x2, jax.Array) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def dot(x1, x2):
    return jnp.dot(*_pair(x1, x2))


def matmul(x1, x2):
    both_int8 = backend_utils.all_int8(x1, x2)
    x1, x2 = _pair(x1, x2)
    if both_int8:
        # int8 products accumulate in int32, as Keras' quantized kernels expect.
        if int8_products.is_rows_by_matrix(x1.shape, x2.shape):
            rows = _int8_matmul_2d(x1.reshape(-1, x1.shape[-1]), x2)
            return rows.reshape(*x1.shape[:-1], x2.shape[-1])
        return jnp.matmul(x1, x2, preferred_element_type=jnp.int32)
    return jnp.matmul(x1, x2)


@registry.for_backend("jax").consulted_by("products._int8_matmul_2d")
def _int8_matmul_2d(a, b):
    """(m, k) x (k, n) int8 -> int32. XLA:CPU runs a 1-row int8 product on a slow
    loop (18.6 ms for 1x4096 by 4096x4096, one thread) and 2 rows on its int8 GEMM
    (2.0 ms): a single row gets a zero row for company."""
    if a.shape[0] == 1:
        padded = jnp.concatenate([a, jnp.zeros_like(a)], axis=0)
        return jnp.matmul(padded, b, preferred_element_type=jnp.int32)[:1]
    return jnp.matmul(a, b, preferred_element_type=jnp.int32)


def inner(x1, x2):
    return jnp.inner(*_pair(x1, x2))


def outer(x1, x2):
    return jnp.outer(*_pair(x1, x2))


def kron(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == jnp.bool_:
        # jnp.kron multiplies, which rejects bools; a product of bools is their AND.
        return jnp.kron(x1.astype("uint8"), x2.astype("uint8")).astype(jnp.bool_)
    return jnp.kron(x1, x2)


def vdot(x1, x2):
    return jnp.vdot(*_pair(x1, x2))


def tensordot(x1, x2, axes=2):
    return jnp.tensordot(*_pair(x1, x2), axes)


def einsum(subscripts, *operands, **kwargs):
    both_int8 = bool(operands) and backend_utils.all_int8(*operands)
    operands = core.promote(*operands)
    if both_int8:
        plan = None
        if len(operands) == 2 and not kwargs:
            plan = int8_products.einsum_as_matmul(subscripts, *(x.shape for x in operands))
        if plan is not None:
            return int8_products.run_einsum_plan(
                plan, *operands, _int8_matmul_2d, jnp.transpose, jnp.reshape
            )
        kwargs.setdefault("preferred_element_type", jnp.int32)
    return jnp.einsum(subscripts, *operands, **kwargs)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    x1, x2 = _pair(x1, x2)
    return jnp.cross(x1, x2, axisa, axisb, axisc, axis)


def _float_dtype(*xs):
    return backend_utils.float_dtype(dtypes.promoted_dtype(*xs))


def correlate(x1, x2, mode="valid"):
    dtype = _float_dtype(x1, x2)
    # float16 and bfloat16 correlate at float32 precision, rounded once.
    a = core.convert_to_tensor(x1, "float32")
    v = core.convert_to_tensor(x2, "float32")
    return jnp.correlate(a, v, mode).astype(dtype)


def slogdet(x):
    dtype = _float_dtype(x)
    sign, logabsdet = jnp.linalg.slogdet(core.convert_to_tensor(x, "float32"))
    return sign.astype(dtype), logabsdet.astype(dtype)


trace = reduction_utils.trace_op(core.convert_to_tensor, core.cast, jnp.trace)


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded = frozenset(excluded or ())
    return jnp.vectorize(pyfunc, excluded=excluded, signature=signature)


# Fast path (keras.backends.common.registry): two float arrays of one dtype.
registry.for_backend("jax").register(
    __name__,
    "matmul",
    jnp.matmul,
    guard="eager",
    dtypes=("float16", "bfloat16", "float32", "float64"),
    note="jnp.matmul",
)


# Our int8 product kernel (kernels/int8_matmul), when its library is built.
registry.install_kernels("jax", __name__)
