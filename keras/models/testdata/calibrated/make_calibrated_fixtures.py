"""Writes the GPTQ/AWQ fixtures of calibrated_interchange_test.py with Keras 3.

Run it with a Python that has the real Keras 3 (3.15.1 made the files here), from a
directory outside this repository:

    KERAS_BACKEND=jax python make_calibrated_fixtures.py <this folder>

The model: int32 tokens -> Embedding -> a block (EinsumDense "abc,cde->abde" and a
Reshape) -> Dense. For each case it writes `calibrated_<case>.keras` and `.npz` (`x`:
tokens, `y`: the quantized model's outputs on them, `w_<layer>`: each quantized
layer's kernel as it computes with it, (in, out)). Keras 3.15.1 saves GPTQ/AWQ
layers without their zero points (and cannot load its own files back), so only the
symmetric GPTQ file stands for its model; the others check our error.
"""

import os
import sys

import numpy as np

import keras

CASES = {
    "gptq_sym": ("gptq", {"weight_bits": 4, "symmetric": True}),
    "gptq_sym8": ("gptq", {"weight_bits": 8, "symmetric": True, "group_size": -1}),
    "gptq_asym": ("gptq", {"weight_bits": 4}),
    "awq": ("awq", {}),
}


def model():
    keras.utils.set_random_seed(0)
    tokens = keras.Input((8,), dtype="int32")
    embedding = keras.layers.Embedding(100, 64, name="emb")
    inner = keras.Input((8, 64))
    x = keras.layers.EinsumDense(
        "abc,cde->abde", output_shape=(None, 4, 16), bias_axes="de", name="e1"
    )(inner)
    block = keras.Model(inner, keras.layers.Reshape((8, 64))(x), name="block")
    dense = keras.layers.Dense(10, name="d2")
    return keras.Model(tokens, dense(block(embedding(tokens))))


def main(folder):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 100, size=(64, 8)).astype("int32")
    for case, (mode, settings) in CASES.items():
        m = model()
        structure = {
            "pre_block_layers": [m.get_layer("emb")],
            "sequential_blocks": [m.get_layer("block"), m.get_layer("d2")],
        }
        common = dict(
            dataset=x,
            tokenizer=lambda s: s,
            num_samples=32,
            sequence_length=8,
            quantization_layer_structure=structure,
        )
        common["group_size"] = settings.pop("group_size", 32)
        if mode == "gptq":
            config = keras.quantizers.GPTQConfig(**common, **settings)
        else:
            config = keras.quantizers.AWQConfig(**common, **settings)
        m.quantize(mode, config=config)
        # The structure holds layers, which a saved config cannot (Keras 3.15.1
        # recurses forever on them).
        config.quantization_layer_structure = None
        out = {"x": x, "y": np.asarray(m.predict(x, verbose=0))}
        for layer in (m.get_layer("block").get_layer("e1"), m.get_layer("d2")):
            out[f"config_{layer.name}"] = np.array(str(layer.get_config()))
        m.save(os.path.join(folder, f"calibrated_{case}.keras"))
        np.savez(os.path.join(folder, f"calibrated_{case}.npz"), **out)
        print(case, keras.__version__, [l.dtype_policy.name for l in m.layers])


if __name__ == "__main__":
    main(sys.argv[1])
