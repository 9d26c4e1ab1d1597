"""STFTSpectrogram: the short-time Fourier transform of signals, as a layer.

The transform is a strided 1-D convolution whose kernels hold the windowed cosine and
(negated) sine waves of the DFT, so the kernels are ordinary weights: trainable by
default (as in Keras 3), starting from the exact transform.
"""

import numpy as np

from keras import ops
from keras.backends.common import config as backend_config
from keras.layers.input_spec import InputSpec
from keras.layers.layer import Layer

_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")
_SCALINGS = (None, "density", "spectrum")
_PADDINGS = ("valid", "same")
_WINDOWS = ("hann", "hamming")
# The floor of the power before `sqrt`/`log` (so silence gives a finite log).
_MIN_POWER = 1e-7


def window_values(window, length, periodic):
    """The `window` named (None: rectangular) of `length` samples, in float64.

    `periodic=True` gives the window of a `length`-point DFT (its period is `length`);
    `periodic=False` the symmetric one (first and last samples equal).
    """
    if window is None:
        return np.ones(length)
    period = length if periodic else max(length - 1, 1)
    phase = 2.0 * np.pi * np.arange(length) / period
    if window == "hann":
        return 0.5 - 0.5 * np.cos(phase)
    return 0.54 - 0.46 * np.cos(phase)


