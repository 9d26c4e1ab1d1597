"""Test helpers: the Keras 3.15.1 fixtures of testdata/keras3/ and their expected values."""

import os

import numpy as np

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "keras3")
NAMES = ["sequential_mlp", "functional_embed", "compiled_adam", "cnn_layers"]


def expected(name):
    with np.load(os.path.join(HERE, f"{name}_expected.npz")) as z:
        return {key: z[key] for key in z.files}


def inputs(name, arrays):
    if name == "functional_embed":
        return [arrays["x_tokens"], arrays["x_features"]]
    return arrays["x"]


def weights(arrays, prefix="w"):
    count = sum(1 for k in arrays if k.startswith(prefix) and k[len(prefix):].isdigit())
    return [arrays[f"{prefix}{i}"] for i in range(count)]
