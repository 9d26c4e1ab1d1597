"""STFTSpectrogram and MelSpectrogram: values against explicit NumPy transforms and
against Keras 3.15.1 outputs (testdata/mel_spectrogram_expected.*, written by
testdata/make_mel_fixture.py), shapes, configs, training, tf.data and errors."""

import json
import os

import numpy as np
import pytest

import keras
from keras import config
from keras import ops
from keras.layers.testing import FIT_GAPS

_TESTDATA = os.path.join(os.path.dirname(__file__), "testdata")


def _np_window(name, length, periodic):
    if name is None:
        return np.ones(length)
    period = length if periodic else length - 1
    a = 0.5 if name == "hann" else 0.54
    return a - (1 - a) * np.cos(2 * np.pi * np.arange(length) / period)


def _np_stft(x, frame_length, frame_step, fft_length, window="hann", periodic=False,
             scaling="density", padding="valid"):
    """Explicit frame-by-frame DFT of `x` `(batch, time)`: (real, imag) per frame."""
    win = _np_window(window, frame_length, periodic)
    if scaling == "density":
        win = win / np.sqrt((win**2).sum())
    elif scaling == "spectrum":
        win = win / win.sum()
    if padding == "same":
        frames = -(-x.shape[1] // frame_step)
        total = max((frames - 1) * frame_step + frame_length - x.shape[1], 0)
        x = np.pad(x, [(0, 0), (total // 2, total - total // 2)])
    frames = (x.shape[1] - frame_length) // frame_step + 1
    bins = fft_length // 2 + 1
    real = np.zeros((x.shape[0], frames, bins))
    imag = np.zeros((x.shape[0], frames, bins))
    for b in range(x.shape[0]):
        for t in range(frames):
            seg = x[b, t * frame_step : t * frame_step + frame_length] * win
            for k in range(bins):
                phase = 2 * np.pi * k * np.arange(frame_length) / fft_length
                real[b, t, k] = np.sum(seg * np.cos(phase))
                imag[b, t, k] = -np.sum(seg * np.sin(phase))
    return real, imag


def _signals(shape=(2, 40, 3)):
    return np.random.default_rng(0).standard_normal(shape).astype("float32")


@pytest.mark.parametrize(
    "mode", ["real", "imag", "magnitude", "psd", "log", "angle", "stft"]
)
def test_stft_modes_match_numpy(mode):
    x = _signals()
    layer = keras.layers.STFTSpectrogram(mode=mode, frame_length=8, fft_length=16)
    out = ops.convert_to_numpy(layer(x))
    per_channel = []
    for c in range(3):
        re, im = _np_stft(x[:, :, c].astype("float64"), 8, 4, 16)
        power = re**2 + im**2
        psd = power.copy()
        psd[..., 1:-1] *= 2
        per_channel.append(
            {
                "real": re,
                "imag": im,
                "magnitude": np.sqrt(np.maximum(power, 1e-7)),
                "psd": psd,
                "log": 0.5 * np.log(np.maximum(power, 1e-7)),
                "angle": np.arctan2(im, re),
                "stft": np.concatenate([re, im], -1),
            }[mode]
        )
    expected = np.concatenate(per_channel, axis=-1)  # channel-major on the last axis
    assert out.shape == expected.shape == layer.compute_output_shape(x.shape)
    if mode == "angle":
        # +pi and -pi are the same angle (a zero imaginary part's sign is round-off).
        diff = np.angle(np.exp(1j * (out - expected)))
        np.testing.assert_allclose(diff, 0, atol=1e-4)
    else:
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_stft_layouts_padding_and_windows():
    x = _signals((2, 30, 2))
    opts = dict(frame_length=8, frame_step=3, window="hamming", periodic=True,
                scaling="spectrum", padding="same")
    re0, _ = _np_stft(x[:, :, 0].astype("float64"), 8, 3, 8, "hamming", True,
                      "spectrum", "same")
    re1, _ = _np_stft(x[:, :, 1].astype("float64"), 8, 3, 8, "hamming", True,
                      "spectrum", "same")
    expand = keras.layers.STFTSpectrogram(mode="real", expand_dims=True, **opts)
    out = ops.convert_to_numpy(expand(x))
    assert out.shape == (2, 10, 5, 2) == expand.compute_output_shape(x.shape)
    np.testing.assert_allclose(out[..., 0], re0, atol=1e-5)
    np.testing.assert_allclose(out[..., 1], re1, atol=1e-5)
    xt = np.transpose(x, (0, 2, 1))
    first = keras.layers.STFTSpectrogram(
        mode="real", data_format="channels_first", **opts
    )
    out = ops.convert_to_numpy(first(xt))
    assert out.shape == (2, 10, 10) == first.compute_output_shape(xt.shape)
    np.testing.assert_allclose(out[:, 5:], re1.transpose(0, 2, 1), atol=1e-5)
    first_expand = keras.layers.STFTSpectrogram(
        mode="real", data_format="channels_first", expand_dims=True, **opts
    )
    out = ops.convert_to_numpy(first_expand(xt))
    assert out.shape == (2, 2, 10, 5)
    np.testing.assert_allclose(out[:, 0], re0, atol=1e-5)
    rect = keras.layers.STFTSpectrogram(mode="real", frame_length=8, window=None,
                                        scaling=None)
    re, _ = _np_stft(x[:, :, 0].astype("float64"), 8, 4, 8, None, scaling=None)
    np.testing.assert_allclose(ops.convert_to_numpy(rect(x))[..., :5], re, atol=1e-5)


def test_stft_weights_config_and_symbolic():
    layer = keras.layers.STFTSpectrogram(frame_length=16, fft_length=32, name="spec")
    layer.build((None, 64, 1))
    assert [w.path for w in layer.weights] == ["spec/real_kernel", "spec/imag_kernel"]
    assert tuple(layer.real_kernel.shape) == (16, 1, 17)
    assert len(layer.trainable_weights) == 2
    config = layer.get_config()
    assert config == {
        "name": "spec",
        "trainable": True,
        "dtype": config["dtype"],
        "mode": "log",
        "frame_length": 16,
        "frame_step": None,
        "fft_length": 32,
        "window": "hann",
        "periodic": False,
        "scaling": "density",
        "padding": "valid",
        "data_format": "channels_last",
        "expand_dims": False,
    }
    clone = keras.layers.STFTSpectrogram.from_config(config)
    x = _signals((1, 64, 1))
    np.testing.assert_allclose(
        ops.convert_to_numpy(clone(x)), ops.convert_to_numpy(layer(x)), atol=1e-5
    )
    symbolic = layer(keras.Input((64, 1)))
    assert tuple(symbolic.shape) == (None, 7, 17)


def test_stft_trains():
    if config.backend() in FIT_GAPS:
        pytest.skip(FIT_GAPS[config.backend()])
    model = keras.Sequential(
        [
            keras.Input((32, 1)),
            keras.layers.STFTSpectrogram(mode="magnitude", frame_length=8),
            keras.layers.Flatten(),
            keras.layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    before = ops.convert_to_numpy(model.layers[0].real_kernel).copy()
    x = _signals((4, 32, 1))
    model.fit(x, np.ones((4, 1), "float32"), epochs=1, batch_size=4, verbose=0)
    after = ops.convert_to_numpy(model.layers[0].real_kernel)
    assert not np.allclose(before, after)  # the DFT kernels are trainable weights


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"mode": "foo"}, "mode"),
        ({"frame_length": 16, "fft_length": 8}, "fft_length"),
        ({"window": "bad"}, "window"),
        ({"scaling": "bad"}, "scaling"),
        ({"padding": "causal"}, "padding"),
        ({"data_format": "nhwc"}, "data_format"),
        ({"frame_length": 0}, "frame_length"),
    ],
)
def test_stft_argument_errors(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        keras.layers.STFTSpectrogram(**kwargs)


def test_stft_rank_error():
    with pytest.raises(ValueError):
        keras.layers.STFTSpectrogram(frame_length=8)(np.zeros((2, 40), "float32"))


# MelSpectrogram.


def _np_mel(x, fft_length, sequence_stride, sequence_length, window, sampling_rate,
            num_mel_bins, min_freq, max_freq, power_to_db, top_db, mag_exp,
            min_power, ref_power):
    """Centred (reflect-padded) frames, |DFT|**mag_exp, triangular HTK mel bands."""
    pad = fft_length // 2
    x = np.pad(x, [(0, 0), (pad, pad)], mode="reflect")
    win = _np_window(window, sequence_length, periodic=True)
    left = (fft_length - sequence_length) // 2
    win = np.pad(win, (left, fft_length - sequence_length - left))
    frames = (x.shape[1] - fft_length) // sequence_stride + 1
    bins = fft_length // 2 + 1
    spec = np.zeros((x.shape[0], frames, bins))
    for b in range(x.shape[0]):
        for t in range(frames):
            seg = x[b, t * sequence_stride : t * sequence_stride + fft_length] * win
            spec[b, t] = np.abs(np.fft.rfft(seg)) ** mag_exp

    def mel(f):
        return 1127.0 * np.log(1.0 + f / 700.0)

    edges = np.linspace(mel(min_freq), mel(max_freq), num_mel_bins + 2)
    fbank = np.zeros((bins, num_mel_bins))
    for k in range(1, bins):
        m = mel(k * (sampling_rate / 2) / (bins - 1))
        for j in range(num_mel_bins):
            up = (m - edges[j]) / (edges[j + 1] - edges[j])
            down = (edges[j + 2] - m) / (edges[j + 2] - edges[j + 1])
            fbank[k, j] = max(0.0, min(up, down))
    out = np.transpose(spec @ fbank, (0, 2, 1))
    if power_to_db:
        out = 10 * np.log10(np.maximum(out, min_power))
        out -= 10 * np.log10(max(min_power, ref_power))
        if top_db is not None:
            out = np.maximum(out, out.max() - top_db)
    return out


def _expected():
    arrays = np.load(os.path.join(_TESTDATA, "mel_spectrogram_expected.npz"))
    with open(os.path.join(_TESTDATA, "mel_spectrogram_expected.json")) as f:
        return arrays, json.load(f)


@pytest.mark.parametrize("case", [0, 1, 2])
def test_mel_matches_keras_and_numpy(case):
    arrays, meta = _expected()
    kwargs = meta["cases"][case]
    x = arrays["signals"]
    layer = keras.layers.MelSpectrogram(**kwargs)
    out = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(out, arrays[f"case{case}"], rtol=1e-3, atol=2e-3)
    full = {**layer.get_config()}
    for key in ("name", "trainable", "dtype"):
        full.pop(key)
    reference = _np_mel(x.astype("float64"), **full)
    np.testing.assert_allclose(out, reference, rtol=1e-3, atol=2e-3)
    assert out.shape == layer.compute_output_shape(x.shape)


def test_mel_weight_matrix_and_config():
    arrays, meta = _expected()
    layer = keras.layers.MelSpectrogram()
    np.testing.assert_allclose(
        ops.convert_to_numpy(layer.linear_to_mel_weight_matrix()),
        arrays["weights_20_129"],
        atol=1e-5,  # Keras builds the matrix in float32
    )
    config = layer.get_config()
    expected = dict(meta["default_config"])
    for key in ("name", "dtype"):
        expected.pop(key), config.pop(key)
    assert config == expected
    odd = keras.layers.MelSpectrogram(sampling_rate=11025).get_config()
    assert odd["max_freq"] == meta["config_11025"]["max_freq"]
    clone = keras.layers.MelSpectrogram.from_config(layer.get_config())
    assert clone.get_config()["num_mel_bins"] == 128


def test_mel_unbatched_symbolic_and_tf_data():
    layer = keras.layers.MelSpectrogram(
        fft_length=64, sequence_stride=16, sampling_rate=8000, num_mel_bins=8
    )
    x = _signals((3, 200, 1))[..., 0]
    batched = ops.convert_to_numpy(layer(x))
    assert batched.shape == (3, 8, 13)
    one = ops.convert_to_numpy(
        keras.layers.MelSpectrogram(
            fft_length=64, sequence_stride=16, sampling_rate=8000, num_mel_bins=8,
            top_db=None,
        )(x[0])
    )
    assert one.shape == (8, 13)
    assert tuple(layer(keras.Input((200,))).shape) == (None, 8, 13)
    tf = pytest.importorskip("tensorflow")
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(3).map(layer)
    mapped = next(iter(dataset)).numpy()
    np.testing.assert_allclose(mapped, batched, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"fft_length": 0}, "fft_length"),
        ({"sequence_stride": -1}, "sequence_stride"),
        ({"fft_length": 64, "sequence_length": 128}, "sequence_length"),
        ({"window": "kaiser"}, "window"),
        ({"min_freq": 9000.0}, "min_freq"),
    ],
)
def test_mel_argument_errors(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        keras.layers.MelSpectrogram(**kwargs)
