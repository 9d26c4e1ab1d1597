"""keras.ops: Fourier transforms (fft, fft2, ifft2, rfft, irfft), short-time transforms
(stft, istft) and complex views (view_as_complex, view_as_real).

As in Keras 3, the transforms take and return complex values as a `(real, imag)` tuple
of two real tensors of one shape, not as complex tensors. Dtypes: float32 and float64
parts keep their dtype (64-bit follows the backend: JAX stores float64 as float32 unless
`jax_enable_x64` is on); float16 and bfloat16 are computed in float32 and given back in
their own dtype; the real-input transforms (rfft, stft) take ints and bools as floatx,
while the `(real, imag)` inputs must be floating, as Keras 3 requires.

Short-time transforms follow Keras 3's framing: frames of `fft_length` samples every
`sequence_stride` samples (after reflect-padding `fft_length // 2` samples on each side
when `center`), each multiplied by the `sequence_length` window zero-padded to
`fft_length` in the middle (left pad `(fft_length - sequence_length) // 2`).
`window=None` applies no window (all `fft_length` samples count).
"""

import functools

import numpy as np

from keras.backends import active
from keras.backends.common import dtypes
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "fft",
    "fft2",
    "ifft2",
    "irfft",
    "istft",
    "rfft",
    "stft",
    "view_as_complex",
    "view_as_real",
]

_FLOATS = ("bfloat16", "float16", "float32", "float64")
_WINDOWS = ("hann", "hamming")


def _describe(x):
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of {len(x)} elements"
    shape = getattr(x, "shape", None)
    if shape is not None:
        return f"a tensor of shape {tuple(shape)} and dtype {symbolic.dtype_of(x)}"
    return repr(x)


