"""Test helper: an application model's architecture against the one Keras 3.15.1
builds, as recorded in testdata/keras3_architectures.json (written by
testdata/write_keras3_architectures.py).

Each entry, keyed "<Builder>:top" (default arguments, weights=None) or
"<Builder>:notop_avg" (include_top=False, pooling="avg"), holds
`[count_params, [layer names], [weight shapes], model name, output shape]`, the
layers and weights in Keras 3's graph order (the order of its `model.layers`, which
legacy weight files follow). The file was written by running the builders of the
real Keras 3.15.1.
"""

import json
import os

from keras.backends.common import name_scope
from keras.saving.saveable_paths import graph_layers

FIXTURE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "testdata", "keras3_architectures.json"
)

BUILDERS = (
    "ResNet50",
    "ResNet101",
    "ResNet152",
    "ResNet50V2",
    "ResNet101V2",
    "ResNet152V2",
    "VGG16",
    "VGG19",
    "Xception",
    "InceptionV3",
    "InceptionResNetV2",
    "DenseNet121",
    "DenseNet169",
    "DenseNet201",
)

_ARGUMENTS = {
    "top": {"include_top": True},
    "notop_avg": {"include_top": False, "pooling": "avg"},
}


def load_fixture():
    with open(FIXTURE) as f:
        return json.load(f)


def describe(model):
    """The fixture's record of `model`: params, layer names, weight shapes, name,
    output shape."""
    ordered = graph_layers(model)
    return [
        int(model.count_params()),
        [layer.name for layer in ordered],
        [list(w.shape) for layer in ordered for w in layer.weights],
        model.name,
        list(model.output.shape),
    ]


def build(builder, variant):
    """Builds `builder` (a keras.applications name) with weights=None in a fresh
    session (so automatic layer names start from zero, as in the fixture)."""
    from keras import applications

    name_scope.reset_uids()  # what keras.backend.clear_session() resets
    return getattr(applications, builder)(weights=None, **_ARGUMENTS[variant])


def check(builder, variant, expected):
    """Asserts that our `builder` matches the Keras 3.15.1 record `expected`."""
    model = build(builder, variant)
    params, names, shapes, name, output_shape = describe(model)
    want_params, want_names, want_shapes, want_name, want_output = expected
    assert params == want_params, f"{builder}: {params} params, Keras has {want_params}"
    assert name == want_name
    assert output_shape == want_output
    assert len(names) == len(want_names), (builder, len(names), len(want_names))
    for i, (ours, theirs) in enumerate(zip(names, want_names)):
        assert ours == theirs, f"{builder}: layer {i} is {ours!r}, Keras has {theirs!r}"
    assert shapes == want_shapes, f"{builder}: weight shapes differ from Keras"
