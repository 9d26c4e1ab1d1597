"""keras.config's switches: interactive logging, traceback filtering, NNX, and
unsafe deserialization."""

import json
import logging

import numpy as np
import pytest

import keras
import keras.config
from keras.saving import serialization_lib
from keras.utils import io_utils


def test_interactive_logging_routes_messages_to_logging(capsys, caplog):
    assert keras.config.is_interactive_logging_enabled()
    io_utils.print_msg("to stdout")
    assert "to stdout" in capsys.readouterr().out
    keras.config.disable_interactive_logging()
    try:
        assert not keras.config.is_interactive_logging_enabled()
        with caplog.at_level(logging.INFO):
            io_utils.print_msg("to the log")
        assert "to the log" not in capsys.readouterr().out
        assert "to the log" in caplog.text
    finally:
        keras.config.enable_interactive_logging()
    assert keras.config.is_interactive_logging_enabled()


def test_traceback_filtering_switch():
    assert keras.config.is_traceback_filtering_enabled()
    keras.config.disable_traceback_filtering()
    try:
        assert not keras.config.is_traceback_filtering_enabled()
    finally:
        keras.config.enable_traceback_filtering()
    assert keras.config.is_traceback_filtering_enabled()


def test_nnx_follows_the_environment_then_keras_json(monkeypatch, tmp_path):
    monkeypatch.delenv("KERAS_NNX_ENABLED", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert keras.config.is_nnx_enabled() is False
    (tmp_path / "keras.json").write_text(json.dumps({"nnx_enabled": True}))
    assert keras.config.is_nnx_enabled() is True
    monkeypatch.setenv("KERAS_NNX_ENABLED", "false")
    assert keras.config.is_nnx_enabled() is False
    monkeypatch.setenv("KERAS_NNX_ENABLED", "true")
    assert keras.config.is_nnx_enabled() is True


def _double(x):
    return x * 2.0


def test_enable_unsafe_deserialization_lets_lambdas_load(monkeypatch):
    monkeypatch.setattr(serialization_lib, "_unsafe_everywhere", [False])
    config = keras.saving.serialize_keras_object(keras.layers.Lambda(lambda x: x * 2.0))
    assert serialization_lib.in_safe_mode() is None
    with pytest.raises(ValueError, match="safe_mode"):
        keras.saving.deserialize_keras_object(config)
    keras.config.enable_unsafe_deserialization()
    assert serialization_lib.in_safe_mode() is False
    with serialization_lib.SafeModeScope(True):
        assert serialization_lib.in_safe_mode() is False
    layer = keras.saving.deserialize_keras_object(config)
    x = np.arange(3, dtype="float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), x * 2.0)
