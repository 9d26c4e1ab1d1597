"""`keras.utils.model_to_dot` and `keras.utils.plot_model`: a model's layer graph drawn
with Graphviz (or, for PNG files without Graphviz, with model_plot_renderer).

One DOT node per layer (or op) of the model, one edge per tensor passed between two of
them, a dashed cluster per nested model when `expand_nested`. pydot builds the graph;
Graphviz's `dot` program renders it, and only `plot_model` needs it.

This module sits below keras.models, so it reads models by their attributes: a
functional model lists its `operations` and keeps the nodes of its graph in `_nodes`; a
built Sequential model runs such a graph (`_graph`); anything else (a subclassed model,
a single layer) is drawn as one node.
"""

import dataclasses
import html
import os

# Graphviz's rank directions (top-bottom, left-right and their reverses).
_RANKDIRS = ("TB", "LR", "BT", "RL")

# What IPython.display.Image can show inline.
_INLINE_IMAGE_FORMATS = ("png", "jpg", "jpeg")

# What plot_model draws itself (keras/utils/model_plot_renderer.py, with Pillow) when
# Graphviz's `dot` is not installed.
_BUNDLED_FORMATS = ("png", "jpg", "jpeg")


@dataclasses.dataclass(frozen=True)
class _Style:
    show_shapes: bool
    show_dtype: bool
    show_layer_names: bool
    show_layer_activations: bool
    show_trainable: bool
    expand_nested: bool


def _import_pydot(caller):
    try:
        import pydot
    except ImportError as error:
        raise ImportError(
            f"{caller} needs the pydot package: install it with `pip install pydot` "
            "(and Graphviz, https://graphviz.gitlab.io/download/, to render images)."
        ) from error
    return pydot


def _check_kwargs(kwargs, caller):
    if "layer_range" in kwargs:
        raise ValueError(
            f"{caller}: the argument `layer_range` is no longer supported (Keras 3 "
            "draws the whole model); received layer_range="
            f"{kwargs['layer_range']!r}."
        )
    if kwargs:
        raise ValueError(f"{caller}: unrecognized keyword arguments: {kwargs}.")


def _check_built(model):
    if not getattr(model, "built", False):
        raise ValueError(
            f"Model '{getattr(model, 'name', model)}' has not been built yet, so there "
            "is no graph to draw. Build it first: call `model.build(input_shape)`, "
            "call it on a batch of data, or start a Sequential model with "
            "`keras.Input(shape)`."
        )


def _graph_of(model):
    """The functional graph that `model` runs: the model itself when functional, the
    graph of a built Sequential model, None for a subclassed model or a layer."""
    if getattr(model, "_nodes", None) is not None:
        return model
    return getattr(model, "_graph", None)


def _shown_operations(model, graph):
    # A Sequential model's input placeholder is not one of its layers: Keras leaves
    # it out of the drawing.
    if graph is model:
        return graph.operations
    return model.layers


def _class_name(operation):
    # Ops (keras.ops between layers) are drawn under the class names Keras 3 gives them.
    keras3_name = getattr(type(operation), "_keras3_op_name", None)
    names = keras3_name() if keras3_name is not None else None
    return names[1] if names else type(operation).__name__


def _format_shapes(tensors):
    if not tensors:
        return "?"
    shapes = [tuple(tensor.shape) for tensor in tensors]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def _format_dtypes(tensors):
    if not tensors:
        return "?"
    dtypes = [str(tensor.dtype) for tensor in tensors]
    return dtypes[0] if len(dtypes) == 1 else str(dtypes)


def _activation_name(layer):
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    return getattr(activation, "__name__", type(activation).__name__)


def _cell(text, color="white", font_color=None):
    font = '<font point-size="14"'
    font += f' color="{font_color}">' if font_color else ">"
    return f'<td bgcolor="{color}">{font}{text}</font></td>'


