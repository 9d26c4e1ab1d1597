"""Draws a nested functional model with keras.utils.plot_model and writes PNG files.

An encoder (itself a functional model) is called inside a classifier with a skip
branch; the first picture shows it as one box, the second (`expand_nested=True`)
opens it up. Uses Graphviz's `dot` when installed (tools/graphviz installs it), else
the built-in Pillow renderer.

    tools/python examples/plot_model.py [output folder]
"""

import os
import sys

import keras
from keras import layers


def build_model():
    """A classifier around a nested encoder model."""
    encoder_input = keras.Input((16,), name="features")
    hidden = layers.Dense(8, activation="relu", name="hidden")(encoder_input)
    code = layers.Dense(4, activation="tanh", name="code")(hidden)
    encoder = keras.Model(encoder_input, code, name="encoder")

    inputs = keras.Input((16,), name="inputs")
    encoded = encoder(inputs)
    skip = layers.Dense(4, name="skip")(inputs)
    merged = layers.Concatenate(name="merge")([encoded, skip])
    outputs = layers.Dense(3, activation="softmax", name="classes")(merged)
    return keras.Model(inputs, outputs, name="classifier")


def main(folder):
    os.makedirs(folder, exist_ok=True)
    model = build_model()
    for name, expand in (("classifier.png", False), ("classifier_nested.png", True)):
        path = os.path.join(folder, name)
        keras.utils.plot_model(
            model,
            to_file=path,
            show_shapes=True,
            show_layer_names=True,
            show_layer_activations=True,
            expand_nested=expand,
            dpi=96,
        )
        print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "plots")
