"""The model GPTQ/AWQ tests quantize (calibration_test.py and
calibration_interchange_test.py): tokens -> Embedding -> block -> Dense."""

import numpy as np

import keras

TOKENS = np.random.default_rng(0).integers(0, 100, size=(96, 8)).astype("int32")


def token_model():
    """int32 tokens -> Embedding -> block (EinsumDense "abc,cde->abde", Reshape) ->
    Dense; the embedding's channels differ in size, as activations of real models do."""
    keras.utils.set_random_seed(0)
    tokens = keras.Input((8,), dtype="int32")
    embedding = keras.layers.Embedding(100, 64, name="emb")
    inner = keras.Input((8, 64))
    x = keras.layers.EinsumDense(
        "abc,cde->abde", output_shape=(None, 4, 16), bias_axes="de", name="e1"
    )(inner)
    block = keras.Model(inner, keras.layers.Reshape((8, 64))(x), name="block")
    dense = keras.layers.Dense(10, name="d2")
    model = keras.Model(tokens, dense(block(embedding(tokens))))
    rng = np.random.default_rng(1)
    mixing = np.eye(64) + rng.normal(size=(64, 64)) / 8
    table = rng.normal(size=(100, 64)) @ mixing * np.exp(rng.normal(size=64))
    embedding.embeddings.assign(table.astype("float32"))
    return model


def structure(model):
    return {
        "pre_block_layers": [model.get_layer("emb")],
        "sequential_blocks": [model.get_layer("block"), model.get_layer("d2")],
    }


def config(mode, model, **settings):
    common = dict(
        dataset=TOKENS,
        tokenizer=None,
        num_samples=64,
        sequence_length=8,
        group_size=32,
        quantization_layer_structure=structure(model),
    )
    common.update(settings)
    if mode == "gptq":
        return keras.quantizers.GPTQConfig(**common)
    return keras.quantizers.AWQConfig(**common)
