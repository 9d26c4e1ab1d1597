"""keras.legacy: the namespace reaches its `saving` submodule lazily."""

import importlib
import sys

import pytest


def test_saving_is_a_lazy_submodule():
    legacy = importlib.import_module("keras.legacy")
    assert dir(legacy) == ["saving"] or "saving" in dir(legacy)
    saving = legacy.saving
    assert saving is sys.modules["keras.legacy.saving"]
    assert callable(saving.serialize_keras_object)
    with pytest.raises(AttributeError):
        legacy.not_a_name
