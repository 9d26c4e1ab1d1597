"""Bazel's test sharding in tools/pytest_runner.py: the shards of a file run each of
its tests exactly once, in slices of consecutive tests."""

import pytest

from tools import pytest_runner

SAMPLE_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(7))
def test_a(n):
    pass

def test_b():
    pass

def test_c():
    pass
"""


class Ran:
    def __init__(self):
        self.names = []

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.names.append(report.nodeid.split("::")[-1])


def run_shard(tmp_path, monkeypatch, index, total):
    monkeypatch.setenv("TEST_TOTAL_SHARDS", str(total))
    monkeypatch.setenv("TEST_SHARD_INDEX", str(index))
    monkeypatch.setenv("TEST_SHARD_STATUS_FILE", str(tmp_path / "status"))
    shard = pytest_runner._shard()
    ran = Ran()
    code = pytest.main(
        ["-q", "-p", "no:cacheprovider", "--import-mode=importlib"]
        + ["--rootdir", str(tmp_path), str(tmp_path / "sample_test.py")],
        plugins=[shard, ran],
    )
    return code, ran.names


@pytest.mark.parametrize("total", [2, 3, 9, 12])
def test_shards_split_the_tests_into_consecutive_slices(tmp_path, monkeypatch, total):
    (tmp_path / "sample_test.py").write_text(SAMPLE_TESTS)
    everything = [f"test_a[{n}]" for n in range(7)] + ["test_b", "test_c"]
    slices = []
    for index in range(total):
        code, names = run_shard(tmp_path, monkeypatch, index, total)
        # An empty shard (more shards than tests) is not a failure for the runner.
        assert code in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
        assert (tmp_path / "status").exists()
        slices.append(names)
    assert [name for names in slices for name in names] == everything
    sizes = [len(names) for names in slices]
    assert max(sizes) - min(sizes) <= 1


def test_without_sharding_variables_nothing_is_split(monkeypatch):
    monkeypatch.delenv("TEST_TOTAL_SHARDS", raising=False)
    assert pytest_runner._shard() is None
    monkeypatch.setenv("TEST_TOTAL_SHARDS", "1")
    assert pytest_runner._shard() is None
