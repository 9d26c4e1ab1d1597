"""Checks that the real Keras 3 can load `.keras` archives and reproduce them.

This is the reverse direction of keras/saving/testdata/keras3/: there, upstream
Keras writes fixtures that our implementation must load; here, upstream Keras
loads archives (typically written by our implementation) and checks them
against the numbers stored next to them.

Run it with upstream Keras 3 in a throwaway virtualenv, never with the
project's interpreter (tools/python), and never install the PyPI `keras`
package into the project's environment:

    python3 -m venv /tmp/k3venv
    /tmp/k3venv/bin/pip install keras==3.15.1 jax jaxlib h5py numpy
    cd /tmp && KERAS_BACKEND=jax /tmp/k3venv/bin/python \\
        /work/main/tools/keras3_interop_check.py DIR [--atol 1e-5]

(Paths of optimizer variables are not stable across a save/load even within
Keras 3.15.1: a saved `adam/sequential_1_dense_6_kernel_momentum` comes back
as `adam/dense_6_kernel_momentum`; the archive stores them by index.)

For every `NAME.keras` in DIR that has a sibling `NAME_expected.npz`:

  * the archive is loaded with `keras.saving.load_model(path)` (safe_mode on);
  * `model.predict(inputs)` is compared with `y_pred` (max abs diff <= --atol,
    default 1e-5).
    Inputs are `x` (one input) or `x_<input name>` (e.g. `x_tokens`,
    `x_features`, passed as a dict by input name); `x_train` is not an input;
  * if the npz has `w0, w1, ...`, they are compared with model.get_weights();
  * if the npz has `opt0, opt1, ...`, they are compared with the loaded
    `model.optimizer.variables` (count, shapes, values, within
    1e-9 + --opt-rtol * |expected|, since Adam's velocities are ~1e-5 and an
    absolute tolerance would not notice them); `opt_paths` (JSON
    string array of `v.path`), if present, is compared too, and a mismatch is
    reported as a note only;
  * if the npz has `x_train`, `y_train` and `after_w0, ...`, the loaded model is
    trained for one more epoch (`fit(x_train, y_train, batch_size=16,
    epochs=1, shuffle=False)`) and the weights are compared with `after_w*`
    (and the epoch loss with `after_loss`), proving the optimizer state
    resumes training exactly (tolerance --train-atol).

It prints one line per archive and a summary, and exits 1 if any check
failed (2 if DIR holds no archive with an `_expected.npz`).
"""

import argparse
import glob
import json
import os
import sys

_TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
_REPO_ROOT = os.path.dirname(_TOOLS_DIR)


def _sanitize_sys_path():
    """Drops sys.path entries from which the repository's `keras/` could load."""
    kept = []
    for entry in sys.path:
        resolved = os.path.abspath(entry or os.getcwd())
        if os.path.isfile(os.path.join(resolved, "keras", "BUILD")):
            continue  # a checkout of this repository (our keras/ package)
        if resolved == _REPO_ROOT:
            continue
        kept.append(entry)
    sys.path[:] = kept


_sanitize_sys_path()
os.environ.setdefault("KERAS_BACKEND", "jax")

import numpy as np  # noqa: E402

import keras  # noqa: E402

_KERAS_FILE = os.path.abspath(keras.__file__)
if _KERAS_FILE.startswith(_REPO_ROOT + os.sep):
    sys.exit(f"refusing to run: keras was imported from the repo: {_KERAS_FILE}")


def _indexed(npz, prefix):
    out = []
    while f"{prefix}{len(out)}" in npz.files:
        out.append(npz[f"{prefix}{len(out)}"])
    return out


def _inputs(npz):
    if "x" in npz.files:
        return npz["x"]
    named = {
        k[2:]: npz[k]
        for k in npz.files
        if k.startswith("x_") and k != "x_train"
    }
    if not named:
        raise ValueError("no inputs (`x` or `x_<name>`) in the npz")
    return named


def _max_diff(a, b, rtol=0.0):
    """Max of |a - b| - rtol * |b| (plain max abs diff when rtol is 0)."""
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"shape {a.shape} != expected {b.shape}")
    if a.size == 0:
        return 0.0
    a = a.astype("float64")
    b = b.astype("float64")
    return float(np.max(np.abs(a - b) - rtol * np.abs(b)))


def _compare_list(label, got, want, atol, failures, rtol=0.0):
    """Fails element i unless |got - want| <= atol + rtol * |want| everywhere."""
    if len(got) != len(want):
        failures.append(f"{label}: {len(got)} arrays, expected {len(want)}")
        return 0.0
    worst = 0.0
    for i, (g, w) in enumerate(zip(got, want)):
        try:
            d = _max_diff(g, w, rtol)
        except ValueError as e:
            failures.append(f"{label}[{i}]: {e}")
            continue
        worst = max(worst, d)
        if not d <= atol:
            what = "max abs diff"
            if rtol:
                what = f"max(|diff| - {rtol:g}*|expected|)"
            failures.append(f"{label}[{i}]: {what} {d:.3g} > {atol:g}")
    return worst


