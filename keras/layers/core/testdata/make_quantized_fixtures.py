"""Writes the quantized-model fixtures of quantized_interchange_test.py with Keras 3.

Run it with a Python that has the real Keras 3 (3.15.1 made the files here), from a
directory outside this repository:

    KERAS_BACKEND=numpy python make_quantized_fixtures.py <this testdata folder>

For each model and mode it writes `<name>_<mode>.keras` and `<name>_<mode>.npz`
(`x`: the inputs, `y0`, `y1`...: the outputs of the quantized model on them).
"""

import os
import sys

import numpy as np

import keras


def mlp():
    inputs = keras.Input((16,))
    x = keras.layers.Dense(32, activation="relu")(inputs)
    return keras.Model(inputs, keras.layers.Dense(8)(x)), (3, 16), "float32"


def einsum():
    inputs = keras.Input((4, 16))
    x = keras.layers.EinsumDense("abc,cde->abde", (4, 2, 8), bias_axes="de")(inputs)
    x = keras.layers.EinsumDense("abcd,cde->abe", (4, 6), bias_axes="e")(x)
    return keras.Model(inputs, x), (3, 4, 16), "float32"


def embedding():
    ids = keras.Input((5,), dtype="int32")
    table = keras.layers.Embedding(20, 8)
    tied = keras.layers.ReversibleEmbedding(20, 8)
    untied = keras.layers.ReversibleEmbedding(20, 8, tie_weights=False)
    hidden = keras.layers.Add()([table(ids), tied(ids)])
    return keras.Model(ids, [tied(hidden, reverse=True), untied(untied(ids), reverse=True)]), (3, 5), "int32"


MODES = {
    "int8": ("int8", None),
    "int4": ("int4", None),
    "int4b4": ("int4", lambda: keras.quantizers.Int4QuantizationConfig(block_size=4)),
    "int4pc": ("int4", lambda: keras.quantizers.Int4QuantizationConfig(block_size=None)),
}


def main(folder):
    rng = np.random.default_rng(7)
    for name, make in (("mlp", mlp), ("einsum", einsum), ("embedding", embedding)):
        for label, (mode, config) in MODES.items():
            keras.utils.set_random_seed(1)
            model, shape, dtype = make()
            for weight in model.weights:
                # Tables of uniform(-0.05, 0.05) would all quantize alike; spread them.
                values = rng.normal(size=weight.shape).astype("float32") * 0.3
                weight.assign(values)
            model.quantize(mode, config=config() if config else None)
            if dtype == "int32":
                x = rng.integers(0, 20, size=shape).astype("int32")
            else:
                x = rng.normal(size=shape).astype("float32")
            outputs = model.predict(x, verbose=0)
            if not isinstance(outputs, list):
                outputs = [outputs]
            base = os.path.join(folder, f"{name}_{label}")
            model.save(base + ".keras")
            np.savez(base + ".npz", x=x, **{f"y{i}": y for i, y in enumerate(outputs)})
            print("wrote", base)


if __name__ == "__main__":
    main(sys.argv[1])
