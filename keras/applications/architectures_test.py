"""The application builders against Keras 3.15.1's architectures (layer names,
order, weight shapes, parameter counts): a representative subset on every backend;
architectures_full_test.py checks all 14 builders on one backend."""

import pytest

from keras.applications import architecture_testing as testing
from keras.backends.common import config

FIXTURE = testing.load_fixture()

_JAX_SLOW = pytest.mark.skipif(
    config.backend() == "jax",
    reason="building on jax compiles each new initializer shape (20-40 s per "
    "model); architectures_full_test.py covers this builder on numpy",
)

# One builder of each code path: v1 and v2 residual stacks, VGG, Xception,
# InceptionV3's auto-named layers, DenseNet.
SUBSET = [
    ("ResNet50", "top"),
    ("ResNet50V2", "notop_avg"),
    ("VGG16", "notop_avg"),
    pytest.param("Xception", "notop_avg", marks=_JAX_SLOW),
    pytest.param("InceptionV3", "notop_avg", marks=_JAX_SLOW),
    pytest.param("DenseNet121", "top", marks=_JAX_SLOW),
]


@pytest.mark.parametrize("builder,variant", SUBSET)
def test_matches_keras3(builder, variant):
    testing.check(builder, variant, FIXTURE[f"{builder}:{variant}"])


def test_fixture_covers_every_builder():
    expected = {f"{b}:{v}" for b in testing.BUILDERS for v in ("top", "notop_avg")}
    assert set(FIXTURE) == expected


def test_input_tensor_pooling_and_classes():
    from keras import applications
    from keras.layers import Input

    image = Input((32, 32, 3))
    model = applications.ResNet50(weights=None, include_top=False, input_tensor=image,
                                  pooling="max")
    assert model.inputs[0] is image
    assert tuple(model.output.shape) == (None, 2048)
    assert model.layers[-1].name == "max_pool"
    model = applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
    assert tuple(model.output.shape) == (None, 1, 1, 512)  # no pooling: 4D
    model = applications.ResNet50(weights=None, classes=10, classifier_activation=None)
    assert tuple(model.output.shape) == (None, 10)
    assert model.get_layer("predictions").get_config()["activation"] == "linear"
