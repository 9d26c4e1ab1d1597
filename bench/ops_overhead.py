"""Eager overhead of keras.ops vs the backend's own call, on 8x8 float32 inputs.

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

NATIVE = {
    "numpy": {
        "setup": "import numpy as np\nrelu = lambda x: np.maximum(x, 0)",
        "add": "np.add(a, b)",
        "matmul": "np.matmul(a, b)",
        "relu": "relu(a)",
        "wrap": "{}",
    },
    "jax": {
        "setup": "import jax, jax.numpy as jnp",
        "add": "jnp.add(a, b)",
        "matmul": "jnp.matmul(a, b)",
        "relu": "jax.nn.relu(a)",
        "wrap": "{}.block_until_ready()",
    },
    "torch": {
        "setup": "import torch",
        "add": "torch.add(a, b)",
        "matmul": "torch.matmul(a, b)",
        "relu": "torch.relu(a)",
        "wrap": "{}",
    },
    "tensorflow": {
        "setup": "import tensorflow as tf",
        "add": "tf.add(a, b)",
        "matmul": "tf.linalg.matmul(a, b)",
        "relu": "tf.nn.relu(a)",
        "wrap": "{}",
    },
}
OURS = {
    "add": "ops.add(a, b)",
    "matmul": "ops.matmul(a, b)",
    "relu": "ops.relu(a)",
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
    for op in ("add", "matmul", "relu"):
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