def _label(operation, style):
    """The HTML-like table Graphviz draws for one layer: a black title row, then an
    optional activation row, then one row of the asked-for details."""
    # Shapes take two columns (input, output); the title spans every column.
    columns = max(1, 2 * style.show_shapes + style.show_dtype + style.show_trainable)
    name = html.escape(operation.name)
    class_name = html.escape(_class_name(operation))
    if style.show_layer_names:
        title = f"<b>{name}</b> ({class_name})"
    else:
        title = f"<b>{class_name}</b>"
    rows = [
        f'<tr><td colspan="{columns}" bgcolor="black">'
        f'<font point-size="16" color="white">{title}</font></td></tr>'
    ]
    activation = _activation_name(operation) if style.show_layer_activations else None
    if activation is not None:
        rows.append(
            f'<tr><td bgcolor="white" colspan="{columns}"><font point-size="14">'
            f"Activation: <b>{html.escape(activation)}</b></font></td></tr>"
        )
    nodes = getattr(operation, "_inbound_nodes", None) or []
    first = nodes[0] if nodes else None
    cells = []
    if style.show_shapes:
        # An input placeholder has no input of its own.
        if first is None or not first.is_input:
            inputs = first.input_tensors if first is not None else []
            cells.append(_cell(f"Input shape: <b>{_format_shapes(inputs)}</b>"))
        outputs = first.outputs if first is not None else []
        cells.append(_cell(f"Output shape: <b>{_format_shapes(outputs)}</b>"))
    if style.show_dtype:
        outputs = first.outputs if first is not None else []
        cells.append(_cell(f"Output dtype: <b>{_format_dtypes(outputs)}</b>"))
    # Only a layer with weights has something to train or to freeze.
    if style.show_trainable and getattr(operation, "weights", None):
        if operation.trainable:
            cells.append(_cell("<b>Trainable</b>", "forestgreen", "white"))
        else:
            cells.append(_cell("<b>Non-trainable</b>", "firebrick", "white"))
    if cells:
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = '<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
    return f"<{table}{''.join(rows)}</table>>"


def _expands(operation, style):
    return style.expand_nested and _graph_of(operation) is not None


def _entries(operation, index, style):
    """The DOT node ids that receive the `index`-th tensor passed to `operation`: its
    own node, or inside an expanded nested model the node that takes that input."""
    if not _expands(operation, style):
        return [str(id(operation))]
    graph = _graph_of(operation)
    if graph is operation:
        inputs = graph.inputs
        placeholder = inputs[min(index, len(inputs) - 1)]._keras_history.operation
        return [str(id(placeholder))]
    return _entries(operation.layers[0], index, style)


def _exits(operation, index, style):
    """The DOT node ids that produce the `index`-th output of `operation`."""
    if not _expands(operation, style):
        return [str(id(operation))]
    graph = _graph_of(operation)
    if graph is operation:
        outputs = graph.outputs
        history = outputs[min(index, len(outputs) - 1)]._keras_history
        return _exits(history.operation, history.tensor_index, style)
    return _exits(operation.layers[-1], index, style)


def _add_edges(container, graph, operations, style, pydot):
    shown = {id(operation) for operation in operations}
    own_nodes = {id(node) for node in graph._nodes}
    drawn = set()
    for operation in operations:
        for node in operation._inbound_nodes:
            if id(node) not in own_nodes:
                continue
            for position, tensor in enumerate(node.input_tensors):
                history = tensor._keras_history
                if history is None or id(history.operation) not in shown:
                    continue
                sources = _exits(history.operation, history.tensor_index, style)
                for source in sources:
                    for target in _entries(operation, position, style):
                        if (source, target) not in drawn:
                            drawn.add((source, target))
                            container.add_edge(pydot.Edge(source, target, penwidth="2"))


def _build(model, style, container, pydot):
    graph = _graph_of(model)
    if graph is None:
        container.add_node(_node(model, style, pydot))
        return
    operations = _shown_operations(model, graph)
    # Nodes and clusters first, then the edges between them.
    for operation in operations:
        if _expands(operation, style):
            cluster = _cluster(operation, pydot)
            _build(operation, style, cluster, pydot)
            container.add_subgraph(cluster)
        else:
            container.add_node(_node(operation, style, pydot))
    _add_edges(container, graph, operations, style, pydot)


def _node(operation, style, pydot):
    return pydot.Node(
        str(id(operation)),
        label=_label(operation, style),
        fontname="Helvetica",
        border="0",
        margin="0",
    )


def _cluster(model, pydot):
    cluster = pydot.Cluster(model.name, style="dashed", label=model.name)
    cluster.set("labeljust", "l")
    return cluster


