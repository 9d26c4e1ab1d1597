"""backend_package: the targets every keras/backends/<backend>/BUILD file has."""

load("//tools:families.bzl", "backend_op_libraries")
load("//tools:keras_test.bzl", "keras_py_test")

def backend_package(backend, op_modules = True, extra_op_deps = [], op_module_deps = {}):
    """The targets of `keras/backends/<backend>/BUILD` that every backend has: the
    package library, `core`, `layer`, the exported sources and per-test skip list, and
    (with `op_modules`) one library per op module of the backend contract, each with
    `extra_op_deps` besides the shared ones (and `op_module_deps[module]`: the sibling
    op modules it imports). The calling BUILD file adds its own tests."""
    native.package(default_visibility = ["//tools/visibility:backends"])
    native.exports_files(native.glob(["*.py"]))

    # The tests this backend skips one by one, each with its reason; every
    # keras_py_test reads its backend's list (tools/excluded_tests.py).
    native.exports_files(["excluded_tests.txt"], visibility = ["//visibility:public"])
    native.py_library(
        name = backend,
        srcs = ["__init__.py"],
        deps = ["//keras/backends"],
    )
    native.py_library(
        name = "core",
        srcs = ["core.py"],
        deps = [
            ":" + backend,
            "//keras/backends/common:backend_utils",
            "//keras/backends/common:distribution_state",
            "//keras/backends/common:dtypes",
            "//keras/backends/common:variables",
        ],
    )
    native.py_library(
        name = "layer",
        srcs = ["layer.py"],
        deps = [
            ":" + backend,
            "//keras/backends/common:backend_utils",
        ],
    )
    native.py_library(
        name = "distribution",
        srcs = ["distribution.py"],
        deps = [
            ":core",
            "//keras/backends/common:distribution_utils",
        ],
    )
    if op_modules:
        backend_op_libraries(extra_op_deps, op_module_deps)
    keras_py_test(
        name = "core_test",
        srcs = ["core_test.py"],
        deps = [
            ":core",
            "//keras/backends:active",
        ],
        only_backends = [backend],
    )
