"""keras.utils.model_to_dot and plot_model: nodes, labels and edges of the DOT graph
for Sequential, functional (branches, several inputs and outputs, shared layers, ops),
nested and subclassed models; the errors; plot_model with and without Graphviz's `dot`.
"""

import inspect
import os
import stat
import sys

import numpy as np
import pydot
import pytest

import keras
from keras import layers
from keras import utils


def _id(layer):
    return str(id(layer))


def _nodes(graph):
    """{node id: label} of the nodes directly in `graph` (not in its clusters)."""
    return {
        node.get_name(): node.get("label")
        for node in graph.get_nodes()
        if node.get_name() not in ("node", "edge", "graph")
    }


def _edges(graph):
    return [(edge.get_source(), edge.get_destination()) for edge in graph.get_edges()]


def _clusters(graph):
    return {sub.get_name(): sub for sub in graph.get_subgraphs()}


def _two_dense_sequential():
    return keras.Sequential(
        [
            keras.Input((4,)),
            layers.Dense(3, activation="relu", name="d1"),
            layers.Dense(2, name="d2"),
        ],
        name="seq",
    )


def _two_input_two_output_model():
    a = keras.Input((4,), name="a")
    b = keras.Input((3,), name="b", dtype="int32")
    x = layers.Dense(5, name="da")(a)
    y = layers.Dense(5, name="db")(b)
    z = layers.Add(name="add")([x, y])
    o1 = layers.Dense(1, name="o1")(z)
    o2 = layers.Dense(2, activation="softmax", name="o2")(z)
    return keras.Model([a, b], [o1, o2], name="multi")


class _Scale(keras.Model):
    def __init__(self):
        super().__init__(name="scale")
        self.dense = layers.Dense(3, name="inner_dense")

    def call(self, x):
        return self.dense(x) * 2.0


def test_signatures_and_defaults_follow_keras():
    to_dot = inspect.signature(utils.model_to_dot).parameters
    expected = (
        "model show_shapes show_dtype show_layer_names rankdir expand_nested dpi "
        "subgraph show_layer_activations show_trainable splines kwargs"
    )
    assert list(to_dot) == expected.split()
    assert to_dot["show_layer_names"].default is True
    assert (to_dot["rankdir"].default, to_dot["dpi"].default) == ("TB", 200)
    assert to_dot["splines"].default == "ortho"
    plot = inspect.signature(utils.plot_model).parameters
    assert plot["to_file"].default == "model.png"
    # Keras 3.15 plots without layer names unless asked, unlike model_to_dot.
    assert plot["show_layer_names"].default is False
    assert "subgraph" not in plot


# pydot's DOT parser (used to check the text is valid DOT) calls pyparsing's old names.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sequential_nodes_edges_and_graph_attributes():
    model = _two_dense_sequential()
    d1, d2 = model.layers
    dot = utils.model_to_dot(model)
    assert isinstance(dot, pydot.Dot)
    assert dot.get("rankdir") == "TB"
    assert dot.get("dpi") == 200
    assert dot.get("splines") == "ortho"
    nodes = _nodes(dot)
    # The input placeholder of a Sequential model is not one of its layers.
    assert list(nodes) == [_id(d1), _id(d2)]
    assert "<b>d1</b> (Dense)" in nodes[_id(d1)]
    assert "<b>d2</b> (Dense)" in nodes[_id(d2)]
    assert 'colspan="1"' in nodes[_id(d1)]
    assert "shape" not in nodes[_id(d1)] and "Activation" not in nodes[_id(d1)]
    assert _edges(dot) == [(_id(d1), _id(d2))]
    # The text is valid DOT.
    (parsed,) = pydot.graph_from_dot_data(dot.to_string())
    assert len(parsed.get_edges()) == 1


