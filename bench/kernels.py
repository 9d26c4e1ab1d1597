"""Our fused kernels against each backend's own path and the machine's ceilings.

    tools/python bench/kernels.py          # numpy, jax, torch, tensorflow, openvino
    tools/python bench/kernels.py --backends torch --quick

Per backend, in its own process and the same run:
- attention forward on (4, 1024, 8, 64) float32, causal and not, in GFLOP/s
  (4*B*T*S*N*H floating-point operations, counted in full for causal too, so causal
  shows as the speed-up it gives), and forward+backward (a gradient of the sum, jax,
  torch and tensorflow);
- layer norm and RMS norm forward on (4096, 1024) float32 in GB/s (read x, write y),
  and forward+backward;
- the Transformer block fit step of `compare_keras3_workloads.py` (jax, torch,
  tensorflow), in ms per step;
each through the public op (`keras.ops.dot_product_attention`,
`layer_normalization`, `rms_normalization`) with our kernels on and then off
(`registry.set_kernels_enabled(False)`: the backend's own path, e.g. torch's
`F.scaled_dot_product_attention` and `F.layer_norm`, JAX's jitted composition,
OpenVINO's ScaledDotProductAttention and MVN). On openvino each workload is a graph on
Parameters compiled once, timed per inference (as `predict` runs it).
The ceilings come from NumPy in the parent process: float32 GEMM (2048^3) GFLOP/s
and a 64 MB copy in GB/s. Best of several repeats each.

The kernels come from `bazel-bin/kernels/bindings` (build them first:
`tools/bazel build //kernels/bindings:all`); the script says when they are missing.
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))
# This file is bench/kernels.py: its directory must not shadow the `kernels` package.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
sys.path.insert(0, ROOT)


def best_of(function, repeats, inner=1):
    function()  # warm-up (compilation, allocation)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            function()
        best = min(best, (time.perf_counter() - start) / inner)
    return best


def ceilings(repeats):
    import numpy as np

    a = np.random.default_rng(0).random((2048, 2048), dtype=np.float32)
    gemm = best_of(lambda: a @ a, repeats)
    src = np.ones(16 * 1024 * 1024, np.float32)
    dst = np.empty_like(src)
    copy = best_of(lambda: np.copyto(dst, src), repeats)
    return {"gemm_gflops": 2 * 2048**3 / gemm / 1e9, "copy_gbs": 2 * src.nbytes / copy / 1e9}


def worker(quick):
    import numpy as np

    import keras
    from keras import ops
    from keras.backends.common import registry
    from kernels.bindings import library

    backend = keras.backend.backend()
    repeats = 3 if quick else 7
    rows = []
    loaded = library.cpu() is not None

    def sync(x):
        if backend == "jax":
            x.block_until_ready()
        return x

    def compiled(function):
        """openvino: `function`'s graph built on Parameters of its inputs' shapes and
        compiled once (what predict runs), timed per inference, not per eager op
        (which would compile every call)."""
        import openvino as ov

        from keras.backends import active

        core = active.core
        arrays = [np.asarray(core.convert_to_numpy(a)) for a in function.inputs]
        parameters = [
            ov.opset14.parameter(list(a.shape), core._ov_type(a.dtype)) for a in arrays
        ]
        out = function.call(*[core.OpenVINOTensor(p.output(0)) for p in parameters])
        model = ov.Model([out.output], parameters)
        request = core._ov_core().compile_model(model, "CPU", core.COMPILE_CONFIG)
        request = request.create_infer_request()
        return lambda: request.infer(arrays, share_inputs=True)

    def measure(name, function, work, unit):
        for path, enabled in (("kernel", True), ("own", False)):
            if path == "kernel" and not loaded:
                rows.append({"workload": name, "path": path, "value": None})
                continue
            previous = registry.set_kernels_enabled(enabled)
            try:
                run = compiled(function) if backend == "openvino" else function
                seconds = best_of(run, repeats)
            finally:
                registry.set_kernels_enabled(previous)
            rows.append(
                {"workload": name, "path": path, "seconds": seconds,
                 "value": work / seconds / 1e9, "unit": unit}
            )

    rng = np.random.default_rng(0)
    b, t, n, h = 4, 1024, 8, 64
    q, k, v = (ops.convert_to_tensor(rng.normal(size=(b, t, n, h)).astype("float32"))
               for _ in range(3))
    flops = 4 * b * t * t * n * h
    def workload(call, *inputs):
        """A timed function running `call(*inputs)` eagerly (openvino: compiled)."""
        def run():
            return sync(call(*inputs))
        run.call, run.inputs = call, inputs
        return run

    for causal in (False, True):
        label = "attention fwd 4x1024x8x64" + (" causal" if causal else "")
        measure(label, workload(
            lambda q, k, v, c=causal: ops.dot_product_attention(q, k, v, is_causal=c),
            q, k, v), flops, "GFLOP/s")
    x = ops.convert_to_tensor(rng.normal(size=(4096, 1024)).astype("float32"))
    gamma = ops.convert_to_tensor(np.ones(1024, "float32"))
    beta = ops.convert_to_tensor(np.zeros(1024, "float32"))
    nbytes = 2 * 4096 * 1024 * 4
    measure("layer norm fwd 4096x1024", workload(
        lambda x, g, b: ops.layer_normalization(x, g, b, epsilon=1e-3), x, gamma, beta),
        nbytes, "GB/s")
    measure("rms norm fwd 4096x1024", workload(
        lambda x, g: ops.rms_normalization(x, g, epsilon=1e-6), x, gamma), nbytes, "GB/s")
    if backend in ("jax", "torch", "tensorflow"):
        from keras.models import Model

        def grad_of(function, values):
            def run():
                _, grads = Model._value_and_grad(function, values)
                return sync(grads[0])
            return run

        measure("attention fwd+bwd 4x1024x8x64 causal",
                grad_of(lambda vs: ops.sum(ops.dot_product_attention(*vs, is_causal=True)),
                        [q, k, v]),
                flops * 3.5, "GFLOP/s")
        measure("layer norm fwd+bwd 4096x1024",
                grad_of(lambda vs: ops.sum(ops.layer_normalization(*vs, epsilon=1e-3)),
                        [x, gamma, beta]),
                nbytes + 3 * 4096 * 1024 * 4, "GB/s")
        # The sequence-layer bench's Transformer block (MultiHeadAttention and two
        # LayerNormalization layers): seconds per fit step, a fresh model per path
        # (jax and tensorflow trace the step once, with the switch as it stands).
        import importlib.util

        spec = importlib.util.spec_from_file_location(
            "compare_keras3_workloads", os.path.join(HERE, "compare_keras3_workloads.py")
        )
        workloads = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(workloads)

        profile = workloads.PROFILES["quick" if quick else "full"]
        for path, enabled in (("kernel", True), ("own", False)):
            previous = registry.set_kernels_enabled(enabled and loaded)
            try:
                seconds = min(workloads.time_transformer_fit(keras, np, profile)
                              for _ in range(2))
            finally:
                registry.set_kernels_enabled(previous)
            rows.append({"workload": "Transformer block fit step (ms)", "path": path,
                         "seconds": seconds, "value": seconds * 1e3, "unit": "ms"})
    return {"backend": backend, "isa": library.cpu().isa() if loaded else None,
            "threads": library.cpu().num_threads() if loaded else None, "rows": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="numpy,jax,torch,tensorflow,openvino")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.quick)))
        return
    limits = ceilings(3 if args.quick else 7)
    print(f"ceilings (NumPy): float32 GEMM {limits['gemm_gflops']:.0f} GFLOP/s, "
          f"copy {limits['copy_gbs']:.1f} GB/s")
    results = []
    for backend in args.backends.split(","):
        env = dict(os.environ, KERAS_BACKEND=backend)
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        command = [sys.executable, os.path.abspath(__file__), "--worker"]
        if args.quick:
            command.append("--quick")
        out = subprocess.run(command, env=env, capture_output=True, text=True)
        if out.returncode:
            print(f"{backend}: failed\n{out.stderr[-2000:]}")
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print()
    print("| backend | workload | our kernel | backend's own path | kernel/own |")
    print("|---|---|---|---|---|")
    for result in results:
        by = {}
        for row in result["rows"]:
            by.setdefault(row["workload"], {})[row["path"]] = row
        for workload, paths in by.items():
            kernel, own = paths.get("kernel"), paths["own"]
            unit = own["unit"]
            k = "not built" if kernel["value"] is None else f"{kernel['value']:.1f} {unit}"
            ratio = "" if kernel["value"] is None else f"{kernel['value'] / own['value']:.2f}x"
            if unit == "ms" and kernel["value"] is not None:  # a time: lower is better
                ratio = f"{own['value'] / kernel['value']:.2f}x faster"
            print(f"| {result['backend']} | {workload} | {k} | {own['value']:.1f} {unit} | {ratio} |")
    if results:
        print(f"\nkernel ISA build: {results[0]['isa']}, threads: {results[0]['threads']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"ceilings": limits, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
