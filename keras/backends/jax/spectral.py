"""jax backend: the spectral ops (see keras/ops/spectral.py for their contract).

The ops layer has checked the arguments and resolved the result `dtype`; float16 and
bfloat16 are computed in float32 (XLA's FFT takes float32 and float64 only).
"""

import functools

import jax
import jax.numpy as jnp
from jax import lax

from keras.backends.jax import core

_LOW_PRECISION = ("float16", "bfloat16")


def _work_dtype(dtype):
    if dtype in _LOW_PRECISION:
        return "float32"
    # float64 is stored as float32 while jax_enable_x64 is off (asking for it warns).
    if dtype == "float64" and not jax.config.read("jax_enable_x64"):
        return "float32"
    return dtype


def _real_input(x, dtype):
    return core.convert_to_tensor(x, _work_dtype(dtype))


def _complex_input(real, imag, dtype):
    work = _work_dtype(dtype)
    real = core.convert_to_tensor(real, work)
    return lax.complex(real, core.convert_to_tensor(imag, work))


def _real_output(x, dtype):
    # 64-bit results are already in the dtype JAX stores (float32 without x64).
    return x.astype(dtype) if dtype in _LOW_PRECISION else x


def _parts(z, dtype):
    return _real_output(jnp.real(z), dtype), _real_output(jnp.imag(z), dtype)


def fft(real, imag, dtype):
    return _parts(jnp.fft.fft(_complex_input(real, imag, dtype)), dtype)


def fft2(real, imag, dtype):
    return _parts(jnp.fft.fft2(_complex_input(real, imag, dtype)), dtype)


def ifft2(real, imag, dtype):
    return _parts(jnp.fft.ifft2(_complex_input(real, imag, dtype)), dtype)


def rfft(x, fft_length, dtype):
    return _parts(jnp.fft.rfft(_real_input(x, dtype), n=fft_length), dtype)


def irfft(real, imag, fft_length, dtype):
    z = _complex_input(real, imag, dtype)
    return _real_output(jnp.fft.irfft(z, n=fft_length), dtype)


def _window(window, dtype):
    """The window as a jax array of `dtype` (None stays None: no window)."""
    return None if window is None else core.convert_to_tensor(window, dtype)


def _padded_window(window, sequence_length, fft_length, dtype):
    """The window as `fft_length` samples, zero-padded in the middle; None: ones."""
    if window is None:
        return jnp.ones(fft_length, dtype)
    left = (fft_length - sequence_length) // 2
    return jnp.pad(window, (left, fft_length - sequence_length - left))


def _frame_starts(count, step):
    # (frames, 1): the first sample of each frame.
    return (jnp.arange(count) * step)[:, None]


# The short-time transforms are a dozen array ops each: compiled once per shape and
# setting, an eager call is one dispatch instead of a dozen.
_SETTINGS = ("sequence_length", "sequence_stride", "fft_length", "length", "center")


@functools.partial(jax.jit, static_argnames=_SETTINGS[:3] + _SETTINGS[4:])
def _stft(x, window, sequence_length, sequence_stride, fft_length, center):
    if center:
        pad = fft_length // 2
        x = jnp.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad, pad)], mode="reflect")
    count = 1 + (x.shape[-1] - fft_length) // sequence_stride
    index = _frame_starts(count, sequence_stride) + jnp.arange(fft_length)
    frames = x[..., index]  # (..., frames, fft_length)
    frames = frames * _padded_window(window, sequence_length, fft_length, x.dtype)
    return jnp.fft.rfft(frames, n=fft_length)


def stft(x, sequence_length, sequence_stride, fft_length, window, center, dtype):
    x = _real_input(x, dtype)
    z = _stft(
        x,
        _window(window, x.dtype),
        sequence_length=sequence_length,
        sequence_stride=sequence_stride,
        fft_length=fft_length,
        center=center,
    )
    return _parts(z, dtype)


def _overlap_add(frames, step):
    """Sums frames (..., n, size) placed every `step` samples.

    Returns (..., (n - 1) * step + size).
    """
    n, size = frames.shape[-2:]
    index = _frame_starts(n, step) + jnp.arange(size)
    out = jnp.zeros(frames.shape[:-2] + ((n - 1) * step + size,), frames.dtype)
    return out.at[..., index].add(frames)


@functools.partial(jax.jit, static_argnames=_SETTINGS)
def _istft(z, window, sequence_length, sequence_stride, fft_length, length, center):
    frames = jnp.fft.irfft(z, n=fft_length)
    window = _padded_window(window, sequence_length, fft_length, frames.dtype)
    signal = _overlap_add(frames * window, sequence_stride)
    squares = jnp.broadcast_to(window * window, (frames.shape[-2], fft_length))
    norm = _overlap_add(squares, sequence_stride)
    covered = norm > 1e-11
    signal = jnp.where(covered, signal / jnp.where(covered, norm, 1), 0)
    start = fft_length // 2 if center else 0
    if length is None:
        return signal[..., start : signal.shape[-1] - start]
    signal = signal[..., start : start + length]
    missing = length - signal.shape[-1]
    return jnp.pad(signal, [(0, 0)] * (signal.ndim - 1) + [(0, missing)])


def istft(
    real,
    imag,
    sequence_length,
    sequence_stride,
    fft_length,
    length,
    window,
    center,
    dtype,
):
    z = _complex_input(real, imag, dtype)
    signal = _istft(
        z,
        _window(window, _work_dtype(dtype)),
        sequence_length=sequence_length,
        sequence_stride=sequence_stride,
        fft_length=fft_length,
        length=length,
        center=center,
    )
    return _real_output(signal, dtype)


def view_as_complex(x):
    x = core.convert_to_tensor(x, "float32")
    return lax.complex(x[..., 0], x[..., 1])


def view_as_real(x, dtype):
    x = core._tensor(x)
    if jnp.iscomplexobj(x):
        return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
    x = core.convert_to_tensor(x, dtype)
    return jnp.stack([x, jnp.zeros_like(x)], axis=-1)
