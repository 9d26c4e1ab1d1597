"""fit on the engine's own data pipelines: tf.data under tensorflow, DataLoader under torch."""

import numpy as np
import pytest

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


def _conv_valid(x, kernel, bias):
    """NumPy reference of a 'valid' Conv2D, channels_last, stride 1."""
    n, h, w, _ = x.shape
    kh, kw, _, filters = kernel.shape
    out = np.zeros((n, h - kh + 1, w - kw + 1, filters), dtype="float64")
    for b in range(n):
        for i in range(h - kh + 1):
            for j in range(w - kw + 1):
                for f in range(filters):
                    window = x[b, i : i + kh, j : j + kw, :]
                    out[b, i, j, f] = np.sum(window * kernel[..., f]) + bias[f]
    return out


@pytest.mark.skipif(
    active.name != "tensorflow",
    reason="fit on a tf.data.Dataset with an unknown batch size traces the batch dim "
    "as a tensor on tensorflow only",
)
def test_flatten_and_reshape_fit_on_tf_data_with_unknown_batch():
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = rng.standard_normal((10, 4, 4, 1)).astype("float32")
    y = rng.standard_normal((10, 1)).astype("float32")
    # 10 samples in batches of 4: the batch dim is None in the dataset's spec.
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(4, drop_remainder=False)
    assert data.element_spec[0].shape[0] is None
    model = keras.Sequential(
        [
            keras.Input((4, 4, 1)),
            layers.Conv2D(2, 3),
            layers.Flatten(),
            layers.Reshape((2, 4)),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(data, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    after = model.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(after, before))
    kernel, bias, dense_kernel, dense_bias = after
    expected = _conv_valid(x, kernel, bias).reshape(10, -1) @ dense_kernel + dense_bias
    np.testing.assert_allclose(
        model.predict(data, verbose=0), expected, rtol=1e-4, atol=1e-5
    )
