"""`model.export(path, format="openvino")`: the model as OpenVINO IR (`.xml` + `.bin`).

The model is traced by torch and written as ONNX exactly as for `format="onnx"`
(keras.export.torch_onnx), whatever backend it was built on; OpenVINO's ONNX frontend
reads that file and `openvino.save_model` writes the IR, weights kept in float32. The
ONNX route keeps the input names, the static sizes and the dynamic batch dimension of
the signature (converting the torch program directly loses the names and makes every
size dynamic).
"""

import os
import tempfile

import openvino

from keras.export import torch_onnx
from keras.utils import io_utils


def export_openvino(model, filepath, verbose=None, input_signature=None, **kwargs):
    """Writes `model`'s inference call to `filepath` (ending with ".xml") as OpenVINO
    IR, its weights beside it in a ".bin" file of the same name.

    Args:
        model: a built Keras model (any backend).
        filepath: str or pathlib.Path ending with ".xml".
        verbose: whether to print where the files went (default True).
        input_signature: the model's inputs (see `keras.Model.export`); by default
            its Input layers, with a dynamic batch dimension.

    The IR's inputs are named after the model's inputs, its outputs `output_0`, ...
    Load it with `openvino.Core().compile_model(filepath, "CPU")` (on CPUs with bf16
    units, pass `{"INFERENCE_PRECISION_HINT": "f32"}` for float32 results).
    """
    if kwargs:
        raise ValueError(
            "export(format='openvino') takes `verbose` and `input_signature`; "
            f"received unknown arguments {sorted(kwargs)}."
        )
    filepath = torch_onnx.check_filepath(filepath, suffix=".xml")
    program, specs, _ = torch_onnx.export_program(model, input_signature)
    with tempfile.TemporaryDirectory(prefix="keras_openvino_") as scratch:
        onnx_path = os.path.join(scratch, "model.onnx")
        torch_onnx.write_onnx(model, program, specs, onnx_path)
        try:
            ov_model = openvino.convert_model(onnx_path)
        except Exception as error:
            raise torch_onnx.TraceError(
                f"Cannot export model {model.name!r} to OpenVINO: OpenVINO could not "
                f"read the model's ONNX graph. OpenVINO said: {type(error).__name__}: "
                f"{torch_onnx.summary(error)}"
            ) from error
        ov_model.set_friendly_name(model.name)
        directory = os.path.dirname(os.path.abspath(filepath))
        os.makedirs(directory, exist_ok=True)
        openvino.save_model(ov_model, filepath, compress_to_fp16=False)
    if verbose is None or verbose:
        io_utils.print_msg(f"Saved artifact at '{filepath}'.")
