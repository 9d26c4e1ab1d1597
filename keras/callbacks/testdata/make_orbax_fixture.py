"""Writes testdata/keras3_orbax/ with Keras 3.15.1's OrbaxCheckpoint: a compiled MLP
trained 2 epochs (steps 0 and 1 kept), and keras3_orbax.npz (`x`, `y`: its
predictions; `iterations`: the optimizer's step count). Run from outside the
repository with the real Keras 3 and orbax-checkpoint:

    KERAS_BACKEND=jax python make_orbax_fixture.py <this testdata folder>
"""

import os
import shutil
import sys

import numpy as np

import keras


def main(folder):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = (x.sum(1) > 0).astype("int32")
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, name="d1"), keras.layers.Dense(2, name="d2")],
        name="seq",
    )
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    root = os.path.join(folder, "keras3_orbax")
    shutil.rmtree(root, ignore_errors=True)
    callback = keras.callbacks.OrbaxCheckpoint(root, max_to_keep=2)
    model.fit(x, y, epochs=2, batch_size=16, callbacks=[callback], verbose=0)
    np.savez(
        os.path.join(folder, "keras3_orbax.npz"),
        x=x[:8],
        y=model.predict(x[:8], verbose=0),
        iterations=int(model.optimizer.iterations),
    )


if __name__ == "__main__":
    main(sys.argv[1])
