"""`model.export(filepath, format=...)`: write a model as an artifact for inference.

Three formats, each written by the engine that owns it, whatever backend the model was
built on: "tf_saved_model" (a TensorFlow SavedModel, keras.export.tf_saved_model),
"onnx" (keras.export.torch_onnx) and "openvino" (an OpenVINO IR, keras.export.openvino_ir).
Each format's module is imported only when it is asked for.
"""

FORMATS = ("tf_saved_model", "onnx", "openvino")


def export_saved_model(model, filepath, verbose=None, input_signature=None, **kwargs):
    """Writes `model` as a SavedModel whose endpoint "serve" (also its
    `serving_default` signature) is the model's inference call (`training=False`)."""
    from keras.export import export_archive
    from keras.export import tracing

    signature = tracing.input_signature(model, input_signature)
    archive = export_archive.ExportArchive()
    archive.track(model)

    def serve(*args):
        return model(*args, training=False)

    archive.add_endpoint("serve", serve, signature, **kwargs)
    archive.write_out(filepath, verbose=verbose)


def export_model(
    model, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs
):
    """Writes `model` to `filepath` in `format` (one of FORMATS).

    `input_signature` (one entry per positional input of the model: keras.InputSpec,
    tf.TensorSpec, KerasTensor, or a list/dict of them) defaults to the model's inputs
    with a dynamic batch dimension; a model without Input layers needs it. Other keyword
    arguments go to the format's writer.
    """
    if format == "tf_saved_model":
        return export_saved_model(
            model, filepath, verbose=verbose, input_signature=input_signature, **kwargs
        )
    if format == "onnx":
        from keras.export import torch_onnx

        return torch_onnx.export_onnx(
            model, filepath, verbose=verbose, input_signature=input_signature, **kwargs
        )
    if format == "openvino":
        from keras.export import openvino_ir

        return openvino_ir.export_openvino(
            model, filepath, verbose=verbose, input_signature=input_signature, **kwargs
        )
    raise ValueError(
        f"Unrecognized format={format!r}: `format` must be one of "
        f"{', '.join(repr(f) for f in FORMATS)}."
    )
