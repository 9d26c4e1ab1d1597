"""keras.applications: the 40 builders of Keras 3.15 and the family submodules,
each with exactly Keras's public names (part A's families; part B's are checked by
name only here, their modules being tested beside them)."""

import importlib
import subprocess
import sys

import pytest

from keras import applications

# Keras 3.15.1's public names of each submodule (keras_public_api.json).
PART_A = {
    "resnet": ["ResNet101", "ResNet152", "ResNet50"],
    "resnet50": ["ResNet50"],
    "resnet_v2": ["ResNet101V2", "ResNet152V2", "ResNet50V2"],
    "vgg16": ["VGG16"],
    "vgg19": ["VGG19"],
    "xception": ["Xception"],
    "inception_v3": ["InceptionV3"],
    "inception_resnet_v2": ["InceptionResNetV2"],
    "densenet": ["DenseNet121", "DenseNet169", "DenseNet201"],
    "imagenet_utils": [],
}
PART_B = [
    "convnext",
    "efficientnet",
    "efficientnet_v2",
    "mobilenet",
    "mobilenet_v2",
    "mobilenet_v3",
    "nasnet",
]


def test_forty_builders():
    assert len(applications.__all__) == 40
    builders = [n for names in PART_A.values() for n in names]
    assert set(builders) <= set(applications.__all__)


def test_submodules_are_listed():
    listed = set(dir(applications))
    assert set(PART_A) | set(PART_B) <= listed


@pytest.mark.parametrize("family", sorted(PART_A))
def test_family_namespace(family):
    module = importlib.import_module(f"keras.applications.{family}")
    assert getattr(applications, family) is module
    expected = sorted(PART_A[family] + ["decode_predictions", "preprocess_input"])
    assert sorted(module.__all__) == expected
    for name in expected:
        assert callable(getattr(module, name)), name
    for name in PART_A[family]:
        # The top-level name is the family's builder.
        assert getattr(applications, name) is getattr(module, name)


def test_builder_signature():
    import inspect

    for name in ("ResNet50", "VGG16", "Xception", "InceptionV3", "DenseNet121"):
        params = inspect.signature(getattr(applications, name)).parameters
        assert list(params) == [
            "include_top",
            "weights",
            "input_tensor",
            "input_shape",
            "pooling",
            "classes",
            "classifier_activation",
            "name",
        ]
        assert params["weights"].default == "imagenet"
        assert params["classes"].default == 1000
        assert params["classifier_activation"].default == "softmax"


def test_import_is_lazy():
    # Importing the namespace loads no family module (nor layers).
    code = (
        "import sys\n"
        "import keras.applications\n"
        "loaded = [m for m in sys.modules if m.startswith('keras.applications.')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
