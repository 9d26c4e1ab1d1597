"""A functional VAE whose sampling layer draws noise of a dynamic shape.

Building the model traces `Sampling.call` on KerasTensors, where `ops.shape(z_mean)`
is `(None, 2)`: the random op must give a KerasTensor of that shape. The model then
predicts on every backend and trains (with a KL loss from `add_loss`) where `fit` can.
"""

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.ops import testing
from keras.layers.testing import FIT_GAPS

LATENT = 2
FEATURES = 4


class Sampling(layers.Layer):
    """z = z_mean + exp(z_log_var / 2) * eps, with eps ~ N(0, 1) of z_mean's shape."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps


class KLDivergence(layers.Layer):
    """Adds the KL divergence of N(z_mean, exp(z_log_var)) from N(0, 1) as a loss."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        terms = 1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var)
        self.add_loss(-0.5 * ops.mean(ops.sum(terms, axis=1)))
        return z_mean


def numpy_kl(z_mean, z_log_var):
    terms = 1 + z_log_var - z_mean**2 - np.exp(z_log_var)
    return -0.5 * np.mean(np.sum(terms, axis=1))


def build_vae():
    inputs = keras.Input((FEATURES,))
    hidden = layers.Dense(8, activation="relu")(inputs)
    z_mean = layers.Dense(LATENT, name="z_mean")(hidden)
    z_log_var = layers.Dense(LATENT, name="z_log_var")(hidden)
    z_mean = KLDivergence()([z_mean, z_log_var])
    z = Sampling(name="sampling")([z_mean, z_log_var])
    outputs = layers.Dense(FEATURES)(z)
    return keras.Model(inputs, outputs), keras.Model(inputs, [z_mean, z_log_var, z])


def data(samples=10, seed=0):
    return np.random.default_rng(seed).standard_normal((samples, FEATURES)).astype(
        "float32"
    )


def test_sampling_on_keras_tensors_keeps_the_unknown_batch_dim():
    z_mean = keras.Input((LATENT,))
    z = Sampling()([z_mean, keras.Input((LATENT,))])
    testing.assert_spec(z, (None, LATENT), "float32")


def test_sampling_draws_from_the_given_normal():
    rows = 20000
    z_mean = np.full((rows, LATENT), 1.5, "float32")
    z_log_var = np.full((rows, LATENT), np.log(4.0), "float32")
    z = testing.to_numpy(Sampling()([z_mean, z_log_var]))
    assert z.shape == (rows, LATENT)
    # Mean 1.5, standard deviation 2: within about five standard errors.
    assert abs(z.mean() - 1.5) < 5 * 2 / np.sqrt(z.size)
    assert abs(z.std() - 2.0) < 5 * 2 / np.sqrt(2 * z.size)


def test_vae_predicts_and_adds_the_kl_loss():
    vae, encoder = build_vae()
    x = data()
    prediction = testing.to_numpy(vae.predict(x, batch_size=4, verbose=0))
    assert prediction.shape == (10, FEATURES)
    assert np.all(np.isfinite(prediction))
    z_mean, z_log_var, z = (testing.to_numpy(t) for t in encoder(x))
    assert z.shape == (10, LATENT)
    # Noise was drawn: z is not z_mean.
    assert not np.allclose(z, z_mean)
    vae(x)
    assert len(vae.losses) == 1
    testing.assert_close(vae.losses[0], numpy_kl(z_mean, z_log_var), rtol=1e-4)


@pytest.mark.skipif(
    testing.backend_name() in FIT_GAPS,
    reason=FIT_GAPS.get(testing.backend_name(), ""),
)
def test_vae_fits():
    vae, _ = build_vae()
    vae.compile(optimizer="adam", loss="mse")
    x = data()
    before = [testing.to_numpy(w) for w in vae.trainable_weights]
    # 10 samples in batches of 4: the last batch of 2 has another batch size, which
    # tf.function traces with an unknown dim (a scalar tensor in `ops.shape`).
    history = vae.fit(x, x, batch_size=4, epochs=2, verbose=0)
    losses = history.history["loss"]
    assert len(losses) == 2 and np.all(np.isfinite(losses))
    after = [testing.to_numpy(w) for w in vae.trainable_weights]
    assert all(not np.array_equal(a, b) for a, b in zip(after, before))
    prediction = testing.to_numpy(vae.predict(x, batch_size=4, verbose=0))
    assert prediction.shape == (10, FEATURES) and np.all(np.isfinite(prediction))
