"""Writes `.keras` archives with THIS keras, for loading in Keras 3 (the reverse of
keras/saving/testdata/keras3/).

    KERAS_BACKEND=torch tools/python tools/write_interop_files.py /tmp/ours_torch
    cd /tmp && /tmp/k3venv/bin/python /work/main/tools/keras3_interop_check.py /tmp/ours_torch

The models are the three of the Keras 3 fixtures (a Sequential MLP, a Functional model
with Embedding, Dense, Dropout and Concatenate, and an MLP compiled with Adam and trained
2 epochs). Next to each NAME.keras goes NAME_expected.npz with the inputs, our
predictions (`y_pred`), our weights (`w0`, ...) and, for the compiled model, the
optimizer variables (`opt0`, ...), the training data and the weights and loss after one
more epoch (`after_w0`, ..., `after_loss`), in the keys `keras3_interop_check.py` reads.
On the numpy backend (no training) the compiled model is left out.
"""

import json
import os
import sys

import numpy as np

import keras


def _weights(model, prefix="w"):
    return {f"{prefix}{i}": np.asarray(w) for i, w in enumerate(model.get_weights())}


def sequential_mlp(out):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(1).standard_normal((5, 8)).astype("float32")
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3),
        ]
    )
    model.save(os.path.join(out, "sequential_mlp.keras"))
    arrays = {"x": x, "y_pred": model.predict(x, verbose=0), **_weights(model)}
    np.savez(os.path.join(out, "sequential_mlp_expected.npz"), **arrays)


def functional_embed(out):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(2)
    tokens = keras.Input(shape=(6,), dtype="int32", name="tokens")
    features = keras.Input(shape=(4,), dtype="float32", name="features")
    a = keras.layers.Embedding(50, 8)(tokens)
    a = keras.layers.Flatten()(a)
    a = keras.layers.Dense(16, activation="relu")(a)
    a = keras.layers.Dropout(0.3)(a)
    b = keras.layers.Dense(16, activation="relu")(features)
    c = keras.layers.Concatenate()([a, b])
    outputs = keras.layers.Dense(3, activation="softmax")(c)
    model = keras.Model(inputs=[tokens, features], outputs=outputs)
    x_tokens = rng.integers(0, 50, size=(5, 6)).astype("int32")
    x_features = rng.standard_normal((5, 4)).astype("float32")
    model.save(os.path.join(out, "functional_embed.keras"))
    arrays = {
        "x_tokens": x_tokens,
        "x_features": x_features,
        "y_pred": model.predict([x_tokens, x_features], verbose=0),
        **_weights(model),
    }
    np.savez(os.path.join(out, "functional_embed_expected.npz"), **arrays)


def compiled_adam(out):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(3)
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3)]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    x_train = rng.standard_normal((64, 8)).astype("float32")
    y_train = rng.integers(0, 3, size=(64,)).astype("int32")
    x = rng.standard_normal((5, 8)).astype("float32")
    model.fit(x_train, y_train, batch_size=16, epochs=2, shuffle=False, verbose=0)
    model.save(os.path.join(out, "compiled_adam.keras"))
    arrays = {"x": x, "x_train": x_train, "y_train": y_train}
    arrays["y_pred"] = model.predict(x, verbose=0)
    arrays.update(_weights(model))
    variables = list(model.optimizer.variables)
    for i, v in enumerate(variables):
        arrays[f"opt{i}"] = np.asarray(v.numpy())
    arrays["opt_paths"] = np.array(json.dumps([v.path for v in variables]))
    history = model.fit(x_train, y_train, batch_size=16, epochs=1, shuffle=False, verbose=0)
    arrays.update(_weights(model, "after_w"))
    arrays["after_loss"] = np.asarray(history.history["loss"][-1], "float32")
    np.savez(os.path.join(out, "compiled_adam_expected.npz"), **arrays)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    sequential_mlp(out)
    functional_embed(out)
    if keras.backend.backend() != "numpy":
        compiled_adam(out)
    print(f"wrote {sorted(os.listdir(out))} with keras.backend={keras.backend.backend()}")


if __name__ == "__main__":
    main()
