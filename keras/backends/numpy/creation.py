"""numpy backend: the creation ops (see keras/ops/creation.py for their contract)."""

import numpy as np

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.numpy import core


def _dtype(dtype):
    """The numpy dtype of a Keras dtype; None is floatx."""
    return dtypes.numpy_dtype(dtypes.standardize_dtype(dtype))


_like = array_utils.make_like(core.convert_to_tensor, _dtype)


def array(x, dtype=None):
    return core.convert_to_tensor(x, dtype)


def zeros(shape, dtype=None):
    return np.zeros(shape, _dtype(dtype))


def ones(shape, dtype=None):
    return np.ones(shape, _dtype(dtype))


def empty(shape, dtype=None):
    return np.empty(shape, _dtype(dtype))


def full(shape, fill_value, dtype=None):
    value = core.convert_to_tensor(fill_value).astype(_dtype(dtype))
    return np.array(np.broadcast_to(value, shape))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return np.zeros(x.shape, dtype)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return np.ones(x.shape, dtype)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return np.empty(x.shape, dtype)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype)
    return full(x.shape, fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):
    return np.eye(N, M, k, dtype=_dtype(dtype))


def identity(n, dtype=None):
    return np.identity(n, dtype=_dtype(dtype))


def tri(N, M=None, k=0, dtype=None):
    return np.tri(N, M, k, dtype=_dtype(dtype))


def arange(start, stop=None, step=1, dtype=None):
    start, stop, step, dtype = backend_utils.arange_arguments(start, stop, step, dtype)
    return np.arange(start, stop, step, dtype=_dtype(dtype))


def _finish(samples, dtype):
    """Float samples in `dtype`; integer dtypes round down, as NumPy's linspace."""
    target = _dtype(dtype)
    if target.kind in "iub":
        samples = np.floor(samples)
    return samples.astype(target)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype, floating = backend_utils.space_dtypes(start, stop, dtype)
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    samples, step = np.linspace(start, stop, num, endpoint, retstep=True, axis=axis)
    samples = _finish(samples, dtype)
    if not retstep:
        return samples
    step_dtype = dtype if dtypes.is_float_dtype(dtype) else floating
    return samples, np.asarray(step, _dtype(step_dtype))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    return _finish(np.logspace(start, stop, num, endpoint, base, axis=axis), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    if np.any(start == 0) or np.any(stop == 0):
        raise ValueError("`geomspace` needs non-zero `start` and `stop`.")
    return _finish(np.geomspace(start, stop, num, endpoint, axis=axis), dtype)


def _window(function, x, *args):
    return function(int(x), *args).astype(_dtype(None))


def bartlett(x):
    return _window(np.bartlett, x)


def blackman(x):
    return _window(np.blackman, x)


def hamming(x):
    return _window(np.hamming, x)


def hanning(x):
    return _window(np.hanning, x)


def kaiser(x, beta):
    return _window(np.kaiser, x, beta)


def diag(x, k=0):
    return np.diag(core.convert_to_tensor(x), k)


def diagflat(x, k=0):
    return np.diagflat(core.convert_to_tensor(x), k)


def tril(x, k=0):
    return np.tril(core.convert_to_tensor(x), k)


def triu(x, k=0):
    return np.triu(core.convert_to_tensor(x), k)


def meshgrid(*x, indexing="xy"):
    vectors = [np.ravel(core.convert_to_tensor(item)) for item in x]
    return list(np.meshgrid(*vectors, indexing=indexing))


def vander(x, N=None, increasing=False):
    x = core.convert_to_tensor(x)
    if x.dtype == bool:
        # Powers of bools: x**0 is True, higher powers are x.
        return vander(x.astype("int8"), N, increasing).astype(bool)
    # np.vander widens ints to int64; Keras keeps the dtype (wrapping on overflow).
    return np.vander(x, N, increasing).astype(x.dtype)
