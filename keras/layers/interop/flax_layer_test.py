"""FlaxLayer: a clear ImportError naming flax when flax is absent; with flax (and the
jax backend), a Linen module's params train in fit."""

import importlib.util

import numpy as np
import pytest

import keras
from keras import layers
from keras import ops

HAS_FLAX = importlib.util.find_spec("flax") is not None
ON_JAX = keras.backend.backend() == "jax"
needs_flax = pytest.mark.skipif(
    not (HAS_FLAX and ON_JAX),
    reason="FlaxLayer needs the flax package (not in the project environment) and the "
    "jax backend",
)

RNG = np.random.default_rng(0)
X = RNG.standard_normal((16, 3)).astype("float32")
Y = X @ np.array([[1.0], [-2.0], [0.5]], dtype="float32")


@pytest.mark.skipif(HAS_FLAX, reason="checks the error raised when flax is absent")
def test_without_flax_construction_names_flax():
    with pytest.raises(ImportError, match="requires the `flax` package"):
        layers.FlaxLayer(object())


@needs_flax
def test_dense_module_trains_and_matches_numpy():
    import flax.linen as nn

    layer = layers.FlaxLayer(nn.Dense(1), seed=0)
    model = keras.Sequential([keras.Input((3,)), layer])
    kernel = np.asarray(ops.convert_to_numpy(layer.params["kernel"]))
    bias = np.asarray(ops.convert_to_numpy(layer.params["bias"]))
    out = np.asarray(ops.convert_to_numpy(model.predict(X, verbose=0)))
    np.testing.assert_allclose(out, X @ kernel + bias, rtol=1e-5, atol=1e-6)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
    losses = model.fit(X, Y, epochs=3, batch_size=8, verbose=0).history["loss"]
    assert losses[-1] < losses[0]
