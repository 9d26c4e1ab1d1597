"""register_keras_serializable, custom object scopes and the registry lookups."""

import threading

import pytest

import keras
from keras import saving


class Plain:
    """Not registered; has a config so it could be."""

    def get_config(self):
        return {}


def test_public_names():
    assert saving.__all__ == sorted(
        [
            "CustomObjectScope",
            "KerasFileEditor",
            "custom_object_scope",
            "deserialize_keras_object",
            "get_custom_objects",
            "get_registered_name",
            "get_registered_object",
            "load_model",
            "load_weights",
            "register_keras_serializable",
            "save_model",
            "save_weights",
            "serialize_keras_object",
        ]
    )
    for name in saving.__all__:
        assert callable(getattr(saving, name)), name
    assert keras.saving is saving


def test_register_a_class_and_a_function():
    @saving.register_keras_serializable(package="RegTest")
    class Widget:
        def get_config(self):
            return {}

    @saving.register_keras_serializable(package="RegTest", name="twice")
    def double(x):
        return 2 * x

    assert saving.get_registered_name(Widget) == "RegTest>Widget"
    assert saving.get_registered_name(double) == "RegTest>twice"
    assert saving.get_registered_object("RegTest>Widget") is Widget
    assert saving.get_registered_object("RegTest>twice") is double
    assert saving.get_custom_objects()["RegTest>twice"] is double


def test_default_package_is_custom():
    @saving.register_keras_serializable()
    def halve(x):
        return x / 2

    assert saving.get_registered_name(halve) == "Custom>halve"


def test_unregistered_objects():
    assert saving.get_registered_name(Plain) == "Plain"
    assert saving.get_registered_object("Plain") is None
    assert saving.get_registered_object("Plain", custom_objects={"Plain": Plain}) is Plain
    assert saving.get_registered_object("Plain", module_objects={"Plain": Plain}) is Plain


def test_a_class_without_get_config_is_refused():
    class NoConfig:
        pass

    with pytest.raises(ValueError, match=r"Cannot register the class 'NoConfig'.*get_config"):
        saving.register_keras_serializable()(NoConfig)


def test_bad_package():
    with pytest.raises(TypeError, match=r"`package` must be a string; got 3"):
        saving.register_keras_serializable(package=3)


def test_custom_object_scope_nests_and_ends():
    assert saving.custom_object_scope is saving.CustomObjectScope
    with saving.custom_object_scope({"Plain": Plain}):
        assert saving.get_registered_object("Plain") is Plain
        with saving.CustomObjectScope({"Plain": dict, "other": list}):
            assert saving.get_registered_object("Plain") is dict
            assert saving.get_registered_object("other") is list
        assert saving.get_registered_object("Plain") is Plain
        assert saving.get_registered_object("other") is None
    assert saving.get_registered_object("Plain") is None


def test_custom_object_scope_is_per_thread():
    seen = []
    with saving.custom_object_scope({"Plain": Plain}):
        thread = threading.Thread(
            target=lambda: seen.append(saving.get_registered_object("Plain"))
        )
        thread.start()
        thread.join()
    assert seen == [None]


def test_custom_object_scope_needs_a_dict():
    with pytest.raises(TypeError, match=r"`custom_objects` must be a dict.*list"):
        saving.CustomObjectScope([Plain])


def test_writing_into_get_custom_objects_registers():
    saving.get_custom_objects()["RegTest>plain"] = Plain
    try:
        assert saving.get_registered_object("RegTest>plain") is Plain
    finally:
        del saving.get_custom_objects()["RegTest>plain"]
    assert saving.get_registered_object("RegTest>plain") is None
