"""Writes quantized_values.npz: what `layer.quantize` gives in Keras 3.15.1.

For Dense, EinsumDense, Embedding and ReversibleEmbedding layers with fixed float
weights, in int8, int4 (groups of 128, 4 and 3, and per channel), the npz holds every
variable after `quantize` ("<case>/<variable path>") and the outputs on fixed inputs
("<case>/outputs"). `cases()` only uses the public API, so
quantized_interchange_test.py builds the same layers with this keras. Run it with a
Python that has the real Keras 3, from a directory outside this repository:

    KERAS_BACKEND=numpy python make_quantized_values.py <this testdata folder>
"""

import os
import sys

import numpy as np

import keras

CONFIGS = {
    "int8": ("int8", None),
    "int4": ("int4", None),
    "int4b4": ("int4", 4),
    "int4b3": ("int4", 3),
    "int4pc": ("int4", None, "per_channel"),
}


def _layers():
    """(name, layer, build shape, call kwargs, input shape or int range)."""
    return [
        ("dense", keras.layers.Dense(7), (None, 10), {}, (3, 10)),
        ("dense_positive", keras.layers.Dense(5), (None, 9), {}, (3, 9)),
        (
            "einsum",
            keras.layers.EinsumDense("abc,cde->abde", (4, 2, 3), bias_axes="de"),
            (None, 4, 6),
            {},
            (2, 4, 6),
        ),
        (
            "einsum_2",
            keras.layers.EinsumDense("abcd,cde->abe", (4, 5), bias_axes="e"),
            (None, 4, 3, 2),
            {},
            (2, 4, 3, 2),
        ),
        ("embedding", keras.layers.Embedding(11, 7), None, {}, 11),
        (
            "reversible_untied",
            keras.layers.ReversibleEmbedding(11, 7, tie_weights=False),
            None,
            {"reverse": True},
            (2, 7),
        ),
        ("reversible_tied", keras.layers.ReversibleEmbedding(11, 7), None, {"reverse": True}, (2, 7)),
    ]


def cases():
    """Yields (case name, quantized layer, inputs, call kwargs), the same with any
    Keras 3 API."""
    rng = np.random.default_rng(5)
    for label, spec in CONFIGS.items():
        mode, block = spec[0], spec[1]
        for name, layer, shape, kwargs, inputs in _layers():
            layer.build(shape)
            for weight in layer.weights:
                values = rng.normal(size=weight.shape).astype("float32")
                if name == "dense_positive":
                    values = np.abs(values) + 0.5  # no zero in any group's range
                if values.ndim == 2:
                    values[:, 0] = 0.25  # a flat column
                weight.assign(values)
            config = None
            if mode == "int4" and (block is not None or len(spec) > 2):
                config = keras.quantizers.Int4QuantizationConfig(block_size=block)
            layer.quantize(mode, config=config)
            if isinstance(inputs, int):
                x = rng.integers(0, inputs, size=(2, 3)).astype("int32")
            else:
                x = rng.normal(size=inputs).astype("float32")
            yield f"{label}/{name}", layer, x, kwargs


def main(folder):
    found = {}
    for case, layer, x, kwargs in cases():
        for variable in layer.weights:
            found[f"{case}/{variable.name}"] = np.asarray(variable.numpy())
        found[f"{case}/outputs"] = np.asarray(layer(x, **kwargs))
    np.savez_compressed(os.path.join(folder, "quantized_values.npz"), **found)
    print("wrote", len(found), "arrays")


if __name__ == "__main__":
    main(sys.argv[1])
