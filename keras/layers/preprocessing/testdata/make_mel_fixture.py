"""Writes mel_spectrogram_expected.npz: Keras 3.15.1 MelSpectrogram outputs on fixed
signals, for mel_spectrogram_test.py. Run with a Keras 3.15.1 environment, from a
directory outside this repository (so `import keras` finds that Keras):

    cd /tmp && KERAS_BACKEND=numpy python <path>/make_mel_fixture.py <path>/testdata
"""

import json
import sys

import numpy as np

import keras

CASES = [
    dict(fft_length=256, sequence_stride=64, sampling_rate=8000, num_mel_bins=16),
    dict(
        fft_length=128,
        sequence_stride=32,
        sequence_length=100,
        sampling_rate=8000,
        num_mel_bins=10,
        min_freq=100.0,
        max_freq=3000.0,
        power_to_db=False,
        mag_exp=1.0,
    ),
    dict(
        fft_length=256,
        sequence_stride=64,
        sampling_rate=8000,
        num_mel_bins=16,
        top_db=20.0,
        ref_power=2.0,
        window="hamming",
    ),
]


def signals():
    t = np.arange(1000) / 8000.0
    noise = np.random.default_rng(0).standard_normal(1000)
    return np.stack(
        [np.sin(2 * np.pi * 440 * t) + 0.1 * noise, 0.01 * np.sin(2 * np.pi * 1000 * t)]
    ).astype("float32")


def main(out_dir):
    x = signals()
    arrays = {"signals": x}
    for i, case in enumerate(CASES):
        arrays[f"case{i}"] = np.asarray(keras.layers.MelSpectrogram(**case)(x))
    layer = keras.layers.MelSpectrogram()
    arrays["weights_20_129"] = np.asarray(layer.linear_to_mel_weight_matrix())
    np.savez(f"{out_dir}/mel_spectrogram_expected.npz", **arrays)
    configs = {
        "cases": CASES,
        "default_config": layer.get_config(),
        "config_11025": keras.layers.MelSpectrogram(sampling_rate=11025).get_config(),
    }
    with open(f"{out_dir}/mel_spectrogram_expected.json", "w") as f:
        json.dump(configs, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
