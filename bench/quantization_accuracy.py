"""Quantization accuracy and weight size: int8, int4, GPTQ and AWQ against float32.

Builds a small MLP and a transformer block, quantizes them with `model.quantize(mode)`
and prints the relative error of the output (||y_q - y|| / ||y||) and the weight bytes
against float32. GPTQ and AWQ (4-bit, groups of 128 input rows as int4's default
blocks) calibrate on the same 256 inputs the error is measured on, walking the MLP's
Dense layers one after the other and the transformer block as one block. Keras 3.15.1
turns calibration samples into int32 token ids whatever they are, so on these float
inputs its GPTQ/AWQ rows calibrate on truncated values. The same file runs under our
keras and under Keras 3.15.1:

    KERAS_BACKEND=jax tools/python bench/quantization_accuracy.py
    cd /tmp && KERAS_BACKEND=jax ~/.cache/keras3-bench-venv/bin/python \\
        /work/main/bench/quantization_accuracy.py

Each engine seeds its own initial weights, so backends differ slightly.
"""

import numpy as np

import keras


def mlp():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((64,))
    x = keras.layers.Dense(256, activation="relu")(inputs)
    x = keras.layers.Dense(256, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(10)(x))


def transformer_block():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((16, 64))
    attention = keras.layers.MultiHeadAttention(num_heads=4, key_dim=16)
    x = keras.layers.LayerNormalization()(inputs + attention(inputs, inputs))
    ffn = keras.layers.Dense(128, activation="relu")(x)
    return keras.Model(inputs, x + keras.layers.Dense(64)(ffn))


def calibrated_config(mode, model, x):
    """A GPTQConfig / AWQConfig calibrating on `x`: the MLP's layers are the blocks in
    turn; the transformer block is one block (its Dense and EinsumDense layers)."""
    layers = [layer for layer in model.layers if layer.weights]
    if all(isinstance(layer, keras.layers.Dense) for layer in layers):
        blocks = layers
    else:
        blocks = [model]
    settings = dict(
        dataset=x,
        tokenizer=lambda sample: sample,
        num_samples=len(x),
        sequence_length=x.shape[1],
        group_size=128,
        quantization_layer_structure={"pre_block_layers": [], "sequential_blocks": blocks},
    )
    if mode == "gptq":
        return keras.quantizers.GPTQConfig(weight_bits=4, **settings)
    return keras.quantizers.AWQConfig(**settings)


def numpy_of(value):
    return np.asarray(keras.ops.convert_to_numpy(value))


def main():
    rng = np.random.default_rng(0)
    rows = []
    for name, make, shape in [("mlp", mlp, (256, 64)), ("block", transformer_block, (64, 16, 64))]:
        x = rng.normal(size=shape).astype("float32")
        for mode in ("int8", "int4", "gptq", "awq"):
            model = make()
            reference = numpy_of(model(x))
            size = sum(numpy_of(v).nbytes for v in model.weights)
            if mode in ("gptq", "awq"):
                try:
                    model.quantize(mode, config=calibrated_config(mode, model, x))
                except Exception as error:  # Keras 3.15.1 cannot walk some models.
                    rows.append(f"{name} {mode} error: {type(error).__name__}: {str(error)[:80]}")
                    continue
            else:
                model.quantize(mode)
            error = np.linalg.norm(numpy_of(model(x)) - reference) / np.linalg.norm(reference)
            quantized_size = sum(numpy_of(v).nbytes for v in model.weights)
            rows.append(f"{name} {mode} err={error * 100:.2f}% mem={quantized_size / size:.3f}")
    print(keras.__file__, keras.backend.backend(), "; ".join(rows))


if __name__ == "__main__":
    main()
