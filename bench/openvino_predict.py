"""Inference on OpenVINO, side by side: our keras on openvino, Keras 3.15.1 on openvino
and our keras on jax, in one run.

    tools/python bench/openvino_predict.py            # the table (about 2 minutes)
    tools/python bench/openvino_predict.py --json out.json

Two models with fixed weights: an MLP (784-512-512-10, ReLU, softmax) and a CNN
(32x32x3 -> Conv2D 32 3x3 ReLU -> MaxPool 2 -> Conv2D 64 3x3 ReLU -> MaxPool 2 ->
Flatten -> Dense 128 ReLU -> Dense 10 softmax). For each: `predict` on 4096 rows with
batch 256 (rows per second, after a warm-up call that compiles), and single-sample
latency of `predict_on_batch` on one row (median of repeated calls after a warm-up).
Each side runs in its own fresh process (the backend is fixed at start-up); Keras 3.15.1
runs from the throwaway venv of bench/compare_keras3.py (`--venv`), never the project
env. Rounds alternate and each side keeps its best round.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_VENV = pathlib.Path.home() / ".cache" / "keras3-bench-venv"

WORKLOAD = r'''
import json, statistics, sys, time
import numpy as np
import keras
from keras import layers

def fixed(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights([
        (rng.standard_normal(w.shape) / np.sqrt(max(1, np.prod(w.shape[:-1])))).astype("float32")
        for w in model.weights
    ])
    return model

def mlp():
    return fixed(keras.Sequential([
        keras.Input((784,)), layers.Dense(512, activation="relu"),
        layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax"),
    ]), 0)

def cnn():
    return fixed(keras.Sequential([
        keras.Input((32, 32, 3)), layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]), 1)

def measure(model, shape):
    rng = np.random.default_rng(2)
    rows = rng.standard_normal((4096,) + shape).astype("float32")
    first = model.predict(rows, batch_size=256, verbose=0)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.predict(rows, batch_size=256, verbose=0)
        best = min(best, time.perf_counter() - start)
    one = rows[:1]
    model.predict_on_batch(one)
    times = []
    deadline = time.perf_counter() + 1.5
    while time.perf_counter() < deadline or len(times) < 20:
        start = time.perf_counter()
        model.predict_on_batch(one)
        times.append(time.perf_counter() - start)
    checksum = float(np.asarray(first, "float64").sum())
    return {"rows_per_s": 4096 / best, "latency_ms": 1000 * statistics.median(times),
            "checksum": checksum}

result = {"backend": keras.backend.backend(), "keras": keras.__file__,
          "mlp": measure(mlp(), (784,)), "cnn": measure(cnn(), (32, 32, 3))}
print("RESULT " + json.dumps(result))
'''

# (label, side, backend, extra environment). Keras 3.15.1's openvino backend leaves the
# CPU plugin at its default precision, bf16 on CPUs with AMX/AVX512-BF16 such as this
# one (its MLP predictions differ from float64 by ~3e-3 relative); ours compiles in
# float32 unless KERAS_OPENVINO_INFERENCE_PRECISION says otherwise, so the bf16 row is
# the like-for-like comparison.
SIDES = [
    ("ours openvino", "ours", "openvino", {}),
    ("ours openvino bf16", "ours", "openvino", {"KERAS_OPENVINO_INFERENCE_PRECISION": "bf16"}),
    ("Keras 3.15.1 openvino", "keras3", "openvino", {}),
    ("ours jax", "ours", "jax", {}),
]


def run_side(side, backend, venv, extra_env=None):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(WORKLOAD)
        script = f.name
    env = dict(os.environ, KERAS_BACKEND=backend, **(extra_env or {}))
    if side == "ours":
        python = str(ROOT / "tools" / "python")
        env["PYTHONPATH"] = str(ROOT)
        cwd = ROOT
    else:
        python = str(venv / "bin" / "python")
        env.pop("PYTHONPATH", None)
        cwd = tempfile.gettempdir()
    try:
        done = subprocess.run(
            [python, script], env=env, cwd=cwd, capture_output=True, text=True, timeout=900
        )
    finally:
        os.unlink(script)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{side} {backend} failed:\n{done.stderr[-3000:]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=pathlib.Path, default=DEFAULT_VENV)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    best = {}
    for _ in range(args.rounds):
        for label, side, backend, extra_env in SIDES:
            result = run_side(side, backend, args.venv, extra_env)
            if "Keras 3" in label:
                assert "keras3-bench-venv" in result["keras"] or side == "keras3"
            kept = best.setdefault(label, result)
            for model in ("mlp", "cnn"):
                kept[model]["rows_per_s"] = max(
                    kept[model]["rows_per_s"], result[model]["rows_per_s"]
                )
                kept[model]["latency_ms"] = min(
                    kept[model]["latency_ms"], result[model]["latency_ms"]
                )
    print(f"{'':24s} {'MLP rows/s':>11s} {'CNN rows/s':>11s} {'MLP 1-row ms':>13s} "
          f"{'CNN 1-row ms':>13s}")
    for label, _, _, _ in SIDES:
        r = best[label]
        print(
            f"{label:24s} {r['mlp']['rows_per_s']:11.0f} {r['cnn']['rows_per_s']:11.0f} "
            f"{r['mlp']['latency_ms']:13.3f} {r['cnn']['latency_ms']:13.3f}"
        )
    for mine, label in [
        ("ours openvino", "Keras 3.15.1 openvino"),
        ("ours openvino", "ours jax"),
        ("ours openvino bf16", "Keras 3.15.1 openvino"),
    ]:
        other = best[label]
        ratios = [
            best[mine][m]["rows_per_s"] / other[m]["rows_per_s"] for m in ("mlp", "cnn")
        ]
        print(f"{mine} / {label}: predict MLP {ratios[0]:.2f}x, CNN {ratios[1]:.2f}x")
    for model in ("mlp", "cnn"):
        sums = {label: best[label][model]["checksum"] for label, _, _, _ in SIDES}
        print(f"{model} prediction checksums (same weights and rows): {sums}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(best, indent=1))


if __name__ == "__main__":
    main()
