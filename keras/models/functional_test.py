import numpy as np
import pytest

import keras
from keras import layers
from keras import ops
from keras.backends import active


def data(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype("float32")


def np_out(x):
    return active.convert_to_numpy(x)


def test_multi_input_multi_output():
    a = keras.Input((3,), name="a")
    b = keras.Input((4,), name="b")
    merged = layers.Concatenate()([layers.Dense(5)(a), layers.Dense(5)(b)])
    out1 = layers.Dense(2, name="head1")(merged)
    out2 = layers.Dense(1, name="head2")(merged)
    model = keras.Model([a, b], [out1, out2])
    assert len(model.layers) == 7
    assert [type(l).__name__ for l in model.layers[:2]] == ['InputLayer', 'InputLayer']
    y1, y2 = model([data((6, 3)), data((6, 4), 1)])
    assert tuple(y1.shape) == (6, 2) and tuple(y2.shape) == (6, 1)
    with pytest.raises(ValueError, match="expects 2 input"):
        model([data((6, 3))])


def test_dict_inputs_and_outputs():
    a = keras.Input((3,), name="left")
    b = keras.Input((3,), name="right")
    total = layers.Add()([a, b])
    model = keras.Model({"left": a, "right": b}, {"sum": total, "scaled": layers.Dense(2)(total)})
    x, y = data((2, 3)), data((2, 3), 1)
    out = model({"right": y, "left": x})
    np.testing.assert_allclose(np_out(out["sum"]), x + y, rtol=1e-6)
    assert tuple(out["scaled"].shape) == (2, 2)
    with pytest.raises(ValueError, match="missing \\['right'\\]"):
        model({"left": x})


def test_shared_layer_weights_are_counted_once():
    shared = layers.Dense(4, name="shared")
    a = keras.Input((3,))
    b = keras.Input((3,))
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert len(model.weights) == 2
    x, y = data((2, 3)), data((2, 3), 1)
    kernel, bias = shared.get_weights()
    np.testing.assert_allclose(
        np_out(model([x, y])), (x @ kernel + bias) + (y @ kernel + bias), rtol=1e-5, atol=1e-6
    )


def test_nested_model_as_layer():
    inner_in = keras.Input((4,))
    inner = keras.Model(inner_in, layers.Dense(3, activation="relu")(inner_in), name="inner")
    outer_in = keras.Input((4,))
    outer = keras.Model(outer_in, layers.Dense(1)(inner(outer_in)))
    assert [l.name for l in outer.layers][1] == "inner"
    assert len(outer.weights) == 4
    x = data((5, 4))
    k1, b1, k2, b2 = outer.get_weights()
    expected = np.maximum(x @ k1 + b1, 0) @ k2 + b2
    np.testing.assert_allclose(np_out(outer(x)), expected, rtol=1e-5, atol=1e-5)


def test_ops_in_the_graph():
    x = keras.Input((3,))
    y = ops.multiply(ops.add(x, 1.0), 2.0)
    model = keras.Model(x, y)
    values = data((2, 3))
    np.testing.assert_allclose(np_out(model(values)), (values + 1) * 2, rtol=1e-6)


def test_get_layer():
    x = keras.Input((3,))
    model = keras.Model(x, layers.Dense(2, name="last")(layers.Dense(4, name="first")(x)))
    assert model.get_layer("last").units == 2
    assert model.get_layer(index=1).name == "first"
    with pytest.raises(ValueError, match="No such layer: missing"):
        model.get_layer("missing")
    with pytest.raises(ValueError, match="exactly one"):
        model.get_layer()


def test_graph_errors():
    a = keras.Input((3,))
    b = keras.Input((3,))
    out = layers.Add()([a, b])
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, out)
    with pytest.raises(ValueError, match="must be a KerasTensor"):
        keras.Model(a, np.ones((2, 3)))


def test_symbolic_call_of_a_model():
    x = keras.Input((3,))
    model = keras.Model(x, layers.Dense(2)(x))
    y = model(keras.Input((3,)))
    assert y.shape == (None, 2)


def test_training_reaches_layers_in_the_graph():
    x = keras.Input((50,))
    model = keras.Model(x, layers.Dropout(0.5, seed=3)(x))
    ones = np.ones((2, 50), "float32")
    np.testing.assert_array_equal(np_out(model(ones)), ones)
    assert np.any(np_out(model(ones, training=True)) == 0)