def _parts(name, x, min_rank):
    """(real, imag, shape, dtype) of the complex input `x` of `name`, checked."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"`{name}` expects `x` to be a tuple (real, imag) of two real tensors of "
            f"one shape; got {_describe(x)}."
        )
    real, imag = x
    real_shape, imag_shape = symbolic.shape_of(real), symbolic.shape_of(imag)
    if len(real_shape) != len(imag_shape) or any(
        a is not None and b is not None and a != b
        for a, b in zip(real_shape, imag_shape, strict=True)
    ):
        raise ValueError(
            f"`{name}`: the real and imaginary parts of `x` must have the same shape; "
            f"got x[0].shape={real_shape} and x[1].shape={imag_shape}."
        )
    shape = tuple(
        a if a is not None else b for a, b in zip(real_shape, imag_shape, strict=True)
    )
    _check_rank(name, shape, min_rank)
    kinds = [dtypes.standardize_dtype(symbolic.dtype_of(p)) for p in (real, imag)]
    for part, kind in zip(("x[0]", "x[1]"), kinds, strict=True):
        if kind not in _FLOATS:
            raise ValueError(
                f"`{name}` expects floating real and imaginary parts (one of "
                f"{_FLOATS}); got {part} of dtype {kind}."
            )
    dtype = kinds[0] if kinds[0] == kinds[1] else dtypes.result_type(*kinds)
    return real, imag, shape, dtype


def _real_dtype(name, x):
    """The floating dtype of the real input `x` of `name` (ints and bools: floatx)."""
    dtype = dtypes.standardize_dtype(symbolic.dtype_of(x))
    if dtype in _FLOATS:
        return dtype
    if dtype == "bool" or dtypes.is_int_dtype(dtype):
        return dtypes.result_type(float)
    raise TypeError(
        f"`{name}` expects a real tensor `x` (float, int or bool); got dtype {dtype}"
        + (
            " (pass complex values as a (real, imag) tuple)."
            if "complex" in dtype
            else "."
        )
    )


def _check_rank(name, shape, min_rank, argument="x"):
    if len(shape) < min_rank:
        raise ValueError(
            f"`{name}` expects `{argument}` of rank >= {min_rank}; got shape {shape}."
        )


def _check_length(name, argument, value, allow_none=False):
    if value is None and allow_none:
        return
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"`{name}` expects `{argument}` to be a positive integer"
            + (" or None" if allow_none else "")
            + f"; got {value!r}."
        )


def _pair_spec(shape, dtype):
    return KerasTensor(shape, dtype=dtype), KerasTensor(shape, dtype=dtype)


class _Transform(Operation):
    """A transform of a (real, imag) tuple to another: `active.spectral.<fn>`."""

    _function = None
    _min_rank = 1

    def call(self, x):
        real, imag, _, dtype = _parts(self._function, x, self._min_rank)
        return getattr(active.spectral, self._function)(real, imag, dtype)

    def compute_output_spec(self, x):
        _, _, shape, dtype = _parts(self._function, x, self._min_rank)
        return _pair_spec(shape, dtype)


class FFT(_Transform):
    _function = "fft"


def fft(x):
    """The discrete Fourier transform over the last axis.

    Args:
        x: a tuple `(real, imag)` of two floating tensors of one shape (rank >= 1),
            the real and imaginary parts of the input.

    Returns:
        A tuple `(real, imag)`: the parts of `numpy.fft.fft(real + 1j * imag)`, in the
        dtype of the inputs.

    >>> real, imag = keras.ops.fft((keras.ops.ones(4), keras.ops.zeros(4)))
    >>> real
    array([4., 0., 0., 0.], dtype=float32)
    """
    if symbolic.is_symbolic(*_flat_pair(x)):
        return FFT().symbolic_call(x)
    real, imag, _, dtype = _parts("fft", x, 1)
    return active.spectral.fft(real, imag, dtype)


class FFT2(_Transform):
    _function = "fft2"
    _min_rank = 2


def fft2(x):
    """The two-dimensional discrete Fourier transform over the last two axes.

    Args:
        x: a tuple `(real, imag)` of two floating tensors of one shape (rank >= 2).

    Returns:
        A tuple `(real, imag)`: the parts of `numpy.fft.fft2(real + 1j * imag)`.

    >>> real, imag = keras.ops.fft2((keras.ops.ones((2, 2)), keras.ops.zeros((2, 2))))
    >>> real
    array([[4., 0.],
           [0., 0.]], dtype=float32)
    """
    if symbolic.is_symbolic(*_flat_pair(x)):
        return FFT2().symbolic_call(x)
    real, imag, _, dtype = _parts("fft2", x, 2)
    return active.spectral.fft2(real, imag, dtype)


class IFFT2(_Transform):
    _function = "ifft2"
    _min_rank = 2


def ifft2(x):
    """The two-dimensional inverse discrete Fourier transform over the last two axes.

    Args:
        x: a tuple `(real, imag)` of two floating tensors of one shape (rank >= 2).

    Returns:
        A tuple `(real, imag)`: the parts of `numpy.fft.ifft2(real + 1j * imag)`
        (normalised by the number of elements, so `ifft2(fft2(x))` is `x`).

    >>> real, imag = keras.ops.ifft2((keras.ops.ones((2, 2)), keras.ops.zeros((2, 2))))
    >>> real
    array([[1., 0.],
           [0., 0.]], dtype=float32)
    """
    if symbolic.is_symbolic(*_flat_pair(x)):
        return IFFT2().symbolic_call(x)
    real, imag, _, dtype = _parts("ifft2", x, 2)
    return active.spectral.ifft2(real, imag, dtype)


def _flat_pair(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _rfft_length(fft_length, n):
    """The size of the last axis of rfft's result for a last axis of `n`."""
    length = fft_length if fft_length is not None else n
    return None if length is None else length // 2 + 1


