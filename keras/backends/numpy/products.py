"""numpy backend: the products ops (see keras/ops/products.py for their contract)."""

import numpy as np

from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.common import int8_products
from keras.backends.common import registry
from keras.backends.numpy import core


def _pair(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if type(x1) is np.ndarray and type(x2) is np.ndarray and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def dot(x1, x2):
    return np.asarray(np.dot(*_pair(x1, x2)))


def matmul(x1, x2):
    # Fast path: two arrays of one float dtype NumPy multiplies natively.
    if (
        type(x1) is np.ndarray
        and type(x2) is np.ndarray
        and x1.dtype is x2.dtype
        and x1.dtype.kind == "f"
    ):
        return np.matmul(x1, x2)
    if backend_utils.all_int8(x1, x2):
        # int8 products accumulate in int32, as Keras' quantized kernels expect.
        a, b = np.asarray(x1), np.asarray(x2)
        if int8_products.is_rows_by_matrix(a.shape, b.shape):
            rows = _int8_matmul_2d(a.reshape(-1, a.shape[-1]), b)
            return rows.reshape(*a.shape[:-1], b.shape[-1])
        x1 = core.convert_to_tensor(x1, "int32")
        x2 = core.convert_to_tensor(x2, "int32")
    x1, x2 = _pair(x1, x2)
    # ml_dtypes' bfloat16 matmul returns float32.
    return np.asarray(np.matmul(x1, x2)).astype(x1.dtype)


@registry.for_backend("numpy").consulted_by("products._int8_matmul_2d")
def _int8_matmul_2d(a, b):
    """(m, k) x (k, n) int8 -> int32 (NumPy's integer matmul: no BLAS)."""
    return np.matmul(a.astype(np.int32), b.astype(np.int32))


def inner(x1, x2):
    return np.asarray(np.inner(*_pair(x1, x2)))


def outer(x1, x2):
    return np.outer(*_pair(x1, x2))


def kron(x1, x2):
    return np.kron(*_pair(x1, x2))


def vdot(x1, x2):
    return np.asarray(np.vdot(*_pair(x1, x2)))


def tensordot(x1, x2, axes=2):
    return np.asarray(np.tensordot(*_pair(x1, x2), axes))


def einsum(subscripts, *operands, **kwargs):
    if operands and backend_utils.all_int8(*operands):
        operands = [core.convert_to_tensor(x, "int32") for x in operands]
    operands = core.promote(*operands)
    return np.asarray(np.einsum(subscripts, *operands, **kwargs))


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _pair(x1, x2)
    a = np.moveaxis(x1, axisa, -1)
    b = np.moveaxis(x2, axisb, -1)
    planar = a.shape[-1] == 2 and b.shape[-1] == 2
    # A 2-component vector has a zero z-component.
    a = np.concatenate([a, np.zeros(a.shape[:-1] + (3 - a.shape[-1],), a.dtype)], -1)
    b = np.concatenate([b, np.zeros(b.shape[:-1] + (3 - b.shape[-1],), b.dtype)], -1)
    z = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if planar:
        return np.asarray(z)
    x = a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1]
    y = a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2]
    return np.moveaxis(np.stack(np.broadcast_arrays(x, y, z), axis=-1), -1, axisc)


def _float_dtype(*xs):
    return backend_utils.numpy_float_dtype(dtypes.promoted_dtype(*xs))


def correlate(x1, x2, mode="valid"):
    dtype = _float_dtype(x1, x2)
    # float16 and bfloat16 correlate at float32 precision, rounded once.
    wide = backend_utils.wide_float_dtype(dtype)
    a = core.convert_to_tensor(x1, wide)
    v = core.convert_to_tensor(x2, wide)
    return np.correlate(a, v, mode).astype(dtype)


def slogdet(x):
    dtype = _float_dtype(x)
    wide = backend_utils.wide_float_dtype(dtype)
    sign, logabsdet = np.linalg.slogdet(core.convert_to_tensor(x, wide))
    return np.asarray(sign, dtype), np.asarray(logabsdet, dtype)


def _trace_dtype(dtype):
    name = dtypes.standardize_dtype(dtype)
    if name in ("uint32", "int64", "uint64"):
        return dtype
    return dtypes.numpy_dtype(dtypes.result_type(name, "int32"))


def trace(x, offset=0, axis1=0, axis2=1):
    x = core.convert_to_tensor(x)
    dtype = _trace_dtype(x.dtype)
    return np.asarray(np.trace(x, offset, axis1, axis2, dtype=dtype))


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded = set(excluded or ())
    mapped = np.vectorize(pyfunc, excluded=excluded, signature=signature)

    def wrapped(*args, **kwargs):
        # Keras dtypes for the inputs (Python ints are int32, not NumPy's int64).
        args = [
            arg if i in excluded else core.convert_to_tensor(arg)
            for i, arg in enumerate(args)
        ]
        return mapped(*args, **kwargs)

    return wrapped


# Fast path (keras.backends.common.registry): two float arrays of one dtype.
registry.for_backend("numpy").register(
    __name__,
    "matmul",
    np.matmul,
    guard="eager",
    dtypes=("float16", "float32"),
    note="np.matmul",
)


# Our int8 product kernel (kernels/int8_matmul), when its library is built.
registry.install_kernels("numpy", __name__)
