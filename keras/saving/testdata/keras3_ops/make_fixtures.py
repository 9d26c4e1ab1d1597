"""Regenerate the Keras 3 fixture of a Functional model with keras.ops between layers.

Run with the REAL upstream Keras (PyPI `keras==3.15.1`, jax backend) from a directory
outside the repository, never with the project's interpreter (see
../keras3/make_fixtures.py for the throwaway virtualenv):

    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /work/main/keras/saving/testdata/keras3_ops/make_fixtures.py

It writes, next to this script:

    ops_graph.keras           the archive saved by `model.save(...)`
    ops_graph_expected.npz    `x` (int32 token ids, zeros are padding) and
                              `y_pred` = model.predict(x)
    ops_graph.config.json     the archive's config.json, pretty-printed
    ops_many.keras            one output per op over the op families
    ops_many_expected.npz     its inputs (in_v, in_i, in_img) and predictions (out_NAME)

The graph puts keras.ops on KerasTensors between layers, so that Keras 3 writes them
as operation entries (NotEqual, Any, Sum, Where, ...) of the Functional config.
"""

import json
import os
import sys
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

import keras  # noqa: E402
from keras import ops  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def build():
    """A masked mean of embeddings, then a few ops of each family to a scalar."""
    tokens = keras.Input((6,), dtype="int32", name="tokens")
    mask = ops.not_equal(tokens, 0)
    any_token = ops.any(mask, axis=1, keepdims=True)
    embedded = keras.layers.Embedding(12, 4, name="embed")(tokens)
    weights = ops.expand_dims(ops.cast(mask, "float32"), -1)
    total = ops.sum(ops.multiply(embedded, weights), axis=1)
    count = ops.maximum(ops.sum(weights, axis=1), 1.0)
    mean = ops.divide(total, count)
    mean = ops.where(any_token, mean, ops.zeros_like(mean))
    hidden = keras.layers.Dense(5, name="hidden")(mean)
    hidden = ops.nn.relu(hidden)
    joined = ops.concatenate([hidden, ops.square(mean)], axis=-1)
    joined = ops.reshape(joined, (-1, 3, 3))
    joined = ops.transpose(joined, (0, 2, 1))
    pooled = ops.mean(joined, axis=1)
    pooled = ops.clip(pooled, -2.0, 2.0)
    probs = ops.nn.softmax(pooled, axis=-1)
    logits = keras.layers.Dense(1, name="out")(ops.concatenate([probs, pooled], axis=1))
    return keras.Model(tokens, ops.tanh(logits), name="ops_graph")


def build_many():
    """One output per op (or short chain of ops), over the op families; several ops
    whose class Keras 3 names differently from its function (IsIn, LeftShift, RMSNorm,
    RGBToGrayscale...)."""
    v = keras.Input((4,), name="v")
    i = keras.Input((4,), dtype="int32", name="i")
    img = keras.Input((4, 4, 3), name="img")
    f = lambda t: ops.cast(t, "float32")  # noqa: E731
    outputs = {
        "abs": ops.abs(v),
        "true_divide": ops.true_divide(v, 2.0),
        "bitwise_not": f(ops.bitwise_not(i)),
        "left_shift": f(ops.left_shift(i, 1)),
        "right_shift": f(ops.right_shift(i, 1)),
        "isin": f(ops.isin(i, ops.array([1, 3, 5]))),
        "repeat": ops.repeat(v, 2, axis=1),
        "trapezoid": ops.expand_dims(ops.trapezoid(v, dx=0.5), -1),
        "pad": ops.pad(v, ((0, 0), (1, 2))),
        "isclose": f(ops.isclose(v, ops.round(v))),
        "rms_norm": ops.rms_normalization(v),
        "layer_norm": ops.layer_normalization(v),
        "gelu": ops.nn.gelu(v),
        "leaky_relu": ops.nn.leaky_relu(v, negative_slope=0.3),
        "log_softmax": ops.nn.log_softmax(v),
        "one_hot": ops.reshape(ops.one_hot(ops.abs(i) % 4, 4), (-1, 16)),
        "cumsum": ops.cumsum(v, axis=1),
        "sort": ops.sort(v),
        "argmax": f(ops.expand_dims(ops.argmax(v, axis=1), -1)),
        "logsumexp": ops.logsumexp(v, axis=1, keepdims=True),
        "top_k": ops.top_k(v, 2)[0],
        "stack": ops.reshape(ops.stack([v, ops.sqrt(ops.abs(v))], axis=1), (-1, 8)),
        "einsum": ops.einsum("bi,bj->bij", v, v)[:, 0],
        "take": ops.take(v, ops.array([3, 0]), axis=1),
        "triu": ops.reshape(
            ops.triu(ops.reshape(ops.tile(v, (1, 4)), (-1, 4, 4))), (-1, 16)
        ),
        "grayscale": ops.reshape(ops.image.rgb_to_grayscale(img), (-1, 16)),
        "resize": ops.reshape(ops.image.resize(img, (2, 2)), (-1, 12)),
        "hsv": ops.reshape(ops.image.rgb_to_hsv(ops.sigmoid(img)), (-1, 48)),
    }
    return keras.Model({"v": v, "i": i, "img": img}, outputs, name="ops_many")


def main():
    if keras.__version__ != "3.15.1" or keras.backend.backend() != "jax":
        sys.exit(f"expected keras 3.15.1 on jax; got {keras.__version__}")
    repo_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
    if os.path.abspath(keras.__file__).startswith(repo_root + os.sep):
        sys.exit(f"keras was imported from the repository: {keras.__file__}")
    keras.utils.set_random_seed(0)
    model = build()
    rng = np.random.default_rng(0)
    x = rng.integers(1, 12, size=(5, 6)).astype("int32")
    x[1, 3:] = 0  # padding at the end
    x[2, :] = 0  # no token at all: the `where` branch
    y_pred = model.predict(x, verbose=0)
    path = os.path.join(HERE, "ops_graph.keras")
    model.save(path)
    np.savez(os.path.join(HERE, "ops_graph_expected.npz"), x=x, y_pred=y_pred)
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    with open(os.path.join(HERE, "ops_graph.config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print("wrote", path)

    model = build_many()
    inputs = {
        "v": rng.standard_normal((3, 4)).astype("float32"),
        "i": rng.integers(-6, 7, size=(3, 4)).astype("int32"),
        "img": rng.uniform(0, 1, size=(3, 4, 4, 3)).astype("float32"),
    }
    inputs["v"][0, :2] = [1.0, -2.0]  # whole numbers for `isclose`
    y_many = model.predict(inputs, verbose=0)
    path = os.path.join(HERE, "ops_many.keras")
    model.save(path)
    np.savez(
        os.path.join(HERE, "ops_many_expected.npz"),
        **{"in_" + k: a for k, a in inputs.items()},
        **{"out_" + k: a for k, a in y_many.items()},
    )
    print("wrote", path)


if __name__ == "__main__":
    main()
