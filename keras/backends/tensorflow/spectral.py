"""tensorflow backend: the spectral ops (see keras/ops/spectral.py for their contract).

The ops layer has checked the arguments and resolved the result `dtype`; float16 and
bfloat16 are computed in float32 (TF's FFT kernels take float32 and float64 only).
"""

import tensorflow as tf

from keras.backends.tensorflow import core

_LOW_PRECISION = ("float16", "bfloat16")


def _work_dtype(dtype):
    return "float32" if dtype in _LOW_PRECISION else dtype


def _real_input(x, dtype):
    return core.convert_to_tensor(x, _work_dtype(dtype))


def _complex_input(real, imag, dtype):
    work = _work_dtype(dtype)
    real = core.convert_to_tensor(real, work)
    return tf.complex(real, core.convert_to_tensor(imag, work))


def _real_output(x, dtype):
    return core.cast(x, dtype) if dtype in _LOW_PRECISION else x


def _parts(z, dtype):
    return _real_output(tf.math.real(z), dtype), _real_output(tf.math.imag(z), dtype)


def fft(real, imag, dtype):
    return _parts(tf.signal.fft(_complex_input(real, imag, dtype)), dtype)


def fft2(real, imag, dtype):
    return _parts(tf.signal.fft2d(_complex_input(real, imag, dtype)), dtype)


def ifft2(real, imag, dtype):
    return _parts(tf.signal.ifft2d(_complex_input(real, imag, dtype)), dtype)


def rfft(x, fft_length, dtype):
    x = _real_input(x, dtype)
    if fft_length is None:
        return _parts(tf.signal.rfft(x), dtype)
    # Crop here: TF's gradient of rfft fails when the op itself crops.
    x = x[..., :fft_length]
    return _parts(tf.signal.rfft(x, fft_length=[fft_length]), dtype)


def _irfft(z, fft_length):
    if fft_length is None:  # a dynamic size: TF's default 2 * (n - 1)
        return tf.signal.irfft(z)
    # Crop here: TF's gradient of irfft fails when the op itself crops.
    z = z[..., : fft_length // 2 + 1]
    return tf.signal.irfft(z, fft_length=[fft_length])


def irfft(real, imag, fft_length, dtype):
    z = _complex_input(real, imag, dtype)
    return _real_output(_irfft(z, fft_length), dtype)


def _padded_window(window, sequence_length, fft_length, dtype):
    """The window as `fft_length` samples, zero-padded in the middle; None: ones."""
    if window is None:
        return tf.ones([fft_length], dtype)
    window = tf.cast(core.convert_to_tensor(window), dtype)
    left = (fft_length - sequence_length) // 2
    return tf.pad(window, [[left, fft_length - sequence_length - left]])


def _last_axis_padding(rank, before, after):
    return [[0, 0]] * (rank - 1) + [[before, after]]


def stft(x, sequence_length, sequence_stride, fft_length, window, center, dtype):
    x = _real_input(x, dtype)
    if center:
        pad = fft_length // 2
        x = tf.pad(x, _last_axis_padding(x.shape.rank, pad, pad), mode="REFLECT")
    frames = tf.signal.frame(x, fft_length, sequence_stride, axis=-1)
    frames = frames * _padded_window(window, sequence_length, fft_length, x.dtype)
    return _parts(tf.signal.rfft(frames, fft_length=[fft_length]), dtype)


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
    frames = _irfft(z, fft_length)  # (..., frames, fft_length)
    window = _padded_window(window, sequence_length, fft_length, frames.dtype)
    signal = tf.signal.overlap_and_add(frames * window, sequence_stride)
    squares = tf.broadcast_to(window * window, [tf.shape(frames)[-2], fft_length])
    norm = tf.signal.overlap_and_add(squares, sequence_stride)
    covered = norm > 1e-11
    safe_norm = tf.where(covered, norm, tf.ones_like(norm))
    signal = tf.where(covered, signal / safe_norm, tf.zeros_like(signal))
    start = fft_length // 2 if center else 0
    if length is None:
        return _real_output(signal[..., start : _size(signal) - start], dtype)
    signal = signal[..., start : start + length]
    missing = length - _size(signal)
    signal = tf.pad(signal, _last_axis_padding(signal.shape.rank, 0, missing))
    return _real_output(signal, dtype)


def _size(x):
    """The size of the last axis: an int when static (the result keeps its shape)."""
    size = x.shape[-1]
    return size if size is not None else tf.shape(x)[-1]


def view_as_complex(x):
    x = core.convert_to_tensor(x, "float32")
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x, dtype):
    x = core._tensor(x)
    if x.dtype.is_complex:
        return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)
    x = core.convert_to_tensor(x, dtype)
    return tf.stack([x, tf.zeros_like(x)], axis=-1)
