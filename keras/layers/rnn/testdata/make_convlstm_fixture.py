"""Writes `conv_lstm_models.keras` and `conv_lstm_models_expected.npz` with the REAL
upstream Keras (PyPI `keras==3.15.1`, JAX backend), never with this repository.

Run it from outside the repository, with a throwaway virtualenv holding keras 3.15.1
(never install the PyPI `keras` into the project's environment):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /path/to/keras/layers/rnn/testdata/make_convlstm_fixture.py

The model, a Sequential on sequences (3, 6, 6, 2) (time, rows, cols, channels):
ConvLSTM2D(3, 3, padding="same", return_sequences=True), then ConvLSTM2D(2, (2, 3),
strides=(2, 1), go_backwards=True). Every weight is replaced by a fixed normal draw
(so the biases are not zero). The npz holds the inputs `x` and
`y = model.predict(x)`. No mask: Keras 3.15.1 fails on a masked ConvLSTM call.
"""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if keras.__version__ != "3.15.1":
        sys.exit(f"needs keras 3.15.1, found {keras.__version__}")
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((3, 6, 6, 2)),
            layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True),
            layers.ConvLSTM2D(2, (2, 3), strides=(2, 1), go_backwards=True),
        ]
    )
    rng = np.random.default_rng(11)
    model.set_weights(
        [rng.normal(0, 0.4, w.shape).astype("float32") for w in model.get_weights()]
    )
    x = rng.normal(0, 1, size=(2, 3, 6, 6, 2)).astype("float32")
    y = model.predict(x, verbose=0)
    model.save(os.path.join(HERE, "conv_lstm_models.keras"))
    np.savez(os.path.join(HERE, "conv_lstm_models_expected.npz"), x=x, y=y)


if __name__ == "__main__":
    main()
