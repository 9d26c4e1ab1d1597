"""The per-test backend skips: every list is well formed and names real tests, and the
plugin skips exactly what a list names, with its reason, and fails on stale entries."""

import ast
import os
import textwrap

import pytest

from tools import excluded_tests

LIST = excluded_tests.LIST_PATH


def source_root():
    """The repository checkout (the runfiles link the list files back to it)."""
    listed = os.path.realpath(LIST.format(backend="jax"))
    root = listed[: -len(LIST.format(backend="jax"))].rstrip(os.sep)
    assert os.path.isdir(os.path.join(root, "keras")), f"no checkout above {listed}"
    return root


def defined_names(path):
    """{top-level name: set of its method names} of a Python file (test functions,
    classes, and names assigned at module level)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names[node.name] = set()
        elif isinstance(node, ast.ClassDef):
            names[node.name] = {
                child.name
                for child in node.body
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            }
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = set()
    return names


@pytest.mark.parametrize("backend", excluded_tests.BACKENDS)
def test_every_listed_test_exists_and_has_a_reason(backend):
    root = source_root()
    for entry in excluded_tests.read(backend, root):
        assert entry.reason
        path, *names = entry.test_id.split("[")[0].split("::")
        where = f"{LIST.format(backend=backend)}:{entry.line}"
        full = os.path.join(root, path)
        assert os.path.isfile(full), f"{where}: no file {path}"
        defined = defined_names(full)
        assert names[0] in defined, f"{where}: {path} defines no {names[0]}"
        if len(names) > 1:
            methods = defined[names[0]]
            assert names[1] in methods, f"{where}: {names[0]} has no {names[1]}"


@pytest.mark.parametrize(
    "line,message",
    [
        ("keras/ops/nn_test.py::test_conv", "reason is required"),
        ("keras/ops/nn_test.py::test_conv  #   ", "reason is required"),
        ("keras/ops/nn_test.py  # a whole file", "expected a test id"),
        ("nn_test.py:test_conv  # one colon", "expected a test id"),
        ("keras/ops/nn.py::test_conv  # not a test file", "expected a test id"),
    ],
)
def test_malformed_lines_are_errors(line, message):
    with pytest.raises(excluded_tests.ListError, match=message) as error:
        excluded_tests.parse("# header\n\n" + line + "\n", "x.txt")
    assert "x.txt:3" in str(error.value)


def test_a_test_listed_twice_is_an_error():
    text = "a/b_test.py::test_c  # one\na/b_test.py::test_c  # two\n"
    with pytest.raises(excluded_tests.ListError, match="already listed on line 1"):
        excluded_tests.parse(text)


def test_parse_keeps_ids_reasons_and_lines():
    text = textwrap.dedent(
        """\
        # comment
        a/b_test.py::test_c  # no op yet # really
        a/b_test.py::Suite::test_d[x-1]  # one case
        """
    )
    assert excluded_tests.parse(text) == [
        excluded_tests.Entry("a/b_test.py::test_c", "no op yet # really", 2),
        excluded_tests.Entry("a/b_test.py::Suite::test_d[x-1]", "one case", 3),
    ]


def test_an_entry_covers_its_parametrizations_and_methods_only():
    assert excluded_tests.covers("a_test.py::test_c", "a_test.py::test_c")
    assert excluded_tests.covers("a_test.py::test_c", "a_test.py::test_c[1-x]")
    assert excluded_tests.covers("a_test.py::Suite", "a_test.py::Suite::test_d")
    assert not excluded_tests.covers("a_test.py::test_c", "a_test.py::test_cd")
    assert not excluded_tests.covers("a_test.py::test_c[1]", "a_test.py::test_c[2]")
    assert not excluded_tests.covers("a_test.py::test_c", "b_test.py::test_c")


def test_an_unknown_backend_or_a_missing_list_is_an_error(tmp_path):
    with pytest.raises(excluded_tests.ListError, match="expected one of"):
        excluded_tests.read("theano", str(tmp_path))
    with pytest.raises(excluded_tests.ListError, match="is missing"):
        excluded_tests.read("jax", str(tmp_path))


SAMPLE_TESTS = """
import pytest

