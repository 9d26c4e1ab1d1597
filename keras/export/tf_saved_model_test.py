"""model.export(format="tf_saved_model"): the SavedModel, reloaded by TensorFlow alone,
predicts what the model predicts, on every backend, with a dynamic batch dimension."""

import numpy as np
import pytest
import tensorflow as tf

import keras
from keras.backends.common import registry
from keras.export import testing


def _numpy(x):
    return keras.ops.convert_to_numpy(x)


def _assert_close(actual, expected):
    expected = np.asarray(expected)
    scale = max(1.0, float(np.abs(expected).max()))
    np.testing.assert_allclose(np.asarray(actual), expected, rtol=1e-5, atol=1e-5 * scale)


def _graph_ops(concrete):
    """The op types of a concrete function's graph and of every function it calls."""
    graph_def = concrete.graph.as_graph_def()
    ops = {node.op for node in graph_def.node}
    for function in graph_def.library.function:
        ops |= {node.op for node in function.node_def}
    return ops


@pytest.mark.parametrize("name", ["mlp", "cnn", "lstm", "transformer"])
def test_reloaded_saved_model_predicts_as_the_model(tmp_path, name):
    ((model, example),) = testing.build_models([name]).values()
    expected = model.predict(example, verbose=0)
    weights = [v.numpy().copy() for v in model.variables]
    enabled = registry.kernels_enabled()

    model.export(tmp_path / name, verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / name))
    _assert_close(reloaded.serve(tf.constant(example)), expected)
    rng = np.random.default_rng(1)
    for batch in (1, 7):
        x = rng.normal(size=(batch,) + example.shape[1:]).astype("float32")
        _assert_close(reloaded.serve(x), _numpy(model(x, training=False)))
    serving = reloaded.signatures["serving_default"]
    ((input_name, spec),) = serving.structured_input_signature[1].items()
    assert input_name == model.inputs[0].name
    assert spec.shape.as_list() == [None] + list(example.shape[1:])
    outputs = serving(**{input_name: tf.constant(example)})
    assert list(outputs) == ["output_0"]
    _assert_close(outputs["output_0"], expected)
    # The weights are saved as variables, the model is left as it was, and none of
    # our fused kernels (custom ops) entered the graph.
    assert len(reloaded.variables) == len(model.variables)
    for saved, variable, before in zip(reloaded.variables, model.variables, weights):
        np.testing.assert_array_equal(saved.numpy(), variable.numpy())
        np.testing.assert_array_equal(variable.numpy(), before)
    assert len(model.variables) == len(weights)
    assert registry.kernels_enabled() == enabled
    custom = {op for op in _graph_ops(serving) if op.startswith("Keras")}
    assert not custom, f"custom ops in the SavedModel: {custom}"


def test_fused_kernels_stay_out_of_the_graph(tmp_path):
    # With static shapes our kernels (TF custom ops "Keras*") would take layer
    # normalization and attention; the SavedModel must hold only TensorFlow's own ops.
    ((model, example),) = testing.build_models(["transformer"]).values()
    enabled = registry.kernels_enabled()
    signature = [keras.InputSpec(shape=example.shape, dtype="float32")]

    model.export(tmp_path / "m", input_signature=signature, verbose=False)

    assert registry.kernels_enabled() == enabled
    reloaded = tf.saved_model.load(str(tmp_path / "m"))
    serving = reloaded.signatures["serving_default"]
    custom = {op for op in _graph_ops(serving) if op.startswith("Keras")}
    assert not custom, f"custom ops in the SavedModel: {custom}"
    _assert_close(reloaded.serve(example), model.predict(example, verbose=0))


