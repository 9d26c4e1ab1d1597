"""numpy backend: the spectral ops (see keras/ops/spectral.py for their contract).

The ops layer has checked the arguments and resolved the result `dtype`; float16 and
bfloat16 are computed in float32 (NumPy's FFT has no half-precision kernels).
"""

import numpy as np

from keras.backends.numpy import core

_LOW_PRECISION = ("float16", "bfloat16")


def _work_dtype(dtype):
    return "float32" if dtype in _LOW_PRECISION else dtype


def _real_input(x, dtype):
    return core.convert_to_tensor(x, _work_dtype(dtype))


def _complex_input(real, imag, dtype):
    work = _work_dtype(dtype)
    real = core.convert_to_tensor(real, work)
    imag = core.convert_to_tensor(imag, work)
    return real + 1j * imag


def _complex_dtype(dtype):
    return np.complex128 if _work_dtype(dtype) == "float64" else np.complex64


def _real_output(x, dtype):
    return core.convert_to_tensor(x, dtype)


def _parts(z, dtype):
    return _real_output(z.real, dtype), _real_output(z.imag, dtype)


def fft(real, imag, dtype):
    z = _complex_input(real, imag, dtype)
    return _parts(np.fft.fft(z).astype(_complex_dtype(dtype), copy=False), dtype)


def fft2(real, imag, dtype):
    z = _complex_input(real, imag, dtype)
    return _parts(np.fft.fft2(z).astype(_complex_dtype(dtype), copy=False), dtype)


def ifft2(real, imag, dtype):
    z = _complex_input(real, imag, dtype)
    return _parts(np.fft.ifft2(z).astype(_complex_dtype(dtype), copy=False), dtype)


def rfft(x, fft_length, dtype):
    z = np.fft.rfft(_real_input(x, dtype), n=fft_length)
    return _parts(z, dtype)


def irfft(real, imag, fft_length, dtype):
    z = _complex_input(real, imag, dtype)
    return _real_output(np.fft.irfft(z, n=fft_length), dtype)


def _padded_window(window, sequence_length, fft_length, work):
    """The window as `fft_length` samples, zero-padded in the middle; None: ones."""
    if window is None:
        return np.ones(fft_length, work)
    window = core.convert_to_tensor(window, work)
    left = (fft_length - sequence_length) // 2
    return np.pad(window, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window, center, dtype):
    work = _work_dtype(dtype)
    x = _real_input(x, dtype)
    if center:
        pad = fft_length // 2
        x = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad, pad)], mode="reflect")
    # (..., frames, fft_length)
    frames = np.lib.stride_tricks.sliding_window_view(x, fft_length, axis=-1)
    frames = frames[..., ::sequence_stride, :]
    frames = frames * _padded_window(window, sequence_length, fft_length, work)
    return _parts(np.fft.rfft(frames, n=fft_length), dtype)


def _overlap_add(frames, step):
    """Sums frames (..., n, size) placed every `step` samples.

    Returns (..., (n - 1) * step + size).
    """
    n, size = frames.shape[-2:]
    # Each frame is cut into `per` chunks of `step` samples; chunk k of every frame
    # lands on a contiguous run of the output shifted by k chunks.
    per = -(-size // step)
    batch = frames.shape[:-2]
    padded = np.zeros(batch + (n, per * step), frames.dtype)
    padded[..., :size] = frames
    chunks = padded.reshape(batch + (n, per, step))
    out = np.zeros(batch + ((n + per - 1) * step,), frames.dtype)
    for k in range(per):
        out[..., k * step : (k + n) * step] += chunks[..., k, :].reshape(batch + (-1,))
    return out[..., : (n - 1) * step + size]


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
    work = _work_dtype(dtype)
    z = _complex_input(real, imag, dtype)
    frames = np.fft.irfft(z, n=fft_length).astype(work, copy=False)
    window = _padded_window(window, sequence_length, fft_length, work)
    signal = _overlap_add(frames * window, sequence_stride)
    squares = np.broadcast_to(window * window, (frames.shape[-2], fft_length))
    norm = _overlap_add(squares, sequence_stride)
    covered = norm > 1e-11
    signal = np.where(covered, signal / np.where(covered, norm, 1), 0)
    start = fft_length // 2 if center else 0
    if length is None:
        signal = signal[..., start : signal.shape[-1] - start]
    else:
        signal = signal[..., start : start + length]
        missing = length - signal.shape[-1]
        if missing:
            signal = np.pad(signal, [(0, 0)] * (signal.ndim - 1) + [(0, missing)])
    return _real_output(signal, dtype)


def view_as_complex(x):
    x = core.convert_to_tensor(x, "float32")
    return np.ascontiguousarray(x).view(np.complex64)[..., 0]


def view_as_real(x, dtype):
    x = core._tensor(x)
    if np.iscomplexobj(x):
        return np.stack([x.real, x.imag], axis=-1)
    x = core.convert_to_tensor(x, dtype)
    return np.stack([x, np.zeros_like(x)], axis=-1)
