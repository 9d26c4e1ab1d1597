"""torch backend: the spectral ops (see keras/ops/spectral.py for their contract).

The ops layer has checked the arguments and resolved the result `dtype`; float16 and
bfloat16 are computed in float32 (torch's CPU FFT has no half-precision kernels).
"""

import torch

from keras.backends.torch import core

_LOW_PRECISION = ("float16", "bfloat16")


def _work_dtype(dtype):
    return "float32" if dtype in _LOW_PRECISION else dtype


def _real_input(x, dtype):
    return core.convert_to_tensor(x, _work_dtype(dtype))


def _complex_input(real, imag, dtype):
    work = _work_dtype(dtype)
    real = core.convert_to_tensor(real, work)
    imag = core.convert_to_tensor(imag, work).to(real.device)
    return torch.complex(real, imag)


def _real_output(x, dtype):
    return core.cast(x, dtype) if dtype in _LOW_PRECISION else x


def _parts(z, dtype):
    return _real_output(z.real, dtype), _real_output(z.imag, dtype)


def fft(real, imag, dtype):
    return _parts(torch.fft.fft(_complex_input(real, imag, dtype)), dtype)


def fft2(real, imag, dtype):
    return _parts(torch.fft.fft2(_complex_input(real, imag, dtype)), dtype)


def ifft2(real, imag, dtype):
    return _parts(torch.fft.ifft2(_complex_input(real, imag, dtype)), dtype)


def rfft(x, fft_length, dtype):
    return _parts(torch.fft.rfft(_real_input(x, dtype), n=fft_length), dtype)


def irfft(real, imag, fft_length, dtype):
    z = _complex_input(real, imag, dtype)
    return _real_output(torch.fft.irfft(z, n=fft_length), dtype)


def _padded_window(window, sequence_length, fft_length, like):
    """The window as `fft_length` samples, zero-padded in the middle; None: ones."""
    if window is None:
        return torch.ones(fft_length, dtype=like.dtype, device=like.device)
    window = core.convert_to_tensor(window).to(dtype=like.dtype, device=like.device)
    left = (fft_length - sequence_length) // 2
    return torch.nn.functional.pad(window, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window, center, dtype):
    x = _real_input(x, dtype)
    if center:
        pad = fft_length // 2
        # Reflect padding takes (batch, channels, samples).
        flat = x.reshape(-1, 1, x.shape[-1])
        flat = torch.nn.functional.pad(flat, (pad, pad), mode="reflect")
        x = flat.reshape(x.shape[:-1] + flat.shape[-1:])
    frames = x.unfold(-1, fft_length, sequence_stride)  # (..., frames, fft_length)
    frames = frames * _padded_window(window, sequence_length, fft_length, x)
    return _parts(torch.fft.rfft(frames, n=fft_length), dtype)


def _overlap_add(frames, step):
    """Sums frames (..., n, size) placed every `step` samples.

    Returns (..., (n - 1) * step + size).
    """
    n, size = frames.shape[-2:]
    starts = torch.arange(n, device=frames.device)[:, None] * step
    index = (starts + torch.arange(size, device=frames.device)).reshape(-1)
    out = frames.new_zeros(frames.shape[:-2] + ((n - 1) * step + size,))
    return out.index_add(-1, index, frames.reshape(frames.shape[:-2] + (n * size,)))


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
    frames = torch.fft.irfft(z, n=fft_length)
    window = _padded_window(window, sequence_length, fft_length, frames)
    signal = _overlap_add(frames * window, sequence_stride)
    squares = (window * window).expand(frames.shape[-2], fft_length)
    norm = _overlap_add(squares, sequence_stride)
    covered = norm > 1e-11
    signal = torch.where(covered, signal / torch.where(covered, norm, 1.0), 0.0)
    start = fft_length // 2 if center else 0
    if length is None:
        signal = signal[..., start : signal.shape[-1] - start]
    else:
        signal = signal[..., start : start + length]
        missing = length - signal.shape[-1]
        if missing:
            signal = torch.nn.functional.pad(signal, (0, missing))
    return _real_output(signal, dtype)


def view_as_complex(x):
    x = core.convert_to_tensor(x, "float32")
    return torch.view_as_complex(x.contiguous())


def view_as_real(x, dtype):
    x = core._tensor(x)
    if x.is_complex():
        return torch.view_as_real(x.resolve_conj())
    x = core.convert_to_tensor(x, dtype)
    return torch.stack([x, torch.zeros_like(x)], dim=-1)