def check(path, npz_path, atol, train_atol, opt_rtol):
    """Returns (ok, message)."""
    failures = []
    notes = []
    parts = []
    npz = np.load(npz_path, allow_pickle=False)
    model = keras.saving.load_model(path)

    y_pred = model.predict(_inputs(npz), verbose=0)
    try:
        d = _max_diff(y_pred, npz["y_pred"])
        parts.append(f"predict {d:.2g}")
        if not d <= atol:
            failures.append(f"y_pred: max abs diff {d:.3g} > {atol:g}")
    except ValueError as e:
        failures.append(f"y_pred: {e}")

    want_w = _indexed(npz, "w")
    if want_w:
        d = _compare_list("weights", model.get_weights(), want_w, atol, failures)
        parts.append(f"weights({len(want_w)}) {d:.2g}")

    want_opt = _indexed(npz, "opt")
    if want_opt:
        if getattr(model, "optimizer", None) is None:
            failures.append("optimizer: the loaded model has no optimizer")
        else:
            opt_vars = list(model.optimizer.variables)
            got = [np.asarray(v.numpy()) for v in opt_vars]
            # Adam's velocities are tiny (~1e-5), so a plain absolute tolerance
            # would not see them; these are compared relatively as well.
            d = _compare_list(
                "optimizer", got, want_opt, 1e-9, failures, rtol=opt_rtol
            )
            parts.append(f"optimizer({len(want_opt)}) {d:.2g}")
            if "opt_paths" in npz.files:
                want_paths = json.loads(str(npz["opt_paths"]))
                got_paths = [v.path for v in opt_vars]
                differ = [
                    (g, w) for g, w in zip(got_paths, want_paths) if g != w
                ]
                if differ:
                    notes.append(
                        f"{len(differ)} optimizer paths differ, e.g. loaded "
                        f"{differ[0][0]!r} vs saved {differ[0][1]!r}"
                    )

    want_after = _indexed(npz, "after_w")
    if want_after and "x_train" in npz.files and "y_train" in npz.files:
        if getattr(model, "optimizer", None) is None:
            failures.append("resume: the loaded model is not compiled")
        else:
            history = model.fit(
                npz["x_train"],
                npz["y_train"],
                batch_size=16,
                epochs=1,
                shuffle=False,
                verbose=0,
            )
            d = _compare_list(
                "resumed weights",
                model.get_weights(),
                want_after,
                train_atol,
                failures,
            )
            parts.append(f"resume {d:.2g}")
            if "after_loss" in npz.files:
                got_loss = float(history.history["loss"][-1])
                dl = abs(got_loss - float(npz["after_loss"]))
                parts.append(f"loss {dl:.2g}")
                if not dl <= train_atol:
                    failures.append(
                        f"resumed loss {got_loss} != {float(npz['after_loss'])}"
                    )

    msg = ", ".join(parts)
    if failures:
        msg += " | " + "; ".join(failures)
    if notes:
        msg += " | note: " + "; ".join(notes)
    return not failures, msg


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="directory with NAME.keras + NAME_expected.npz")
    parser.add_argument("--atol", type=float, default=1e-5)
    parser.add_argument(
        "--train-atol",
        type=float,
        default=1e-5,
        help="tolerance for the resumed-training weights and loss",
    )
    parser.add_argument(
        "--opt-rtol",
        type=float,
        default=1e-5,
        help="relative tolerance for the optimizer variables (atol 1e-9)",
    )
    args = parser.parse_args(argv)

    print(
        f"keras {keras.__version__} ({keras.backend.backend()}) "
        f"from {_KERAS_FILE}"
    )
    pairs = []
    for path in sorted(glob.glob(os.path.join(args.dir, "*.keras"))):
        npz_path = path[: -len(".keras")] + "_expected.npz"
        if os.path.exists(npz_path):
            pairs.append((path, npz_path))
    if not pairs:
        print(f"no NAME.keras with NAME_expected.npz in {args.dir}")
        return 2

    n_failed = 0
    for path, npz_path in pairs:
        name = os.path.basename(path)
        try:
            ok, msg = check(
                path, npz_path, args.atol, args.train_atol, args.opt_rtol
            )
        except Exception as e:  # a load error is a failed check, not a crash
            ok, msg = False, f"{type(e).__name__}: {e}"
        n_failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}: {msg}")
    print(f"{len(pairs) - n_failed}/{len(pairs)} passed")
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
