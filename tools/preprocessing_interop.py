"""Preprocessing models from this keras, loaded by the real Keras 3 (issue 17).

The Keras 3 -> ours direction is tested by the fixtures in
keras/layers/preprocessing/testdata/. This script checks the other one for an adapted
Normalization, StringLookup and TextVectorization: `write` saves the three models with
THIS keras plus their inputs and outputs; `check`, run with Keras 3.15.1 in a throwaway
venv (never the project's interpreter), loads them and compares.

    KERAS_BACKEND=jax tools/python tools/preprocessing_interop.py write /tmp/pp
    cd /tmp && KERAS_BACKEND=tensorflow ~/.cache/keras3-bench-venv/bin/python \\
        /work/main/tools/preprocessing_interop.py check /tmp/pp

(Check under Keras's tensorflow backend: its jax and torch backends do not take string
arrays in `model(x)`.)
"""

import os
import sys

import numpy as np

MODELS = ("normalization", "string_lookup", "text_vectorization")


def write(out):
    import keras

    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 2.0, (64, 4)).astype("float32")
    norm = keras.layers.Normalization()
    norm.adapt(x)
    inputs = keras.Input((4,))
    model = keras.Model(inputs, keras.layers.Dense(2)(norm(inputs)))
    _save(model, out, "normalization", x[:8], extra={})

    lookup = keras.layers.StringLookup()
    lookup.adapt(np.array(["a", "b", "c", "a", "b", "a"]))
    inputs = keras.Input((3,), dtype="string")
    words = np.array([["a", "b", "c"], ["c", "zz", "a"], ["b", "b", "q"]])
    model = keras.Model(inputs, lookup(inputs))
    _save(model, out, "string_lookup", words, {"vocabulary": lookup.get_vocabulary()})

    texts = np.array(["the cat sat", "a dog ran far", "the dog sat on the cat", "birds"])
    vectorize = keras.layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    vectorize.adapt(texts)
    inputs = keras.Input((1,), dtype="string")
    model = keras.Model(inputs, vectorize(inputs))
    _save(
        model,
        out,
        "text_vectorization",
        texts[:, None],
        {"vocabulary": vectorize.get_vocabulary()},
    )


def _save(model, out, name, x, extra):
    import keras

    model.save(os.path.join(out, f"{name}.keras"))
    y = keras.ops.convert_to_numpy(model(x))
    arrays = {key: np.array(value) for key, value in extra.items()}
    np.savez(os.path.join(out, f"{name}.npz"), x=x, y=y, **arrays)


def check(directory):
    import keras

    failures = 0
    for name in MODELS:
        model = keras.saving.load_model(os.path.join(directory, f"{name}.keras"))
        saved = np.load(os.path.join(directory, f"{name}.npz"))
        got = keras.ops.convert_to_numpy(model(saved["x"]))
        same = got.shape == saved["y"].shape and np.allclose(got, saved["y"], atol=1e-5)
        if "vocabulary" in saved:
            layer = model.layers[-1]
            same = same and list(layer.get_vocabulary()) == list(saved["vocabulary"])
        print(f"{name}: {'same outputs and vocabulary' if same else 'MISMATCH'}")
        failures += not same
    return failures


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write(sys.argv[2])
    else:
        sys.exit(1 if check(sys.argv[2]) else 0)
