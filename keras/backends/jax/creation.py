"""jax backend: the creation ops (see keras/ops/creation.py for their contract)."""

import jax.numpy as jnp

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.jax import core


def _dtype(dtype):
    """The Keras name of a dtype; None is floatx."""
    return dtypes.standardize_dtype(dtype)


_like = array_utils.make_like(core.convert_to_tensor, _dtype)


def array(x, dtype=None):
    return core.convert_to_tensor(x, dtype)


def zeros(shape, dtype=None):
    return jnp.zeros(shape, _dtype(dtype))


def ones(shape, dtype=None):
    return jnp.ones(shape, _dtype(dtype))


def empty(shape, dtype=None):
    return jnp.empty(shape, _dtype(dtype))


def full(shape, fill_value, dtype=None):
    value = core.convert_to_tensor(fill_value).astype(_dtype(dtype))
    return jnp.broadcast_to(value, shape)


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return jnp.zeros(x.shape, dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return jnp.ones(x.shape, dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return jnp.empty(x.shape, dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype)
    return full(x.shape, fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):
    return jnp.eye(N, M, k, dtype=_dtype(dtype))


def identity(n, dtype=None):
    return jnp.identity(n, dtype=_dtype(dtype))


def tri(N, M=None, k=0, dtype=None):
    return jnp.tri(N, M, k, dtype=_dtype(dtype))


def arange(start, stop=None, step=1, dtype=None):
    start, stop, step, dtype = backend_utils.arange_arguments(start, stop, step, dtype)
    return jnp.arange(start, stop, step, dtype=_dtype(dtype))


def _finish(samples, dtype):
    """Float samples in `dtype`; integer dtypes round down, as NumPy's linspace."""
    if not dtypes.is_float_dtype(dtype):
        samples = jnp.floor(samples)
    return samples.astype(dtype)


def _float_pair(start, stop):
    # float32 at least: the spacing of float16 samples is computed at full precision.
    wide = "float32"
    return core.convert_to_tensor(start, wide), core.convert_to_tensor(stop, wide)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype, floating = backend_utils.space_dtypes(start, stop, dtype)
    start, stop = _float_pair(start, stop)
    samples, step = jnp.linspace(start, stop, num, endpoint, retstep=True, axis=axis)
    samples = _finish(samples, dtype)
    if not retstep:
        return samples
    step_dtype = dtype if dtypes.is_float_dtype(dtype) else floating
    return samples, jnp.asarray(step).astype(step_dtype)


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start, stop = _float_pair(start, stop)
    return _finish(jnp.logspace(start, stop, num, endpoint, base, axis=axis), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start, stop = _float_pair(start, stop)
    return _finish(jnp.geomspace(start, stop, num, endpoint, axis=axis), dtype)


def _window(function, x, *args):
    return function(int(x), *args).astype(_dtype(None))


def bartlett(x):
    return _window(jnp.bartlett, x)


def blackman(x):
    return _window(jnp.blackman, x)


def hamming(x):
    return _window(jnp.hamming, x)


def hanning(x):
    return _window(jnp.hanning, x)


def kaiser(x, beta):
    return _window(jnp.kaiser, x, beta)


def diag(x, k=0):
    return jnp.diag(core.convert_to_tensor(x), k)


def diagflat(x, k=0):
    return jnp.diagflat(core.convert_to_tensor(x), k)


def tril(x, k=0):
    return jnp.tril(core.convert_to_tensor(x), k)


def triu(x, k=0):
    return jnp.triu(core.convert_to_tensor(x), k)


def meshgrid(*x, indexing="xy"):
    vectors = [jnp.ravel(core.convert_to_tensor(item)) for item in x]
    return list(jnp.meshgrid(*vectors, indexing=indexing))


def vander(x, N=None, increasing=False):
    x = core.convert_to_tensor(x)
    if x.dtype == jnp.bool_:
        # Powers of bools: x**0 is True, higher powers are x.
        return vander(x.astype("int8"), N, increasing).astype(jnp.bool_)
    if N == 0:
        # jnp.vander computes N - 1 in the dtype of x, which fails for unsigned ints.
        return jnp.zeros((x.shape[0], 0), x.dtype)
    return jnp.vander(x, N, increasing)
