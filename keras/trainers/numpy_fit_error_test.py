import numpy as np
import pytest

import keras
from keras import layers


def test_fit_on_numpy_is_a_clear_error_and_predict_works():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 3), "float32")
    with pytest.raises(NotImplementedError, match="not supported on the numpy backend"):
        model.fit(x, np.ones((4, 2), "float32"), verbose=0)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(model.predict(x, verbose=0), x @ kernel + bias, rtol=1e-6)
