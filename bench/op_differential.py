"""Op-by-op differential check of a backend against the numpy backend of the same keras.

Runs every case of the agreement tables (keras/ops/agreement_cases_*.py: 353 public ops,
about 1,500 calls over dtypes, ranks and arguments) eagerly on one backend and on the
numpy backend, and counts the cases whose results agree (same structure, shapes and
dtypes, values within tolerance) and the ops that run at all (at least one case without
an exception). It works with any `keras` on sys.path, ours or Keras 3.15.1, so the same
cases measure both:

    tools/python bench/op_differential.py --backend openvino
    ~/.cache/keras3-bench-venv/bin/python bench/op_differential.py --backend openvino

(each run starts two child processes, one per backend, with KERAS_BACKEND set). `--json`
prints one JSON object; `--failures` lists the ops that do not run on the backend.
"""

import argparse
import importlib.util
import json
import os
import pathlib
import pickle
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
OPS_DIR = HERE.parent / "keras" / "ops"
GROUPS = ("elementwise", "arrays", "nn", "math", "spectral", "linalg", "image")


def _load_cases():
    """The CASES tables, loaded from their files (no `keras` import needed)."""
    spec = importlib.util.spec_from_file_location("_agreement", OPS_DIR / "agreement.py")
    agreement = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agreement)
    cases = {}
    for group in GROUPS:
        path = OPS_DIR / f"agreement_cases_{group}.py"
        source = path.read_text().replace("keras.ops.agreement", "_agreement")
        sys.modules["_agreement"] = agreement
        namespace = {"__name__": f"_cases_{group}", "__file__": str(path)}
        exec(compile(source, str(path), "exec"), namespace)
        cases.update(namespace["CASES"])
    return agreement, cases


def _op(keras, name):
    for namespace in ("image", "linalg", "nn", "numpy", "core", "math"):
        module = getattr(keras.ops, namespace, None)
        if namespace == "image" and module is not None and hasattr(module, name):
            return getattr(module, name)
    if hasattr(keras.ops, name):
        return getattr(keras.ops, name)
    for namespace in ("linalg", "nn", "numpy", "core", "math"):
        module = getattr(keras.ops, namespace, None)
        if module is not None and hasattr(module, name):
            return getattr(module, name)
    return None


def _to_numpy(keras, value):
    import numpy as np

    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_to_numpy(keras, v) for v in value]]
    if isinstance(value, dict):
        return ["dict", {k: _to_numpy(keras, v) for k, v in value.items()}]
    if value is None or isinstance(value, (bool, int, float, str)):
        return ["py", value]
    array = np.asarray(keras.ops.convert_to_numpy(value))
    if array.dtype == object:
        return ["py", repr(value)]
    return ["array", array]


def _run_backend(out_path):
    """Child process: run the cases on the backend of KERAS_BACKEND, appending one
    pickled `(key, result)` record per case to `out_path` (a crash loses nothing: the
    parent restarts the child after the crashing case)."""
    import warnings

    warnings.simplefilter("ignore")
    import keras

    agreement, cases = _load_cases()
    done = set(_records(out_path))
    with open(out_path, "ab") as out:
        # The keras file first, so the parent can report which keras ran.
        pickle.dump(("__keras_file__", keras.__file__), out)
        for name in sorted(cases):
            op = _op(keras, name)
            for index, case in enumerate(cases[name]):
                key = f"{name}-{index}"
                if key in done:
                    continue
                # Written before the call: a crash leaves it as the last key.
                pickle.dump(("__started__", key), out)
                out.flush()
                if op is None:
                    result = ("error", "AttributeError: no such op")
                else:
                    result = _call(keras, agreement, op, case)
                pickle.dump((key, result), out)
                out.flush()


def _call(keras, agreement, op, case):
    def make(t, seed):
        return keras.ops.convert_to_tensor(t.array(seed), dtype=t.dtype)

    try:
        args = agreement.materialize(case.args, make)
        kwargs = agreement.materialize(case.kwargs, make)
        return ("ok", _to_numpy(keras, op(*args, **kwargs)))
    except Exception as error:  # noqa: BLE001 - any failure is a result
        text = str(error).splitlines()[0][:200] if str(error) else ""
        return ("error", f"{type(error).__name__}: {text}")


