"""Writes `wrapper_models.keras` and `wrapper_models_expected.npz` with the REAL
upstream Keras (PyPI `keras==3.15.1`, JAX backend), never with this repository.

Run it from outside the repository, with a throwaway virtualenv holding keras 3.15.1
(never install the PyPI `keras` into the project's environment):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /path/to/keras/layers/rnn/testdata/make_wrappers_fixture.py

The model, a Sequential: float sequences (6, 4) through Masking(0.0),
Bidirectional(LSTM(3, return_sequences=True)) (merge_mode "concat"),
TimeDistributed(Dense(4, activation="tanh")), then
Bidirectional(LSTM(2, return_sequences=True), merge_mode="sum"). Every weight is
replaced by a fixed normal draw (so the biases are not zero). The npz holds `x` (with
trailing all-zero steps, i.e. masked steps) and `y = model.predict(x)`.
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
            keras.Input((6, 4)),
            layers.Masking(0.0),
            layers.Bidirectional(layers.LSTM(3, return_sequences=True)),
            layers.TimeDistributed(layers.Dense(4, activation="tanh")),
            layers.Bidirectional(
                layers.LSTM(2, return_sequences=True), merge_mode="sum"
            ),
        ]
    )
    rng = np.random.default_rng(11)
    model.set_weights(
        [rng.normal(0, 0.5, w.shape).astype("float32") for w in model.get_weights()]
    )
    x = rng.normal(0, 1, size=(3, 6, 4)).astype("float32")
    x[0, 4:] = 0.0
    x[2, 1:] = 0.0
    y = model.predict(x, verbose=0)
    model.save(os.path.join(HERE, "wrapper_models.keras"))
    np.savez(os.path.join(HERE, "wrapper_models_expected.npz"), x=x, y=y)


if __name__ == "__main__":
    main()