def model_to_dot(
    model,
    show_shapes=False,
    show_dtype=False,
    show_layer_names=True,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    subgraph=False,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Converts a Keras model to a `pydot.Dot` graph (Graphviz DOT).

    Each layer becomes a node labelled with its name and class, and, as asked, its
    input and output shapes, output dtype, activation and trainable state; each tensor
    passed from one layer to another becomes an edge. A subclassed model (or a lone
    layer), whose graph is not known, is a single node. Rendering the result needs
    Graphviz; building it needs only pydot.

    Args:
        model: a built Keras model (functional, Sequential or subclassed).
        show_shapes: whether to show the input and output shapes of each layer.
        show_dtype: whether to show the output dtype of each layer.
        show_layer_names: whether to show layer names (otherwise only class names).
        rankdir: Graphviz's rank direction: `"TB"` draws top to bottom, `"LR"` left
            to right (`"BT"` and `"RL"` reverse them).
        expand_nested: whether to draw nested functional and Sequential models as
            dashed clusters of their own layers instead of single nodes.
        dpi: image resolution in dots per inch.
        subgraph: whether to return a `pydot.Cluster` (to nest in another graph)
            instead of a `pydot.Dot`.
        show_layer_activations: whether to show the activation of layers that have an
            `activation` attribute.
        show_trainable: whether to show if each layer with weights is trainable.
        splines: Graphviz's edge style (`"ortho"`, `"line"`, `"spline"`...).
        **kwargs: none are accepted; `layer_range` (Keras 2) is rejected.

    Returns:
        A `pydot.Dot`, or a `pydot.Cluster` when `subgraph=True`.

    Example:

    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> print(keras.utils.model_to_dot(model).to_string())  # doctest: +SKIP
    """
    _check_kwargs(kwargs, "model_to_dot")
    if rankdir not in _RANKDIRS:
        raise ValueError(
            f"Argument `rankdir` must be one of {list(_RANKDIRS)} ('TB' draws top to "
            f"bottom, 'LR' left to right); received rankdir={rankdir!r}."
        )
    _check_built(model)
    pydot = _import_pydot("model_to_dot")
    style = _Style(
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
        expand_nested=expand_nested,
    )
    if subgraph:
        dot = _cluster(model, pydot)
    else:
        dot = pydot.Dot()
        dot.set("rankdir", rankdir)
        dot.set("concentrate", True)
        dot.set("dpi", dpi)
        dot.set("splines", splines)
        dot.set_node_defaults(shape="record")
    _build(model, style, dot, pydot)
    return dot


def _has_graphviz(pydot):
    try:
        # Rendering an empty graph is the cheapest way to find `dot` as pydot will.
        pydot.Dot.create(pydot.Dot())
    except OSError:
        return False
    return True


def _missing_graphviz(extension):
    return ImportError(
        f"plot_model needs Graphviz's `dot` program to write a .{extension} file, and "
        "it was not found. Install Graphviz (https://graphviz.gitlab.io/download/, e.g. "
        "`tools/graphviz`, `apt-get install graphviz` or `brew install graphviz`), "
        "write a .png file (drawn without Graphviz), or call "
        "keras.utils.model_to_dot(model).to_string() for the DOT source."
    )


def plot_model(
    model,
    to_file="model.png",
    show_shapes=False,
    show_dtype=False,
    show_layer_names=False,
    rankdir="TB",
    expand_nested=False,
    dpi=200,
    show_layer_activations=False,
    show_trainable=False,
    splines="ortho",
    **kwargs,
):
    """Draws a Keras model with Graphviz and saves the image to a file.

    The file format follows the extension of `to_file` (`.png` when it has none):
    any format Graphviz writes, `png`, `svg`, `pdf` or `dot` among them. Needs pydot
    and Graphviz's `dot` program; without Graphviz, PNG and JPEG files are drawn by
    a simpler built-in renderer (Pillow), other formats raise an ImportError.

    Args:
        model: a built Keras model.
        to_file: the path of the image to write (its folder must exist).
        show_shapes: whether to show the input and output shapes of each layer.
        show_dtype: whether to show the output dtype of each layer.
        show_layer_names: whether to show layer names.
        rankdir: `"TB"` for a vertical plot, `"LR"` for a horizontal one.
        expand_nested: whether to draw nested models as clusters of their layers.
        dpi: image resolution in dots per inch.
        show_layer_activations: whether to show the activation of layers that have one.
        show_trainable: whether to show if each layer with weights is trainable.
        splines: Graphviz's edge style.
        **kwargs: none are accepted; `layer_range` (Keras 2) is rejected.

    Returns:
        An `IPython.display.Image` of the plot when IPython is installed and the
        format is one it shows inline (png, jpg), else None.

    Raises:
        ImportError: if pydot is missing, or Graphviz's `dot` program is missing and
            the format is not PNG or JPEG.

    Example:

    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> keras.utils.plot_model(model, to_file="model.png")  # doctest: +SKIP
    """
    _check_built(model)
    pydot = _import_pydot("plot_model")
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    graphviz = _has_graphviz(pydot)
    if not graphviz and extension not in _BUNDLED_FORMATS:
        raise _missing_graphviz(extension)
    _check_kwargs(kwargs, "plot_model")
    dot = model_to_dot(
        model,
        show_shapes=show_shapes,
        show_dtype=show_dtype,
        show_layer_names=show_layer_names,
        rankdir=rankdir,
        expand_nested=expand_nested,
        dpi=dpi,
        show_layer_activations=show_layer_activations,
        show_trainable=show_trainable,
        splines=splines,
    )
    if graphviz:
        dot.write(to_file, format=extension)
    else:
        from keras.utils import model_plot_renderer

        model_plot_renderer.render(
            dot, to_file, image_format=extension, rankdir=rankdir, dpi=dpi
        )
    if extension not in _INLINE_IMAGE_FORMATS:
        return None
    try:
        from IPython import display
    except ImportError:
        return None
    return display.Image(filename=to_file)
