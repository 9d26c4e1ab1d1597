"""Per-step time of `model.fit` on a tiny MLP vs a hand-written training loop in the
backend's own API, in the same process, on the same data.

    tools/python bench/fit_overhead.py                    # jax, torch, tensorflow
    tools/python bench/fit_overhead.py --backends torch

The model: 32 -> 64 (relu) -> 64 (relu) -> 10 logits, sparse softmax cross-entropy, plain
SGD (lr 0.01), batch 32, 4096 samples (128 steps per epoch). Both sides slice the NumPy
data per batch and convert it to the engine's tensors, so data handling is counted on
both. We time 3 epochs after one warm-up epoch (compilation excluded on both sides),
alternating the two sides for `--repeats` rounds (default 5) so that a slow spell of the
machine hits both, and report the best round of each, as microseconds per step.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

N, FEATURES, HIDDEN, CLASSES, BATCH, EPOCHS, LR = 4096, 32, 64, 10, 32, 3, 0.01


def data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, FEATURES)).astype("float32")
    y = rng.integers(0, CLASSES, size=(N,)).astype("int32")
    return x, y


def init_params():
    rng = np.random.default_rng(1)
    shapes = [(FEATURES, HIDDEN), (HIDDEN,), (HIDDEN, HIDDEN), (HIDDEN,), (HIDDEN, CLASSES), (CLASSES,)]
    return [(rng.standard_normal(s) * 0.1).astype("float32") for s in shapes]


def time_keras():
    import keras

    x, y = data()
    model = keras.Sequential(
        [
            keras.Input((FEATURES,)),
            keras.layers.Dense(HIDDEN, activation="relu"),
            keras.layers.Dense(HIDDEN, activation="relu"),
            keras.layers.Dense(CLASSES),
        ]
    )
    model.set_weights(init_params())
    model.compile(
        optimizer=keras.optimizers.SGD(LR),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)

    def run():
        model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=False, verbose=0)

    return run


def native_jax():
    import jax
    import jax.numpy as jnp

    x, y = data()
    params = [jnp.asarray(p) for p in init_params()]

    def loss_fn(params, xb, yb):
        k1, b1, k2, b2, k3, b3 = params
        h = jax.nn.relu(xb @ k1 + b1)
        h = jax.nn.relu(h @ k2 + b2)
        logits = h @ k3 + b3
        logp = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(logp, yb[:, None], axis=1))

    @jax.jit
    def step(params, xb, yb):
        loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
        return [p - LR * g for p, g in zip(params, grads)], loss

    def epoch(params):
        for i in range(0, N, BATCH):
            # NumPy batches go straight into the jitted step (faster than jnp.asarray
            # first), as our JAX trainer does.
            params, loss = step(params, x[i : i + BATCH], y[i : i + BATCH])
        loss.block_until_ready()
        return params

    state = [epoch(params)]

    def run():
        for _ in range(EPOCHS):
            state[0] = epoch(state[0])

    return run, "jax.jit value_and_grad step"


def native_torch():
    import torch

    x, y = data()
    params = [torch.tensor(p, requires_grad=True) for p in init_params()]
    optimizer = torch.optim.SGD(params, lr=LR)

    def epoch():
        for i in range(0, N, BATCH):
            xb = torch.from_numpy(x[i : i + BATCH])
            yb = torch.from_numpy(y[i : i + BATCH]).long()
            k1, b1, k2, b2, k3, b3 = params
            h = torch.relu(xb @ k1 + b1)
            h = torch.relu(h @ k2 + b2)
            loss = torch.nn.functional.cross_entropy(h @ k3 + b3, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    epoch()

    def run():
        for _ in range(EPOCHS):
            epoch()

    return run, "torch eager loop + torch.optim.SGD"


def native_tensorflow():
    import tensorflow as tf

    x, y = data()
    params = [tf.Variable(p) for p in init_params()]

    @tf.function(reduce_retracing=True)
    def step(xb, yb):
        with tf.GradientTape() as tape:
            k1, b1, k2, b2, k3, b3 = params
            h = tf.nn.relu(xb @ k1 + b1)
            h = tf.nn.relu(h @ k2 + b2)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(yb, h @ k3 + b3)
            )
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(LR * g)
        return loss

    def epoch():
        for i in range(0, N, BATCH):
            loss = step(tf.constant(x[i : i + BATCH]), tf.constant(y[i : i + BATCH]))
        loss.numpy()

    epoch()

    def run():
        for _ in range(EPOCHS):
            epoch()

    return run, "tf.function GradientTape step"


NATIVE = {"jax": native_jax, "torch": native_torch, "tensorflow": native_tensorflow}


def run_one(backend, repeats):
    native, label = NATIVE[backend]()
    ours = time_keras()
    # Alternate the two sides, so a slow spell of the machine hits both; keep the best.
    best = {"keras": float("inf"), "native": float("inf")}
    for _ in range(repeats):
        for side, run in (("native", native), ("keras", ours)):
            start = time.perf_counter()
            run()
            best[side] = min(best[side], time.perf_counter() - start)
    steps = EPOCHS * N // BATCH
    return {
        "backend": backend,
        "keras": best["keras"] / steps,
        "native": best["native"] / steps,
        "label": label,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="jax,torch,tensorflow")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.repeats)))
        return
    rows = []
    for backend in args.backends.split(","):
        env = dict(os.environ, KERAS_BACKEND=backend)
        result = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--repeats", str(args.repeats)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(f"{backend}: failed\n{result.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(result.stdout.strip().splitlines()[-1]))
    print(f"{'backend':<11} {'model.fit':>11} {'native':>11} {'ratio':>6}  native loop")
    for row in rows:
        print(
            f"{row['backend']:<11} {row['keras'] * 1e6:9.0f}us {row['native'] * 1e6:9.0f}us "
            f"{row['keras'] / row['native']:6.2f}  {row['label']}"
        )


if __name__ == "__main__":
    main()
