"""fit on the engine's own data pipelines: tf.data under tensorflow, DataLoader under torch."""

import numpy as np

import keras
from keras import layers
from keras.backends import active


def test_fit_on_the_native_pipeline():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 5)).astype("float32")
    y = x.sum(axis=1, keepdims=True).astype("float32")
    if active.name == "tensorflow":
        import tensorflow as tf

        data = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    else:
        import torch

        dataset = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
        data = torch.utils.data.DataLoader(dataset, batch_size=16)
    model = keras.Sequential([keras.Input((5,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    history = model.fit(data, epochs=5, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    np.testing.assert_allclose(
        model.evaluate(data, verbose=0), model.evaluate(x, y, batch_size=16, verbose=0), rtol=1e-5
    )