def test_kept():
    assert 1 + 1 == 2

def test_listed():
    assert False, "must not run"

@pytest.mark.parametrize("n", [1, 2])
def test_one_case_listed(n):
    assert n == 1
"""


class Outcomes:
    """Collects {test name: (outcome, skip reason)} of a nested pytest run."""

    def __init__(self):
        self.results = {}

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.skipped:
            reason = report.longrepr[2] if report.skipped else None
            self.results[report.nodeid.split("::")[-1]] = (report.outcome, reason)


def run_sample(tmp_path, monkeypatch, listed, args=None):
    """Runs SAMPLE_TESTS with `listed` as the jax list: (exit code, outcomes)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "sample_test.py").write_text(SAMPLE_TESTS)
    lists = tmp_path / "keras" / "backends" / "jax"
    lists.mkdir(parents=True)
    (lists / "excluded_tests.txt").write_text("\n".join(listed) + "\n")
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    monkeypatch.chdir(tmp_path)
    outcomes = Outcomes()
    code = pytest.main(
        ["-q", "-p", "no:cacheprovider", "--import-mode=importlib"]
        + ["--rootdir", str(tmp_path)]
        + (args or ["pkg/sample_test.py"]),
        plugins=[excluded_tests.Plugin(str(tmp_path)), outcomes],
    )
    return code, outcomes.results


def test_listed_tests_are_skipped_with_their_reason(tmp_path, monkeypatch):
    code, results = run_sample(
        tmp_path,
        monkeypatch,
        [
            "pkg/sample_test.py::test_listed  # jax lacks the op",
            "pkg/sample_test.py::test_one_case_listed[2]  # only n=2 fails",
        ],
    )
    assert code == 0
    assert results["test_kept"] == ("passed", None)
    assert results["test_one_case_listed[1]"] == ("passed", None)
    outcome, reason = results["test_listed"]
    assert outcome == "skipped"
    assert "jax lacks the op" in reason
    assert "keras/backends/jax/excluded_tests.txt:1" in reason
    assert results["test_one_case_listed[2]"][0] == "skipped"
    assert "only n=2 fails" in results["test_one_case_listed[2]"][1]


def test_without_the_list_entries_the_failures_show(tmp_path, monkeypatch):
    code, results = run_sample(tmp_path, monkeypatch, ["# nothing listed"])
    assert code == pytest.ExitCode.TESTS_FAILED
    assert results["test_listed"][0] == "failed"
    assert results["test_one_case_listed[2]"][0] == "failed"


def test_run_excluded_tests_runs_them_anyway(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_RUN_EXCLUDED_TESTS", "1")
    code, results = run_sample(
        tmp_path, monkeypatch, ["pkg/sample_test.py::test_listed  # jax lacks the op"]
    )
    assert code == pytest.ExitCode.TESTS_FAILED
    assert results["test_listed"][0] == "failed"


def test_an_entry_naming_no_test_of_a_collected_file_fails_the_run(
    tmp_path, monkeypatch, capsys
):
    code, results = run_sample(
        tmp_path, monkeypatch, ["pkg/sample_test.py::test_renamed  # gone"]
    )
    assert code == pytest.ExitCode.USAGE_ERROR
    assert results == {}
    assert "pkg/sample_test.py::test_renamed" in capsys.readouterr().err


def test_entries_of_files_not_collected_in_full_are_not_checked(tmp_path, monkeypatch):
    code, results = run_sample(
        tmp_path,
        monkeypatch,
        ["pkg/sample_test.py::test_renamed  # elsewhere"],
        args=["pkg/sample_test.py::test_kept"],
    )
    assert code == 0
    assert results == {"test_kept": ("passed", None)}


def test_a_malformed_list_fails_the_run(tmp_path, monkeypatch, capsys):
    code, _ = run_sample(tmp_path, monkeypatch, ["pkg/sample_test.py::test_listed"])
    assert code == pytest.ExitCode.USAGE_ERROR
    assert "reason is required" in capsys.readouterr().err
