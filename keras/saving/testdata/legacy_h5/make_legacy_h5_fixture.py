"""Writes legacy_h5/keras3_legacy.h5 with Keras 3.15.1's legacy HDF5 writer
(`model.save("....h5")`): a functional model with a BatchNormalization and a nested
Sequential, compiled with Adam and trained one step, and keras3_legacy.npz (`x`, `y`:
its predictions; `iterations`). Also keras3_legacy_weights.h5, the same weights as a
Keras 2-style weights-only file (layer groups at the root). Run from outside the
repository with the real Keras 3:

    KERAS_BACKEND=numpy python make_legacy_h5_fixture.py <this folder>
"""

import os
import sys

import h5py
import numpy as np

import keras


def build():
    keras.utils.set_random_seed(0)
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, name="in_d")], name="inner")
    inputs = keras.Input((4,))
    x = keras.layers.Dense(3, activation="relu", name="d1")(inputs)
    x = keras.layers.BatchNormalization(name="bn")(x)
    outputs = keras.layers.Dense(2, name="d2")(inner(x))
    return keras.Model(inputs, outputs, name="outer")


def main(folder):
    model = build()
    model.compile("adam", "mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 4)).astype("float32")
    if keras.backend.backend() != "numpy":
        model.fit(x, rng.normal(size=(8, 2)).astype("float32"), verbose=0)
    model.save(os.path.join(folder, "keras3_legacy.h5"))
    np.savez(
        os.path.join(folder, "keras3_legacy.npz"),
        x=x,
        y=model.predict(x, verbose=0),
        iterations=int(model.optimizer.iterations),
    )
    # A weights-only file in Keras 2's layout: the model file's weight groups at the root.
    with h5py.File(os.path.join(folder, "keras3_legacy.h5"), "r") as source, h5py.File(
        os.path.join(folder, "keras3_legacy_weights.h5"), "w"
    ) as target:
        for key, value in source["model_weights"].attrs.items():
            target.attrs[key] = value
        for name in source["model_weights"]:
            source.copy(source["model_weights"][name], target, name=name)


if __name__ == "__main__":
    main(sys.argv[1])
