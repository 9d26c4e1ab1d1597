"""Writes the Keras 3.15.1 fixtures of the preprocessing tests with the REAL upstream
Keras (PyPI `keras==3.15.1`, JAX backend, TensorFlow installed beside it), never with
this repository.

Run it from outside the repository, with a throwaway virtualenv holding keras 3.15.1
(never install the PyPI `keras` into the project's environment):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /path/to/keras/layers/preprocessing/testdata/make_fixture.py

Files:
- `normalization_model.keras`: a Sequential of Normalization(axis=-1), adapted on a
  fixed normal draw of shape (64, 3) with per-feature shifts and scales, then
  Dense(2) with fixed weights; `normalization_expected.npz` holds the adapt data `x`,
  the inputs `probe` and `y = model.predict(probe)`.
- `hashing_expected.json`: Hashing and HashedCrossing outputs of Keras 3.15.1 for
  string and integer inputs, per configuration (num_bins, mask_value, salt).
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

STRINGS = ["", "a", "b", "keras", "hello world", "Zürich", "0", "-17", "1.5"]
INTS = [0, 1, 2, 3, -1, -17, 42, 123456789, 2**40]
HASHING_CASES = [
    {"num_bins": 7},
    {"num_bins": 1000},
    {"num_bins": 5, "mask_value": ""},
    {"num_bins": 5, "salt": 7},
    {"num_bins": 11, "salt": [3, 141]},
]
INT_HASHING_CASES = [
    {"num_bins": 7},
    {"num_bins": 1000},
    {"num_bins": 5, "mask_value": 0},
    {"num_bins": 11, "salt": [3, 141]},
]


def normalization_fixture():
    rng = np.random.default_rng(17)
    x = (rng.normal(size=(64, 3)) * [1.0, 3.0, 0.5] + [2.0, -1.0, 10.0]).astype(
        "float32"
    )
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(x)
    model = keras.Sequential([keras.Input((3,)), norm, keras.layers.Dense(2)])
    dense = model.layers[-1]
    dense.set_weights(
        [rng.normal(size=(3, 2)).astype("float32"), np.array([0.5, -0.25], "float32")]
    )
    probe = rng.normal(size=(5, 3)).astype("float32") * 2.0
    y = model.predict(probe, verbose=0)
    model.save(os.path.join(HERE, "normalization_model.keras"))
    np.savez(os.path.join(HERE, "normalization_expected.npz"), x=x, probe=probe, y=y)


def hashing_fixture():
    out = {"strings": STRINGS, "ints": INTS, "string_cases": [], "int_cases": []}
    for case in HASHING_CASES:
        layer = keras.layers.Hashing(**case)
        y = layer(np.array(STRINGS).reshape(-1, 1))
        out["string_cases"].append(
            {"kwargs": case, "bins": np.asarray(y).ravel().tolist()}
        )
    for case in INT_HASHING_CASES:
        layer = keras.layers.Hashing(**case)
        y = layer(np.array(INTS, dtype="int64").reshape(-1, 1))
        bins = np.asarray(y).ravel().tolist()
        out["int_cases"].append({"kwargs": case, "bins": bins})
    crossing = keras.layers.HashedCrossing(num_bins=13)
    y = crossing((np.array(INTS, dtype="int64"), np.array(STRINGS)))
    out["crossing"] = {"num_bins": 13, "bins": np.asarray(y).ravel().tolist()}
    with open(os.path.join(HERE, "hashing_expected.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    if keras.__version__ != "3.15.1":
        sys.exit(f"needs keras 3.15.1, found {keras.__version__}")
    normalization_fixture()
    hashing_fixture()


if __name__ == "__main__":
    main()
