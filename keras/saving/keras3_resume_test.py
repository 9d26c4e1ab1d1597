"""The compiled Keras 3.15.1 fixture (testdata/keras3/compiled_adam.keras): loading
restores the Adam state, and one more epoch gives what Keras 3 itself computed."""

import json
import os

import numpy as np

import keras
from keras.saving.keras3_fixtures import HERE
from keras.saving.keras3_fixtures import expected
from keras.saving.keras3_fixtures import weights


def test_keras3_compiled_model_restores_adam_state_and_resumes_exactly():
    arrays = expected("compiled_adam")
    model = keras.saving.load_model(os.path.join(HERE, "compiled_adam.keras"))
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.get_compile_config()["metrics"] == ["accuracy"]
    saved = weights(arrays, "opt")
    state = [np.asarray(v.numpy()) for v in model.optimizer.variables]
    assert len(state) == len(saved) == 10
    for g, w in zip(state, saved):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=0)
    assert int(state[0]) == 8  # 2 epochs of 4 steps
    paths = json.loads(str(arrays["opt_paths"]))
    assert paths[:2] == ["adam/iteration", "adam/learning_rate"]
    history = model.fit(
        arrays["x_train"], arrays["y_train"], batch_size=16, epochs=1, shuffle=False, verbose=0
    )
    np.testing.assert_allclose(history.history["loss"][-1], arrays["after_loss"], atol=1e-5)
    for g, w in zip(model.get_weights(), weights(arrays, "after_w")):
        np.testing.assert_allclose(g, w, rtol=0, atol=1e-5)