def _records(path):
    """The records of a child's output file, in order, as a dict (later wins)."""
    records = {}
    if not os.path.exists(path):
        return records
    with open(path, "rb") as f:
        while True:
            try:
                key, value = pickle.load(f)
            except EOFError:
                break
            except pickle.UnpicklingError:
                break
            if key == "__started__":
                records.setdefault(value, None)
            else:
                records[key] = value
    return records


def _run(backend, out):
    """Runs the child for `backend` until every case has a result; a case that crashes
    the interpreter is recorded as such."""
    env = dict(os.environ, KERAS_BACKEND=backend)
    for _ in range(50):
        done = subprocess.run([sys.executable, __file__, "--child", out], env=env)
        records = _records(out)
        crashed = [k for k, v in records.items() if v is None and k != "__keras_file__"]
        if done.returncode == 0 and not crashed:
            return records
        with open(out, "ab") as f:
            for key in crashed:
                pickle.dump((key, ("error", f"crash: exit status {done.returncode}")), f)
    raise RuntimeError(f"the {backend} child keeps crashing")


def _same(reference, value, rtol, atol):
    import numpy as np

    kind, payload = reference
    if kind != value[0]:
        # A list/tuple difference is not a disagreement.
        if {kind, value[0]} <= {"list", "tuple"}:
            return _same(["list", payload], ["list", value[1]], rtol, atol)
        return False
    if kind in ("list", "tuple"):
        return len(payload) == len(value[1]) and all(
            _same(a, b, rtol, atol) for a, b in zip(payload, value[1])
        )
    if kind == "dict":
        return payload.keys() == value[1].keys() and all(
            _same(payload[k], value[1][k], rtol, atol) for k in payload
        )
    if kind == "py":
        return payload == value[1] or (
            isinstance(payload, float) and np.isclose(payload, value[1], rtol, atol)
        )
    a, b = payload, value[1]
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind in "fc" or str(a.dtype) == "bfloat16":
        tol = {2: 1e-2}.get(a.dtype.itemsize, rtol)
        return bool(
            np.allclose(
                a.astype("complex128" if a.dtype.kind == "c" else "float64"),
                b.astype("complex128" if b.dtype.kind == "c" else "float64"),
                rtol=tol,
                atol=max(atol, tol),
                equal_nan=True,
            )
        )
    return bool(np.array_equal(a, b))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="openvino")
    parser.add_argument("--reference", default="numpy")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_backend(args.child)
        return
    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in (args.reference, args.backend):
            runs[backend] = _run(backend, os.path.join(tmp, f"{backend}.pkl"))
    reference = {k: v for k, v in runs[args.reference].items() if k != "__keras_file__"}
    tested = runs[args.backend]
    agree = ran = 0
    ops_run = {}
    for key, ref in reference.items():
        name = key.rsplit("-", 1)[0]
        got = tested[key]
        ops_run.setdefault(name, False)
        if got[0] == "ok":
            ran += 1
            ops_run[name] = True
            if ref[0] == "ok" and _same(ref[1], got[1], 1e-4, 1e-5):
                agree += 1
        elif ref[0] == "error" and got[0] == "error":
            # Both reject the input (an invalid case for this keras): agreement.
            agree += 1
    summary = {
        "keras_file": tested["__keras_file__"],
        "backend": args.backend,
        "cases": len(reference),
        "cases_agreeing": agree,
        "cases_running": ran,
        "ops": len(ops_run),
        "ops_running": sum(ops_run.values()),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"keras from {summary['keras_file']}, {args.backend} vs {args.reference}")
        print(
            f"cases agreeing: {agree}/{len(reference)} ({100 * agree / len(reference):.1f}%)"
        )
        print(
            f"ops running (at least one case): {summary['ops_running']}/{summary['ops']}"
            f" ({100 * summary['ops_running'] / summary['ops']:.1f}%)"
        )
    if args.failures:
        for name, ok in sorted(ops_run.items()):
            if not ok:
                first = tested[f"{name}-0"]
                print(f"  {name}: {first[1] if first[0] == 'error' else ''}")


if __name__ == "__main__":
    main()
