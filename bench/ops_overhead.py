"""Eager overhead of keras.ops vs the backend's own call, on 8x8 float32 inputs.

Ten common ops (add, subtract, multiply, divide, matmul, relu, exp, sum, mean, reshape).

    tools/python bench/ops_overhead.py                  # all four backends, one table
    tools/python bench/ops_overhead.py --backends torch  # one backend

Each backend runs in its own process (the backend is fixed at start-up). Per call we take
the best of several repeats of a timed loop (`timeit`), for our op and for the engine's own
function on the same inputs, in the same process, interleaved. JAX results are blocked on
(`block_until_ready`) in both columns so async dispatch is measured the same way.
"""

import argparse
import json
import os
import subprocess
import sys
import timeit

# The engine's own call for each op, written as a user of that engine would.
NATIVE = {
    "numpy": {
        "setup": "import numpy as np\nrelu = lambda x: np.maximum(x, 0)",
        "add": "np.add(a, b)",
        "subtract": "np.subtract(a, b)",
        "multiply": "np.multiply(a, b)",
        "divide": "np.divide(a, b)",
        "matmul": "np.matmul(a, b)",
        "relu": "relu(a)",
        "exp": "np.exp(a)",
        "sum": "np.sum(a)",
        "mean": "np.mean(a)",
        "reshape": "np.reshape(a, (4, 16))",
        "wrap": "{}",
    },
    "jax": {
        "setup": "import jax, jax.numpy as jnp",
        "add": "jnp.add(a, b)",
        "subtract": "jnp.subtract(a, b)",
        "multiply": "jnp.multiply(a, b)",
        "divide": "jnp.divide(a, b)",
        "matmul": "jnp.matmul(a, b)",
        "relu": "jax.nn.relu(a)",
        "exp": "jnp.exp(a)",
        "sum": "jnp.sum(a)",
        "mean": "jnp.mean(a)",
        "reshape": "jnp.reshape(a, (4, 16))",
        "wrap": "{}.block_until_ready()",
    },
    "torch": {
        "setup": "import torch",
        "add": "torch.add(a, b)",
        "subtract": "torch.subtract(a, b)",
        "multiply": "torch.multiply(a, b)",
        "divide": "torch.divide(a, b)",
        "matmul": "torch.matmul(a, b)",
        "relu": "torch.relu(a)",
        "exp": "torch.exp(a)",
        "sum": "torch.sum(a)",
        "mean": "torch.mean(a)",
        "reshape": "torch.reshape(a, (4, 16))",
        "wrap": "{}",
    },
    "tensorflow": {
        "setup": "import tensorflow as tf",
        "add": "tf.add(a, b)",
        "subtract": "tf.subtract(a, b)",
        "multiply": "tf.multiply(a, b)",
        "divide": "tf.divide(a, b)",
        "matmul": "tf.linalg.matmul(a, b)",
        "relu": "tf.nn.relu(a)",
        "exp": "tf.exp(a)",
        "sum": "tf.reduce_sum(a)",
        "mean": "tf.reduce_mean(a)",
        "reshape": "tf.reshape(a, (4, 16))",
        "wrap": "{}",
    },
}
OURS = {
    "add": "ops.add(a, b)",
    "subtract": "ops.subtract(a, b)",
    "multiply": "ops.multiply(a, b)",
    "divide": "ops.divide(a, b)",
    "matmul": "ops.matmul(a, b)",
    "relu": "ops.relu(a)",
    "exp": "ops.exp(a)",
    "sum": "ops.sum(a)",
    "mean": "ops.mean(a)",
    "reshape": "ops.reshape(a, (4, 16))",
}


def best_time(statement, namespace, number, repeat=7):
    timer = timeit.Timer(statement, globals=namespace)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def measure(backend, number):
    """Runs inside the backend's process; returns rows of (op, ours_s, native_s)."""
    import numpy as np

    from keras import ops
    from keras.backends import active

    native = NATIVE[backend]
    namespace = {"ops": ops}
    exec(native["setup"], namespace)
    rng = np.random.default_rng(0)
    namespace["a"] = active.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
    namespace["b"] = active.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
    rows = []
    for op in OURS:
        ours = native["wrap"].format(OURS[op])
        theirs = native["wrap"].format(native[op])
        # Warm up both (jax compiles and caches its dispatch on first use).
        for statement in (ours, theirs):
            exec(statement, namespace)
        ours_times, theirs_times = [], []
        for _ in range(3):
            ours_times.append(best_time(ours, namespace, number))
            theirs_times.append(best_time(theirs, namespace, number))
        rows.append((op, min(ours_times), min(theirs_times), native[op]))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="numpy,jax,torch,tensorflow")
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.number)))
        return
    print(f"{'backend':11s} {'op':7s} {'keras.ops':>10s} {'native':>10s} {'ratio':>6s}  native call")
    for backend in args.backends.split(","):
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        result = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--number", str(args.number)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(f"{backend:11s} failed:\n{result.stderr[-2000:]}")
            continue
        for op, ours, theirs, call in json.loads(result.stdout.strip().splitlines()[-1]):
            print(
                f"{backend:11s} {op:7s} {ours * 1e6:8.2f}us {theirs * 1e6:8.2f}us "
                f"{ours / theirs:6.2f}  {call}"
            )


if __name__ == "__main__":
    main()