def test_multi_input_functional_model(tmp_path):
    keras.utils.set_random_seed(3)
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b")
    x = keras.layers.Concatenate()([keras.layers.Dense(5)(a), b])
    model = keras.Model([a, b], keras.layers.Dense(2)(x))
    rng = np.random.default_rng(0)
    xa = rng.normal(size=(7, 4)).astype("float32")
    xb = rng.normal(size=(7, 3)).astype("float32")
    expected = _numpy(model([xa, xb]))

    model.export(tmp_path / "m", verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "m"))
    _assert_close(reloaded.serve([xa, xb]), expected)
    _assert_close(reloaded.serve([xa[:1], xb[:1]]), expected[:1])
    serving = reloaded.signatures["serving_default"]
    assert sorted(serving.structured_input_signature[1]) == ["a", "b"]
    _assert_close(serving(a=tf.constant(xa), b=tf.constant(xb))["output_0"], expected)


def test_dict_input_and_multi_output_model(tmp_path):
    keras.utils.set_random_seed(4)
    a = keras.Input((4,), name="a")
    b = keras.Input((2,), name="b")
    h = keras.layers.Concatenate()([a, b])
    model = keras.Model(
        {"a": a, "b": b}, [keras.layers.Dense(3)(h), keras.layers.Dense(1)(h)]
    )
    rng = np.random.default_rng(0)
    inputs = {
        "a": rng.normal(size=(7, 4)).astype("float32"),
        "b": rng.normal(size=(7, 2)).astype("float32"),
    }
    first, second = model(inputs)

    model.export(tmp_path / "m", verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "m"))
    out = reloaded.serve(inputs)
    _assert_close(out[0], _numpy(first))
    _assert_close(out[1], _numpy(second))
    signature_out = reloaded.signatures["serving_default"](
        a=tf.constant(inputs["a"]), b=tf.constant(inputs["b"])
    )
    assert sorted(signature_out) == ["output_0", "output_1"]
    _assert_close(signature_out["output_1"], _numpy(second))


class _Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(6, activation="relu")
        self.out = keras.layers.Dense(2)

    def call(self, x):
        return self.out(self.hidden(x)) * 2.0


def test_subclassed_model_with_input_signature(tmp_path):
    keras.utils.set_random_seed(5)
    model = _Subclassed()
    x = np.random.default_rng(0).normal(size=(7, 4)).astype("float32")
    expected = _numpy(model(x))
    signature = [keras.InputSpec(shape=(None, 4), dtype="float32")]

    model.export(tmp_path / "m", input_signature=signature, verbose=False)

    reloaded = tf.saved_model.load(str(tmp_path / "m"))
    _assert_close(reloaded.serve(x), expected)
    _assert_close(reloaded.serve(x[:1]), expected[:1])
    # A tf.TensorSpec works as well.
    model.export(
        tmp_path / "t", input_signature=[tf.TensorSpec([None, 4], tf.float32)], verbose=False
    )
    reloaded = tf.saved_model.load(str(tmp_path / "t"))  # kept: its functions need it
    _assert_close(reloaded.serve(x), expected)


def test_subclassed_model_without_signature_says_what_to_pass(tmp_path):
    model = _Subclassed()
    model(np.zeros((2, 4), "float32"))
    with pytest.raises(ValueError, match="input_signature=\\[keras.InputSpec"):
        model.export(tmp_path / "m", verbose=False)


def test_verbose_prints_the_endpoints(tmp_path, capsys):
    ((model, _),) = testing.build_models(["mlp"]).values()
    model.export(tmp_path / "quiet", verbose=False)
    assert capsys.readouterr().out == ""
    model.export(tmp_path / "loud")
    out = capsys.readouterr().out
    assert "Saved artifact at" in out
    assert "* Endpoint 'serve'" in out
    assert "shape=(None, 8)" in out


def test_bad_format_lists_the_formats(tmp_path):
    ((model, _),) = testing.build_models(["mlp"]).values()
    with pytest.raises(ValueError, match="'tf_saved_model', 'onnx', 'openvino'"):
        model.export(tmp_path / "m", format="keras")


def test_unknown_keyword_argument_is_named(tmp_path):
    ((model, _),) = testing.build_models(["mlp"]).values()
    with pytest.raises(TypeError, match="opset_version"):
        model.export(tmp_path / "m", opset_version=17, verbose=False)