class STFTSpectrogram(Layer):
    """The spectrogram of 1-D signals (`(batch, time, channels)` by default).

    Args:
        mode: what to return per frequency bin: "log" (log magnitude), "magnitude",
            "psd" (power spectral density, one-sided: bins other than 0 and the
            Nyquist one doubled), "real", "imag", "angle", or "stft" (real parts then
            imaginary parts, concatenated on the frequency axis).
        frame_length: samples per frame (the window length).
        frame_step: samples between frames; defaults to `frame_length // 2`.
        fft_length: DFT size (>= frame_length); defaults to `frame_length`. The output
            has `fft_length // 2 + 1` bins per channel (twice that in "stft" mode).
        window: "hann", "hamming" or None (rectangular).
        periodic: whether the window is periodic (else symmetric).
        scaling: "density" (kernels divided by sqrt(sum(window**2))), "spectrum"
            (divided by sum(window)) or None.
        padding: "valid" or "same" (as a convolution with stride `frame_step`).
        expand_dims: keep channels on their own axis: `(batch, frames, bins, channels)`
            (channels_first: `(batch, channels, frames, bins)`); else channels and
            bins are merged (channel-major) into one axis.
        data_format: "channels_last" (`(batch, time, channels)`) or "channels_first";
            defaults to the global image data format.
    """

    def __init__(
        self,
        mode="log",
        frame_length=256,
        frame_step=None,
        fft_length=None,
        window="hann",
        periodic=False,
        scaling="density",
        padding="valid",
        expand_dims=False,
        data_format=None,
        **kwargs,
    ):
        if mode not in _MODES:
            raise ValueError(f"`mode` must be one of {_MODES}; received mode={mode!r}.")
        for argument, value in (("frame_length", frame_length),):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(
                    f"`{argument}` must be a positive integer; received "
                    f"{argument}={value!r}."
                )
        for argument, value in (("frame_step", frame_step), ("fft_length", fft_length)):
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 1
            ):
                raise ValueError(
                    f"`{argument}` must be a positive integer or None; received "
                    f"{argument}={value!r}."
                )
        if fft_length is not None and fft_length < frame_length:
            raise ValueError(
                "`fft_length` must be at least `frame_length`; received "
                f"fft_length={fft_length}, frame_length={frame_length}."
            )
        if window is not None and window not in _WINDOWS:
            raise ValueError(
                f"`window` must be one of {_WINDOWS} or None; received "
                f"window={window!r}."
            )
        if scaling not in _SCALINGS:
            raise ValueError(
                f"`scaling` must be one of {_SCALINGS}; received scaling={scaling!r}."
            )
        if padding not in _PADDINGS:
            raise ValueError(
                f"`padding` must be one of {_PADDINGS}; received padding={padding!r}."
            )
        data_format = data_format or backend_config.image_data_format()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError(
                "`data_format` must be 'channels_last' or 'channels_first'; received "
                f"data_format={data_format!r}."
            )
        super().__init__(**kwargs)
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self._frame_step = frame_step or max(frame_length // 2, 1)
        self.fft_length = fft_length
        self._fft_length = fft_length or frame_length
        self.window = window
        self.periodic = periodic
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = expand_dims
        self.data_format = data_format
        self.input_spec = InputSpec(ndim=3)

    def _kernel_values(self):
        """The (real, imag) DFT kernels, `(frame_length, 1, fft_length // 2 + 1)`."""
        length, size = self.frame_length, self._fft_length
        win = window_values(self.window, length, self.periodic)
        if self.scaling == "density":
            win = win / np.sqrt(np.sum(win**2))
        elif self.scaling == "spectrum":
            win = win / np.sum(win)
        bins = np.arange(size // 2 + 1)
        phase = 2.0 * np.pi * np.outer(np.arange(length), bins) / size
        real = (win[:, None] * np.cos(phase))[:, None, :]
        imag = (-win[:, None] * np.sin(phase))[:, None, :]
        return real, imag

    def build(self, input_shape):
        real, imag = self._kernel_values()
        self.real_kernel = self.add_weight(
            name="real_kernel", shape=real.shape, initializer="zeros"
        )
        self.imag_kernel = self.add_weight(
            name="imag_kernel", shape=imag.shape, initializer="zeros"
        )
        self.real_kernel.assign(real.astype(self.real_kernel.dtype))
        self.imag_kernel.assign(imag.astype(self.imag_kernel.dtype))
        self.built = True

    def _transform(self, signals):
        """`signals` `(n, time, 1)` -> the mode's values `(n, frames, bins')`."""
        options = {"strides": self._frame_step, "padding": self.padding}
        options["data_format"] = "channels_last"
        if self.mode == "real":
            return ops.conv(signals, self.real_kernel, **options)
        if self.mode == "imag":
            return ops.conv(signals, self.imag_kernel, **options)
        real = ops.conv(signals, self.real_kernel, **options)
        imag = ops.conv(signals, self.imag_kernel, **options)
        if self.mode == "stft":
            return ops.concatenate([real, imag], axis=-1)
        if self.mode == "angle":
            return ops.arctan2(imag, real)
        power = ops.square(real) + ops.square(imag)
        if self.mode == "psd":
            # One-sided: every bin but DC and (for an even DFT) Nyquist also stands
            # for its negative-frequency twin.
            bins = self._fft_length // 2 + 1
            last = bins - 1 if self._fft_length % 2 == 0 else bins
            factor = np.ones(bins)
            factor[1:last] = 2.0
            return power * ops.convert_to_tensor(factor, dtype=power.dtype)
        power = ops.maximum(power, _MIN_POWER)
        if self.mode == "magnitude":
            return ops.sqrt(power)
        return 0.5 * ops.log(power)

    def call(self, inputs):
        if self.data_format == "channels_last":
            inputs = ops.transpose(inputs, (0, 2, 1))
        # (batch, channels, time): each channel is one more signal.
        shape = ops.shape(inputs)
        batch, channels = shape[0], shape[1]
        signals = ops.reshape(inputs, (-1, shape[2], 1))
        values = self._transform(signals)
        frames, bins = ops.shape(values)[1], ops.shape(values)[2]
        values = ops.reshape(values, (batch, channels, frames, bins))
        if self.data_format == "channels_last":
            if self.expand_dims:
                return ops.transpose(values, (0, 2, 3, 1))
            values = ops.transpose(values, (0, 2, 1, 3))
            return ops.reshape(values, (batch, frames, channels * bins))
        if self.expand_dims:
            return values
        values = ops.transpose(values, (0, 1, 3, 2))
        return ops.reshape(values, (batch, channels * bins, frames))

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            batch, time, channels = input_shape
        else:
            batch, channels, time = input_shape
        if time is None:
            frames = None
        elif self.padding == "same":
            frames = -(-time // self._frame_step)
        else:
            if time < self.frame_length:
                raise ValueError(
                    "The input has fewer samples than `frame_length` with "
                    f"padding='valid': received input_shape={tuple(input_shape)}, "
                    f"frame_length={self.frame_length}."
                )
            frames = (time - self.frame_length) // self._frame_step + 1
        bins = self._fft_length // 2 + 1
        if self.mode == "stft":
            bins *= 2
        if self.data_format == "channels_last":
            if self.expand_dims:
                return (batch, frames, bins, channels)
            merged = None if channels is None else channels * bins
            return (batch, frames, merged)
        if self.expand_dims:
            return (batch, channels, frames, bins)
        merged = None if channels is None else channels * bins
        return (batch, merged, frames)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "mode": self.mode,
                "frame_length": self.frame_length,
                "frame_step": self.frame_step,
                "fft_length": self.fft_length,
                "window": self.window,
                "periodic": self.periodic,
                "scaling": self.scaling,
                "padding": self.padding,
                "data_format": self.data_format,
                "expand_dims": self.expand_dims,
            }
        )
        return config
