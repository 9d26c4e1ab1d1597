"""Repository rule: the project's hermetic Python environment.

Creates a virtual environment inside the external repository, installs the pinned and
complete `requirements_lock.txt` into it with `--no-deps` (so nothing outside the lock, such
as the PyPI `keras` package that TensorFlow lists, can slip in), and exposes:

  :python_toolchain   the Python toolchain to register (interpreter = the venv's python)
  :stamp              a copy of the lock; tests depend on it so an env change re-runs them
  :python_headers     cc_library with the interpreter's C headers
  :pybind11_headers   cc_library with pybind11's headers from the venv
  :xla_ffi_headers    cc_library with XLA's FFI headers from jaxlib (jax.ffi.include_dir())
  :tensorflow_headers cc_library with TensorFlow's C++ headers (tf.sysconfig.get_include())
  :tensorflow_framework  links libtensorflow_framework.so.2 (tf.sysconfig.get_link_flags())
  :python             the venv interpreter, for tools/python
"""

_BUILD = """\
load("@bazel_tools//tools/python:toolchain.bzl", "py_runtime_pair")

package(default_visibility = ["//visibility:public"])

exports_files(["venv/bin/python"])

py_runtime(
    name = "py3_runtime",
    interpreter_path = "{interpreter}",
    python_version = "PY3",
    # The launcher stub runs under this interpreter too (Bazel's default is
    # `#!/usr/bin/env python`, which many machines lack).
    stub_shebang = "#!{interpreter}",
)

py_runtime_pair(
    name = "runtime_pair",
    py3_runtime = ":py3_runtime",
)

toolchain(
    name = "python_toolchain",
    toolchain = ":runtime_pair",
    toolchain_type = "@bazel_tools//tools/python:toolchain_type",
)

filegroup(
    name = "stamp",
    srcs = ["stamp/requirements_lock.txt"],
)

cc_library(
    name = "python_headers",
    hdrs = glob(["python_include/**/*.h"]),
    includes = ["python_include"],
)

cc_library(
    name = "pybind11_headers",
    hdrs = glob(["pybind11_include/**/*.h"]),
    includes = ["pybind11_include"],
    deps = [":python_headers"],
)

cc_library(
    name = "xla_ffi_headers",
    hdrs = glob(["xla_ffi_include/**/*.h"]),
    includes = ["xla_ffi_include"],
)

# TensorFlow's headers include each other without extensions (Eigen), so every file.
cc_library(
    name = "tensorflow_headers",
    hdrs = glob(["tensorflow_include/**"]),
    includes = ["tensorflow_include"],
    defines = ["EIGEN_MAX_ALIGN_BYTES=64"],
)

# Linked by name: the library is already loaded when TensorFlow loads a custom op, and
# the rpath finds it in this venv otherwise.
cc_library(
    name = "tensorflow_framework",
    linkopts = [
        "-L{tensorflow_lib}",
        "-l:libtensorflow_framework.so.2",
        "-Wl,-rpath,{tensorflow_lib}",
    ],
)
"""

def _run(rctx, args, what, timeout = 600):
    result = rctx.execute(args, timeout = timeout, quiet = True)
    if result.return_code != 0:
        fail("python_env: {} failed (exit {}):\n{}\n{}".format(
            what,
            result.return_code,
            result.stdout[-4000:],
            result.stderr[-4000:],
        ))
    return result.stdout

def _python_env_impl(rctx):
    python = rctx.which(rctx.attr.python)
    if python == None:
        fail("python_env: no '{}' on PATH to build the venv from".format(rctx.attr.python))
    lock = rctx.path(rctx.attr.lock)
    rctx.report_progress("creating the venv")
    _run(rctx, [python, "-m", "venv", "venv"], "creating the venv")
    venv_python = rctx.path("venv/bin/python")
    rctx.report_progress("installing requirements_lock.txt (several minutes on a cold cache)")
    _run(
        rctx,
        [
            venv_python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-input",
            "-r",
            lock,
        ],
        "pip install -r requirements_lock.txt",
        timeout = 3600,
    )
    check = _run(rctx, [venv_python, "-c", _CHECK], "checking the venv")
    paths = {}
    for line in check.strip().split("\n"):
        key, _, value = line.partition("=")
        paths[key] = value
    rctx.symlink(paths["include"], "python_include")
    rctx.symlink(paths["pybind11"], "pybind11_include")
    site = paths["purelib"]
    rctx.symlink(site + "/jaxlib/include", "xla_ffi_include")
    rctx.symlink(site + "/tensorflow/include", "tensorflow_include")
    rctx.file("stamp/requirements_lock.txt", rctx.read(lock))
    rctx.file("BUILD.bazel", _BUILD.format(
        interpreter = str(venv_python),
        tensorflow_lib = site + "/tensorflow",
    ))

# Fails the build if a PyPI `keras` distribution is in the venv, and prints the header paths.
_CHECK = """
import importlib.metadata, importlib.util, sysconfig, sys
try:
    dist = importlib.metadata.distribution("keras")
except importlib.metadata.PackageNotFoundError:
    dist = None
if dist is not None or importlib.util.find_spec("keras") is not None:
    sys.exit("the PyPI keras package is in the environment; it must never be installed")
import pybind11
print("include=" + sysconfig.get_paths()["include"])
print("pybind11=" + pybind11.get_include())
print("purelib=" + sysconfig.get_paths()["purelib"])
"""

python_env = repository_rule(
    implementation = _python_env_impl,
    attrs = {
        "lock": attr.label(mandatory = True, allow_single_file = True),
        "python": attr.string(default = "python3"),
    },
    environ = ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_INDEX_URL"],
    local = False,
)
