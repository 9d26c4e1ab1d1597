"""Per-test backend skips: each backend's list of the tests it cannot pass yet.

`keras/backends/<backend>/excluded_tests.txt` names single tests, one per line,
each with its reason after a `#`:

    keras/ops/nn_test.py::test_conv  # openvino has no Convolution op yet
    keras/ops/nn_test.py::test_pool[max-2]  # one parametrization only
    keras/layers/core/dense_test.py::DenseTest::test_lora  # a method of a class

`path::name` covers every parametrization of `name` (every method when `name` is
a class); a full pytest id (`name[params]`) covers that one case. Blank lines and
lines that start with `#` are comments. A line without a reason, a malformed line
or a duplicate is an error, and so is a line that matches no test of a file the
run collected in full: a list cannot go stale silently. A whole target that cannot
run on a backend is excluded in its BUILD file instead (`exclude_backends`, with
the shared reasons of //tools:gaps.bzl).

tools/pytest_runner.py (every keras_py_test) loads `Plugin`; the repository's
conftest.py loads it for direct `pytest` runs. With KERAS_RUN_EXCLUDED_TESTS=1
the listed tests run anyway, to see which of them pass by now.
"""

import collections
import os
import re

import pytest

LIST_PATH = "keras/backends/{backend}/excluded_tests.txt"
BACKENDS = ("numpy", "jax", "torch", "tensorflow", "openvino")

# path/to/some_test.py::name[::name][params]
_TEST_ID = re.compile(r"^[\w./-]+_test\.py(::\w+)+(\[[^\s\]]+\])?$")

Entry = collections.namedtuple("Entry", ["test_id", "reason", "line"])


class ListError(ValueError):
    """A malformed line in an excluded-tests list."""


def parse(text, source="<list>"):
    """The entries of one list, in file order.

    Args:
        text: the content of an excluded-tests list.
        source: the file name, for error messages.

    Returns:
        A list of `Entry(test_id, reason, line)`.

    Raises:
        ListError: a line is not `path::test  # reason`, or names a test twice.
    """
    entries = []
    seen = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        test_id, hash_sign, reason = line.partition("#")
        test_id, reason = test_id.strip(), reason.strip()
        where = f"{source}:{number}"
        if not hash_sign or not reason:
            raise ListError(
                f"{where}: expected `path/to/x_test.py::test_name  # reason`; "
                f"the reason is required, got {raw!r}"
            )
        if not _TEST_ID.match(test_id):
            raise ListError(
                f"{where}: expected a test id like `keras/ops/nn_test.py::test_conv` "
                f"(path from the repository root, `::`, the test name), got {test_id!r}"
            )
        if test_id in seen:
            raise ListError(
                f"{where}: {test_id} is already listed on line {seen[test_id]}"
            )
        seen[test_id] = number
        entries.append(Entry(test_id, reason, number))
    return entries


def read(backend, root="."):
    """The entries of `backend`'s list under the repository root `root`."""
    if backend not in BACKENDS:
        raise ListError(
            f"backend: expected one of {', '.join(BACKENDS)}, got {backend!r}"
        )
    path = LIST_PATH.format(backend=backend)
    full = os.path.join(root, path)
    if not os.path.isfile(full):
        raise ListError(
            f"{path} is missing: every backend keeps a list of the tests it skips "
            "(keras_py_test makes it a data dependency)"
        )
    with open(full, encoding="utf-8") as f:
        return parse(f.read(), path)


def covers(test_id, full_id):
    """Whether the list entry `test_id` covers the test `full_id` (from the root)."""
    return full_id == test_id or full_id.startswith((test_id + "[", test_id + "::"))


def _active_backend():
    name = os.environ.get("KERAS_BACKEND")
    if name:
        return name
    # A direct pytest run without KERAS_BACKEND: the backend keras itself chooses.
    from keras.backends.common import config

    return config.backend()


class Plugin:
    """Marks the active backend's listed tests skipped, with their reasons."""

    name = "keras_excluded_tests"

    def __init__(self, root):
        self.root = os.path.abspath(root)

    def _relative(self, path):
        relative = os.path.relpath(os.path.abspath(str(path)), self.root)
        return relative.replace(os.sep, "/")

    def _full_id(self, item):
        """`item`'s id with its file named from the repository root, as the lists do.

        pytest's own node ids are relative to its rootdir, which a direct run may put
        below the repository root.
        """
        _, sep, rest = item.nodeid.partition("::")
        return self._relative(item.path) + sep + rest

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session, config, items):
        backend = _active_backend()
        try:
            entries = read(backend, self.root)
        except ListError as error:
            raise pytest.UsageError(str(error)) from None
        run_anyway = os.environ.get("KERAS_RUN_EXCLUDED_TESTS") == "1"
        used = set()
        for item in items:
            full_id = self._full_id(item)
            matches = [entry for entry in entries if covers(entry.test_id, full_id)]
            used.update(entry.test_id for entry in matches)
            if matches and not run_anyway:
                reason = self._reason(matches[0], backend)
                item.add_marker(pytest.mark.skip(reason=reason))
        self._check_stale(config, entries, used, backend)

    @staticmethod
    def _reason(entry, backend):
        path = LIST_PATH.format(backend=backend)
        return f"{entry.reason} (skipped on {backend}: {path}:{entry.line})"

    def _check_stale(self, config, entries, used, backend):
        # Only files given whole on the command line were collected in full (a node id
        # argument, `file.py::test`, collects one test). -k and -m deselect after this
        # hook, which runs first.
        whole_files = {
            self._relative(os.path.join(config.invocation_params.dir, arg))
            for arg in config.args
            if "::" not in arg and arg.endswith(".py")
        }
        stale = [
            entry
            for entry in entries
            if entry.test_id.split("::")[0] in whole_files and entry.test_id not in used
        ]
        if stale:
            path = LIST_PATH.format(backend=backend)
            lines = "\n".join(f"  {path}:{e.line}: {e.test_id}" for e in stale)
            raise pytest.UsageError(
                f"{path} names tests that do not exist (renamed or removed? fix the "
                f"list):\n{lines}"
            )
