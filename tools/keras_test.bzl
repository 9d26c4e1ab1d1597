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

keras_test_group: one target per package that runs all of its keras_py_test files in one
pytest process (the per-file targets are tagged `manual`: run them by label). Each test
process pays for importing its engine (3-5 s of CPU for tensorflow and torch, against a
median of 2 s of testing per file), so on a 2-core machine one process per file spent more
than half of `bazel test //...` importing. Every BUILD file with tests ends with
`keras_test_group()` (//tools:test_groups_test checks it); `keras_py_test(grouped = False)`
keeps a file that needs a fresh process on its own target.
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
        grouped = True,
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
    tags = kwargs.pop("tags", [])
    native.py_test(
        name = name,
        srcs = srcs + [_RUNNER],
        main = _RUNNER,
        args = ["$(rootpath {})".format(src) for src in srcs],
        deps = deps + _root_package(deps) + ["//tools:excluded_tests"],
        # A plain list (every backend's skip list), so keras_test_group can read it.
        data = data + _COMMON_DATA,
        env = select({
            "//tools:backend_" + backend: {"KERAS_BACKEND": backend}
            for backend in BACKENDS
        }),
        target_compatible_with = select(compatible),
        size = size,
        python_version = "PY3",
        srcs_version = "PY3",
        # Grouped files run in their package's keras_test_group; `grouped = False` is
        # for a test that needs a process of its own.
        tags = tags + (["manual", _GROUPED] if grouped else []) + [
            _EXCLUDED + backend
            for backend in exclude_backends
        ],
        **kwargs
    )

_RUNNER = "//tools:pytest_runner.py"
_GROUPED = "keras_py_test"
_EXCLUDED = "keras_excluded_on_"
_COMMON_DATA = ["@pyenv//:stamp"] + [
    "//keras/backends/{}:excluded_tests.txt".format(backend)
    for backend in BACKENDS
]
_SIZES = ["small", "medium", "large", "enormous"]

def _label(value):
    """A label string of this package, spelled one way (`:x` and `x` are the same)."""
    if value.startswith("//") or value.startswith("@"):
        return value
    return "//{}:{}".format(native.package_name(), value.lstrip(":"))

def _rule_name(rule):
    return rule["name"]

def _union(lists, spell = None):
    seen = {}
    for values in lists:
        for value in values:
            seen[spell(value) if spell else value] = True
    return seen.keys()

def keras_test_group(name = "tests", shard_count = None):
    """One test target running every keras_py_test of this package in one process.

    Call it last in the BUILD file. On each backend it runs the files whose own target
    is compatible there; a backend none of them runs on is SKIPPED.

    Args:
      name: the target's name.
      shard_count: processes to split the tests among (default: the largest
        `shard_count` of the files, else 1).
    """
    rules = [
        rule
        for rule in native.existing_rules().values()
        if rule["kind"] == "py_test" and _GROUPED in rule["tags"]
    ]
    if not rules:
        fail("keras_test_group: no keras_py_test in //" + native.package_name())
    rules = sorted(rules, key = _rule_name)
    files = {}
    for backend in BACKENDS:
        files[backend] = [
            "$(rootpath {})".format(_label(src))
            for rule in rules
            if _EXCLUDED + backend not in rule["tags"]
            for src in rule["srcs"]
            if _label(src) != _RUNNER
        ]
    compatible = {
        "//tools:backend_" + backend: ["//tools:incompatible"]
        for backend in BACKENDS
        if not files[backend]
    }
    compatible["//conditions:default"] = []
    shards = shard_count
    if shards == None:
        shards = max([max(rule["shard_count"], 1) for rule in rules])
    size = _SIZES[max([_SIZES.index(rule["size"]) for rule in rules])]
    tags = _union([
        [tag for tag in rule["tags"] if tag not in ("manual", _GROUPED) and
                                        not tag.startswith(_EXCLUDED)]
        for rule in rules
    ])
    native.py_test(
        name = name,
        srcs = _union([rule["srcs"] for rule in rules], _label),
        main = _RUNNER,
        args = select({
            "//tools:backend_" + backend: files[backend]
            for backend in BACKENDS
        }),
        deps = _union([rule["deps"] for rule in rules], _label),
        data = _union([rule["data"] for rule in rules], _label),
        env = select({
            "//tools:backend_" + backend: {"KERAS_BACKEND": backend}
            for backend in BACKENDS
        }),
        target_compatible_with = select(compatible),
        # One process runs many files: the timeout is the long one whatever the size.
        size = size,
        timeout = "long",
        shard_count = shards if shards > 1 else None,
        tags = tags,
        python_version = "PY3",
        srcs_version = "PY3",
    )
