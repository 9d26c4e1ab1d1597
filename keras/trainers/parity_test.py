"""Parity: 20 SGD steps on an MLP from the same initial weights, in the same data order,
give the same losses on jax, torch and tensorflow. Each backend is compared with one NumPy
float64 implementation of the same training (forward pass, backprop and update written
out by hand), so the three backends agree with each other within 1e-4."""

import numpy as np

import keras
from keras import layers


def numpy_training(weights, x, y, lr, steps, batch):
    k1, b1, k2, b2 = [w.astype("float64") for w in weights]
    x = x.astype("float64")
    y = y.astype("float64")
    losses = []
    n = len(x)
    for step in range(steps):
        start = (step * batch) % n
        xb, yb = x[start : start + batch], y[start : start + batch]
        h_pre = xb @ k1 + b1
        h = np.tanh(h_pre)
        out = h @ k2 + b2
        diff = out - yb
        losses.append(np.mean(diff**2))
        d_out = 2.0 * diff / diff.size
        g_k2 = h.T @ d_out
        g_b2 = d_out.sum(axis=0)
        d_h = (d_out @ k2.T) * (1.0 - h**2)
        g_k1 = xb.T @ d_h
        g_b1 = d_h.sum(axis=0)
        k1, b1, k2, b2 = k1 - lr * g_k1, b1 - lr * g_b1, k2 - lr * g_k2, b2 - lr * g_b2
    return np.array(losses)


class BatchLosses(keras.callbacks.Callback):
    """Each batch's own loss: the running mean of the epoch undone."""

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0

    def on_train_begin(self, logs=None):
        self.losses = []

    def on_train_batch_end(self, batch, logs=None):
        mean = float(logs["loss"])
        previous = getattr(self, "_mean", 0.0) if batch > 0 else 0.0
        self.losses.append(mean * (batch + 1) - previous * batch)
        self._mean = mean


def test_twenty_sgd_steps_match_numpy():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((80, 4)).astype("float32")
    y = (np.sin(x.sum(axis=1, keepdims=True)) + 0.1 * x[:, :1]).astype("float32")
    model = keras.Sequential(
        [keras.Input((4,)), layers.Dense(8, activation="tanh"), layers.Dense(1)]
    )
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.weights]
    model.set_weights(weights)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
    recorder = BatchLosses()
    model.fit(x, y, batch_size=16, epochs=4, shuffle=False, verbose=0, callbacks=[recorder])
    got = np.array(recorder.losses)
    assert got.shape == (20,)
    expected = numpy_training(weights, x, y, lr=0.1, steps=20, batch=16)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-6)
    assert expected[-1] < expected[0]