def test_labels_show_what_the_flags_ask_for():
    model = _two_dense_sequential()
    d1, d2 = model.layers
    dot = utils.model_to_dot(
        model,
        show_shapes=True,
        show_dtype=True,
        show_layer_activations=True,
        show_trainable=True,
        rankdir="LR",
        dpi=96,
    )
    assert dot.get("rankdir") == "LR" and dot.get("dpi") == 96
    first = _nodes(dot)[_id(d1)]
    # Input and output shape, dtype and trainable: four columns under the title.
    assert 'colspan="4"' in first
    assert "Activation: <b>relu</b>" in first
    assert "Input shape: <b>(None, 4)</b>" in first
    assert "Output shape: <b>(None, 3)</b>" in first
    assert "Output dtype: <b>float32</b>" in first
    assert "<b>Trainable</b>" in first and "forestgreen" in first
    second = _nodes(dot)[_id(d2)]
    assert "Activation: <b>linear</b>" in second
    assert "Input shape: <b>(None, 3)</b>" in second
    assert "Output shape: <b>(None, 2)</b>" in second

    d2.trainable = False
    frozen = _nodes(utils.model_to_dot(model, show_trainable=True))[_id(d2)]
    assert "<b>Non-trainable</b>" in frozen and "firebrick" in frozen
    unnamed = _nodes(utils.model_to_dot(model, show_layer_names=False))[_id(d1)]
    assert "<b>Dense</b>" in unnamed and "d1" not in unnamed


def test_functional_with_branches_and_several_inputs_and_outputs():
    model = _two_input_two_output_model()
    by_name = {layer.name: _id(layer) for layer in model.layers}
    dot = utils.model_to_dot(model, show_shapes=True, show_dtype=True)
    nodes = _nodes(dot)
    order = ("a", "b", "da", "db", "add", "o1", "o2")
    assert list(nodes) == [by_name[name] for name in order]
    assert _edges(dot) == [
        (by_name["a"], by_name["da"]),
        (by_name["b"], by_name["db"]),
        (by_name["da"], by_name["add"]),
        (by_name["db"], by_name["add"]),
        (by_name["add"], by_name["o1"]),
        (by_name["add"], by_name["o2"]),
    ]
    # An input layer has an output but no input of its own.
    assert "<b>b</b> (InputLayer)" in nodes[by_name["b"]]
    assert "Input shape" not in nodes[by_name["b"]]
    assert "Output shape: <b>(None, 3)</b>" in nodes[by_name["b"]]
    assert "Output dtype: <b>int32</b>" in nodes[by_name["b"]]
    assert "Input shape: <b>[(None, 5), (None, 5)]</b>" in nodes[by_name["add"]]
    assert "Output shape: <b>(None, 5)</b>" in nodes[by_name["add"]]
    assert 'colspan="3"' in nodes[by_name["a"]]
    acts = _nodes(utils.model_to_dot(model, show_layer_activations=True))
    assert "Activation: <b>softmax</b>" in acts[by_name["o2"]]
    # Add has no activation attribute.
    assert "Activation" not in acts[by_name["add"]]


def test_shared_layers_and_repeated_tensors_give_one_edge_per_pair():
    shared = layers.Dense(3, name="shared")
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    s = layers.Add(name="add")([shared(a), shared(b)])
    twice = layers.Multiply(name="mul")([s, s])
    model = keras.Model([a, b], twice)
    ids = {layer.name: _id(layer) for layer in model.layers}
    dot = utils.model_to_dot(model, show_trainable=True)
    assert list(_nodes(dot)) == [ids[n] for n in ("a", "b", "shared", "add", "mul")]
    assert _edges(dot) == [
        (ids["a"], ids["shared"]),
        (ids["b"], ids["shared"]),
        (ids["shared"], ids["add"]),
        (ids["add"], ids["mul"]),
    ]
    # Layers without weights have nothing to train: no trainable cell.
    assert "Trainable" not in _nodes(dot)[ids["add"]]
    assert "Trainable" in _nodes(dot)[ids["shared"]]


def test_ops_between_layers_are_nodes():
    a = keras.Input((), name="a")
    x = keras.ops.expand_dims(a, -1)
    out = layers.Dense(2, name="d")(x)
    model = keras.Model(a, out)
    (op,) = [o for o in model.operations if o.name not in ("a", "d")]
    dot = utils.model_to_dot(model, show_shapes=True)
    nodes = _nodes(dot)
    a_id, d_id = _id(model.get_layer("a")), _id(model.get_layer("d"))
    assert list(nodes) == [a_id, _id(op), d_id]
    assert "(ExpandDims)" in nodes[_id(op)]
    assert "Input shape: <b>(None,)</b>" in nodes[_id(op)]
    assert "Output shape: <b>(None, 1)</b>" in nodes[_id(op)]
    assert _edges(dot) == [(a_id, _id(op)), (_id(op), d_id)]


