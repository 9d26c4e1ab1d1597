"""Every part-B builder (MobileNet, EfficientNet, ConvNeXt and NASNet families)
against the architectures Keras 3.15.1 builds: model name, input/output shapes,
count_params(), and each operation's name, class and weight shapes in order.

testdata/partB_keras3_architectures.json was written by
testdata/partB_write_keras3_fixtures.py under the real Keras 3.15.1. Building is
backend-independent, so the BUILD target runs this on one backend only.
"""

import importlib
import json
import os

import pytest

from keras.backend import clear_session

_FIXTURE = os.path.join(
    os.path.dirname(__file__), "testdata", "partB_keras3_architectures.json"
)
with open(_FIXTURE) as f:
    EXPECTED = json.load(f)


def describe(model):
    """The fixture's description of a model (see the writer script)."""
    ops = []
    for op in model.operations:
        shapes = "|".join("x".join(map(str, w.shape)) for w in getattr(op, "weights", []))
        ops.append(f"{op.name} {type(op).__name__} {shapes}".rstrip())
    return {
        "name": model.name,
        "params": int(model.count_params()),
        "input": list(model.inputs[0].shape),
        "output": list(model.outputs[0].shape),
        "ops": ops,
    }


def expected(name, variant):
    """The fixture entry, with the "avg" variant's shared operations restored."""
    entry = dict(EXPECTED[name][variant])
    if variant == "avg":
        shared = EXPECTED[name]["top"]["ops"][: entry.pop("shared_ops")]
        entry["ops"] = shared + entry["ops"]
    return entry


def build(name, variant):
    module = importlib.import_module("keras.applications." + EXPECTED[name]["family"])
    clear_session()  # automatic layer names count from zero, as in the fixture
    if variant == "top":
        return getattr(module, name)(weights=None)
    return getattr(module, name)(weights=None, include_top=False, pooling="avg")


CASES = [(name, variant) for name in EXPECTED for variant in ("top", "avg")]


@pytest.mark.parametrize("name,variant", CASES)
def test_architecture_matches_keras3(name, variant):
    ours = describe(build(name, variant))
    want = expected(name, variant)
    for key in ("name", "params", "input", "output"):
        assert ours[key] == want[key], key
    assert sorted(ours["ops"]) == sorted(want["ops"])  # the same operations...
    assert ours["ops"] == want["ops"]  # ...in the same order (weight files follow it)
