"""`Model.summary()`: a table of layers, output shapes and parameter counts, then totals."""

import math
import shutil

import numpy as np

from keras.backends.common import tree
from keras.backends.common.keras_tensor import KerasTensor


def _dtype_bytes(dtype):
    try:
        return np.dtype(dtype).itemsize
    except TypeError:
        return 2 if "16" in str(dtype) else 4


def readable_bytes(size):
    """1234 -> '1.21 KB' (powers of 1024, as Keras prints them)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{size:.2f} {unit}"
        size /= 1024


def _weights_size(weights):
    count = sum(math.prod(w.shape) for w in weights)
    size = sum(math.prod(w.shape) * _dtype_bytes(w.dtype) for w in weights)
    return int(count), size


def _format_shape(layer):
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return "?"
    shapes = [tuple(t.shape) for t in tree.flatten(output)]
    text = [str(s).replace(",)", ")") if len(s) != 1 else str(s) for s in shapes]
    return text[0] if len(text) == 1 else "[" + ", ".join(text) + "]"


def _param_count(layer):
    if not layer.built:
        return "0 (unbuilt)"
    count, _ = _weights_size(layer.weights)
    return f"{count:,}"


def _connections(model, layer):
    graph = getattr(model, "_nodes", None)
    if graph is None:
        return []
    found = []
    for node in graph:
        if node.operation is not layer:
            continue
        for tensor in node.input_tensors:
            if isinstance(tensor, KerasTensor) and tensor._keras_history is not None:
                history = tensor._keras_history
                found.append(
                    f"{history.operation.name}[{history.node_index}][{history.tensor_index}]"
                )
    return found


def _rows(model, expand_nested, prefix=""):
    # Imported on use: model.py imports this module, and functional.py imports model.py
    # at its top (all three are one Bazel target).
    from keras.models.functional import Functional

    rows = []
    functional = isinstance(model, Functional) or getattr(model, "_graph", None) is not None
    graph = model if isinstance(model, Functional) else getattr(model, "_graph", None)
    layers = list(model.layers)
    for layer in layers:
        name = f"{prefix}{layer.name} ({type(layer).__name__})"
        row = [name, _format_shape(layer), _param_count(layer)]
        if isinstance(model, Functional):
            row.append(", ".join(_connections(graph, layer)) or "-")
        rows.append(row)
        if expand_nested and getattr(layer, "layers", None):
            rows.extend(_rows(layer, expand_nested, prefix=prefix + "  ")[0])
    return rows, isinstance(model, Functional) and functional


def print_summary(
    model,
    line_length=None,
    positions=None,
    print_fn=None,
    expand_nested=False,
    show_trainable=False,
    layer_range=None,
):
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' has not yet been built. Build the model first by calling "
            "`build()` or by calling the model on a batch of data."
        )
    rows, functional = _rows(model, expand_nested)
    if layer_range is not None:
        start, stop = layer_range
        names = [r[0].split(" (")[0].strip() for r in rows]
        rows = rows[names.index(start) : names.index(stop) + 1]
    headers = ["Layer (type)", "Output Shape", "Param #"]
    if functional:
        headers.append("Connected to")
    if show_trainable:
        headers.append("Trainable")
        for row, layer in zip(rows, model.layers):
            row.append("Y" if layer.trainable else "N")
    width = line_length or min(shutil.get_terminal_size((100, 20)).columns, 120)
    columns = len(headers)
    if positions is None:
        fractions = [0.4, 0.25, 0.15, 0.2][:columns] if functional else [0.45, 0.35, 0.2]
        if show_trainable:
            fractions = fractions + [0.1]
        total = sum(fractions)
        widths = [max(8, int((width - columns - 1) * f / total)) for f in fractions]
    else:
        edges = [int(p * width) if p <= 1 else int(p) for p in positions]
        widths = [max(4, b - a - 1) for a, b in zip([0] + edges[:-1], edges)]
    for row in [headers] + rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell) + 2) if index < 3 else widths[index]

    def line(left, mid, right, fill):
        return left + mid.join(fill * w for w in widths) + right

    def cells(row, bar):
        parts = []
        for index, (cell, w) in enumerate(zip(row, widths)):
            text = f" {cell}"
            if index == 2 and row is not headers:
                text = f"{cell} ".rjust(w)
            parts.append(text[:w].ljust(w))
        return bar + bar.join(parts) + bar

    write = print_fn or print
    lines = [f'Model: "{model.name}"', line("┏", "┳", "┓", "━"), cells(headers, "┃")]
    lines.append(line("┡", "╇", "┩", "━"))
    for index, row in enumerate(rows):
        lines.append(cells(row, "│"))
        if index < len(rows) - 1:
            lines.append(line("├", "┼", "┤", "─"))
    lines.append(line("└", "┴", "┘", "─"))
    total, total_bytes = _weights_size(model.weights)
    trainable, trainable_bytes = _weights_size(model.trainable_weights)
    frozen, frozen_bytes = _weights_size(model.non_trainable_weights)
    lines.append(f" Total params: {total:,} ({readable_bytes(total_bytes)})")
    lines.append(f" Trainable params: {trainable:,} ({readable_bytes(trainable_bytes)})")
    lines.append(f" Non-trainable params: {frozen:,} ({readable_bytes(frozen_bytes)})")
    if print_fn is None:
        write("\n".join(lines))
    else:
        for text in lines:
            write(text)
