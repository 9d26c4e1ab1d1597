"""Writes the float8 fixture of float8_test.py with Keras 3.

Run it with a Python that has the real Keras 3 (3.15.1 made the files here) and jax,
from a directory outside this repository:

    KERAS_BACKEND=jax python make_float8_fixture.py <this folder>

It writes `mlp_float8.keras`, a two-layer MLP quantized to "float8" and then trained
for three SGD steps (so that its scales and amax histories hold values), and
`mlp_float8.npz`: `w0, w1, ...` the float weights before `quantize`, `xs`, `ys` the
three training batches, `losses` what `train_on_batch` returned, `x` inputs and `y0`
the trained model's outputs on them.
"""

import os
import sys

import numpy as np

import keras


def main(folder):
    rng = np.random.default_rng(11)
    keras.utils.set_random_seed(1)
    inputs = keras.Input((16,))
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(8)(hidden))
    initial = []
    for weight in model.weights:
        values = (rng.normal(size=weight.shape) * 0.3).astype("float32")
        weight.assign(values)
        initial.append(values)
    model.quantize("float8")
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    xs = rng.normal(size=(3, 8, 16)).astype("float32")
    ys = rng.normal(size=(3, 8, 8)).astype("float32")
    losses = [float(model.train_on_batch(x, y)) for x, y in zip(xs, ys)]
    x = rng.normal(size=(5, 16)).astype("float32")
    y0 = model.predict(x, verbose=0)
    model.save(os.path.join(folder, "mlp_float8.keras"))
    arrays = {f"w{i}": w for i, w in enumerate(initial)}
    np.savez(
        os.path.join(folder, "mlp_float8.npz"),
        xs=xs, ys=ys, losses=np.array(losses, "float32"), x=x, y0=y0, **arrays,
    )
    print("losses", losses)
    for v in model.weights:
        print(v.path, np.asarray(v.numpy()).ravel()[:3])


if __name__ == "__main__":
    main(sys.argv[1])
