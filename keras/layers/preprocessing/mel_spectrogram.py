"""MelSpectrogram: the power spectrogram of signals on the mel scale, optionally in dB.

Built on `keras.ops.stft` (frames centred by reflect padding), a mel filterbank of
triangular filters equally spaced on the HTK mel scale `1127 * ln(1 + f / 700)`, and a
decibel conversion clipped `top_db` below the largest value of the batch (as Keras 3).
"""

import numpy as np

from keras import ops
from keras.backends.common import dtypes
from keras.layers.preprocessing.tf_data_layer import TFDataLayer


def _hertz_to_mel(frequencies):
    return 1127.0 * np.log1p(np.asarray(frequencies, dtype="float64") / 700.0)


def mel_weight_matrix(
    num_mel_bins,
    num_spectrogram_bins,
    sampling_rate,
    lower_edge_hertz,
    upper_edge_hertz,
):
    """The `(num_spectrogram_bins, num_mel_bins)` float64 filterbank (NumPy).

    Spectrogram bin `k` stands for `k * (sampling_rate / 2) / (num_spectrogram_bins -
    1)` Hz; the DC bin gets no weight. Mel band `m` is the triangle rising from edge `m`
    to edge `m + 1` and falling to edge `m + 2`, of `num_mel_bins + 2` edges equally
    spaced in mel between the two edge frequencies.
    """
    nyquist = sampling_rate / 2.0
    frequencies = np.linspace(0.0, nyquist, num_spectrogram_bins)[1:]
    bins_mel = _hertz_to_mel(frequencies)[:, None]
    edges = np.linspace(
        _hertz_to_mel(lower_edge_hertz),
        _hertz_to_mel(upper_edge_hertz),
        num_mel_bins + 2,
    )
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (bins_mel - lower) / (center - lower)
    falling = (upper - bins_mel) / (upper - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.concatenate([np.zeros((1, num_mel_bins)), weights], axis=0)


def _check_positive_int(value, argument):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(
            f"`{argument}` must be a positive integer; received {argument}={value!r}."
        )


class MelSpectrogram(TFDataLayer):
    """Mel spectrograms of a batch of signals `(batch, time)` (or one signal `(time,)`).

    The output is `(batch, num_mel_bins, time // sequence_stride + 1)`.

    Args:
        fft_length: DFT size of each frame.
        sequence_stride: samples between frames.
        sequence_length: window length (<= fft_length); defaults to `fft_length`.
        window: "hann", "hamming" or None.
        sampling_rate: samples per second of the signals.
        num_mel_bins: number of mel bands.
        min_freq: lowest frequency (Hz) of the filterbank.
        max_freq: highest frequency (Hz); defaults to `sampling_rate / 2`.
        power_to_db: whether to return `10 * log10(power / ref_power)`.
        top_db: when converting to dB, values more than `top_db` below the largest one
            are raised to it (None: no clipping).
        mag_exp: the exponent of the magnitude (2: power spectrogram).
        min_power: the floor of the power (and of `ref_power`) before the log.
        ref_power: the power that maps to 0 dB.
    """

    def __init__(
        self,
        fft_length=2048,
        sequence_stride=512,
        sequence_length=None,
        window="hann",
        sampling_rate=16000,
        num_mel_bins=128,
        min_freq=20.0,
        max_freq=None,
        power_to_db=True,
        top_db=80.0,
        mag_exp=2.0,
        min_power=1e-10,
        ref_power=1.0,
        **kwargs,
    ):
        _check_positive_int(fft_length, "fft_length")
        _check_positive_int(sequence_stride, "sequence_stride")
        _check_positive_int(num_mel_bins, "num_mel_bins")
        if sequence_length is not None:
            _check_positive_int(sequence_length, "sequence_length")
            if sequence_length > fft_length:
                raise ValueError(
                    "`sequence_length` must not exceed `fft_length`; received "
                    f"sequence_length={sequence_length}, fft_length={fft_length}."
                )
        if window not in ("hann", "hamming", None):
            raise ValueError(
                "`window` must be 'hann', 'hamming' or None; received "
                f"window={window!r}."
            )
        if not isinstance(sampling_rate, (int, float)) or sampling_rate <= 0:
            raise ValueError(
                "`sampling_rate` must be a positive number; received "
                f"sampling_rate={sampling_rate!r}."
            )
        super().__init__(**kwargs)
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length or fft_length
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq or int(sampling_rate / 2)
        if not 0 <= self.min_freq < self.max_freq:
            raise ValueError(
                "`min_freq` and `max_freq` must satisfy 0 <= min_freq < max_freq; "
                f"received min_freq={min_freq!r}, max_freq={max_freq!r}."
            )
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        self.built = True

    def linear_to_mel_weight_matrix(
        self,
        num_mel_bins=20,
        num_spectrogram_bins=129,
        sampling_rate=8000,
        lower_edge_hertz=125.0,
        upper_edge_hertz=3800.0,
        dtype="float32",
    ):
        """The `(num_spectrogram_bins, num_mel_bins)` matrix that maps a linear
        spectrogram (last axis) to mel bands by a matmul."""
        weights = mel_weight_matrix(
            num_mel_bins,
            num_spectrogram_bins,
            sampling_rate,
            lower_edge_hertz,
            upper_edge_hertz,
        )
        return ops.convert_to_tensor(weights.astype(dtypes.standardize_dtype(dtype)))

    def call(self, inputs):
        unbatched = len(inputs.shape) == 1
        if unbatched:
            inputs = ops.expand_dims(inputs, 0)
        real, imag = ops.stft(
            inputs,
            sequence_length=self.sequence_length,
            sequence_stride=self.sequence_stride,
            fft_length=self.fft_length,
            window=self.window,
            center=True,
        )
        magnitude = ops.sqrt(ops.square(real) + ops.square(imag))
        spectrogram = ops.power(magnitude, self.mag_exp)
        weights = self.linear_to_mel_weight_matrix(
            num_mel_bins=self.num_mel_bins,
            num_spectrogram_bins=self.fft_length // 2 + 1,
            sampling_rate=self.sampling_rate,
            lower_edge_hertz=self.min_freq,
            upper_edge_hertz=self.max_freq,
            dtype=spectrogram.dtype,
        )
        # (batch, frames, bins) @ (bins, mels), then mels before frames as Keras.
        outputs = ops.transpose(ops.matmul(spectrogram, weights), (0, 2, 1))
        if self.power_to_db:
            outputs = self._to_db(outputs)
        if unbatched:
            outputs = ops.squeeze(outputs, 0)
        return ops.cast(outputs, self.compute_dtype)

    def _to_db(self, power):
        floor = float(self.min_power)
        reference = 10.0 * np.log10(max(floor, float(self.ref_power)))
        decibels = 10.0 * ops.log(ops.maximum(power, floor)) / np.log(10.0) - reference
        if self.top_db is not None:
            # The floor is relative to the loudest value of the whole batch.
            decibels = ops.maximum(decibels, ops.max(decibels) - float(self.top_db))
        return decibels

    def compute_output_shape(self, input_shape):
        time = input_shape[-1]
        frames = None if time is None else time // self.sequence_stride + 1
        if len(input_shape) == 1:
            return (self.num_mel_bins, frames)
        return (input_shape[0], self.num_mel_bins, frames)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "fft_length": self.fft_length,
                "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length,
                "window": self.window,
                "sampling_rate": self.sampling_rate,
                "num_mel_bins": self.num_mel_bins,
                "min_freq": self.min_freq,
                "max_freq": self.max_freq,
                "power_to_db": self.power_to_db,
                "top_db": self.top_db,
                "mag_exp": self.mag_exp,
                "min_power": self.min_power,
                "ref_power": self.ref_power,
            }
        )
        return config