def test_multi_output_layer_lists_its_shapes_and_dtypes():
    class Split(layers.Layer):
        def call(self, x):
            return x[:, :2], x[:, 2:]

        def compute_output_spec(self, x):
            half = keras.KerasTensor((x.shape[0], 2), x.dtype)
            return half, keras.KerasTensor((x.shape[0], 2), x.dtype)

    a = keras.Input((4,), name="a")
    p, q = Split(name="split")(a)
    outputs = [layers.Dense(1, name="dp")(p), layers.Dense(1, name="dq")(q)]
    model = keras.Model(a, outputs)
    split = model.get_layer("split")
    dot = utils.model_to_dot(model, show_shapes=True, show_dtype=True)
    label = _nodes(dot)[_id(split)]
    assert "Output shape: <b>[(None, 2), (None, 2)]</b>" in label
    assert "Output dtype: <b>['float32', 'float32']</b>" in label
    assert (_id(split), _id(model.get_layer("dp"))) in _edges(dot)
    assert (_id(split), _id(model.get_layer("dq"))) in _edges(dot)


def _nested_sequential_in_functional():
    inner = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3, name="i1"), layers.Dense(3, name="i2")],
        name="inner",
    )
    a = keras.Input((4,), name="a")
    pre = layers.Dense(4, name="pre")
    post = layers.Dense(2, name="post")
    model = keras.Model(a, post(inner(pre(a))), name="outer")
    return model, inner


def test_nested_model_is_one_node_unless_expanded():
    model, inner = _nested_sequential_in_functional()
    ids = {layer.name: _id(layer) for layer in model.layers}
    dot = utils.model_to_dot(model)
    assert "<b>inner</b> (Sequential)" in _nodes(dot)[_id(inner)]
    assert not dot.get_subgraphs()
    assert _edges(dot) == [
        (ids["a"], ids["pre"]),
        (ids["pre"], ids["inner"]),
        (ids["inner"], ids["post"]),
    ]

    i1, i2 = inner.layers
    expanded = utils.model_to_dot(model, expand_nested=True, show_shapes=True)
    assert list(_nodes(expanded)) == [ids["a"], ids["pre"], ids["post"]]
    cluster = _clusters(expanded)["cluster_inner"]
    assert cluster.get("label") == "inner" and cluster.get("style") == "dashed"
    assert list(_nodes(cluster)) == [_id(i1), _id(i2)]
    assert "Input shape: <b>(None, 4)</b>" in _nodes(cluster)[_id(i1)]
    assert _edges(cluster) == [(_id(i1), _id(i2))]
    # Edges into and out of the cluster reach the layers inside it.
    assert _edges(expanded) == [
        (ids["a"], ids["pre"]),
        (ids["pre"], _id(i1)),
        (_id(i2), ids["post"]),
    ]


def test_expanded_nested_functional_connects_each_input_and_nests_deeper():
    ia = keras.Input((3,), name="ia")
    ib = keras.Input((3,), name="ib")
    joined = layers.Concatenate(name="cat")(
        [layers.Dense(2, name="fa")(ia), layers.Dense(2, name="fb")(ib)]
    )
    inner = keras.Model([ia, ib], joined, name="inner2")
    deep_in = keras.Input((4,), name="deep_in")
    deep = keras.Model(deep_in, layers.Dense(3, name="deep_d")(deep_in), name="deep")
    p = keras.Input((3,), name="p")
    q = keras.Input((3,), name="q")
    r = keras.Input((4,), name="r")
    head = layers.Concatenate(name="head")([inner([p, q]), deep(r)])
    model = keras.Model([p, q, r], head, name="outer2")
    dot = utils.model_to_dot(model, expand_nested=True)
    ids = {
        layer.name: _id(layer) for m in (model, inner, deep) for layer in m.layers
    }
    clusters = _clusters(dot)
    assert set(clusters) == {"cluster_inner2", "cluster_deep"}
    assert list(_nodes(clusters["cluster_inner2"])) == [
        ids[n] for n in ("ia", "ib", "fa", "fb", "cat")
    ]
    assert _edges(dot) == [
        (ids["p"], ids["ia"]),
        (ids["q"], ids["ib"]),
        (ids["r"], ids["deep_in"]),
        (ids["cat"], ids["head"]),
        (ids["deep_d"], ids["head"]),
    ]


def test_sequential_of_nested_sequentials_expanded():
    first = keras.Sequential(
        [keras.Input((4,)), layers.Dense(3, name="f1")], name="first"
    )
    last = keras.Sequential(
        [keras.Input((3,)), layers.Dense(2, name="l1")], name="last"
    )
    model = keras.Sequential([keras.Input((4,)), first, last])
    dot = utils.model_to_dot(model, expand_nested=True)
    assert set(_clusters(dot)) == {"cluster_first", "cluster_last"}
    assert _edges(dot) == [(_id(first.layers[0]), _id(last.layers[0]))]


