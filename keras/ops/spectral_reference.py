"""NumPy references of keras.ops.stft and istft for the spectral tests.

The signal is framed with NumPy (reflect-padded by `fft_length // 2` when `center`),
windowed with scipy's periodic windows zero-padded to `fft_length` in the middle, and
transformed with numpy.fft; istft overlap-adds frame by frame.
"""

import numpy as np
import scipy.signal


def reference_window(window, sequence_length, fft_length):
    if window is None:
        return np.ones(fft_length)
    if isinstance(window, str):
        window = scipy.signal.get_window(window, sequence_length, fftbins=True)
    left = (fft_length - sequence_length) // 2
    return np.pad(
        np.asarray(window, "float64"), (left, fft_length - sequence_length - left)
    )


def reference_stft(x, sequence_length, sequence_stride, fft_length, window, center):
    x = np.asarray(x, "float64")
    if center:
        pad = fft_length // 2
        x = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad, pad)], mode="reflect")
    count = 1 + (x.shape[-1] - fft_length) // sequence_stride
    index = np.arange(count)[:, None] * sequence_stride + np.arange(fft_length)
    frames = x[..., index] * reference_window(window, sequence_length, fft_length)
    return np.fft.rfft(frames, n=fft_length)


def reference_istft(
    spectrum, sequence_length, sequence_stride, fft_length, length, window, center
):
    frames = np.fft.irfft(spectrum, n=fft_length)
    window = reference_window(window, sequence_length, fft_length)
    count = frames.shape[-2]
    total = (count - 1) * sequence_stride + fft_length
    signal = np.zeros(frames.shape[:-2] + (total,))
    norm = np.zeros(total)
    for t in range(count):  # plain overlap-add, frame by frame
        where = slice(t * sequence_stride, t * sequence_stride + fft_length)
        signal[..., where] += frames[..., t, :] * window
        norm[where] += window**2
    signal = np.where(norm > 1e-11, signal / np.where(norm > 1e-11, norm, 1), 0)
    start = fft_length // 2 if center else 0
    if length is None:
        return signal[..., start : total - start]
    signal = signal[..., start : start + length]
    return np.pad(
        signal, [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])]
    )
