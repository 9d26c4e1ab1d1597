"""The keras.callbacks namespace and the callbacks not provided yet."""

import pytest

import keras
from keras import callbacks


def test_every_name_resolves_to_a_callback_class():
    for name in callbacks._EXPORTS:
        value = getattr(callbacks, name)
        assert issubclass(value, callbacks.Callback), name
    assert "EarlyStopping" in dir(keras.callbacks)
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        callbacks.Nope


@pytest.mark.parametrize("name", ["TensorBoard", "OrbaxCheckpoint"])
def test_unsupported_callbacks_raise_at_construction(name):
    message = f"keras.callbacks.{name} is not implemented"
    with pytest.raises(NotImplementedError, match=message):
        getattr(callbacks, name)("logs")
