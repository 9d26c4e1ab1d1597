"""Small models that the export tests share: each format's test checks that the file it
writes, reloaded by the format's own runtime, predicts what the Keras model predicts.

Built with the public keras API, seeded, a few thousand parameters each, so that a
trace and a reload take a second or two on any backend.
"""

import numpy as np

import keras


def _mlp():
    inputs = keras.Input((8,), name="features")
    x = keras.layers.Dense(32, activation="relu")(inputs)
    x = keras.layers.Dense(16, activation="tanh")(x)
    outputs = keras.layers.Dense(3)(x)
    return keras.Model(inputs, outputs, name="mlp"), (5, 8)


def _cnn():
    inputs = keras.Input((12, 12, 3), name="image")
    x = keras.layers.Conv2D(8, 3, activation="relu")(inputs)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    x = keras.layers.AveragePooling2D(2)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(4)(x)
    return keras.Model(inputs, outputs, name="cnn"), (5, 12, 12, 3)


def _lstm():
    inputs = keras.Input((6, 5), name="sequence")
    x = keras.layers.LSTM(16)(inputs)
    outputs = keras.layers.Dense(2)(x)
    return keras.Model(inputs, outputs, name="lstm"), (5, 6, 5)


def _transformer():
    inputs = keras.Input((6, 16), name="tokens")
    attention = keras.layers.MultiHeadAttention(num_heads=2, key_dim=8)(inputs, inputs)
    x = keras.layers.LayerNormalization()(keras.layers.Add()([inputs, attention]))
    hidden = keras.layers.Dense(32, activation="relu")(x)
    feed_forward = keras.layers.Dense(16)(hidden)
    x = keras.layers.LayerNormalization()(keras.layers.Add()([x, feed_forward]))
    outputs = keras.layers.Dense(3)(keras.layers.GlobalAveragePooling1D()(x))
    return keras.Model(inputs, outputs, name="transformer"), (5, 6, 16)


_BUILDERS = {"mlp": _mlp, "cnn": _cnn, "lstm": _lstm, "transformer": _transformer}


def build_models(names=None, seed=0):
    """`{name: (model, example_input)}` for "mlp", "cnn", "lstm" and "transformer" (or
    those of `names`): a functional model with one float32 input, and a NumPy batch of 5
    for it. Weights and inputs come from `seed`, so two calls build the same models."""
    names = list(_BUILDERS) if names is None else list(names)
    unknown = [n for n in names if n not in _BUILDERS]
    if unknown:
        raise ValueError(
            f"build_models: unknown model names {unknown}; expected some of {list(_BUILDERS)}."
        )
    models = {}
    for i, name in enumerate(names):
        keras.utils.set_random_seed(seed + i)
        model, shape = _BUILDERS[name]()
        example = np.random.default_rng(seed + i).normal(size=shape).astype("float32")
        models[name] = (model, example)
    return models
