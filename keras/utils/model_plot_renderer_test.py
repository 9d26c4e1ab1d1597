"""plot_model writing PNG files: with the built-in renderer when Graphviz's `dot` is
missing (forced here by an empty PATH), and with Graphviz when it is installed."""

import shutil

import pytest

import keras
from keras import layers
from keras import utils
from keras.utils import model_plot_renderer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def nested_model():
    """A classifier calling a functional encoder, beside a skip branch."""
    features = keras.Input((16,), name="features")
    hidden = layers.Dense(8, activation="relu", name="hidden")(features)
    encoder = keras.Model(features, layers.Dense(4, name="code")(hidden), name="encoder")
    inputs = keras.Input((16,), name="inputs")
    merged = layers.Concatenate(name="merge")([encoder(inputs), layers.Dense(4)(inputs)])
    outputs = layers.Dense(3, activation="softmax", name="classes")(merged)
    return keras.Model(inputs, outputs, name="classifier")


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.fixture
def without_graphviz(tmp_path, monkeypatch):
    empty = tmp_path / "no_bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def plot(tmp_path, name, **kwargs):
    path = tmp_path / name
    utils.plot_model(nested_model(), to_file=str(path), dpi=72, **kwargs)
    return path


def test_bundled_renderer_writes_a_png_of_a_nested_model(tmp_path, without_graphviz):
    width, height = png_size(plot(tmp_path, "model.png"))
    # Five boxes in five ranks (the nested model is one box), top to bottom.
    assert 100 < width < height < 2000
    expanded_width, expanded_height = png_size(
        plot(tmp_path, "nested.png", expand_nested=True)
    )
    assert expanded_height > height and expanded_width > width


def test_options_change_the_drawing(tmp_path, without_graphviz):
    base = png_size(plot(tmp_path, "base.png"))
    shapes = png_size(plot(tmp_path, "shapes.png", show_shapes=True))
    assert shapes[0] > base[0] and shapes[1] > base[1]  # wider boxes, an extra row
    dtypes = png_size(plot(tmp_path, "dtypes.png", show_shapes=True, show_dtype=True))
    assert dtypes[0] > shapes[0]
    names = png_size(plot(tmp_path, "names.png", show_layer_names=True))
    assert names[0] > base[0]
    activations = png_size(plot(tmp_path, "act.png", show_layer_activations=True))
    assert activations[1] > base[1]
    left_right = png_size(plot(tmp_path, "lr.png", rankdir="LR"))
    assert left_right[0] > left_right[1] and base[1] > base[0]
    utils.plot_model(nested_model(), to_file=str(tmp_path / "dpi.png"), dpi=144)
    sharper = png_size(tmp_path / "dpi.png")
    assert sharper[0] > 1.5 * base[0]


def test_jpeg_and_unsupported_formats_without_graphviz(tmp_path, without_graphviz):
    path = plot(tmp_path, "model.jpg")
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    with pytest.raises(ImportError, match=r"Graphviz.*\.svg"):
        plot(tmp_path, "model.svg")


def test_labels_become_lines_of_text():
    label = (
        '<<table><tr><td><b>d1</b> (Dense)</td></tr>'
        "<tr><td>Input shape: <b>(None, 4)</b></td><td>Output shape: "
        "<b>(None, 3)</b></td></tr></table>>"
    )
    assert model_plot_renderer.label_lines(label) == [
        "d1 (Dense)",
        "Input shape: (None, 4) | Output shape: (None, 3)",
    ]


@pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot is not installed (tools/graphviz installs it)",
)
def test_graphviz_renders_the_png_when_installed(tmp_path):
    width, height = png_size(plot(tmp_path, "model.png", show_shapes=True))
    assert 100 < width and 100 < height
    expanded = png_size(plot(tmp_path, "nested.png", show_shapes=True, expand_nested=True))
    assert expanded[1] > height
