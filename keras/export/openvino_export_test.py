"""OpenVINO IR export: the .xml/.bin pair, compiled by OpenVINO, predicts what the
Keras model predicts."""

import numpy as np
import openvino
import pytest

import keras
from keras.export import openvino_ir
from keras.export import testing
from keras.export import torch_onnx

MODELS = testing.build_models()
# This machine's CPU computes in bfloat16 unless told otherwise.
F32 = {"INFERENCE_PRECISION_HINT": "f32"}


def _compile(path):
    return openvino.Core().compile_model(str(path), "CPU", F32)


def _assert_close(got, want):
    scale = max(1.0, float(np.abs(want).max()))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * scale)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_compiled_ir_predicts_as_the_model(name, tmp_path):
    model, example = MODELS[name]
    path = tmp_path / f"{name}.xml"
    openvino_ir.export_openvino(model, path, verbose=False)
    assert path.with_suffix(".bin").stat().st_size > 0
    compiled = _compile(path)
    (inputs,) = compiled.inputs
    assert inputs.get_any_name() == model.inputs[0].name
    shape = inputs.get_partial_shape()
    assert shape[0].is_dynamic  # the batch size is not the one it was traced with
    assert [d.get_length() for d in list(shape)[1:]] == list(example.shape[1:])
    assert compiled.outputs[0].get_any_name() == "output_0"
    for size in (1, 7):
        x = np.random.default_rng(size).normal(size=(size,) + example.shape[1:])
        x = x.astype("float32")
        want = keras.ops.convert_to_numpy(model(x, training=False))
        got = compiled(x)[0]
        assert got.shape == want.shape
        _assert_close(got, want)


def test_weights_stay_float32(tmp_path):
    model, example = MODELS["mlp"]
    path = tmp_path / "mlp.xml"
    openvino_ir.export_openvino(model, str(path), verbose=False)
    read = openvino.Core().read_model(str(path))
    kernels = [
        op
        for op in read.get_ops()
        if op.get_type_name() == "Constant" and len(op.get_output_shape(0)) == 2
    ]
    assert len(kernels) >= 3  # one per Dense layer, not compressed to float16
    assert {op.get_element_type().get_type_name() for op in kernels} == {"f32"}


def test_verbose_says_where(tmp_path, capsys):
    model, _ = MODELS["mlp"]
    path = tmp_path / "sub" / "mlp.xml"
    openvino_ir.export_openvino(model, path)
    assert f"Saved artifact at '{path}'." in capsys.readouterr().out
    assert path.exists() and path.with_suffix(".bin").exists()


def test_filepath_must_end_with_xml(tmp_path):
    model, _ = MODELS["mlp"]
    with pytest.raises(ValueError, match="`filepath` must end with '.xml'"):
        openvino_ir.export_openvino(model, tmp_path / "model.onnx")
    with pytest.raises(ValueError, match=r"unknown arguments \['opset_version'\]"):
        openvino_ir.export_openvino(model, tmp_path / "m.xml", opset_version=17)
    assert not list(tmp_path.iterdir())


def test_untraceable_layer_is_named(tmp_path):
    class HostMean(keras.layers.Layer):
        def call(self, x):
            return x + np.asarray(keras.ops.convert_to_numpy(x)).mean()

        def compute_output_shape(self, shape):
            return shape

    inputs = keras.Input((4,))
    model = keras.Model(inputs, HostMean(name="host_mean")(inputs))
    with pytest.raises(torch_onnx.TraceError, match="in layer 'host_mean'"):
        openvino_ir.export_openvino(model, tmp_path / "m.xml")


def test_model_export_writes_openvino_ir(tmp_path):
    model, example = MODELS["cnn"]
    path = tmp_path / "cnn.xml"
    model.export(str(path), format="openvino", verbose=False)
    want = keras.ops.convert_to_numpy(model(example, training=False))
    _assert_close(_compile(path)(example)[0], want)