class RFFT(Operation):
    def __init__(self, fft_length=None, name=None):
        super().__init__(name=name)
        self.fft_length = fft_length

    def call(self, x):
        return rfft(x, self.fft_length)

    def compute_output_spec(self, x):
        shape = symbolic.shape_of(x)
        _check_rank("rfft", shape, 1)
        dtype = _real_dtype("rfft", x)
        return _pair_spec(
            shape[:-1] + (_rfft_length(self.fft_length, shape[-1]),), dtype
        )

    def get_config(self):
        return {**super().get_config(), "fft_length": self.fft_length}


def rfft(x, fft_length=None):
    """The discrete Fourier transform of a real signal over its last axis.

    Only the non-negative frequencies are returned: the others are their complex
    conjugates.

    Args:
        x: a real tensor of rank >= 1 (ints and bools are taken as floatx).
        fft_length: the number of samples transformed: the last axis of `x` is cropped
            or zero-padded to it. Defaults to the size of that axis.

    Returns:
        A tuple `(real, imag)` of tensors whose last axis has `fft_length // 2 + 1`
        entries: the parts of `numpy.fft.rfft(x, n=fft_length)`.

    >>> real, imag = keras.ops.rfft(keras.ops.array([1.0, 2.0, 3.0, 4.0]))
    >>> real
    array([10., -2., -2.], dtype=float32)
    """
    _check_length("rfft", "fft_length", fft_length, allow_none=True)
    if isinstance(x, KerasTensor):
        return RFFT(fft_length).symbolic_call(x)
    _check_rank("rfft", symbolic.shape_of(x), 1)
    return active.spectral.rfft(x, fft_length, _real_dtype("rfft", x))


def _irfft_length(fft_length, n):
    if fft_length is not None:
        return fft_length
    return None if n is None else 2 * (n - 1)


class IRFFT(Operation):
    def __init__(self, fft_length=None, name=None):
        super().__init__(name=name)
        self.fft_length = fft_length

    def call(self, x):
        return irfft(x, self.fft_length)

    def compute_output_spec(self, x):
        _, _, shape, dtype = _parts("irfft", x, 1)
        return KerasTensor(
            shape[:-1] + (_irfft_length(self.fft_length, shape[-1]),), dtype=dtype
        )

    def get_config(self):
        return {**super().get_config(), "fft_length": self.fft_length}


def irfft(x, fft_length=None):
    """The inverse of `rfft`: a real signal from its non-negative frequencies.

    Args:
        x: a tuple `(real, imag)` of two floating tensors of one shape (rank >= 1),
            the non-negative frequencies of a real signal along the last axis.
        fft_length: the number of samples of the result; the frequencies used are the
            first `fft_length // 2 + 1` (zero-padded if fewer). Defaults to
            `2 * (n - 1)` for a last axis of `n` entries.

    Returns:
        The real signal, `numpy.fft.irfft(real + 1j * imag, n=fft_length)`, in the dtype
        of the inputs.

    >>> keras.ops.irfft((keras.ops.array([4.0, 0.0, 0.0]), keras.ops.zeros(3)))
    array([1., 1., 1., 1.], dtype=float32)
    """
    _check_length("irfft", "fft_length", fft_length, allow_none=True)
    if symbolic.is_symbolic(*_flat_pair(x)):
        return IRFFT(fft_length).symbolic_call(x)
    real, imag, shape, dtype = _parts("irfft", x, 1)
    if fft_length is None and shape[-1] is not None and shape[-1] < 2:
        raise ValueError(
            "`irfft` needs `fft_length` when the last axis of `x` has fewer than 2 "
            f"entries; got shape {shape}."
        )
    # None (the default length) also reaches the backend when the size is dynamic.
    return active.spectral.irfft(
        real, imag, _irfft_length(fft_length, shape[-1]), dtype
    )


# Short-time transforms.


