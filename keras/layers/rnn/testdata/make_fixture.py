"""Writes `rnn_models.keras` and `rnn_models_expected.npz` with the REAL upstream Keras
(PyPI `keras==3.15.1`, JAX backend), never with this repository.

Run it from outside the repository, with a throwaway virtualenv holding keras 3.15.1
(never install the PyPI `keras` into the project's environment):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /path/to/keras/layers/rnn/testdata/make_fixture.py

The model, a Sequential: integer tokens (7,) through Embedding(10, 5, mask_zero=True),
LSTM(4), GRU(3) (reset_after=True), RNN([LSTMCell(3), GRUCell(2)]), SimpleRNN(3), all
with return_sequences=True, then GRU(2, reset_after=False, go_backwards=True). Every
weight is replaced by a fixed normal draw (so the biases are not zero). The npz holds
`tokens` (with trailing zeros, i.e. masked steps) and `y = model.predict(tokens)`.
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
    # A Sequential model: Keras 3.15 writes the mask ops of a functional graph
    # (NotEqual) into its config, a Sequential config holds only the layers.
    model = keras.Sequential(
        [
            keras.Input((7,), dtype="int32"),
            layers.Embedding(10, 5, mask_zero=True),
            layers.LSTM(4, return_sequences=True),
            layers.GRU(3, return_sequences=True),
            layers.RNN([layers.LSTMCell(3), layers.GRUCell(2)], return_sequences=True),
            layers.SimpleRNN(3, return_sequences=True),
            layers.GRU(2, reset_after=False, go_backwards=True),
        ]
    )
    rng = np.random.default_rng(7)
    model.set_weights(
        [rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()]
    )
    data = rng.integers(1, 10, size=(4, 7)).astype("int32")
    data[0, 5:] = 0
    data[1, 2:] = 0
    data[3, 6:] = 0
    y = model.predict(data, verbose=0)
    model.save(os.path.join(HERE, "rnn_models.keras"))
    np.savez(os.path.join(HERE, "rnn_models_expected.npz"), tokens=data, y=y)


if __name__ == "__main__":
    main()
