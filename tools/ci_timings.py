"""Prints the slowest test targets of one `bazel test` run, from its build event file.

    bazel test //... --build_event_json_file=events.json
    python3 tools/ci_timings.py events.json --top 10

Bazel's build event protocol (one JSON object per line) gives each test attempt's
duration and whether it came from a cache; the JUnit XML of each attempt that ran
(written by tools/pytest_runner.py) gives its slowest test case. Standard library
only, so any Python 3 runs it; .ci/run calls it once per backend.
"""

import argparse
import collections
import json
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree


def read_events(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def _is_cached(result):
    info = result.get("executionInfo", {})
    return bool(result.get("cachedLocally") or info.get("cachedRemotely"))


def _local_path(uri):
    if not uri.startswith("file://"):
        return None
    return urllib.request.url2pathname(urllib.parse.urlparse(uri).path)


def slowest_case(xml_path):
    """(seconds, name) of the slowest test case in a JUnit XML file, or None."""
    try:
        root = ElementTree.parse(xml_path).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    best = None
    for case in root.iter("testcase"):
        try:
            seconds = float(case.get("time", "0"))
        except ValueError:
            continue
        name = case.get("name", "?")
        if best is None or seconds > best[0]:
            best = (seconds, name)
    return best


def collect(events):
    """{label: {"runs": [ms...], "cached": n, "status": s, "xml": [paths]}}."""
    targets = collections.defaultdict(
        lambda: {"runs": [], "cached": 0, "status": set(), "xml": []}
    )
    for event in events:
        result = event.get("testResult")
        if result is None:
            continue
        label = event["id"]["testResult"]["label"]
        target = targets[label]
        target["status"].add(result.get("status", "?"))
        if _is_cached(result):
            target["cached"] += 1
            continue
        target["runs"].append(int(result.get("testAttemptDurationMillis", "0")))
        for output in result.get("testActionOutput", []):
            if output.get("name") == "test.xml":
                path = _local_path(output.get("uri", ""))
                if path:
                    target["xml"].append(path)
    return targets


def report(targets, top):
    executed = {label: t for label, t in targets.items() if t["runs"]}
    cached = len(targets) - len(executed)
    if not executed:
        return f"no test target ran, {cached} came from a cache"
    lines = [
        f"{len(executed)} test targets ran, {cached} came from a cache; "
        f"the {min(top, len(executed))} slowest (wall of the slowest shard):"
    ]
    ranked = sorted(executed.items(), key=lambda item: -max(item[1]["runs"]))
    for label, target in ranked[:top]:
        runs = target["runs"]
        wall = max(runs) / 1000
        shards = ""
        if len(runs) > 1:
            shards = f" ({len(runs)} shards, {sum(runs) / 1000:.0f}s in all)"
        status = ""
        if target["status"] != {"PASSED"}:
            status = " " + "/".join(sorted(target["status"]))
        cases = [case for case in map(slowest_case, target["xml"]) if case]
        slowest = ""
        if cases:
            seconds, name = max(cases)
            slowest = f"; slowest case {seconds:.1f}s {name}"
        lines.append(f"  {wall:7.1f}s  {label}{shards}{status}{slowest}")
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", help="the file of --build_event_json_file")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    try:
        targets = collect(read_events(args.events))
    except (OSError, ValueError) as error:
        print(f"no timings: cannot read the build events ({error})")
        return
    print(report(targets, args.top))


if __name__ == "__main__":
    main(sys.argv[1:])
