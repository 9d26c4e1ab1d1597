"""Functional.layers (and so weights, configs and legacy weight files) list operations
in Keras 3's order: deepest first, ties in the order a walk from the outputs meets
them, inputs no output uses at depth 1. Every expected list below is what Keras
3.15.1 printed for the same model (`[l.name for l in model.layers]`)."""

import keras
from keras import layers


def names(model):
    return [layer.name for layer in model.layers]


def test_shared_layer_two_inputs_two_outputs():
    text = keras.Input((6,), name="text")
    meta = keras.Input((4,), name="meta")
    shared = layers.Dense(5, name="shared")
    merged = layers.Concatenate(name="merge")([shared(text), shared(layers.Dense(6, name="lift")(meta))])
    score = layers.Dense(1, name="score")(merged)
    label = layers.Dense(3, name="label")(merged)
    model = keras.Model([text, meta], [score, label])
    assert names(model) == ["meta", "text", "lift", "shared", "merge", "score", "label"]
    assert [w.path for w in model.weights][:4] == [
        "lift/kernel", "lift/bias", "shared/kernel", "shared/bias"
    ]


def test_branches_of_unequal_length():
    x = keras.Input((4,), name="x")
    a = layers.Dense(4, name="a")(x)
    b = layers.Dense(4, name="b")(a)
    c = layers.Dense(4, name="c")(x)
    e = layers.Dense(2, name="e")(layers.Add(name="d")([b, c]))
    assert names(keras.Model(x, [e, a])) == ["x", "a", "b", "c", "d", "e"]


def test_input_joining_late():
    y = keras.Input((3,), name="y")
    z = keras.Input((3,), name="z")
    h = layers.Dense(3, name="g")(layers.Dense(3, name="h")(y))
    out = layers.Add(name="add")([h, z])
    assert names(keras.Model([z, y], out)) == ["y", "h", "g", "z", "add"]


def test_unused_inputs_sit_at_depth_one():
    y = keras.Input((3,), name="y")
    z = keras.Input((3,), name="z")
    w = keras.Input((3,), name="w")
    out = layers.Dense(2, name="f")(
        layers.Dense(2, name="c")(layers.Dense(2, name="b")(layers.Dense(2, name="a")(y)))
    )
    assert names(keras.Model([w, z, y], out)) == ["y", "a", "b", "c", "w", "z", "f"]
    y = keras.Input((3,), name="y")
    z = keras.Input((3,), name="z")
    assert names(keras.Model([y, z], layers.Dense(2, name="f")(y))) == ["y", "z", "f"]


def test_input_passed_through_to_the_output():
    y = keras.Input((3,), name="y")
    z = keras.Input((3,), name="z")
    assert names(keras.Model([z, y], y)) == ["z", "y"]


def test_order_survives_a_config_round_trip():
    text = keras.Input((6,), name="text")
    meta = keras.Input((4,), name="meta")
    shared = layers.Dense(5, name="shared")
    merged = layers.Concatenate(name="merge")([shared(text), shared(layers.Dense(6, name="lift")(meta))])
    model = keras.Model([text, meta], layers.Dense(1, name="score")(merged))
    clone = keras.Model.from_config(model.get_config())
    assert names(clone) == names(model)
    assert [l["name"] for l in model.get_config()["layers"]] == names(model)
