"""`model.export(path, format="onnx")`: the model traced by torch, written as ONNX.

Whatever backend the model was built on, its forward pass is traced by torch.export
inside `active.borrowed("torch")` (keras.ops emit torch ops) with every variable read
as a torch buffer made from its current value (`tracing.holding`), so the weights land
in the file as initializers. The batch dimension (and any other dimension the input
signature leaves as None) stays dynamic. torch.onnx then translates the exported
program to ONNX.

The same exported program feeds the OpenVINO IR export (keras.export.openvino_ir).
"""

import contextlib
import io
import os
import re

import numpy as np
import torch

from keras.backends import active
from keras.backends.common import registry
from keras.backends.torch import layer as torch_layer
from keras.export import tracing
from keras.layers.layer import Layer
from keras.utils import io_utils

# Example sizes the trace runs with for dynamic dimensions: not 0 or 1 (torch.export
# treats those as special cases), and different from each other so that two dynamic
# dimensions are never taken for one.
_EXAMPLE_BATCH = 2
_EXAMPLE_OTHER = 8

# Above this many bytes of weights, ONNX needs them in a file beside the model.
_ONE_FILE_LIMIT = 1_800_000_000


# How torch.onnx names an op it has no translation for.
_UNTRANSLATED = re.compile(r"No ONNX function found for <OpOverload\(op='([\w.]+)', overload='(\w+)'")


class TraceError(ValueError):
    """The model could not be traced or translated for export."""


def check_filepath(filepath, suffix=None, argument="filepath"):
    """`filepath` as a str; with `suffix`, it must end with it."""
    if isinstance(filepath, os.PathLike):
        filepath = os.fspath(filepath)
    if not isinstance(filepath, str) or not filepath:
        raise ValueError(
            f"`{argument}` must be a str or pathlib.Path naming the file to write; "
            f"received {filepath!r}."
        )
    if suffix is not None and not filepath.endswith(suffix):
        raise ValueError(f"`{argument}` must end with '{suffix}'; received {filepath!r}.")
    if os.path.isdir(filepath):
        raise ValueError(f"`{argument}` names a directory ({filepath!r}); give a file path.")
    return filepath


def _check_built(model):
    if not getattr(model, "built", False):
        raise ValueError(
            f"The model {getattr(model, 'name', type(model).__name__)!r} has not been "
            "built yet: call it on a batch of data (or build it) once before export."
        )


def _failing_layer(error):
    """The name of the innermost keras Layer whose code was running when `error` was
    raised (found in its traceback), or None."""
    found = None
    tb = error.__traceback__
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        if isinstance(owner, Layer):
            found = owner
        tb = tb.tb_next
    if found is None and error.__cause__ is not None and error.__cause__ is not error:
        return _failing_layer(error.__cause__)
    return None if found is None else f"{found.name!r} ({type(found).__name__})"


def summary(error, limit=600):
    text = str(error).strip()
    return text if len(text) <= limit else text[:limit] + " ..."


@contextlib.contextmanager
def _without_kernels():
    """Our fused kernels (torch.library / custom ops) stay out of the traced graph: a
    file holding them would not load anywhere else. Engine fast paths stay on."""
    kernels = registry.set_kernels_enabled(False)
    try:
        yield
    finally:
        registry.set_kernels_enabled(kernels)


class _Forward(torch.nn.Module):
    """A torch module whose forward is the Keras model's inference call, with the
    model's variables held as this module's buffers."""

    def __init__(self, model, signature):
        super().__init__()
        # Kept off torch's registries: on the torch backend the model is a Module too,
        # and its parameters must not enter the program besides these buffers.
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_signature", signature)
        object.__setattr__(self, "_variables", list(model.variables))
        for index, variable in enumerate(self._variables):
            value = torch.from_numpy(np.array(variable.numpy(), copy=True))
            self.register_buffer(f"v{index}", value)

    def forward(self, *flat_inputs):
        pairs = [(v, getattr(self, f"v{i}")) for i, v in enumerate(self._variables)]
        args = tracing.rebuild(self._signature, flat_inputs)
        with tracing.holding(pairs):
            outputs = self._model(*args, training=False)
        return tuple(_flatten(outputs))


def _flatten(outputs):
    if isinstance(outputs, dict):
        return [t for key in sorted(outputs) for t in _flatten(outputs[key])]
    if isinstance(outputs, (list, tuple)):
        return [t for item in outputs for t in _flatten(item)]
    return [outputs]


def _example(spec, other_sizes):
    shape = []
    for axis, size in enumerate(spec.shape):
        if size is not None:
            shape.append(size)
        elif axis == 0:
            shape.append(_EXAMPLE_BATCH)
        else:
            shape.append(next(other_sizes))
    return torch.zeros(shape, dtype=getattr(torch, spec.dtype))


def _dynamic_shapes(specs):
    batch = torch.export.Dim("batch")
    shapes = []
    for spec in specs:
        axes = {}
        for axis, size in enumerate(spec.shape):
            if size is None:
                axes[axis] = batch if axis == 0 else torch.export.Dim.AUTO
        shapes.append(axes or None)
    return tuple(shapes)


