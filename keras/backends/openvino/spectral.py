"""openvino backend: the spectral ops (see keras/ops/spectral.py for their contract).

OpenVINO has no complex element type: its DFT operations take and give complex values
as a trailing axis of two (real, imag), which is how the (real, imag) pairs of Keras
travel here. The ops layer has checked the arguments and resolved the result `dtype`;
everything is computed in float32 (the CPU plugin computes float64 in float32 anyway)
and given back in `dtype`. The CPU plugin's RDFT cannot zero-pad and its IRDFT does
not pad its input, so both are padded or cropped first.
"""

import numpy as np
from openvino import opset14 as ov_opset

from keras.backends.common import dtypes
from keras.backends.openvino import core
from keras.backends.openvino import unsupported

_WORK = "float32"
_wrap = core._wrap
_constant = core._constant
_i64 = core._i64


def _dims(output):
    return tuple(d.get_length() for d in output.get_partial_shape())


def _real(x):
    return core.cast(x, _WORK).output


def _complex(real, imag):
    """(..., 2): the parts stacked on a new last axis, as OpenVINO's DFTs take them."""
    parts = [ov_opset.unsqueeze(_real(p), _i64([-1])) for p in (real, imag)]
    return ov_opset.concat(parts, -1).output(0)


def _parts(z, dtype):
    """(real, imag) tensors of `dtype` from a (..., 2) output."""
    return tuple(
        core.cast(_wrap(ov_opset.gather(z, _i64(i), _i64(-1))), dtype) for i in (0, 1)
    )


def _resize(x, axis, size, mode="constant"):
    """`x` cropped or zero-padded at the end of `axis` to `size` entries."""
    dims = _dims(x)
    if dims[axis] == size:
        return x
    ends = [0] * len(dims)
    ends[axis] = size - dims[axis]
    zero = _constant(np.zeros((), np.float32))
    return ov_opset.pad(x, _i64([0] * len(dims)), _i64(ends), mode, zero).output(0)


def _transform(operation, real, imag, dtype, axes):
    z = _complex(real, imag)
    rank = len(_dims(z)) - 1
    if 0 in _dims(z):
        return _parts(z, dtype)
    return _parts(operation(z, _i64([rank + a for a in axes])).output(0), dtype)


def fft(real, imag, dtype):
    return _transform(ov_opset.dft, real, imag, dtype, (-1,))


def fft2(real, imag, dtype):
    return _transform(ov_opset.dft, real, imag, dtype, (-2, -1))


def ifft2(real, imag, dtype):
    return _transform(ov_opset.idft, real, imag, dtype, (-2, -1))


