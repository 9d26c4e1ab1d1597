"""All 14 builders of part A (ResNet, ResNetV2, VGG, Xception, Inception, DenseNet),
with and without the classifier, against Keras 3.15.1's architectures. Building
every model is slow: this target runs on one backend (see BUILD); the subset in
architectures_test.py runs on all."""

import pytest

from keras.applications import architecture_testing as testing

FIXTURE = testing.load_fixture()


@pytest.mark.parametrize("variant", ["top", "notop_avg"])
@pytest.mark.parametrize("builder", testing.BUILDERS)
def test_matches_keras3(builder, variant):
    testing.check(builder, variant, FIXTURE[f"{builder}:{variant}"])
