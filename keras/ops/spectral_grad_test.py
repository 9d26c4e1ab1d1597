"""Gradients of the keras.ops spectral ops against finite differences."""

from keras.ops import testing


def test_the_backend_has_gradients():
    assert testing.has_gradients()