def _rdft(x, fft_length):
    """The (..., fft_length // 2 + 1, 2) spectrum of the last axis of output `x`."""
    x = _resize(x, -1, fft_length)
    rank = len(_dims(x))
    if 0 in _dims(x):
        shape = _dims(x)[:-1] + (fft_length // 2 + 1, 2)
        return ov_opset.broadcast(_constant(np.float32(0)), _i64(shape)).output(0)
    return ov_opset.rdft(x, _i64([rank - 1])).output(0)


def _irdft(z, fft_length):
    """The real (..., fft_length) signal of the (..., bins, 2) spectrum `z`, its
    first fft_length // 2 + 1 bins taken (zero-padded if fewer)."""
    z = _resize(z, -2, fft_length // 2 + 1)
    rank = len(_dims(z)) - 1
    if 0 in _dims(z):
        shape = _dims(z)[:-2] + (fft_length,)
        return ov_opset.broadcast(_constant(np.float32(0)), _i64(shape)).output(0)
    return ov_opset.irdft(z, _i64([rank - 1]), _i64([fft_length])).output(0)


def rfft(x, fft_length, dtype):
    x = _real(x)
    length = _dims(x)[-1] if fft_length is None else fft_length
    return _parts(_rdft(x, length), dtype)


def irfft(real, imag, fft_length, dtype):
    signal = _irdft(_complex(real, imag), fft_length)
    return core.cast(_wrap(signal), dtype)


def _padded_window(window, sequence_length, fft_length):
    """The window as `fft_length` samples, zero-padded in the middle; None: ones."""
    if window is None:
        return _constant(np.ones(fft_length, np.float32))
    window = _real(window)
    left = (fft_length - sequence_length) // 2
    zero = _constant(np.zeros((), np.float32))
    right = fft_length - sequence_length - left
    return ov_opset.pad(window, _i64([left]), _i64([right]), "constant", zero).output(0)


def stft(x, sequence_length, sequence_stride, fft_length, window, center, dtype):
    x = _real(x)
    dims = _dims(x)
    if center:
        pad = fft_length // 2
        begins, ends = [0] * len(dims), [0] * len(dims)
        begins[-1] = ends[-1] = pad
        x = ov_opset.pad(x, _i64(begins), _i64(ends), "reflect").output(0)
    n = _dims(x)[-1]
    count = 1 + (n - fft_length) // sequence_stride
    # (count, fft_length) positions of the frames' samples (a static table).
    starts = np.arange(count, dtype=np.int64)[:, None] * sequence_stride
    positions = starts + np.arange(fft_length, dtype=np.int64)
    frames = ov_opset.gather(x, _i64(positions), _i64(-1))  # (..., count, fft_length)
    frames = ov_opset.multiply(
        frames, _padded_window(window, sequence_length, fft_length)
    )
    return _parts(_rdft(frames.output(0), fft_length), dtype)


def _overlap_add(frames, step):
    """Sums frames (..., n, size) placed every `step` samples.

    Returns (..., (n - 1) * step + size).
    """
    dims = _dims(frames)
    batch, (n, size) = dims[:-2], dims[-2:]
    # Each frame is cut into `per` chunks of `step` samples; chunk k of every frame
    # lands on a contiguous run of the output shifted by k chunks.
    per = -(-size // step)
    padded = _resize(frames, -1, per * step)
    chunks = ov_opset.reshape(padded, _i64(batch + (n, per, step)), False)
    rank = len(batch) + 1
    total = None
    for k in range(per):
        chunk = ov_opset.gather(chunks, _i64(k), _i64(-2))  # (..., n, step)
        run = ov_opset.reshape(chunk, _i64(batch + (n * step,)), False)
        begins, ends = [0] * rank, [0] * rank
        begins[-1], ends[-1] = k * step, (per - 1 - k) * step
        zero = _constant(np.zeros((), np.float32))
        shifted = ov_opset.pad(run, _i64(begins), _i64(ends), "constant", zero)
        total = shifted if total is None else ov_opset.add(total, shifted)
    end = (n - 1) * step + size
    kept = ov_opset.slice(total, _i64([0]), _i64([end]), _i64([1]), _i64([-1]))
    return kept.output(0)


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
    frames = _irdft(_complex(real, imag), fft_length)  # (..., n, fft_length)
    n = _dims(frames)[-2]
    window = _padded_window(window, sequence_length, fft_length)
    signal = _overlap_add(
        ov_opset.multiply(frames, window).output(0), sequence_stride
    )
    squares = ov_opset.broadcast(
        ov_opset.multiply(window, window), _i64([n, fft_length])
    )
    norm = _overlap_add(squares.output(0), sequence_stride)
    covered = ov_opset.greater(norm, _constant(np.float32(1e-11)))
    one, zero = _constant(np.float32(1)), _constant(np.float32(0))
    quotient = ov_opset.divide(signal, ov_opset.select(covered, norm, one))
    signal = ov_opset.select(covered, quotient, zero).output(0)
    start = fft_length // 2 if center else 0
    size = _dims(signal)[-1]
    stop = size - start if length is None else min(start + length, size)
    signal = ov_opset.slice(
        signal, _i64([start]), _i64([max(stop, start)]), _i64([1]), _i64([-1])
    ).output(0)
    if length is not None:
        signal = _resize(signal, -1, length)
    return core.cast(_wrap(signal), dtype)


view_as_complex = unsupported.stub("spectral.view_as_complex")


def view_as_real(x, dtype):
    if not core.is_tensor(x) and np.iscomplexobj(x):
        # Host data (OpenVINO tensors are never complex): its parts become constants.
        x = np.asarray(x)
        parts = np.stack([x.real, x.imag], axis=-1)
        return core.convert_to_tensor(parts, dtype)
    x = core.convert_to_tensor(x, dtype)
    zero = _constant(np.zeros((), dtypes.numpy_dtype(dtype)))
    zeros = ov_opset.broadcast(zero, _i64(list(x.shape)))
    parts = [ov_opset.unsqueeze(p, _i64([-1])) for p in (x.output, zeros)]
    return _wrap(ov_opset.concat(parts, -1))
