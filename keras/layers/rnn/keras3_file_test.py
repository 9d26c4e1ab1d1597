"""A `.keras` file of recurrent layers written by Keras 3.15.1 (testdata/, see
make_fixture.py there) loads here with the same predictions, masks included."""

import os

import numpy as np

import keras
from keras import ops

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def test_keras3_rnn_models_load_with_the_same_predictions():
    model = keras.saving.load_model(os.path.join(HERE, "rnn_models.keras"))
    with np.load(os.path.join(HERE, "rnn_models_expected.npz")) as arrays:
        tokens, expected = arrays["tokens"], arrays["y"]
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Embedding", "LSTM", "GRU", "RNN", "SimpleRNN", "GRU"]
    stacked = [layer for layer in model.layers if type(layer).__name__ == "RNN"][0]
    assert [type(c).__name__ for c in stacked.cell.cells] == ["LSTMCell", "GRUCell"]
    y = model.predict(tokens, verbose=0)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)


def test_our_save_of_the_keras3_file_reloads_with_the_same_predictions(tmp_path):
    model = keras.saving.load_model(os.path.join(HERE, "rnn_models.keras"))
    with np.load(os.path.join(HERE, "rnn_models_expected.npz")) as arrays:
        tokens, expected = arrays["tokens"], arrays["y"]
    path = str(tmp_path / "again.keras")
    model.save(path)
    again = keras.saving.load_model(path)
    y = again.predict(tokens, verbose=0)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)
