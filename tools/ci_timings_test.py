"""tools/ci_timings.py ranks the test targets that ran by wall time, from Bazel's
build event file, and names the slowest case of each from its JUnit XML."""

import json

from tools import ci_timings


def result_event(label, millis, status="PASSED", shard=1, cached=False, xml=None):
    result = {"testAttemptDurationMillis": str(millis), "status": status}
    if cached:
        result["cachedLocally"] = True
    if xml:
        result["testActionOutput"] = [{"name": "test.xml", "uri": "file://" + str(xml)}]
    return {
        "id": {"testResult": {"label": label, "run": 1, "shard": shard, "attempt": 1}},
        "testResult": result,
    }


def write_xml(path, cases):
    body = "".join(
        f'<testcase classname="x_test" name="{name}" time="{seconds}"/>'
        for name, seconds in cases
    )
    suite = f'<testsuite name="pytest">{body}</testsuite>'
    path.write_text(f"<testsuites>{suite}</testsuites>")
    return path


def test_report_ranks_what_ran_and_skips_cached_results(tmp_path):
    xml = write_xml(tmp_path / "a.xml", [("test_fast", 0.1), ("test_slow[2]", 4.31)])
    events = [
        result_event("//a:slow_test", 12000, xml=xml),
        result_event("//a:sharded_test", 7000, shard=1),
        result_event("//a:sharded_test", 9000, shard=2),
        result_event("//a:broken_test", 500, status="FAILED"),
        result_event("//a:cached_test", 99000, cached=True),
        {"id": {"progress": {}}, "progress": {}},
    ]
    path = tmp_path / "events.json"
    path.write_text("\n".join(json.dumps(event) for event in events) + "\n")

    report = ci_timings.report(ci_timings.collect(ci_timings.read_events(path)), top=2)

    lines = report.splitlines()
    assert lines[0].startswith("3 test targets ran, 1 came from a cache; the 2 slowest")
    assert lines[1].split() == [
        "12.0s", "//a:slow_test;", "slowest", "case", "4.3s", "test_slow[2]",
    ]
    assert lines[2].split() == [
        "9.0s", "//a:sharded_test", "(2", "shards,", "16s", "in", "all)",
    ]
    assert len(lines) == 3


def test_a_failed_target_is_marked(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(result_event("//a:broken_test", 500, status="FAILED")))
    report = ci_timings.report(ci_timings.collect(ci_timings.read_events(path)), top=10)
    assert report.splitlines()[1].split() == ["0.5s", "//a:broken_test", "FAILED"]


def test_nothing_ran(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(result_event("//a:cached_test", 1, cached=True)))
    report = ci_timings.report(ci_timings.collect(ci_timings.read_events(path)), top=10)
    assert report == "no test target ran, 1 came from a cache"
