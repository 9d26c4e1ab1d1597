"""The keras.callbacks namespace."""

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
