"""torch backend: the creation ops (see keras/ops/creation.py for their contract).

torch.linspace/logspace take scalar ends only, so the spaced ops are built from arange;
ranges and windows are computed in float64 (or int64) and cast once, as NumPy's are.
"""

import math

import torch

from keras.backends.common import array_utils
from keras.backends.common import backend_utils
from keras.backends.common import dtypes
from keras.backends.torch import core

# torch has no CPU multiply for these: vander goes through int64 (wrapping as NumPy).
_WIDEN = frozenset((torch.uint16, torch.uint32, torch.uint64))


def _dtype(dtype):
    """The torch dtype of a Keras dtype (torch names them alike); None is floatx."""
    return getattr(torch, dtypes.standardize_dtype(dtype))


def _new(function, shape, dtype):
    return function(shape, dtype=_dtype(dtype), device=core.DEFAULT_DEVICE)


_like = array_utils.make_like(core.convert_to_tensor, _dtype)


def array(x, dtype=None):
    return core.convert_to_tensor(x, dtype)


def zeros(shape, dtype=None):
    return _new(torch.zeros, shape, dtype)


def ones(shape, dtype=None):
    return _new(torch.ones, shape, dtype)


def empty(shape, dtype=None):
    return _new(torch.empty, shape, dtype)


def _fill(shape, fill_value, dtype):
    value = core.convert_to_tensor(fill_value).to(dtype)
    return torch.broadcast_to(value, tuple(shape)).contiguous()


def full(shape, fill_value, dtype=None):
    return _fill(shape, fill_value, _dtype(dtype))


def zeros_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return torch.zeros(x.shape, dtype=dtype, device=x.device)


def ones_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return torch.ones(x.shape, dtype=dtype, device=x.device)


def empty_like(x, dtype=None):
    x, dtype = _like(x, dtype)
    return torch.empty(x.shape, dtype=dtype, device=x.device)


def full_like(x, fill_value, dtype=None):
    x, dtype = _like(x, dtype)
    return _fill(x.shape, fill_value, dtype)


def _band(N, M, k, keep, device=None):
    """The bool (N, M) mask of `keep(column - row, k)`."""
    device = device or core.DEFAULT_DEVICE
    rows = torch.arange(N, device=device)[:, None]
    cols = torch.arange(M, device=device)[None, :]
    return keep(cols - rows, k)


