"""`.keras` files written by Keras 3.15.1 (testdata/keras3/, see its README) load here
with the same weights and predictions; the compiled one resumes training exactly."""

import os

import numpy as np
import pytest

import keras
from keras.backends import active
from keras.saving.keras3_fixtures import HERE
from keras.saving.keras3_fixtures import NAMES
from keras.saving.keras3_fixtures import expected
from keras.saving.keras3_fixtures import inputs
from keras.saving.keras3_fixtures import weights


@pytest.mark.parametrize("name", NAMES)
def test_keras3_file_loads_with_same_weights_and_predictions(name):
    arrays = expected(name)
    model = keras.saving.load_model(os.path.join(HERE, f"{name}.keras"), compile=False)
    got = model.get_weights()
    want = weights(arrays)
    assert [w.shape for w in got] == [w.shape for w in want]
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)
    prediction = model.predict(inputs(name, arrays), verbose=0)
    np.testing.assert_allclose(prediction, arrays["y_pred"], rtol=0, atol=1e-5)


def test_keras3_functional_config_is_rebuilt_faithfully():
    model = keras.saving.load_model(os.path.join(HERE, "functional_embed.keras"))
    assert sorted(type(l).__name__ for l in model.layers) == sorted(
        ["InputLayer", "InputLayer", "Embedding", "Flatten", "Dense", "Dropout", "Dense",
         "Concatenate", "Dense"]
    )
    assert [t.name for t in model.inputs] == ["tokens", "features"]
    # The Dropout call was recorded with training=False; fit must still apply dropout.
    dropout = [l for l in model.layers if type(l).__name__ == "Dropout"][0]
    assert dropout.rate == pytest.approx(0.3)
    x = [np.zeros((64, 6), "int32"), np.ones((64, 4), "float32")]
    a = active.convert_to_numpy(model(x, training=True))
    b = active.convert_to_numpy(model(x, training=False))
    assert not np.allclose(a, b)
