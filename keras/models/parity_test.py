"""Parity: the same functional model with the same weights gives the same outputs on every
backend. Each backend's run is compared with one NumPy reference computed from the same
weights, so all four agree with each other within 2e-5 relative."""

import numpy as np

import keras
from keras import layers
from keras.backends import active


def build_model():
    text = keras.Input((6,), name="text")
    meta = keras.Input((4,), name="meta")
    shared = layers.Dense(5, activation="tanh", name="shared")
    merged = layers.Concatenate(name="merge")(
        [shared(text), shared(layers.Dense(6, name="lift")(meta))]
    )
    score = layers.Dense(1, activation="sigmoid", name="score")(merged)
    label = layers.Dense(3, activation="softmax", name="label")(merged)
    return keras.Model([text, meta], [score, label])


def numpy_reference(weights, text, meta):
    kl, bl, ks, bs, k_score, b_score, k_label, b_label = weights
    shared = lambda x: np.tanh(x @ ks + bs)  # noqa: E731
    merged = np.concatenate([shared(text), shared(meta @ kl + bl)], axis=-1)
    score = 1.0 / (1.0 + np.exp(-(merged @ k_score + b_score)))
    logits = merged @ k_label + b_label
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return score, exp / exp.sum(axis=-1, keepdims=True)


def test_two_inputs_two_outputs_shared_layer_parity():
    model = build_model()
    rng = np.random.default_rng(2024)
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in model.weights]
    model.set_weights(weights)
    assert [w.path.split("/")[0] for w in model.weights] == [
        "lift", "lift", "shared", "shared", "score", "score", "label", "label"
    ]  # Keras 3's order: by depth from the outputs
    text = rng.standard_normal((8, 6)).astype("float32")
    meta = rng.standard_normal((8, 4)).astype("float32")
    score, label = model([text, meta])
    ref_score, ref_label = numpy_reference(
        [w.astype("float64") for w in weights], text.astype("float64"), meta.astype("float64")
    )
    np.testing.assert_allclose(active.convert_to_numpy(score), ref_score, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(active.convert_to_numpy(label), ref_label, rtol=1e-5, atol=1e-6)
