"""preprocess_input / decode_predictions / the shape checks of the builders, against
NumPy references and the numbers and messages of Keras 3.15.1."""

import json
import os

import numpy as np
import pytest

import keras
from keras import applications
from keras import ops
from keras.applications import cache
from keras.applications import imagenet_utils

X = np.arange(36, dtype="float32").reshape(1, 3, 4, 3)

CAFFE_MEAN_BGR = np.array([103.939, 116.779, 123.68], "float32")
TORCH_MEAN = np.array([0.485, 0.456, 0.406], "float32")
TORCH_STD = np.array([0.229, 0.224, 0.225], "float32")


def reference(x, mode, data_format):
    """NumPy reference, computed channels-last."""
    if data_format == "channels_first":
        x = np.moveaxis(x, -3, -1)
    if mode == "tf":
        y = x / 127.5 - 1.0
    elif mode == "torch":
        y = (x / 255.0 - TORCH_MEAN) / TORCH_STD
    else:
        y = x[..., ::-1] - CAFFE_MEAN_BGR
    if data_format == "channels_first":
        y = np.moveaxis(y, -1, -3)
    return y


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_numpy_matches_reference(mode, data_format):
    x = X if data_format == "channels_last" else np.moveaxis(X, -1, 1).copy()
    before = x.copy()
    y = imagenet_utils.preprocess_input(x, data_format=data_format, mode=mode)
    assert isinstance(y, np.ndarray) and y.dtype == np.float32
    np.testing.assert_allclose(y, reference(x, mode, data_format), rtol=1e-6, atol=1e-5)
    np.testing.assert_array_equal(x, before)  # the input is left alone


def test_keras3_numbers():
    # First values printed by Keras 3.15.1 for X (channels_last).
    caffe = applications.resnet.preprocess_input(X).reshape(-1)[:3]
    np.testing.assert_allclose(caffe, [-101.939, -115.779, -123.68], rtol=1e-6)
    torch_mode = applications.densenet.preprocess_input(X).reshape(-1)[:3]
    np.testing.assert_allclose(torch_mode, [-2.117904, -2.0182073, -1.7695861], rtol=1e-6)
    tf_mode = applications.xception.preprocess_input(X).reshape(-1)[:2]
    np.testing.assert_allclose(tf_mode, [-1.0, -0.99215686], rtol=1e-6)


def test_one_image_channels_first():
    x = np.moveaxis(X[0], -1, 0).copy()  # (3, 3, 4)
    y = imagenet_utils.preprocess_input(x, data_format="channels_first", mode="caffe")
    np.testing.assert_allclose(y, reference(x, "caffe", "channels_first"), atol=1e-5)


def test_integer_input_becomes_floatx():
    y = imagenet_utils.preprocess_input(X.astype("uint8"), mode="caffe")
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, reference(X, "caffe", "channels_last"), atol=1e-5)


@pytest.mark.parametrize("mode", ["caffe", "tf", "torch"])
def test_tensor_input(mode):
    y = imagenet_utils.preprocess_input(ops.convert_to_tensor(X), mode=mode)
    np.testing.assert_allclose(
        ops.convert_to_numpy(y), reference(X, mode, "channels_last"), atol=1e-5
    )


def test_symbolic_input():
    y = imagenet_utils.preprocess_input(keras.Input((8, 8, 3)), mode="caffe")
    assert tuple(y.shape) == (None, 8, 8, 3)


def test_family_modes():
    for module, mode in [
        (applications.resnet, "caffe"),
        (applications.resnet50, "caffe"),
        (applications.vgg16, "caffe"),
        (applications.vgg19, "caffe"),
        (applications.resnet_v2, "tf"),
        (applications.xception, "tf"),
        (applications.inception_v3, "tf"),
        (applications.inception_resnet_v2, "tf"),
        (applications.densenet, "torch"),
    ]:
        np.testing.assert_allclose(
            module.preprocess_input(X),
            reference(X, mode, "channels_last"),
            atol=1e-5,
            err_msg=module.__name__,
        )


