"""get_source_inputs and is_keras_tensor on functional graphs."""

import numpy as np

import keras
from keras import utils


def test_source_inputs_of_a_two_input_graph():
    a = keras.Input((3,), name="a")
    b = keras.Input((3,), name="b")
    shared = keras.layers.Dense(2)
    # A diamond: `a` reaches the output along two paths, and is listed once.
    out = keras.layers.Add()([shared(a), shared(b), keras.layers.Dense(2)(a)])
    sources = utils.get_source_inputs(out)
    assert [id(x) for x in sources] == [id(a), id(b)]
    assert [id(x) for x in utils.get_source_inputs(a)] == [id(a)]


def test_tensors_without_history_come_back_as_they_are():
    value = np.ones((2, 3), "float32")
    assert utils.get_source_inputs(value) is value
    assert not utils.is_keras_tensor(value)
    assert utils.is_keras_tensor(keras.Input((3,)))
    assert not utils.is_keras_tensor(keras.ops.ones((2,)))
