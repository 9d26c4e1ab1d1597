"""ONNX export: the file, run by onnxruntime, predicts what the Keras model predicts."""

import numpy as np
import onnx
import onnxruntime
import pytest

import keras
from keras.backends.common import registry
from keras.export import testing
from keras.export import torch_onnx

MODELS = testing.build_models()


def _session(path):
    return onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def _assert_close(got, want):
    scale = max(1.0, float(np.abs(want).max()))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * scale)


def _batch(example, size, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(size,) + example.shape[1:]).astype("float32")


@pytest.mark.parametrize("name", sorted(MODELS))
def test_reloaded_file_predicts_as_the_model(name, tmp_path):
    model, example = MODELS[name]
    path = tmp_path / f"{name}.onnx"
    torch_onnx.export_onnx(model, path, verbose=False)
    session = _session(path)
    (inputs,) = session.get_inputs()
    assert inputs.name == model.inputs[0].name
    assert inputs.shape[0] == "batch"  # dynamic, not the size it was traced with
    assert inputs.shape[1:] == list(example.shape[1:])
    assert [o.name for o in session.get_outputs()] == ["output_0"]
    for size in (1, 7):
        x = _batch(example, size, seed=size)
        want = keras.ops.convert_to_numpy(model(x, training=False))
        (got,) = session.run(None, {inputs.name: x})
        assert got.shape == want.shape
        _assert_close(got, want)


def test_export_leaves_the_model_as_it_was(tmp_path):
    model, example = testing.build_models(["transformer"], seed=3)["transformer"]
    before = [keras.ops.convert_to_numpy(v).copy() for v in model.variables]
    count = len(model.variables)
    want = keras.ops.convert_to_numpy(model(example, training=False))
    torch_onnx.export_onnx(model, tmp_path / "m.onnx", verbose=False)
    assert len(model.variables) == count
    for variable, value in zip(model.variables, before):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(variable), value)
    x = _batch(example, 3, seed=0)  # a new batch size still runs eagerly
    assert model(x, training=False).shape == (3, 3)
    _assert_close(keras.ops.convert_to_numpy(model(example, training=False)), want)


def test_weights_are_initializers_not_inputs(tmp_path):
    model, _ = MODELS["mlp"]
    path = tmp_path / "mlp.onnx"
    torch_onnx.export_onnx(model, path, verbose=False)
    proto = onnx.load(str(path))
    assert [i.name for i in proto.graph.input] == ["features"]
    stored = sum(int(np.prod(t.dims)) for t in proto.graph.initializer)
    assert stored >= model.count_params()
    assert not list(tmp_path.glob("*.data"))  # one file


def test_graph_holds_standard_onnx_ops_only(tmp_path):
    # Our fused attention / layer-norm kernels are off while tracing (a custom op
    # would make the file unloadable elsewhere), and back on afterwards.
    model, _ = MODELS["transformer"]
    enabled = registry.kernels_enabled()
    path = tmp_path / "transformer.onnx"
    torch_onnx.export_onnx(model, path, verbose=False)
    assert registry.kernels_enabled() == enabled
    proto = onnx.load(str(path))
    assert {node.domain for node in proto.graph.node} == {""}
    assert not proto.functions
    assert {node.op_type for node in proto.graph.node} >= {"MatMul", "Softmax"}


def test_two_inputs_share_the_dynamic_batch(tmp_path):
    a = keras.Input((3,), name="left")
    b = keras.Input((2,), name="right")
    merged = keras.layers.Concatenate()([keras.layers.Dense(4)(a), b])
    model = keras.Model([a, b], keras.layers.Dense(2)(merged))
    path = tmp_path / "two.onnx"
    torch_onnx.export_onnx(model, path, verbose=False)
    session = _session(path)
    assert [(i.name, i.shape) for i in session.get_inputs()] == [
        ("left", ["batch", 3]),
        ("right", ["batch", 2]),
    ]
    rng = np.random.default_rng(0)
    x = [rng.normal(size=(5, 3)).astype("float32"), rng.normal(size=(5, 2)).astype("float32")]
    want = keras.ops.convert_to_numpy(model(x, training=False))
    (got,) = session.run(None, {"left": x[0], "right": x[1]})
    _assert_close(got, want)


