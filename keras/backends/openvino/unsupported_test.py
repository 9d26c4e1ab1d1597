"""The ops openvino cannot run: one list (unsupported.REASONS), every entry a stub in its
module that raises with the reason, every stub listed, and the README names them all."""

import importlib
import pathlib

import pytest

from keras.backends.common import families
from keras.backends.openvino import unsupported

README = pathlib.Path(__file__).resolve().parents[3] / "README.md"


def _stubs():
    found = {}
    for module in families.BACKEND_OP_MODULES:
        loaded = importlib.import_module(f"keras.backends.openvino.{module}")
        for name, value in vars(loaded).items():
            if callable(value) and hasattr(value, "unsupported_reason"):
                found[f"{module}.{name}"] = value
    return found


def test_every_stub_is_listed_and_every_listed_op_is_a_stub():
    stubs = _stubs()
    assert sorted(stubs) == sorted(unsupported.REASONS)


@pytest.mark.parametrize("qualified", sorted(unsupported.REASONS))
def test_a_stub_raises_with_its_reason(qualified):
    reason = unsupported.REASONS[qualified]
    assert len(reason) > 20, f"{qualified}: the reason says too little"
    function = _stubs()[qualified]
    with pytest.raises(NotImplementedError, match="openvino backend") as raised:
        function()
    assert reason in str(raised.value)


def test_an_unlisted_stub_is_a_clear_error():
    with pytest.raises(KeyError, match="add its reason"):
        unsupported.stub("numpy.not_an_op")


def test_the_readme_lists_every_unsupported_op():
    text = README.read_text()
    missing = [q for q in unsupported.REASONS if f"`{q.split('.')[1]}`" not in text]
    assert not missing, f"README.md does not name {missing}"
