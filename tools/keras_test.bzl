"""keras_py_test: the one macro every Python test target uses.

It runs pytest on `srcs` under the backend chosen with `--config=<backend>`. A backend listed
in `exclude_backends` (a dict: backend -> reason, kept visible in BUILD) makes the target
incompatible there, so `bazel test //...` reports it SKIPPED and exits 0. `only_backends`
is for tests of one engine's own specifics (e.g. torch.nn.Parameter): SKIPPED elsewhere.
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
        deps = deps + _root_package(deps),
        data = data + ["@pyenv//:stamp"],
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
