"""Functional models with keras.ops between layers (NotEqual, Any, Sum, Where...):
a Keras 3.15.1 file loads with the same predictions, and ours save and load again."""

import json
import os
import zipfile

import numpy as np
import pytest

import keras
from keras import ops

HERE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "testdata", "keras3_ops"
)
FIXTURE = os.path.join(HERE, "ops_graph.keras")


def _expected():
    with np.load(os.path.join(HERE, "ops_graph_expected.npz")) as data:
        return data["x"], data["y_pred"]


def _config_of(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("config.json"))


def _op_entries(config):
    """name -> (class_name, module, config) of the op entries of a Functional config."""
    return {
        entry["name"]: (entry["class_name"], entry["module"], entry["config"])
        for entry in config["config"]["layers"]
        if entry["module"].startswith("keras.src.ops")
    }


def test_a_keras3_file_with_ops_between_layers_loads_with_its_predictions():
    x, y_pred = _expected()
    model = keras.saving.load_model(FIXTURE)
    kinds = {type(op).__name__ for op in model.operations}
    assert {"NotEqual", "Any", "Sum", "Where", "Relu", "Softmax"} <= kinds
    np.testing.assert_allclose(
        model.predict(x, verbose=0), y_pred, rtol=1e-5, atol=1e-6
    )
    # Sample 2 has no token: `where` gives the zeros of its `zeros_like` branch, so its
    # output comes from the biases alone (a NumPy reference of that path).
    out_kernel, out_bias = model.get_layer("out").get_weights()
    hidden_bias = model.get_layer("hidden").get_weights()[1]
    hidden = np.maximum(hidden_bias, 0.0)
    joined = np.concatenate([hidden, np.zeros(4)]).reshape(3, 3).T
    pooled = np.clip(joined.mean(axis=0), -2.0, 2.0)
    probs = np.exp(pooled) / np.exp(pooled).sum()
    reference = np.tanh(np.concatenate([probs, pooled]) @ out_kernel + out_bias)
    np.testing.assert_allclose(y_pred[2], reference, rtol=1e-5, atol=1e-6)


def test_the_loaded_ops_write_the_configs_keras3_wrote(tmp_path):
    model = keras.saving.load_model(FIXTURE)
    path = os.path.join(tmp_path, "again.keras")
    model.save(path)
    theirs = _op_entries(_config_of(FIXTURE))
    ours = _op_entries(_config_of(path))
    assert len(theirs) == 21
    assert ours == theirs


def test_our_model_with_mask_ops_saves_and_loads(tmp_path):
    tokens = keras.Input((5,), dtype="int32")
    mask = ops.not_equal(tokens, 0)
    embedded = keras.layers.Embedding(8, 3, name="embed")(tokens)
    summed = ops.sum(embedded * ops.expand_dims(ops.cast(mask, "float32"), -1), axis=1)
    summed = ops.where(ops.any(mask, axis=1, keepdims=True), summed, -1.0)
    model = keras.Model(tokens, keras.layers.Dense(2, name="out")(summed))
    x = np.array([[1, 2, 0, 0, 0], [0, 0, 0, 0, 0], [7, 6, 5, 4, 3]], dtype="int32")
    path = os.path.join(tmp_path, "mask_ops.keras")
    model.save(path)
    entries = _op_entries(_config_of(path))
    assert entries["any"] == (
        "Any",
        "keras.src.ops.numpy",
        {"name": "any", "axis": 1, "keepdims": True},
    )
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6
    )
    (embeddings,) = model.get_layer("embed").get_weights()
    kernel, bias = model.get_layer("out").get_weights()
    expected = []
    for row in x:
        kept = row != 0
        vector = embeddings[row[kept]].sum(axis=0) if kept.any() else np.full(3, -1.0)
        expected.append(vector @ kernel + bias)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), expected, rtol=1e-5, atol=1e-6
    )


MANY = os.path.join(HERE, "ops_many.keras")
# Ops whose Keras 3 class is an alias of one of ours, written back under our (and
# Keras 3's other) name: BitwiseNot is BitwiseInvert, TrueDivide is Divide...
RENAMED = {"bitwise_not", "left_shift", "right_shift", "true_divide"}


def test_a_keras3_file_with_ops_of_every_family_loads_with_its_predictions(tmp_path):
    with np.load(os.path.join(HERE, "ops_many_expected.npz")) as data:
        inputs = {k[3:]: data[k] for k in data.files if k.startswith("in_")}
        expected = {k[4:]: data[k] for k in data.files if k.startswith("out_")}
    model = keras.saving.load_model(MANY)
    outputs = model.predict(inputs, verbose=0)
    assert sorted(outputs) == sorted(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(
            np.asarray(outputs[name]), value, rtol=1e-5, atol=1e-5, err_msg=name
        )
    # NumPy references of a few renamed ops, from the inputs.
    v, i = inputs["v"], inputs["i"]
    np.testing.assert_array_equal(expected["bitwise_not"], ~i)
    np.testing.assert_array_equal(expected["left_shift"], i << 1)
    np.testing.assert_array_equal(expected["isin"], np.isin(i, [1, 3, 5]))
    np.testing.assert_allclose(expected["repeat"], np.repeat(v, 2, axis=1))
    np.testing.assert_allclose(expected["pad"], np.pad(v, ((0, 0), (1, 2))))
    np.testing.assert_allclose(expected["einsum"], v[:, :1] * v, rtol=1e-6)

    path = os.path.join(tmp_path, "many_again.keras")
    model.save(path)
    theirs = _op_entries(_config_of(MANY))
    ours = _op_entries(_config_of(path))
    assert sorted(ours) == sorted(theirs)
    for name, (class_name, module, config) in theirs.items():
        if name in RENAMED:
            assert ours[name][1:] == (module, config), name
        elif class_name == "Trapezoid":
            # Keras 3 also writes `"x": null`; the sample points are a call input.
            assert config.pop("x") is None
            assert ours[name] == (class_name, module, config)
        else:
            assert ours[name] == (class_name, module, config), name
    again = keras.saving.load_model(path).predict(inputs, verbose=0)
    for name, value in expected.items():
        np.testing.assert_allclose(np.asarray(again[name]), value, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("NotEqual", "NotEqual"),
        ("IsIn", "Isin"),
        ("TrueDivide", "Divide"),
        ("RGBToGrayscale", "RgbToGrayscale"),
        ("_FloatElementwise", None),
        ("Dense", None),
        ("os", None),
    ],
)
def test_operation_classes_resolve_by_keras3_name(name, expected):
    found = ops._operation_class(name)
    assert (found and found.__name__) == expected
