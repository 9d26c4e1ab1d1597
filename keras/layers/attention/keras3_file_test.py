"""A `.keras` file of attention layers written by Keras 3.15.1 (testdata/, see
make_fixture.py there) loads here with the same predictions."""

import os

import numpy as np

import keras
from keras import ops

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")


def test_keras3_attention_models_load_with_the_same_predictions():
    model = keras.saving.load_model(os.path.join(HERE, "attention_models.keras"))
    with np.load(os.path.join(HERE, "attention_models_expected.npz")) as arrays:
        expected = {key: arrays[key] for key in arrays.files}
    names = [type(layer).__name__ for layer in model.layers]
    assert names.count("MultiHeadAttention") == 3
    assert {"GroupedQueryAttention", "Attention", "AdditiveAttention"} <= set(names)
    inputs = [expected["query"], expected["value"], expected["grid"]]
    y_sequence, y_grid = model.predict(inputs, verbose=0)
    np.testing.assert_allclose(
        ops.convert_to_numpy(y_sequence), expected["y_sequence"], rtol=1e-5, atol=1e-5
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(y_grid), expected["y_grid"], rtol=1e-5, atol=1e-5
    )
