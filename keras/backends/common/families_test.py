"""The op families of Python (families.py) are those of Bazel (tools/families.bzl)."""

import pathlib

import pytest

from keras.backends.common import families

BZL = pathlib.Path(__file__).parents[3] / "tools" / "families.bzl"


def bzl_tables():
    # The .bzl file is a docstring and assignments of literals, which Python runs as is.
    namespace = {}
    code = compile(BZL.read_text(), str(BZL), "exec")
    exec(code, {"__builtins__": {"list": list}}, namespace)
    return namespace


def test_op_families_agree_with_the_bzl_file():
    tables = bzl_tables()
    assert list(tables["OP_FAMILIES"].items()) == list(families.OP_FAMILIES.items())
    assert tuple(tables["BACKEND_OP_MODULES"]) == families.BACKEND_OP_MODULES
    assert tuple(tables["OWN_NAMESPACE_ONLY"]) == families.OWN_NAMESPACE_ONLY


def test_families_of_a_namespace():
    assert families.families_of("nn") == ("nn",)
    assert "unary" in families.families_of("numpy")
    assert "core_ops" not in families.families_of("numpy")
    with pytest.raises(ValueError, match="namespace"):
        families.families_of("no_such_namespace")
