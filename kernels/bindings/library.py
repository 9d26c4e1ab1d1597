"""Finds and loads the compiled kernel libraries.

`cpu()` is the pybind11 module `_keras_kernels_cpu` (the CPU kernels behind raw
pointers, and the XLA FFI handlers as capsules); `tensorflow_ops()` the TensorFlow
custom-op library. Both are looked up next to this file (a Bazel build's runfiles,
an installed wheel), then in `bazel-bin/kernels/bindings` (or any `bazel-out/*/bin`
tree) of the source tree (a `tools/bazel build //kernels/bindings:all` in a checkout). A library that is not built
or fails to load gives None and a reason (`unavailable_reason`), so the backends keep
their reference paths and say why in `keras.backends.active.fast_paths()`.

Set KERAS_KERNELS=0 (or off/false) before keras is imported to never load them.
"""

import glob
import importlib.machinery
import importlib.util
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_CPU_NAME = "_keras_kernels_cpu"
_TF_NAME = "_keras_kernels_tf.so"
_state = {}


def disabled_by_env():
    """True when KERAS_KERNELS turns the kernels off."""
    value = os.environ.get("KERAS_KERNELS", "").strip().lower()
    return value in ("0", "off", "false", "no")


def _candidates(filename):
    yield os.path.join(_HERE, filename)
    root = os.path.dirname(os.path.dirname(_HERE))
    yield os.path.join(root, "bazel-bin", "kernels", "bindings", filename)
    # bazel-bin follows the last build's configuration (--config=torch has its own
    # output tree): any tree's copy will do, the newest first.
    pattern = os.path.join(root, "bazel-out", "*", "bin", "kernels", "bindings", filename)
    yield from sorted(glob.glob(pattern), key=os.path.getmtime, reverse=True)


def _find(filename):
    for path in _candidates(filename):
        if os.path.exists(path):
            return path
    return None


def cpu():
    """The `_keras_kernels_cpu` module, or None (see `unavailable_reason`)."""
    if "cpu" not in _state:
        _state["cpu"] = _load_cpu()
    return _state["cpu"][0]


def _load_cpu():
    if disabled_by_env():
        return None, "turned off by KERAS_KERNELS"
    path = _find(_CPU_NAME + ".so")
    if path is None:
        return None, "the kernel library is not built (bazel build //kernels/bindings:all)"
    try:
        loader = importlib.machinery.ExtensionFileLoader(_CPU_NAME, path)
        spec = importlib.util.spec_from_file_location(_CPU_NAME, path, loader=loader)
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
    except ImportError as error:
        return None, f"{path} failed to load: {error}"
    return module, ""


def tensorflow_ops():
    """The TensorFlow op library (`tf.load_op_library`), or None."""
    if "tf" not in _state:
        _state["tf"] = _load_tf()
    return _state["tf"][0]


def _load_tf():
    if disabled_by_env():
        return None, "turned off by KERAS_KERNELS"
    path = _find(_TF_NAME)
    if path is None:
        return None, "the TensorFlow op library is not built"
    import tensorflow as tf

    try:
        return tf.load_op_library(path), ""
    except (tf.errors.NotFoundError, OSError) as error:
        return None, f"{path} failed to load: {error}"


def unavailable_reason(which="cpu"):
    """Why `cpu()` (or `tensorflow_ops()` for which="tf") gave None ("" if loaded)."""
    (cpu if which == "cpu" else tensorflow_ops)()
    return _state[which][1]
