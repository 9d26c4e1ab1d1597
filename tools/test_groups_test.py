"""Every BUILD file with keras_py_test targets ends with keras_test_group().

The per-file targets are `manual`: `bazel test //...` runs them only through their
package's group, so a package that forgot the call would silently run none of its tests.
"""

import os
import re

from tools import excluded_tests

DECLARES_TESTS = re.compile(r"^\s*(keras_py_test|backend_package)\(", re.M)
GROUP = re.compile(r"^keras_test_group\(", re.M)


def source_root():
    """The repository checkout (the runfiles link the skip lists back to it)."""
    relative = excluded_tests.LIST_PATH.format(backend="jax")
    listed = os.path.realpath(relative)
    root = listed[: -len(relative)].rstrip(os.sep)
    assert os.path.isdir(os.path.join(root, "keras")), f"no checkout above {listed}"
    return root


def build_files(root):
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith((".", "bazel-")) and name != "shared"
        ]
        for name in files:
            if name in ("BUILD", "BUILD.bazel"):
                yield os.path.join(directory, name)


def test_every_package_with_tests_groups_them_last():
    checked = 0
    problems = []
    for path in build_files(source_root()):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        declared = [match.start() for match in DECLARES_TESTS.finditer(text)]
        if not declared:
            continue
        checked += 1
        groups = [match.start() for match in GROUP.finditer(text)]
        if len(groups) != 1 or groups[0] < declared[-1]:
            problems.append(path)
    assert checked >= 40, f"found only {checked} BUILD files with tests"
    assert not problems, (
        "these BUILD files must end with one keras_test_group() call after their last "
        f"keras_py_test: {problems}"
    )


def test_the_check_catches_a_missing_group(tmp_path):
    build = tmp_path / "BUILD"
    build.write_text('keras_py_test(name = "a_test", srcs = ["a_test.py"])\n')
    text = build.read_text()
    assert DECLARES_TESTS.search(text) and not GROUP.search(text)
