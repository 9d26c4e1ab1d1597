"""keras_py_test: the one macro every Python test target uses.

It runs pytest on `srcs` under the backend chosen with `--config=<backend>`. A backend listed
in `exclude_backends` (a dict: backend -> reason; the shared ones are in //tools:gaps.bzl)
makes the target incompatible there, so `bazel test //...` reports it SKIPPED and exits 0.
`only_backends` is for tests of one engine's own specifics (e.g. torch.nn.Parameter):
SKIPPED elsewhere. Single tests a backend cannot pass yet are listed, with their reasons, in
keras/backends/<backend>/excluded_tests.txt: every target has its backend's list as data,
and the runner (tools/pytest_runner.py) skips what it names.

Slow targets may set `shard_count`: the runner then splits the tests among that many
processes, which Bazel runs side by side.
"""

load("//tools:backend.bzl", "BACKENDS")

def _root_package(deps):
    """//keras (the real keras/__init__.py, never an implicit namespace package)."""
    spellings = ["//keras", "//keras:keras"]
    if native.package_name() == "keras":
        spellings.append(":keras")
    for dep in deps:
        if dep in spellings:
            return []
    return ["//keras"]

def keras_py_test(
        name,
        srcs,
        deps = [],
        data = [],
        exclude_backends = {},
        only_backends = [],
        size = "small",
        **kwargs):
    if only_backends:
        exclude_backends = dict(exclude_backends)
        for backend in BACKENDS:
            if backend not in only_backends:
                exclude_backends[backend] = "tests {} specifics only".format(
                    " and ".join(only_backends),
                )
    for backend, reason in exclude_backends.items():
        if backend not in BACKENDS:
            fail("{}: exclude_backends names '{}'; expected one of {}".format(
                name,
                backend,
                ", ".join(BACKENDS),
            ))
        if not reason:
            fail("{}: exclude_backends['{}'] needs a reason".format(name, backend))
    compatible = {
        "//tools:backend_" + backend: ["//tools:incompatible"]
        for backend in exclude_backends
    }
    compatible["//conditions:default"] = []
    native.py_test(
        name = name,
        srcs = srcs + ["//tools:pytest_runner.py"],
        main = "//tools:pytest_runner.py",
        args = ["$(rootpath {})".format(src) for src in srcs],
        deps = deps + _root_package(deps) + ["//tools:excluded_tests"],
        data = data + ["@pyenv//:stamp"] + select({
            "//tools:backend_" + backend: [
                "//keras/backends/{}:excluded_tests.txt".format(backend),
            ]
            for backend in BACKENDS
        }),
        env = select({
            "//tools:backend_" + backend: {"KERAS_BACKEND": backend}
            for backend in BACKENDS
        }),
        target_compatible_with = select(compatible),
        size = size,
        python_version = "PY3",
        srcs_version = "PY3",
        **kwargs
    )
