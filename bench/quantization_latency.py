"""int8 and int4 inference latency and weight memory against float32, ours vs Keras 3.15.1.

    tools/python bench/quantization_latency.py --threads 1
    tools/python bench/quantization_latency.py --quick --backends jax,torch --json out.json

The driver works like `compare_keras3.py` (and reuses its venv checks and environments):
per backend, each round starts one fresh process of this file with `--worker` for ours
(the project's interpreter, repository root on `sys.path`) and one for Keras 3.15.1 (the
throwaway venv, run from the temp directory so `import keras` is the real one); rounds
alternate between the sides and the table keeps each side's best round per row.

A worker builds each model with a fixed seed, times it in float32, then builds it again
and calls `model.quantize("int8")` / `model.quantize("int4")` (default block size) and
times that. Workloads (public API only):

* `mlp`: a Dense MLP 1024-4096-4096-1024 (relu), 25M weights, so that inference is bound
  by reading the weights: `model(x)` on 1 row, `predict_on_batch` on 1 and 32 rows;
* `einsum`: two attention-like EinsumDense projections on 8x128x512 inputs,
  "abc,cde->abde" (512 -> 8 heads x 64) then "abcd,cde->abe" (back to 512):
  `predict_on_batch` and `model(x)`.

A row's time is the median of up to `calls` calls after two warm-up calls (fewer when
the calls exceed a time budget; at least 3). Outputs are fetched to NumPy inside the
timed call, so asynchronous engines finish their work. Weight bytes are the sum of
`nbytes` of `model.weights` as NumPy arrays. Each quantized row also records its output's
relative error against the float32 output of the same weights (a check that the
quantized path ran and is sane).
"""

import argparse
import datetime
import importlib.util
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

# bench/kernels.py must not stand in for the `kernels` package our keras imports.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

MODES = ("float32", "int8", "int4")
PROFILES = {"full": {"calls": 15, "budget_s": 3.0}, "quick": {"calls": 7, "budget_s": 1.5}}


# --- worker: runs under either keras ---------------------------------------------------


def mlp_model(keras):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((1024,))
    x = keras.layers.Dense(4096, activation="relu")(inputs)
    x = keras.layers.Dense(4096, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(1024)(x))


def einsum_model(keras):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((128, 512))
    heads = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 8, 64), bias_axes="de")
    back = keras.layers.EinsumDense("abcd,cde->abe", output_shape=(None, 512), bias_axes="e")
    return keras.Model(inputs, back(heads(inputs)))


# workload name -> (model builder, input shape, how it is called)
WORKLOADS = {
    "mlp 1024-4096-4096-1024 model(x) 1 row": (mlp_model, (1, 1024), "call"),
    "mlp 1024-4096-4096-1024 predict_on_batch 1 row": (mlp_model, (1, 1024), "predict_on_batch"),
    "mlp 1024-4096-4096-1024 predict_on_batch 32 rows": (mlp_model, (32, 1024), "predict_on_batch"),
    "einsum 2x(512->8x64) predict_on_batch 8x128": (einsum_model, (8, 128, 512), "predict_on_batch"),
    "einsum 2x(512->8x64) model(x) 8x128": (einsum_model, (8, 128, 512), "call"),
}


def time_calls(function, calls, budget_s):
    """Median seconds of `function()` over up to `calls` calls after two warm-ups."""
    function()
    function()
    times = []
    start = time.perf_counter()
    while len(times) < calls and (len(times) < 3 or time.perf_counter() - start < budget_s):
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def run_workload(keras, np, name, profile):
    """{mode: {"s", "bytes", "error"}} of one workload."""
    make, shape, how = WORKLOADS[name]
    x = np.random.default_rng(0).normal(size=shape).astype("float32")
    results, reference = {}, None
    for mode in MODES:
        try:
            model = make(keras)
            if mode != "float32":
                model.quantize(mode)
            if how == "call":
                def function():
                    return keras.ops.convert_to_numpy(model(x))
            else:
                def function():
                    return np.asarray(model.predict_on_batch(x))
            output = np.asarray(function())
            if reference is None:
                reference = output
            seconds = time_calls(function, profile["calls"], profile["budget_s"])
            nbytes = sum(np.asarray(keras.ops.convert_to_numpy(v)).nbytes for v in model.weights)
            error = float(np.linalg.norm(output - reference) / np.linalg.norm(reference))
            results[mode] = {"s": seconds, "bytes": int(nbytes), "error": error}
        except Exception as failure:  # a mode one side cannot run shows as an error
            results[mode] = {"error_message": f"{type(failure).__name__}: {failure}"[:300]}
    return results


def worker(quick, only):
    import numpy as np

    import keras

    profile = PROFILES["quick" if quick else "full"]
    meta = {
        "keras_file": keras.__file__,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
    }
    results = {}
    for name in WORKLOADS:
        if only and not any(part in name for part in only.split(",")):
            continue
        results[name] = run_workload(keras, np, name, profile)
    print(json.dumps({"meta": meta, "results": results}))


# --- driver ----------------------------------------------------------------------------


