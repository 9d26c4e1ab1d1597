"""Quickstart: train a small classifier on the 8x8 handwritten digits that ship with
scikit-learn (no download), then report the test accuracy.

    tools/bazel run //examples:quickstart                    # default backend (jax)
    tools/bazel run //examples:quickstart --config=torch     # or tensorflow
    KERAS_BACKEND=tensorflow tools/python examples/quickstart.py
"""

import argparse
import os
import sys
import time


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", help="jax, torch or tensorflow (default: KERAS_BACKEND)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--verbose", type=int, default=1, help="0 silent, 1 bars, 2 lines")
    return parser.parse_args(argv)


def load_digits_split(seed=0, test_fraction=0.2):
    """(x_train, y_train), (x_test, y_test): pixels scaled to [0, 1], a fixed shuffle."""
    import numpy as np
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.data / 16.0).astype("float32")
    y = digits.target.astype("int32")
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    n_test = int(len(x) * test_fraction)
    return (x[n_test:], y[n_test:]), (x[:n_test], y[:n_test])


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.backend:
        os.environ["KERAS_BACKEND"] = args.backend
    import keras

    (x_train, y_train), (x_test, y_test) = load_digits_split()
    print(
        f"backend: {keras.backend.backend()}; {len(x_train)} training and {len(x_test)} "
        "test images of 8x8 digits"
    )
    model = keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10),
        ],
        name="digits_mlp",
    )
    model.summary()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    model.fit(
        x_train,
        y_train,
        batch_size=args.batch_size,
        epochs=args.epochs,
        validation_split=0.1,
        verbose=args.verbose,
    )
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"training time: {seconds:.1f} s")
    print(f"test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    main()