def test_subclassed_model_is_a_single_node():
    model = _Scale()
    with pytest.raises(ValueError, match="not been built"):
        utils.model_to_dot(model)
    model(np.random.default_rng(0).normal(size=(2, 4)).astype("float32"))
    dot = utils.model_to_dot(
        model, show_shapes=True, show_dtype=True, show_trainable=True
    )
    nodes = _nodes(dot)
    assert list(nodes) == [_id(model)]
    label = nodes[_id(model)]
    assert "<b>scale</b> (_Scale)" in label
    # Its graph is not known: shapes and dtype are unknown.
    assert "Input shape: <b>?</b>" in label and "Output shape: <b>?</b>" in label
    assert "Output dtype: <b>?</b>" in label
    assert "<b>Trainable</b>" in label
    assert _edges(dot) == []
    # Expanding does not open a model without a graph.
    a = keras.Input((4,), name="a")
    wrapper = keras.Model(a, model(a))
    assert not utils.model_to_dot(wrapper, expand_nested=True).get_subgraphs()


def test_subgraph_returns_a_cluster_named_after_the_model():
    model = _two_input_two_output_model()
    cluster = utils.model_to_dot(model, subgraph=True)
    assert isinstance(cluster, pydot.Cluster)
    assert cluster.get_name() == "cluster_multi"
    assert cluster.get("label") == "multi" and cluster.get("dpi") is None
    assert len(_nodes(cluster)) == 7 and len(_edges(cluster)) == 6


def test_errors():
    with pytest.raises(ValueError, match="not been built"):
        utils.model_to_dot(keras.Sequential([layers.Dense(3)]))
    model = _two_dense_sequential()
    with pytest.raises(ValueError, match=r"`rankdir`.*'XX'"):
        utils.model_to_dot(model, rankdir="XX")
    with pytest.raises(ValueError, match="`layer_range` is no longer supported"):
        utils.model_to_dot(model, layer_range=["d1", "d2"])
    with pytest.raises(ValueError, match=r"unrecognized keyword arguments.*'foo'"):
        utils.model_to_dot(model, foo=1)


def test_missing_pydot_says_what_to_install(monkeypatch):
    model = _two_dense_sequential()
    # A None entry in sys.modules makes `import pydot` raise ImportError.
    monkeypatch.setitem(sys.modules, "pydot", None)
    with pytest.raises(ImportError, match=r"model_to_dot.*pip install pydot"):
        utils.model_to_dot(model)
    with pytest.raises(ImportError, match=r"plot_model.*pip install pydot"):
        utils.plot_model(model)


def _fake_dot(folder, log):
    """A `dot` program that logs its arguments and writes 'RENDERED' as the image."""
    script = folder / "dot"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nprintf RENDERED\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_plot_model_without_graphviz_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    model = _two_dense_sequential()
    # PNG and JPEG files are drawn without Graphviz (model_plot_renderer_test.py).
    target = tmp_path / "model.svg"
    with pytest.raises(ImportError, match="Graphviz") as caught:
        utils.plot_model(model, to_file=str(target))
    assert "graphviz.gitlab.io" in str(caught.value)
    assert not target.exists()
    # An unbuilt model is reported first, as in Keras.
    with pytest.raises(ValueError, match="not been built"):
        utils.plot_model(keras.Sequential([layers.Dense(3)]), to_file=str(target))


@pytest.mark.skipif(os.name != "posix", reason="the fake `dot` is a POSIX shell script")
def test_plot_model_renders_in_the_format_of_the_extension(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    _fake_dot(bin_dir, log)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    model = _two_dense_sequential()
    for name in ("model.png", "model.svg", "model.dot", "model"):
        result = utils.plot_model(model, to_file=str(tmp_path / name), show_shapes=True)
        assert (tmp_path / name).read_bytes() == b"RENDERED"
        if name != "model.png":
            assert result is None
    formats = [line.split()[0] for line in log.read_text().splitlines()]
    # Each call first checks that `dot` runs, then renders with the file's format.
    assert formats[1::2] == ["-Tpng", "-Tsvg", "-Tdot", "-Tpng"]
    with pytest.raises(ValueError, match=r"unrecognized keyword arguments.*'foo'"):
        utils.plot_model(model, to_file=str(tmp_path / "x.png"), foo=1)
