"""A `.keras` file of ConvLSTM2D layers written by Keras 3.15.1 (testdata/, see
make_convlstm_fixture.py there) loads here with the same predictions."""

import os

import numpy as np

import keras
from keras import ops

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _load():
    model = keras.saving.load_model(os.path.join(HERE, "conv_lstm_models.keras"))
    with np.load(os.path.join(HERE, "conv_lstm_models_expected.npz")) as arrays:
        return model, arrays["x"], arrays["y"]


def test_keras3_conv_lstm_model_loads_with_the_same_predictions(tmp_path):
    model, x, expected = _load()
    assert [type(layer).__name__ for layer in model.layers] == [
        "ConvLSTM2D", "ConvLSTM2D"
    ]
    second = model.layers[1]
    assert second.go_backwards and second.strides == (2, 1)
    y = model.predict(x, verbose=0)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)
    # Our save of it reloads with the same predictions.
    path = str(tmp_path / "again.keras")
    model.save(path)
    again = keras.saving.load_model(path)
    y = again.predict(x, verbose=0)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)