@functools.lru_cache(maxsize=64)
def _named_window(name, length):
    """The periodic `name` window of `length` samples, in float64 (read-only)."""
    phase = 2.0 * np.pi * np.arange(length) / length
    if name == "hann":
        window = 0.5 - 0.5 * np.cos(phase)
    else:
        window = 0.54 - 0.46 * np.cos(phase)
    window.flags.writeable = False
    return window


def _check_stft_arguments(name, sequence_length, sequence_stride, fft_length, window):
    _check_length(name, "sequence_length", sequence_length)
    _check_length(name, "sequence_stride", sequence_stride)
    _check_length(name, "fft_length", fft_length)
    if fft_length < sequence_length:
        raise ValueError(
            f"`{name}` expects `fft_length` >= `sequence_length`; got "
            f"fft_length={fft_length} and sequence_length={sequence_length}."
        )
    if window is None:
        return
    if isinstance(window, str):
        if window not in _WINDOWS:
            raise ValueError(
                f"`{name}` expects `window` to be one of {_WINDOWS}, a tensor of shape "
                f"({sequence_length},) or None; got {window!r}."
            )
        return
    shape = symbolic.shape_of(window)
    if len(shape) != 1 or shape[0] not in (None, sequence_length):
        raise ValueError(
            f"`{name}` expects a `window` tensor of shape ({sequence_length},) "
            f"(`sequence_length`); got shape {shape}."
        )
    kind = dtypes.standardize_dtype(symbolic.dtype_of(window))
    if "complex" in kind or kind == "string":
        raise TypeError(f"`{name}` expects a real `window` tensor; got dtype {kind}.")


def _window_values(window, sequence_length):
    """The window the backends take: None, or a 1-D tensor or array of the samples."""
    if isinstance(window, str):
        return _named_window(window, sequence_length)
    return window