def load_compare():
    """bench/compare_keras3.py as a module (its venv checks and child environments)."""
    spec = importlib.util.spec_from_file_location("compare_keras3", os.path.join(_HERE, "compare_keras3.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_side(compare, side, python, backend, args, keras_home, workdir):
    """One fresh worker process; returns its parsed report."""
    command = [str(python), os.path.abspath(__file__), "--worker"]
    command += ["--quick"] if args.quick else []
    command += ["--only", args.only] if args.only else []
    result = subprocess.run(
        command,
        cwd=workdir if side == "keras3" else str(compare.ROOT),
        env=compare.side_env(side, backend, keras_home, args.threads),
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"{side} on {backend} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    report = json.loads(lines[-1])
    compare.check_identity(side, report["meta"], backend)
    return report


def best(reports, workload, mode):
    """The entry of the round with the smallest time, or the first error."""
    entries = [r["results"].get(workload, {}).get(mode) for r in reports]
    timed = [e for e in entries if e and "s" in e]
    if timed:
        return min(timed, key=lambda e: e["s"])
    return next((e for e in entries if e), None)


def backend_rows(backend, reports):
    rows = []
    for workload in reports["ours"][0]["results"]:
        picked = {side: {m: best(reports[side], workload, m) for m in MODES} for side in reports}
        for mode in MODES:
            row = {"backend": backend, "workload": workload, "mode": mode}
            for side in reports:
                entry, base = picked[side][mode] or {}, picked[side]["float32"] or {}
                row[f"{side}_s"] = entry.get("s")
                row[f"{side}_error"] = entry.get("error")
                row[f"{side}_failure"] = entry.get("error_message")
                row[f"{side}_rounds_s"] = [
                    (r["results"][workload].get(mode) or {}).get("s") for r in reports[side]
                ]
                if "s" in entry and "s" in base:
                    row[f"{side}_vs_float32"] = entry["s"] / base["s"]
                    row[f"{side}_bytes_vs_float32"] = entry["bytes"] / base["bytes"]
            if row.get("ours_s") and row.get("keras3_s"):
                row["ratio"] = row["ours_s"] / row["keras3_s"]
            rows.append(row)
    return rows


def compare_backend(compare, backend, pythons, args, keras_home, workdir):
    reports = {"ours": [], "keras3": []}
    for index in range(args.rounds):
        for side in reports:
            print(f"  {backend}: round {index + 1}/{args.rounds}, {side}", file=sys.stderr, flush=True)
            reports[side].append(run_side(compare, side, pythons[side], backend, args, keras_home, workdir))
    metas = {side: reports[side][0]["meta"] for side in reports}
    return backend_rows(backend, reports), metas


def fmt(value, kind):
    if value is None:
        return "-"
    if kind == "ms":
        return f"{value * 1e3:.2f}" if value < 10 else f"{value * 1e3:.0f}"
    return f"{value:.2f}"


def print_table(rows, version):
    print(
        f"| backend | workload | mode | ours ms | Keras {version} ms | ours/Keras | "
        "ours ÷ ours float32 | Keras ÷ Keras float32 | weights ÷ float32 (ours, Keras) | "
        "output rel. err (ours) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        weights = f"{fmt(r.get('ours_bytes_vs_float32'), 'x')}, {fmt(r.get('keras3_bytes_vs_float32'), 'x')}"
        error = r.get("ours_error")
        print(
            f"| {r['backend']} | {r['workload']} | {r['mode']} | {fmt(r['ours_s'], 'ms')} | "
            f"{fmt(r['keras3_s'], 'ms')} | {fmt(r.get('ratio'), 'x')} | "
            f"{fmt(r.get('ours_vs_float32'), 'x')} | {fmt(r.get('keras3_vs_float32'), 'x')} | "
            f"{weights} | {'-' if error is None else f'{error:.4f}'} |"
        )
    for r in rows:
        for side in ("ours", "keras3"):
            if r.get(f"{side}_failure"):
                print(f"{r['backend']} {r['workload']} {r['mode']} {side}: {r[f'{side}_failure']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="jax,torch,tensorflow")
    parser.add_argument("--rounds", type=int, default=None, help="default 2, quick 1")
    parser.add_argument("--quick", action="store_true", help="fewer calls per row")
    parser.add_argument("--venv", type=pathlib.Path, default=None, help="Keras 3.15.1 venv")
    parser.add_argument("--json", type=pathlib.Path, help="also write the rows here")
    parser.add_argument("--only", help="comma-separated substrings of workload names")
    parser.add_argument("--threads", type=int, help="cap both sides' engine threads")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.quick, args.only)

    compare = load_compare()
    venv = (args.venv or compare.DEFAULT_VENV).expanduser().resolve()
    python3 = compare.keras3_python(venv)
    if python3 is None:
        sys.exit(f"No Keras {compare.KERAS3_VERSION} venv at {venv}; see `compare_keras3.py --setup`.")
    args.rounds = args.rounds or (1 if args.quick else 2)
    pythons = {"ours": compare.ROOT / "tools" / "python", "keras3": python3}
    load_before = os.getloadavg()
    rows, metas = [], {}
    with tempfile.TemporaryDirectory() as workdir:
        keras_home = os.path.join(workdir, "keras_home")
        os.makedirs(keras_home)
        for backend in args.backends.split(","):
            try:
                found, metas[backend] = compare_backend(compare, backend, pythons, args, keras_home, workdir)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                print(f"{backend}: {error}", file=sys.stderr)
                continue
            rows.extend(found)
    print_table(rows, compare.KERAS3_VERSION)
    load_after = os.getloadavg()
    print(
        f"\n{os.cpu_count()} CPUs, load average before {load_before[0]:.2f}, after "
        f"{load_after[0]:.2f}; best of {args.rounds} round(s){' (quick)' if args.quick else ''}"
        f"{f', {args.threads} engine threads' if args.threads else ''}.",
        flush=True,
    )
    if args.json:
        summary = {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "cpus": os.cpu_count(),
            "loadavg_before": load_before,
            "loadavg_after": load_after,
            "rounds": args.rounds,
            "quick": args.quick,
            "threads": args.threads,
            "sides": metas,
            "rows": rows,
        }
        args.json.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
