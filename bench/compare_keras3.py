"""Side-by-side bench: this repository's keras against the real Keras 3.15.1.

    tools/python bench/compare_keras3.py --setup     # once: makes the Keras 3.15.1 venv
    tools/python bench/compare_keras3.py             # numpy, jax, torch, tensorflow
    tools/python bench/compare_keras3.py --quick --backends jax,torch --json out.json

The same public-API workloads (`compare_keras3_workloads.py`) run under both: ours with
the project's interpreter and the repository root on `sys.path`, Keras 3.15.1 with a
throwaway venv OUTSIDE the project env (default `~/.cache/keras3-bench-venv`; never
install the PyPI keras into the interpreter behind `tools/python`). The venv holds the
engine versions of `requirements_lock.txt` (used as pip constraints), so both sides run
the same jax/torch/tensorflow/numpy.

Per backend, each round starts one fresh process for ours, then one for Keras 3 (the
backend is fixed at start-up); rounds alternate so a slow spell of the machine hits both
sides, and the table keeps each side's best round per workload. Workloads:
`import keras` in a fresh process (and with one op: our keras loads its engine lazily),
eager `keras.ops` calls on 8x8 float32 (19 ops), `fit` step time of a 32-64-64-10 MLP
(SGD, batch 32) and of a 784-512-512-10 MLP (Adam, batch 128) after one warm-up epoch,
single-sample `model(x)`, `predict` on 4096 rows (batch 256), and `.keras` save and
`load_model` of the compiled 784-512-512-10 MLP. The numpy backend skips the two `fit`
rows (Keras 3's numpy backend cannot train). Both sides use the defaults of `compile`
(e.g. `jit_compile="auto"`) and the engines' default thread pools unless `--threads`.
"""

import argparse
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKLOADS = pathlib.Path(__file__).resolve().parent / "compare_keras3_workloads.py"
DEFAULT_VENV = pathlib.Path.home() / ".cache" / "keras3-bench-venv"
KERAS3_VERSION = "3.15.1"
# Installed into the venv; versions come from the lock via `-c` (torch==2.13.0+cpu is a
# local wheel on our machines, elsewhere add the PyTorch CPU index to pip's options).
VENV_PACKAGES = ["jax", "jaxlib", "torch", "tensorflow", "h5py", "numpy"]


def setup_commands(venv):
    """The shell commands that create the Keras 3 venv."""
    pip = venv / "bin" / "pip"
    packages = " ".join([f"keras=={KERAS3_VERSION}", *VENV_PACKAGES])
    return [
        f"python3 -m venv {venv}",
        f"{pip} install {packages} -c {ROOT / 'requirements_lock.txt'}",
    ]


def keras3_python(venv):
    """The venv's interpreter, checked to import keras 3.15.1 from the venv."""
    python = venv / "bin" / "python"
    if not python.exists():
        return None
    check = subprocess.run(
        [str(python), "-c", "import keras; print(keras.__version__)"],
        cwd=tempfile.gettempdir(),
        env=side_env("keras3", "numpy", None),
        capture_output=True,
        text=True,
    )
    if check.returncode != 0 or check.stdout.strip() != KERAS3_VERSION:
        return None
    return python


def thread_env(threads):
    """Variables that cap the engines' intra-op thread pools at `threads`."""
    count = str(threads)
    env = {
        "OMP_NUM_THREADS": count,
        "MKL_NUM_THREADS": count,
        "TF_NUM_INTRAOP_THREADS": count,
        "TF_NUM_INTEROP_THREADS": count,
    }
    if threads == 1:
        # jaxlib 0.10 has no intra-op thread-count flag (it rejects one); this one keeps
        # XLA's Eigen kernels on the calling thread, as .bazelrc does for the tests.
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false"
    return env