def test_integer_ids_through_embedding_and_gru(tmp_path):
    ids = keras.Input((7,), dtype="int32", name="ids")
    x = keras.layers.Embedding(50, 8)(ids)
    x = keras.layers.GRU(6)(x)
    model = keras.Model(ids, keras.layers.Dense(2)(x))
    path = tmp_path / "ids.onnx"
    torch_onnx.export_onnx(model, path, verbose=False)
    (inputs,) = _session(path).get_inputs()
    assert (inputs.name, inputs.shape, inputs.type) == ("ids", ["batch", 7], "tensor(int32)")
    x = np.random.default_rng(0).integers(0, 50, size=(3, 7)).astype("int32")
    want = keras.ops.convert_to_numpy(model(x, training=False))
    _assert_close(_session(path).run(None, {"ids": x})[0], want)


def test_input_signature_fixes_the_batch_and_names(tmp_path):
    model, example = MODELS["mlp"]
    path = tmp_path / "fixed.onnx"
    signature = [keras.InputSpec(shape=(4, 8), dtype="float32", name="rows")]
    torch_onnx.export_onnx(model, path, verbose=False, input_signature=signature)
    (inputs,) = _session(path).get_inputs()
    assert (inputs.name, inputs.shape) == ("rows", [4, 8])
    x = _batch(example, 4, seed=1)
    want = keras.ops.convert_to_numpy(model(x, training=False))
    _assert_close(_session(path).run(None, {"rows": x})[0], want)


def test_opset_version_and_verbose(tmp_path, capsys):
    model, _ = MODELS["mlp"]
    path = tmp_path / "opset.onnx"
    torch_onnx.export_onnx(model, str(path), opset_version=18)
    assert f"Saved artifact at '{path}'." in capsys.readouterr().out
    proto = onnx.load(str(path))
    assert {o.domain: o.version for o in proto.opset_import}[""] == 18


def test_bad_arguments_say_what_is_expected(tmp_path):
    model, _ = MODELS["mlp"]
    with pytest.raises(ValueError, match="`filepath` must be a str or pathlib.Path"):
        torch_onnx.export_onnx(model, 3)
    with pytest.raises(ValueError, match="names a directory"):
        torch_onnx.export_onnx(model, tmp_path)
    with pytest.raises(ValueError, match="`opset_version` must be an int"):
        torch_onnx.export_onnx(model, tmp_path / "m.onnx", opset_version="18")
    with pytest.raises(ValueError, match=r"unknown arguments \['is_static'\]"):
        torch_onnx.export_onnx(model, tmp_path / "m.onnx", is_static=True)
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="has not been built"):
        torch_onnx.export_onnx(unbuilt, tmp_path / "m.onnx")


class _HostMean(keras.layers.Layer):
    """Leaves keras.ops for NumPy: no engine can trace it."""

    def call(self, x):
        return x + np.asarray(keras.ops.convert_to_numpy(x)).mean()

    def compute_output_shape(self, shape):
        return shape


class _Eigenvalues(keras.layers.Layer):
    def call(self, x):
        values, _ = keras.ops.eig(keras.ops.reshape(x, (-1, 2, 2)))
        return keras.ops.real(values)

    def compute_output_shape(self, shape):
        return (shape[0], 2)


def test_untraceable_layer_is_named(tmp_path):
    inputs = keras.Input((4,))
    model = keras.Model(inputs, _HostMean(name="host_mean")(inputs))
    with pytest.raises(torch_onnx.TraceError, match="in layer 'host_mean' \\(_HostMean\\)"):
        torch_onnx.export_onnx(model, tmp_path / "m.onnx")


def test_op_without_onnx_translation_is_named(tmp_path):
    inputs = keras.Input((4,))
    model = keras.Model(inputs, _Eigenvalues()(inputs))
    with pytest.raises(torch_onnx.TraceError, match="aten.linalg_eig.default"):
        torch_onnx.export_onnx(model, tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()


def test_model_export_writes_onnx(tmp_path):
    model, example = MODELS["cnn"]
    path = tmp_path / "cnn.onnx"
    model.export(path, format="onnx", verbose=False)
    want = keras.ops.convert_to_numpy(model(example, training=False))
    _assert_close(_session(path).run(None, {"image": example})[0], want)
