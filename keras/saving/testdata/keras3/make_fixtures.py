"""Regenerate the Keras 3 `.keras` archive fixtures in this directory.

These fixtures are produced by the REAL upstream Keras (PyPI `keras==3.15.1`)
with the JAX backend, so that our re-implementation can be tested against what
Keras 3 actually writes. This script must NOT be run with the project's own
interpreter (`tools/python`), and the PyPI `keras` package must never be
installed into the project's environment. Use a throwaway virtualenv:

    python3 -m venv /tmp/k3venv
    /tmp/k3venv/bin/pip install keras==3.15.1 jax jaxlib h5py numpy
    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /work/main/keras/saving/testdata/keras3/make_fixtures.py

(Run it from a directory outside the repository, e.g. /tmp, so that nothing
from the repository can shadow the venv's `keras`; the script also refuses to
run if `keras` is not 3.15.1 or the backend is not jax.)

All outputs are written next to this script. For each fixture NAME it writes:

    NAME.keras               the archive saved by `model.save(...)` (the fixture)
    NAME_expected.npz        test inputs, `y_pred` = model.predict(inputs), and
                             every array of model.get_weights() as w0, w1, ...
    NAME.config.json         the archive's config.json, pretty-printed
    NAME.metadata.json       the archive's metadata.json, pretty-printed
    NAME.h5_paths.txt        every dataset in the archive's model.weights.h5:
                             "path shape dtype", one per line

`compiled_adam_expected.npz` additionally holds x_train, y_train, the
optimizer variables after saving (opt0, opt1, ...; their `v.path`s as the JSON
string array `opt_paths`), and the result of one more epoch of training after
saving (after_w0, after_w1, ... and after_loss).

The numbers are deterministic (keras.utils.set_random_seed(0) and fixed numpy
generators). The archives themselves are not byte-identical between runs:
metadata.json holds `date_saved`, and zip members carry timestamps.
"""

import io
import json
import os
import sys
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")

import h5py  # noqa: E402
import numpy as np  # noqa: E402

import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
KERAS_VERSION = "3.15.1"


def _check_environment():
    if keras.__version__ != KERAS_VERSION:
        sys.exit(
            f"expected keras=={KERAS_VERSION}, got {keras.__version__} "
            f"from {keras.__file__}"
        )
    if keras.backend.backend() != "jax":
        sys.exit(f"expected the jax backend, got {keras.backend.backend()}")
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    if os.path.abspath(keras.__file__).startswith(repo_root + os.sep):
        sys.exit(f"keras was imported from the repository: {keras.__file__}")
    print(f"keras {keras.__version__} from {keras.__file__}")


def _dump_archive(name, path):
    """Writes NAME.config.json, NAME.metadata.json, NAME.h5_paths.txt."""
    with zipfile.ZipFile(path) as zf:
        for member in ("config.json", "metadata.json"):
            data = json.loads(zf.read(member))
            out = os.path.join(HERE, f"{name}.{member}")
            with open(out, "w") as f:
                json.dump(data, f, indent=2)
                f.write("\n")
        h5_bytes = zf.read("model.weights.h5")
        members = zf.namelist()

    lines = [
        f"# zip members (in order): {' '.join(members)}",
        "# datasets: PATH SHAPE DTYPE; groups: PATH/ followed by their attrs",
    ]
    with h5py.File(io.BytesIO(h5_bytes), "r") as h5:
        lines.append(f"/ {dict(h5.attrs)}")

        def visit(path, obj):
            if isinstance(obj, h5py.Dataset):
                lines.append(f"{path} {tuple(obj.shape)} {obj.dtype}")
            else:
                attrs = {k: str(v) for k, v in obj.attrs.items()}
                lines.append(f"{path}/ {attrs}")

        h5.visititems(visit)
    with open(os.path.join(HERE, f"{name}.h5_paths.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def _weights_dict(model, prefix="w"):
    return {
        f"{prefix}{i}": np.asarray(w) for i, w in enumerate(model.get_weights())
    }


def _save(name, model):
    path = os.path.join(HERE, f"{name}.keras")
    if os.path.exists(path):
        os.remove(path)
    model.save(path)
    _dump_archive(name, path)
    return path


def make_sequential_mlp():
    name = "sequential_mlp"
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(1)
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3),
        ]
    )
    x = rng.standard_normal((5, 8)).astype("float32")
    arrays = {"x": x}
    _save(name, model)
    arrays["y_pred"] = model.predict(x, verbose=0)
    arrays.update(_weights_dict(model))
    np.savez(os.path.join(HERE, f"{name}_expected.npz"), **arrays)


