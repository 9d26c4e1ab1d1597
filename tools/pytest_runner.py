"""Entry point of every keras_py_test target: runs pytest on the files given as arguments.

The runfiles tree is read-only, so pytest's cache is off; results go to the JUnit XML file
Bazel asks for, so `bazel test` shows per-test results.
"""

import os
import sys

import pytest


def main(argv):
    args = ["-p", "no:cacheprovider", "-q", "--import-mode=importlib"]
    args += ["--rootdir", os.getcwd()]
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        args += ["--junitxml", xml]
    args += argv
    sys.exit(pytest.main(args))


if __name__ == "__main__":
    main(sys.argv[1:])