def export_program(model, input_signature=None):
    """`(exported_program, specs, module)`: the model's inference call exported by
    torch.export with dynamic dimensions where the signature has None, and the flat
    input Specs (named) it takes.

    Raises:
        TraceError: where torch cannot trace the model, naming the layer if it can.
    """
    _check_built(model)
    signature = tracing.input_signature(model, input_signature)
    specs = tracing.flat_specs(signature)
    sizes = iter(range(_EXAMPLE_OTHER, _EXAMPLE_OTHER + 1000))
    # On CPU: the file must not depend on where the model happens to run, and a
    # tensor the model creates (an RNN's initial state) must meet the CPU buffers.
    with active.borrowed("torch"), _without_kernels(), torch_layer.device_scope("cpu", 0):
        module = _Forward(model, signature)
        examples = tuple(_example(spec, sizes) for spec in specs)
        try:
            program = torch.export.export(
                module, examples, dynamic_shapes=(_dynamic_shapes(specs),), strict=False
            )
        except Exception as error:  # torch raises many kinds; each gets the same note
            layer = _failing_layer(error)
            where = f" in layer {layer}" if layer else ""
            raise TraceError(
                f"Cannot export model {model.name!r}: torch could not trace its "
                f"forward pass{where}. Layers must use keras.ops (no NumPy calls on "
                "tensors, no Python branches on tensor values, no output shapes that "
                "depend on values) for a model to be exported. torch said: "
                f"{type(error).__name__}: {summary(error)}"
            ) from error
    return program, specs, module


def _batch_symbols(program, specs):
    """{torch's name for a dynamic batch size ("s69"): "batch"}."""
    names = {}
    placeholders = {n.name: n for n in program.graph.nodes if n.op == "placeholder"}
    for spec, name in zip(specs, program.graph_signature.user_inputs):
        value = placeholders[name].meta.get("val")
        if spec.shape and spec.shape[0] is None and value is not None:
            size = value.shape[0]
            if isinstance(size, torch.SymInt):
                names[str(size.node.expr)] = "batch"
    return names


def _name_dims(onnx_model, names):
    """Renames the symbolic dimensions of every value of `onnx_model` (an onnx_ir
    Model) by `names`, so the file says "batch" where torch wrote "s69"."""
    if not names:
        return
    import onnx_ir as ir

    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    graph = onnx_model.graph
    values = list(graph.inputs) + list(graph.outputs)
    values += [out for node in graph.all_nodes() for out in node.outputs]
    for value in values:
        shape = value.shape
        if shape is None or shape.is_static():
            continue
        dims = [
            ir.SymbolicDim(pattern.sub(lambda m: names[m.group(1)], d.value))
            if isinstance(d, ir.SymbolicDim) and isinstance(d.value, str)
            else d
            for d in shape.dims
        ]
        value.shape = ir.Shape(dims)


def _output_names(program):
    count = len(program.graph_signature.user_outputs)
    return [f"output_{i}" for i in range(count)]


def export_onnx(
    model, filepath, verbose=None, input_signature=None, opset_version=None, **kwargs
):
    """Writes `model`'s inference call to `filepath` as an ONNX model.

    Args:
        model: a built Keras model (any backend).
        filepath: str or pathlib.Path of the file to write.
        verbose: whether to print where the file went (default True).
        input_signature: the model's inputs (see `keras.Model.export`); by default
            its Input layers, with a dynamic batch dimension.
        opset_version: the ONNX opset to target (torch.onnx's default when None).

    The ONNX inputs are named after the model's inputs, its outputs `output_0`,
    `output_1`, ... (a dict's in the order of its sorted keys).
    """
    if kwargs:
        raise ValueError(
            "export(format='onnx') takes `verbose`, `input_signature` and "
            f"`opset_version`; received unknown arguments {sorted(kwargs)}."
        )
    if opset_version is not None and (
        isinstance(opset_version, bool) or not isinstance(opset_version, int)
    ):
        raise ValueError(f"`opset_version` must be an int; received {opset_version!r}.")
    filepath = check_filepath(filepath)
    program, specs, _ = export_program(model, input_signature)
    write_onnx(model, program, specs, filepath, opset_version)
    if verbose is None or verbose:
        io_utils.print_msg(f"Saved artifact at '{filepath}'.")


def _translate(program, specs, opset_version, weight_bytes):
    return torch.onnx.export(
        program,
        f=None,
        input_names=[spec.name for spec in specs],
        output_names=_output_names(program),
        opset_version=opset_version,
        dynamo=True,
        verbose=False,
        external_data=weight_bytes > _ONE_FILE_LIMIT,
    )


def write_onnx(model, program, specs, filepath, opset_version=None):
    """Translates a program from `export_program` to ONNX and saves it to `filepath`."""
    weight_bytes = sum(b.numel() * b.element_size() for b in program.state_dict.values())
    weight_bytes += sum(
        t.numel() * t.element_size() for t in program.constants.values()
        if isinstance(t, torch.Tensor)
    )
    try:
        # torch.onnx reports each of its steps on stdout; we say one line at the end.
        with contextlib.redirect_stdout(io.StringIO()):
            onnx_program = _translate(program, specs, opset_version, weight_bytes)
    except Exception as error:
        ops = sorted(set(_UNTRANSLATED.findall(str(error))))
        if ops:
            named = ", ".join(f"{op}.{overload}" for op, overload in ops)
            raise TraceError(
                f"Cannot export model {model.name!r} to ONNX: its traced graph uses "
                f"{named}, which torch.onnx cannot translate to ONNX operators. Write "
                "the layer that uses it with other keras.ops, or export another "
                "format."
            ) from error
        raise TraceError(
            f"Cannot export model {model.name!r} to ONNX: torch.onnx could not "
            f"translate its traced graph. torch.onnx said: {type(error).__name__}: "
            f"{summary(error)}"
        ) from error
    _name_dims(onnx_program.model, _batch_symbols(program, specs))
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    onnx_program.save(filepath, external_data=weight_bytes > _ONE_FILE_LIMIT)