def side_env(side, backend, keras_home, threads=None):
    """Environment of a child: the backend, quiet TF, no repository on keras3's path."""
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    if threads:
        env.update(thread_env(threads))
    if keras_home:
        # Both sides would otherwise read (Keras 3: write) ~/.keras/keras.json.
        env["KERAS_HOME"] = keras_home
    if side == "keras3":
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_side(side, python, backend, quick, keras_home, workdir, threads, only=None):
    """One fresh process running every workload (or those `only` names); returns its
    parsed JSON."""
    command = [str(python), str(WORKLOADS), "--side", side]
    if quick:
        command.append("--quick")
    if only:
        command += ["--only", only]
    result = subprocess.run(
        command,
        # keras3 runs outside the repository, so `import keras` cannot find ours.
        cwd=workdir if side == "keras3" else str(ROOT),
        env=side_env(side, backend, keras_home, threads),
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(
            f"{side} on {backend} failed (exit {result.returncode}):\n"
            f"{result.stderr[-3000:]}"
        )
    report = json.loads(lines[-1])
    check_identity(side, report["meta"], backend)
    return report


def check_identity(side, meta, backend):
    """Fails loudly if a side imported the wrong keras or backend."""
    keras_file = pathlib.Path(meta["keras_file"]).resolve()
    ours = ROOT in keras_file.parents
    if side == "ours" and not ours:
        raise RuntimeError(f"ours imported keras from {keras_file}, not from {ROOT}")
    if side == "keras3" and (ours or meta["keras_version"] != KERAS3_VERSION):
        raise RuntimeError(
            f"keras3 imported keras {meta['keras_version']} from {keras_file}"
        )
    if meta["backend"] != backend:
        raise RuntimeError(f"{side} ran on {meta['backend']}, expected {backend}")


def best_of(reports, workload):
    """Best (smallest) time of a workload over rounds, or the first error message."""
    values = [r["results"].get(workload) for r in reports]
    times = [v for v in values if isinstance(v, (int, float))]
    if times:
        return min(times)
    errors = [v["error"] for v in values if isinstance(v, dict)]
    return {"error": errors[0]} if errors else None


def format_time(seconds):
    if not isinstance(seconds, (int, float)):
        return "error" if seconds else "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def compare_backend(
    backend, pythons, rounds, quick, keras_home, workdir, threads, only=None
):
    """Alternating rounds of both sides on one backend; returns the table rows."""
    reports = {"ours": [], "keras3": []}
    for index in range(rounds):
        for side in ("ours", "keras3"):
            print(f"  {backend}: round {index + 1}/{rounds}, {side}", file=sys.stderr)
            reports[side].append(
                run_side(
                    side,
                    pythons[side],
                    backend,
                    quick,
                    keras_home,
                    workdir,
                    threads,
                    only,
                )
            )
    workloads = list(reports["ours"][0]["results"])
    workloads += [w for w in reports["keras3"][0]["results"] if w not in workloads]
    rows = []
    for workload in workloads:
        ours = best_of(reports["ours"], workload)
        theirs = best_of(reports["keras3"], workload)
        timed = isinstance(ours, float) and isinstance(theirs, float)
        rows.append(
            {
                "backend": backend,
                "workload": workload,
                "ours_s": ours,
                "keras3_s": theirs,
                "ratio": ours / theirs if timed else None,
                "ours_rounds_s": [r["results"].get(workload) for r in reports["ours"]],
                "keras3_rounds_s": [
                    r["results"].get(workload) for r in reports["keras3"]
                ],
            }
        )
    meta = {side: reports[side][0]["meta"] for side in reports}
    return rows, meta


def print_table(rows):
    print(f"| backend | workload | ours | Keras {KERAS3_VERSION} | ours/Keras |")
    print("|---|---|---|---|---|")
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        print(
            f"| {row['backend']} | {row['workload']} | {format_time(row['ours_s'])} | "
            f"{format_time(row['keras3_s'])} | {ratio} |"
        )
    for row in rows:
        for side in ("ours_s", "keras3_s"):
            if isinstance(row[side], dict):
                print(f"{row['backend']} {row['workload']} {side[:-2]}: {row[side]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="numpy,jax,torch,tensorflow")
    parser.add_argument("--rounds", type=int, default=None, help="default 3, quick 2")
    parser.add_argument("--quick", action="store_true", help="fewer steps and repeats")
    parser.add_argument("--venv", type=pathlib.Path, default=DEFAULT_VENV)
    parser.add_argument("--setup", action="store_true", help="create the venv and exit")
    parser.add_argument("--json", type=pathlib.Path, help="also write results here")
    parser.add_argument(
        "--only",
        help="comma-separated substrings: run only the workloads they name "
        "(e.g. 'CNN,LayerNormalization')",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="cap the engines' intra-op threads on both sides (default: theirs)",
    )
    args = parser.parse_args()
    venv = args.venv.expanduser().resolve()
    if ROOT in venv.parents or venv == ROOT:
        parser.error(f"--venv must be outside the repository, got {venv}")

    if args.setup:
        for command in setup_commands(venv):
            print(f"+ {command}", file=sys.stderr)
            subprocess.run(command, shell=True, check=True, cwd=tempfile.gettempdir())
        if keras3_python(venv) is None:
            sys.exit(f"{venv} does not import keras {KERAS3_VERSION} after setup")
        return
    python3 = keras3_python(venv)
    if python3 is None:
        commands = "\n  ".join(setup_commands(venv))
        sys.exit(
            f"No Keras {KERAS3_VERSION} venv at {venv}. Run this script with --setup, "
            f"or:\n  {commands}"
        )

    rounds = args.rounds or (2 if args.quick else 3)
    pythons = {"ours": ROOT / "tools" / "python", "keras3": python3}
    load_before = os.getloadavg()
    rows, metas = [], {}
    with tempfile.TemporaryDirectory() as workdir:
        keras_home = os.path.join(workdir, "keras_home")
        os.makedirs(keras_home)
        for backend in args.backends.split(","):
            try:
                backend_rows, metas[backend] = compare_backend(
                    backend,
                    pythons,
                    rounds,
                    args.quick,
                    keras_home,
                    workdir,
                    args.threads,
                    args.only,
                )
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                print(f"{backend}: {error}", file=sys.stderr)
                continue
            rows.extend(backend_rows)
    print_table(rows)
    summary = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "rounds": rounds,
        "quick": args.quick,
        "threads": args.threads,
        "sides": metas,
        "rows": rows,
    }
    print(
        f"\n{os.cpu_count()} CPUs, load average before {load_before[0]:.2f}, "
        f"after {summary['loadavg_after'][0]:.2f}; best of {rounds} rounds"
        f"{' (quick)' if args.quick else ''}"
        f"{f', {args.threads} engine threads' if args.threads else ''}.",
        flush=True,
    )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
