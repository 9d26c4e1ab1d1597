"""STFT: the kernel of a 1-D convolution computing a short-time Fourier transform."""

import numpy as np

from keras import ops
from keras.backends.common import dtypes
from keras.backends.common import variables
from keras.initializers.base import Initializer

_SIDES = ("real", "imag")
_SCALINGS = ("density", "spectrum", None)


def _as_numpy(values):
    if ops.is_tensor(values):
        return ops.convert_to_numpy(values)
    return np.asarray(values)


class STFT(Initializer):
    """The real or imaginary part of a windowed DFT, as a Conv1D kernel.

    For a kernel of shape (T, C, F), frame length T and F = fft_length // 2 + 1
    frequency bins (the others are conjugates of these), entry [t, c, f] is
    `w[t] / s * cos(-2 pi t f / fft_length)` ("real") or the same with sin ("imag"),
    so convolving a signal with it gives its short-time Fourier transform. `w` is the
    window and `s` its scaling (1 without).

    Args:
        side: "real" or "imag": which part of the transform the kernel computes.
        window: the name of a `scipy.signal.windows` window (e.g. "hann",
            "hamming"), an array of T window values, or None for no window.
        scaling: "density" (s = the L2 norm of the window), "spectrum" (s = the sum of
            the window) or None (s = 1).
        periodic: whether a named window is periodic (as for spectral analysis)
            rather than symmetric.

    >>> kernel = keras.initializers.STFT("real", "hann")((256, 1, 129))
    """

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in _SIDES:
            raise ValueError(f"`side` must be one of {_SIDES}; got side={side!r}.")
        if scaling not in _SCALINGS:
            raise ValueError(
                f"`scaling` must be one of {_SCALINGS}; got scaling={scaling!r}."
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def _window(self, frame_length):
        """The window values (frame_length,) divided by their scaling, in float64."""
        if isinstance(self.window, str):
            # scipy.signal is slow to import; only named windows need it.
            from scipy import signal

            window = signal.get_window(self.window, frame_length, fftbins=self.periodic)
        else:
            window = _as_numpy(self.window).astype("float64")
        if window.shape != (frame_length,):
            raise ValueError(
                f"`window` must hold one value per frame step, {frame_length}; got "
                f"shape {window.shape}."
            )
        if self.scaling == "density":
            return window / np.sqrt(np.sum(window**2))
        if self.scaling == "spectrum":
            return window / np.sum(np.abs(window))
        return window

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        dtype = dtypes.standardize_dtype(dtype)
        if not dtypes.is_float_dtype(dtype):
            raise ValueError(f"STFT only makes floating point kernels; got {dtype!r}.")
        if len(shape) != 3 or shape[2] < 1:
            raise ValueError(
                "STFT needs a Conv1D kernel shape (frame_length, channels, "
                f"fft_length // 2 + 1); got shape={shape}."
            )
        frame_length, _, bins = shape
        fft_length = 2 * (bins - 1)
        time = np.arange(frame_length)[:, None]  # (T, 1)
        frequency = np.arange(bins)[None, :] / max(fft_length, 1)  # (1, F)
        angle = -2 * np.pi * time * frequency  # (T, F)
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            kernel = kernel * self._window(frame_length)[:, None]
        kernel = np.broadcast_to(kernel[:, None, :], shape).copy()  # (T, C, F)
        return ops.convert_to_tensor(kernel, dtype=dtype)

    def get_config(self):
        window = self.window
        if window is not None and not isinstance(window, str):
            window = _as_numpy(window).tolist()
        return {
            "side": self.side,
            "window": window,
            "scaling": self.scaling,
            "periodic": self.periodic,
        }


STFTInitializer = STFT