def test_bad_arguments():
    with pytest.raises(ValueError, match="Expected mode to be one of `caffe`"):
        imagenet_utils.preprocess_input(X, mode="x")
    with pytest.raises(ValueError, match="Received: data_format=x"):
        imagenet_utils.preprocess_input(X, data_format="x")


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """An empty Keras cache, with fetching disabled (tests never download)."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise OSError("no network in tests")

    monkeypatch.setattr(cache.file_utils, "get_file", offline)
    imagenet_utils._forget_class_index()
    yield tmp_path
    imagenet_utils._forget_class_index()


def write_class_index(home):
    folder = os.path.join(home, "models")
    os.makedirs(folder, exist_ok=True)
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    with open(os.path.join(folder, "imagenet_class_index.json"), "w") as f:
        json.dump(index, f)


def test_decode_predictions(keras_home):
    write_class_index(keras_home)
    preds = np.zeros((2, 1000), "float32")
    preds[0, [7, 3, 500]] = [0.5, 0.3, 0.2]
    preds[1, 999] = 1.0
    decoded = applications.resnet50.decode_predictions(preds, top=3)
    assert [label[:2] for label in decoded[0]] == [
        ("n00000007", "class_7"),
        ("n00000003", "class_3"),
        ("n00000500", "class_500"),
    ]
    np.testing.assert_allclose([label[2] for label in decoded[0]], [0.5, 0.3, 0.2])
    assert decoded[1][0][:2] == ("n00000999", "class_999")
    assert len(decoded[1]) == 3


def test_decode_predictions_checks_shape(keras_home):
    with pytest.raises(ValueError, match=r"Received array with shape: \(2, 10\)"):
        imagenet_utils.decode_predictions(np.zeros((2, 10)))


def test_decode_predictions_offline_says_where_to_put_the_file(keras_home):
    with pytest.raises(OSError) as info:
        imagenet_utils.decode_predictions(np.zeros((1, 1000)))
    message = str(info.value)
    assert "imagenet_class_index.json" in message
    assert os.path.join(str(keras_home), "models") in message


def test_obtain_input_shape():
    shape = imagenet_utils.obtain_input_shape
    assert shape(None, 224, 32, "channels_last", True, "imagenet") == (224, 224, 3)
    assert shape(None, 224, 32, "channels_first", False, None) == (3, None, None)
    assert shape((64, 64, 1), 224, 32, "channels_last", False, None) == (64, 64, 1)
    cases = [
        ((100, 100, 3), True, "imagenet", "`input_shape` should be \\(224, 224, 3\\)"),
        ((100, 100), False, None, "must be a tuple of three integers"),
        ((100, 100, 4), False, "imagenet", "must have 3 channels"),
        ((20, 20, 3), False, None, "at least 32x32"),
        ((None, None, 3), True, None, "specify a static `input_shape`"),
    ]
    for input_shape, top, weights, message in cases:
        with pytest.raises(ValueError, match=message):
            shape(input_shape, 224, 32, "channels_last", top, weights)


def test_builder_argument_errors():
    with pytest.raises(ValueError, match="Received: weights=foo"):
        applications.ResNet50(weights="foo")
    with pytest.raises(ValueError, match="`classes` should be 1000.  Received classes=10"):
        applications.VGG16(weights="imagenet", classes=10)
    with pytest.raises(ValueError, match="input_shape=\\(20, 20, 3\\)"):
        applications.DenseNet121(weights=None, include_top=False, input_shape=(20, 20, 3))
    with pytest.raises(ValueError, match="at least 71x71"):
        applications.Xception(weights=None, include_top=False, input_shape=(64, 64, 3))


def test_validate_activation():
    imagenet_utils.validate_activation("relu", None)
    imagenet_utils.validate_activation("softmax", "imagenet")
    imagenet_utils.validate_activation(None, "imagenet")
    with pytest.raises(ValueError, match="Only `None` and `softmax`"):
        imagenet_utils.validate_activation("relu", "imagenet")
