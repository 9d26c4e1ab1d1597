"""Writes `attention_models.keras` and `attention_models_expected.npz` with the REAL
upstream Keras (PyPI `keras==3.15.1`, JAX backend), never with this repository.

Run it from outside the repository, with a throwaway virtualenv holding keras 3.15.1
(never install the PyPI `keras` into the project's environment):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /path/to/keras/layers/attention/testdata/make_fixture.py

The model: inputs `query` (4, 6), `value` (5, 6) and `grid` (3, 2, 6), feeding
MultiHeadAttention(2, 3) (cross attention), MultiHeadAttention(2, 3, output_shape=7,
use_gate=True) with a causal mask, GroupQueryAttention(3, 4, 2),
Attention(use_scale=True, score_mode="concat"), AdditiveAttention() (all on
[query, value]), concatenated; and MultiHeadAttention(2, 3, attention_axes=(1, 2))
self-attention over `grid`. Every weight is replaced by a fixed normal draw (so the
biases are not zero). The npz holds the inputs (`query`, `value`, `grid`) and
`y_sequence`, `y_grid` = `model.predict(...)` in Keras 3.15.1.
"""

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if keras.__version__ != "3.15.1" or keras.backend.backend() != "jax":
        sys.exit(
            f"needs keras 3.15.1 on jax; got {keras.__version__} from {keras.__file__}"
        )
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(5)
    query = keras.Input((4, 6), name="query")
    value = keras.Input((5, 6), name="value")
    grid = keras.Input((3, 2, 6), name="grid")
    layers = keras.layers
    sequence = layers.Concatenate()(
        [
            layers.MultiHeadAttention(2, 3)(query, value),
            layers.MultiHeadAttention(2, 3, output_shape=7, use_gate=True)(
                query, value, use_causal_mask=True
            ),
            layers.GroupQueryAttention(3, 4, 2)(query, value),
            layers.Attention(use_scale=True, score_mode="concat")([query, value]),
            layers.AdditiveAttention()([query, value]),
        ]
    )
    over_grid = layers.MultiHeadAttention(2, 3, attention_axes=(1, 2))(grid, grid)
    model = keras.Model([query, value, grid], [sequence, over_grid])
    model.set_weights(
        [
            0.5 * rng.standard_normal(w.shape).astype("float32")
            for w in model.get_weights()
        ]
    )
    inputs = {
        "query": rng.standard_normal((3, 4, 6)).astype("float32"),
        "value": rng.standard_normal((3, 5, 6)).astype("float32"),
        "grid": rng.standard_normal((3, 3, 2, 6)).astype("float32"),
    }
    y_sequence, y_grid = model.predict(
        [inputs["query"], inputs["value"], inputs["grid"]], verbose=0
    )
    model.save(os.path.join(HERE, "attention_models.keras"))
    np.savez(
        os.path.join(HERE, "attention_models_expected.npz"),
        y_sequence=y_sequence,
        y_grid=y_grid,
        **inputs,
    )
    print(f"written to {HERE}")


if __name__ == "__main__":
    main()