def make_functional_embed():
    name = "functional_embed"
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(2)
    tokens = keras.Input(shape=(6,), dtype="int32", name="tokens")
    features = keras.Input(shape=(4,), dtype="float32", name="features")
    a = keras.layers.Embedding(50, 8)(tokens)
    a = keras.layers.Flatten()(a)
    a = keras.layers.Dense(16, activation="relu")(a)
    a = keras.layers.Dropout(0.3)(a)
    b = keras.layers.Dense(16, activation="relu")(features)
    c = keras.layers.Concatenate()([a, b])
    out = keras.layers.Dense(3, activation="softmax")(c)
    model = keras.Model(inputs=[tokens, features], outputs=out)

    x_tokens = rng.integers(0, 50, size=(5, 6)).astype("int32")
    x_features = rng.standard_normal((5, 4)).astype("float32")
    arrays = {"x_tokens": x_tokens, "x_features": x_features}
    _save(name, model)
    arrays["y_pred"] = model.predict(
        {"tokens": x_tokens, "features": x_features}, verbose=0
    )
    arrays.update(_weights_dict(model))
    np.savez(os.path.join(HERE, f"{name}_expected.npz"), **arrays)


def make_compiled_adam():
    name = "compiled_adam"
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(3)
    model = keras.Sequential(
        [
            keras.Input((8,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    x_train = rng.standard_normal((64, 8)).astype("float32")
    y_train = rng.integers(0, 3, size=(64,)).astype("int32")
    x = rng.standard_normal((5, 8)).astype("float32")
    model.fit(x_train, y_train, batch_size=16, epochs=2, shuffle=False, verbose=0)

    arrays = {"x": x, "x_train": x_train, "y_train": y_train}
    _save(name, model)
    arrays["y_pred"] = model.predict(x, verbose=0)
    arrays.update(_weights_dict(model))
    opt_vars = list(model.optimizer.variables)
    for i, v in enumerate(opt_vars):
        arrays[f"opt{i}"] = np.asarray(v.numpy())
    arrays["opt_paths"] = np.array(json.dumps([v.path for v in opt_vars]))

    history = model.fit(
        x_train, y_train, batch_size=16, epochs=1, shuffle=False, verbose=0
    )
    arrays.update(_weights_dict(model, prefix="after_w"))
    arrays["after_loss"] = np.asarray(history.history["loss"][-1], "float32")
    np.savez(os.path.join(HERE, f"{name}_expected.npz"), **arrays)


def make_cnn_layers():
    """Conv2D, DepthwiseConv2D, Conv2DTranspose, BatchNormalization (with moving
    statistics away from their initial values), GroupNormalization, pooling and global
    pooling in one functional model."""
    name = "cnn_layers"
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(4)
    layers = keras.layers
    inputs = keras.Input((12, 12, 3), name="image")
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.DepthwiseConv2D(3, depth_multiplier=2)(x)
    x = layers.GroupNormalization(groups=4)(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2DTranspose(6, 3, strides=2, padding="same")(x)
    x = layers.AveragePooling2D(pool_size=3, strides=2)(x)
    x = layers.Conv2D(4, 1, data_format="channels_first")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(3)(x)
    model = keras.Model(inputs, outputs)
    # Moving statistics and scales away from their initial values, so that a loader
    # that ignored them would give other predictions.
    weights = [
        (w * rng.uniform(0.8, 1.2, w.shape) + rng.uniform(0.05, 0.15, w.shape)).astype(
            w.dtype
        )
        for w in model.get_weights()
    ]
    model.set_weights(weights)
    x = rng.standard_normal((4, 12, 12, 3)).astype("float32")
    arrays = {"x": x}
    _save(name, model)
    arrays["y_pred"] = model.predict(x, verbose=0)
    arrays.update(_weights_dict(model))
    np.savez(os.path.join(HERE, f"{name}_expected.npz"), **arrays)


# The fixtures, in the order `main` makes them.
FIXTURES = {
    "sequential_mlp": lambda: make_sequential_mlp(),
    "functional_embed": lambda: make_functional_embed(),
    "compiled_adam": lambda: make_compiled_adam(),
    "cnn_layers": lambda: make_cnn_layers(),
}


def main():
    _check_environment()
    only = sys.argv[1:]
    if only:
        # `make_fixtures.py NAME ...` (re)makes only these fixtures.
        unknown = sorted(set(only) - set(FIXTURES))
        if unknown:
            sys.exit(f"unknown fixtures {unknown}; known: {sorted(FIXTURES)}")
        for name in only:
            keras.backend.clear_session()
            FIXTURES[name]()
        print(f"fixtures {only} written to {HERE}")
        return
    # The fixtures are built in this order in one session, so auto-generated
    # names carry over from one to the next (functional_embed has dense_3..5,
    # compiled_adam is sequential_1 with dense_6, dense_7). That is deliberate:
    # the h5 paths in model.weights.h5 do not use layer names.
    keras.backend.clear_session()
    make_sequential_mlp()
    make_functional_embed()
    make_compiled_adam()
    print(f"fixtures written to {HERE}")


if __name__ == "__main__":
    main()