def eye(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    return _band(N, M, k, torch.eq).to(_dtype(dtype))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    M = N if M is None else M
    return _band(N, M, k, torch.le).to(_dtype(dtype))


def _scalar(value):
    return value.item() if isinstance(value, torch.Tensor) else value


def arange(start, stop=None, step=1, dtype=None):
    start, stop, step, dtype = backend_utils.arange_arguments(start, stop, step, dtype)
    start, stop, step = _scalar(start), _scalar(stop), _scalar(step)
    target = _dtype(dtype)
    # torch.arange rejects an empty range whose step points away from `stop`.
    length = max(0, math.ceil((stop - start) / step))
    if length == 0:
        return torch.empty((0,), dtype=target, device=core.DEFAULT_DEVICE)
    exact = target.is_floating_point or not all(
        isinstance(v, int) for v in (start, stop, step)
    )
    wide = torch.float64 if exact else torch.int64
    values = torch.arange(start, stop, step, dtype=wide, device=core.DEFAULT_DEVICE)
    return values[:length].to(target)


def _finish(samples, dtype):
    """Float samples in `dtype`; integer dtypes round down, as NumPy's linspace."""
    if not dtypes.is_float_dtype(dtype):
        samples = torch.floor(samples)
    return samples.to(_dtype(dtype))


def _spaced(start, stop, num, endpoint, axis):
    """(samples, step) of linspace in float64, with the samples along `axis`."""
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    start, stop = torch.broadcast_tensors(start, stop)
    divisions = num - 1 if endpoint else num
    index = torch.arange(num, dtype=torch.float64, device=start.device)
    index = index.reshape((num,) + (1,) * start.ndim)  # (num, *broadcast shape)
    if divisions > 0:
        step = (stop - start) / divisions
        samples = start + index * step
        if endpoint and num > 1:
            samples = torch.cat([samples[:-1], stop[None]])
    else:
        step = torch.full_like(start, math.nan)
        samples = start + index * (stop - start)
    return torch.movedim(samples, 0, axis), step


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    dtype, floating = backend_utils.space_dtypes(start, stop, dtype)
    samples, step = _spaced(start, stop, num, endpoint, axis)
    samples = _finish(samples, dtype)
    if not retstep:
        return samples
    step_dtype = dtype if dtypes.is_float_dtype(dtype) else floating
    return samples, step.to(_dtype(step_dtype))


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    exponents, _ = _spaced(start, stop, num, endpoint, axis)
    base = core.convert_to_tensor(base, "float64")
    return _finish(torch.pow(base, exponents), dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    dtype, _ = backend_utils.space_dtypes(start, stop, dtype)
    start = core.convert_to_tensor(start, "float64")
    stop = core.convert_to_tensor(stop, "float64")
    if bool(torch.any(start == 0)) or bool(torch.any(stop == 0)):
        raise ValueError("`geomspace` needs non-zero `start` and `stop`.")
    # Negative ends (of one sign) are the mirror image of positive ones.
    sign = torch.where((start < 0) & (stop < 0), -1.0, 1.0).to(torch.float64)
    log_start, log_stop = torch.log10(start * sign), torch.log10(stop * sign)
    logs, _ = _spaced(log_start, log_stop, num, endpoint, 0)
    samples = sign * torch.pow(10.0, logs)
    # The ends are exact, as NumPy's.
    if num > 0:
        samples[0] = torch.broadcast_to(start, samples.shape[1:])
    if num > 1 and endpoint:
        samples[-1] = torch.broadcast_to(stop, samples.shape[1:])
    return _finish(torch.movedim(samples, 0, axis), dtype)


def _window(x, formula):
    """`formula(n, M)` on n = 1-M, 3-M, ..., M-1 (centred) in floatx; ones if M == 1."""
    M = int(x)
    floatx = _dtype(None)
    if M < 2:
        return torch.ones((max(M, 0),), dtype=floatx, device=core.DEFAULT_DEVICE)
    n = torch.arange(1 - M, M, 2, dtype=torch.float64, device=core.DEFAULT_DEVICE)
    return formula(n, M).to(floatx)


def bartlett(x):
    return _window(x, lambda n, M: 1 - torch.abs(n) / (M - 1))


blackman, hamming, hanning = array_utils.cosine_windows(_window, torch.cos)


def kaiser(x, beta):
    beta = core.convert_to_tensor(beta, "float64")

    def formula(n, M):
        return torch.special.i0(beta * torch.sqrt(1 - (n / (M - 1)) ** 2)) / (
            torch.special.i0(beta)
        )

    return _window(x, formula)


def diag(x, k=0):
    return torch.diag(core.convert_to_tensor(x), k)


def diagflat(x, k=0):
    return torch.diag(torch.flatten(core.convert_to_tensor(x)), k)


def _triangle(x, k, keep):
    x = core.convert_to_tensor(x)
    mask = _band(x.shape[-2], x.shape[-1], k, keep, x.device)
    return torch.where(mask, x, torch.zeros((), dtype=x.dtype, device=x.device))


def tril(x, k=0):
    return _triangle(x, k, torch.le)


def triu(x, k=0):
    return _triangle(x, k, torch.ge)


def meshgrid(*x, indexing="xy"):
    # torch.meshgrid wants one dtype; views of each vector keep theirs.
    vectors = [torch.flatten(core.convert_to_tensor(item)) for item in x]
    axes = list(range(len(vectors)))
    if indexing == "xy" and len(vectors) >= 2:
        axes[0], axes[1] = 1, 0
    shape = [0] * len(vectors)
    for vector, axis in zip(vectors, axes):
        shape[axis] = vector.shape[0]
    grids = []
    for vector, axis in zip(vectors, axes):
        target = [1] * len(vectors)
        target[axis] = -1
        grids.append(vector.reshape(target).expand(shape))
    return grids


def vander(x, N=None, increasing=False):
    x = core.convert_to_tensor(x)
    if x.dtype == torch.bool:
        # Powers of bools: x**0 is True, higher powers are x.
        return vander(x.to(torch.int8), N, increasing).to(torch.bool)
    if x.dtype in _WIDEN:
        return vander(x.to(torch.int64), N, increasing).to(x.dtype)
    N = x.shape[0] if N is None else N
    if N == 0:
        return torch.empty((x.shape[0], 0), dtype=x.dtype, device=x.device)
    # Powers as a running product (torch.vander's backward fails on its in-place
    # writes); torch.cumprod widens ints to int64, so cast back (wrapping as NumPy).
    ones = torch.ones_like(x)[:, None]
    factors = torch.cat([ones, x[:, None].expand(-1, N - 1)], dim=1)
    powers = torch.cumprod(factors, dim=1).to(x.dtype)
    return powers if increasing else torch.flip(powers, [1])
