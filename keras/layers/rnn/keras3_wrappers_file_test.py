"""A `.keras` file of Bidirectional and TimeDistributed layers written by Keras 3.15.1
(testdata/, see make_wrappers_fixture.py there) loads here with the same
predictions, masked steps included, and our save of it reloads."""

import os

import numpy as np

import keras
from keras import ops

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def _load_fixture():
    model = keras.saving.load_model(os.path.join(HERE, "wrapper_models.keras"))
    with np.load(os.path.join(HERE, "wrapper_models_expected.npz")) as arrays:
        return model, arrays["x"], arrays["y"]


def test_keras3_wrapper_models_load_with_the_same_predictions():
    model, x, expected = _load_fixture()
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Masking", "Bidirectional", "TimeDistributed", "Bidirectional"]
    first, last = model.layers[1], model.layers[3]
    assert (first.merge_mode, last.merge_mode) == ("concat", "sum")
    assert first.backward_layer.go_backwards and not first.forward_layer.go_backwards
    assert type(model.layers[2].layer).__name__ == "Dense"
    y = model.predict(x, verbose=0)
    assert y.shape == (3, 6, 2)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)


def test_our_save_of_the_keras3_wrapper_file_reloads(tmp_path):
    model, x, expected = _load_fixture()
    path = str(tmp_path / "again.keras")
    model.save(path)
    again = keras.saving.load_model(path)
    y = again.predict(x, verbose=0)
    np.testing.assert_allclose(ops.convert_to_numpy(y), expected, rtol=1e-5, atol=1e-5)
