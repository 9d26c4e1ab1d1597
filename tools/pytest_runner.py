"""Entry point of every keras_py_test target: runs pytest on the files given.

The runfiles tree is read-only, so pytest's cache is off; results go to the JUnit
XML file Bazel asks for, so `bazel test` shows per-test results. Two plugins join
in: the active backend's per-test skips (tools/excluded_tests.py) and Bazel's test
sharding (a target with `shard_count = N` runs as N processes, each taking a slice
of consecutive tests).
"""

import os
import sys

import pytest

from tools import excluded_tests

# pytest's exit code when no test was collected: a shard may legitimately get none.
_NO_TESTS_COLLECTED = 5


class Shard:
    """Keeps the `index`-th of `total` equal slices of the collected tests."""

    name = "keras_shard"

    def __init__(self, index, total):
        self.index = index
        self.total = total

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        # Consecutive tests, not every N-th: the cases of one test share shapes, which
        # an engine compiles once per process (round robin cost jax 70% more CPU).
        start = self.index * len(items) // self.total
        stop = (self.index + 1) * len(items) // self.total
        dropped = items[:start] + items[stop:]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = items[start:stop]


def _shard():
    total = int(os.environ.get("TEST_TOTAL_SHARDS", "1"))
    if total <= 1:
        return None
    status = os.environ.get("TEST_SHARD_STATUS_FILE")
    if status:
        # Tells Bazel that this runner supports sharding.
        open(status, "w").close()
    return Shard(int(os.environ["TEST_SHARD_INDEX"]), total)


def main(argv):
    args = ["-p", "no:cacheprovider", "-q", "--import-mode=importlib"]
    args += ["--rootdir", os.getcwd()]
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        args += ["--junitxml", xml]
    args += argv
    plugins = [excluded_tests.Plugin(os.getcwd())]
    shard = _shard()
    if shard is not None:
        plugins.append(shard)
    code = pytest.main(args, plugins=plugins)
    if shard is not None and code == _NO_TESTS_COLLECTED:
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