def _stft_frames(n, sequence_stride, fft_length, center):
    if n is None:
        return None
    if center:
        n += 2 * (fft_length // 2)
    return 1 + (n - fft_length) // sequence_stride


class _ShortTime(Operation):
    _options = ("sequence_length", "sequence_stride", "fft_length", "window", "center")

    def __init__(self, *values, name=None):
        super().__init__(name=name)
        for option, value in zip(self._options, values, strict=True):
            setattr(self, option, value)

    def _values(self):
        return [getattr(self, option) for option in self._options]

    def get_config(self):
        config = {
            **super().get_config(),
            **dict(zip(self._options, self._values(), strict=True)),
        }
        if not (config["window"] is None or isinstance(config["window"], str)):
            # A window tensor is a call argument, not a setting.
            config["window"] = None
        return config


class STFT(_ShortTime):
    def call(self, x, window=None):
        return stft(x, *self._with_window(window))

    def _with_window(self, window):
        values = self._values()
        if window is not None:
            values[3] = window
        return values

    def compute_output_spec(self, x, window=None):
        length, stride, fft_length, _, center = self._with_window(window)
        shape = symbolic.shape_of(x)
        _check_rank("stft", shape, 1)
        dtype = _real_dtype("stft", x)
        _check_signal_length(shape[-1], fft_length, center)
        frames = _stft_frames(shape[-1], stride, fft_length, center)
        return _pair_spec(shape[:-1] + (frames, fft_length // 2 + 1), dtype)


def _check_signal_length(n, fft_length, center):
    if n is None:  # a dynamic size (inside a traced function): the engine checks it
        return
    if center and n <= fft_length // 2:
        raise ValueError(
            "`stft` with center=True reflect-pads `fft_length // 2` samples on each "
            f"side, so the last axis of `x` must be longer than {fft_length // 2}; got "
            f"{n} samples."
        )
    if not center and n < fft_length:
        raise ValueError(
            f"`stft` with center=False needs at least `fft_length`={fft_length} "
            f"samples on the last axis of `x`; got {n}."
        )


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """The short-time Fourier transform over the last axis of a real signal.

    Args:
        x: a real tensor of rank >= 1 (ints and bools are taken as floatx); the last
            axis holds the samples.
        sequence_length: the length of the window (at most `fft_length`).
        sequence_stride: the number of samples between the starts of two frames.
        fft_length: the number of samples per frame and of its transform.
        window: `"hann"` or `"hamming"` (periodic windows of `sequence_length`), a 1-D
            tensor of `sequence_length` samples, or None (no window).
        center: whether `x` is reflect-padded by `fft_length // 2` samples on each side
            first, so that frame `t` is centred on sample `t * sequence_stride`.

    Returns:
        A tuple `(real, imag)` of shape `x.shape[:-1] + (frames, fft_length // 2 + 1)`,
        where `frames` is `1 + (n - fft_length) // sequence_stride` for `n` samples
        (after padding).

    >>> real, imag = keras.ops.stft(keras.ops.ones((2, 64)), 16, 8, 16)
    >>> real.shape
    (2, 9, 9)
    """
    _check_stft_arguments("stft", sequence_length, sequence_stride, fft_length, window)
    tensor_window = window if not (window is None or isinstance(window, str)) else None
    if symbolic.is_symbolic(x, tensor_window):
        options = (sequence_length, sequence_stride, fft_length, window, center)
        if tensor_window is None:
            return STFT(*options).symbolic_call(x)
        return STFT(*options).symbolic_call(x, tensor_window)
    shape = symbolic.shape_of(x)
    _check_rank("stft", shape, 1)
    _check_signal_length(shape[-1], fft_length, center)
    return active.spectral.stft(
        x,
        sequence_length,
        sequence_stride,
        fft_length,
        _window_values(window, sequence_length),
        bool(center),
        _real_dtype("stft", x),
    )


def _istft_length(frames, sequence_stride, fft_length, length, center):
    if length is not None:
        return length
    if frames is None:
        return None
    total = (frames - 1) * sequence_stride + fft_length
    return total - 2 * (fft_length // 2) if center else total


class ISTFT(_ShortTime):
    _options = _ShortTime._options[:3] + ("length",) + _ShortTime._options[3:]

    def call(self, x, window=None):
        return istft(x, *self._with_window(window))

    def _with_window(self, window):
        values = self._values()
        if window is not None:
            values[4] = window
        return values

    def compute_output_spec(self, x, window=None):
        length, stride, fft_length, out_length, _, center = self._with_window(window)
        _, _, shape, dtype = _parts("istft", x, 2)
        size = _istft_length(shape[-2], stride, fft_length, out_length, center)
        return KerasTensor(shape[:-2] + (size,), dtype=dtype)


def istft(
    x,
    sequence_length,
    sequence_stride,
    fft_length,
    length=None,
    window="hann",
    center=True,
):
    """The inverse short-time Fourier transform: a real signal from its `stft`.

    Each frame is inverted with `irfft`, multiplied by the window again, and the frames
    are overlap-added and divided by the overlap-added squared window (samples no window
    covers are 0). With the arguments given to `stft`, `istft(stft(x))` gives `x` back
    wherever the windows overlap.

    Args:
        x: a tuple `(real, imag)` of two floating tensors of shape
            `(..., frames, fft_length // 2 + 1)`.
        sequence_length: the window length used by `stft`.
        sequence_stride: the number of samples between the starts of two frames.
        fft_length: the number of samples per frame.
        length: the number of samples of the result (cropped or zero-padded to it).
            Defaults to every sample the frames cover (less the `center` padding).
        window: `"hann"`, `"hamming"`, a 1-D tensor of `sequence_length` samples, or
            None (no window), as given to `stft`.
        center: whether `stft` padded the signal by `fft_length // 2` on each side;
            those samples are removed.

    Returns:
        The real signal, of shape `x[0].shape[:-2] + (samples,)`.

    >>> signal = keras.ops.convert_to_tensor(np.random.rand(2, 64).astype("float32"))
    >>> keras.ops.istft(keras.ops.stft(signal, 16, 8, 16), 16, 8, 16).shape
    (2, 64)
    """
    _check_stft_arguments("istft", sequence_length, sequence_stride, fft_length, window)
    _check_length("istft", "length", length, allow_none=True)
    tensor_window = window if not (window is None or isinstance(window, str)) else None
    if symbolic.is_symbolic(*_flat_pair(x), tensor_window):
        options = (sequence_length, sequence_stride, fft_length, length, window, center)
        if tensor_window is None:
            return ISTFT(*options).symbolic_call(x)
        return ISTFT(*options).symbolic_call(x, tensor_window)
    real, imag, shape, dtype = _parts("istft", x, 2)
    return active.spectral.istft(
        real,
        imag,
        sequence_length,
        sequence_stride,
        fft_length,
        length,
        _window_values(window, sequence_length),
        bool(center),
        dtype,
    )


# Complex views.


def _complex_shape(shape):
    if not shape or shape[-1] not in (None, 2):
        raise ValueError(
            "`view_as_complex` expects `x` whose last axis has size 2 (real and "
            f"imaginary parts); got shape {shape}."
        )
    return shape[:-1]


class ViewAsComplex(Operation):
    def call(self, x):
        return view_as_complex(x)

    def compute_output_spec(self, x):
        _view_as_complex_dtype(x)
        return KerasTensor(_complex_shape(symbolic.shape_of(x)), dtype="complex64")


def _view_as_complex_dtype(x):
    dtype = dtypes.standardize_dtype(symbolic.dtype_of(x))
    if "complex" in dtype or dtype == "string":
        raise TypeError(
            f"`view_as_complex` expects a real tensor `x`; got dtype {dtype}."
        )


def view_as_complex(x):
    """A complex tensor from a real one whose last axis holds (real, imag) pairs.

    Args:
        x: a real tensor whose last axis has size 2.

    Returns:
        A complex64 tensor of shape `x.shape[:-1]` (as in Keras 3, whatever the real
        dtype), `x[..., 0] + 1j * x[..., 1]`.

    >>> keras.ops.view_as_complex(keras.ops.array([[1.0, 2.0], [3.0, 4.0]]))
    array([1.+2.j, 3.+4.j], dtype=complex64)
    """
    if isinstance(x, KerasTensor):
        return ViewAsComplex().symbolic_call(x)
    _view_as_complex_dtype(x)
    _complex_shape(symbolic.shape_of(x))
    return active.spectral.view_as_complex(x)


def _view_as_real_dtype(x):
    dtype = dtypes.standardize_dtype(symbolic.dtype_of(x))
    if dtype == "complex128":
        return "float64"
    if dtype == "complex64":
        return "float32"
    if dtype in _FLOATS:
        return dtype
    if dtype == "bool" or dtypes.is_int_dtype(dtype):
        return dtypes.result_type(float)
    raise TypeError(f"`view_as_real` expects a numeric tensor `x`; got dtype {dtype}.")


class ViewAsReal(Operation):
    def call(self, x):
        return view_as_real(x)

    def compute_output_spec(self, x):
        return KerasTensor(symbolic.shape_of(x) + (2,), dtype=_view_as_real_dtype(x))


def view_as_real(x):
    """A real tensor whose new last axis holds the (real, imag) parts of `x`.

    Args:
        x: a complex tensor (a real one is taken with zero imaginary parts; ints and
            bools as floatx).

    Returns:
        A tensor of shape `x.shape + (2,)`: float32 for complex64, float64 for
        complex128, else the floating dtype of `x`.

    >>> keras.ops.view_as_real(keras.ops.array([1 + 2j], dtype="complex64"))
    array([[1., 2.]], dtype=float32)
    """
    if isinstance(x, KerasTensor):
        return ViewAsReal().symbolic_call(x)
    return active.spectral.view_as_real(x, _view_as_real_dtype(x))
