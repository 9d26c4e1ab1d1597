"""The geometric layers mapped over a `tf.data.Dataset` (TensorFlow ops whatever the
backend) give what they give eagerly, dict inputs with boxes included; and they sit
inside a model that trains."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.layers.testing import FIT_GAPS

tf = pytest.importorskip("tensorflow")
L = keras.layers


def _images(n=4, h=8, w=8, c=3):
    return np.random.default_rng(0).uniform(0, 255, (n, h, w, c)).astype("float32")


# Batches keep a static batch size (drop_remainder): the TensorFlow backend's
# affine_transform does not yet take an unknown batch dimension.
def _batched(data):
    return tf.data.Dataset.from_tensor_slices(data).batch(4, drop_remainder=True)


def _eager_and_mapped(layer, data, training=True):
    eager = layer(data, training=training)
    dataset = _batched(data)
    mapped = next(iter(dataset.map(lambda d: layer(d, training=training))))
    return eager, mapped


@pytest.mark.parametrize(
    "layer",
    [
        L.Rescaling(1 / 255, offset=-0.5),
        L.Resizing(4, 6),
        L.CenterCrop(5, 5),
        L.RandomCrop(5, 6, seed=1),
        L.RandomRotation((0.25, 0.25), interpolation="nearest"),
        L.RandomTranslation((0.25, 0.25), 0.0, fill_mode="constant",
                            interpolation="nearest"),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_deterministic_layers_agree_in_tf_data(layer):
    x = _images()
    training = not isinstance(layer, L.RandomCrop)
    eager, mapped = _eager_and_mapped(layer, x, training=training)
    np.testing.assert_allclose(mapped.numpy(), ops.convert_to_numpy(eager), atol=1e-3)


def test_random_layers_with_boxes_in_tf_data():
    x = _images()
    data = {
        "images": x,
        "bounding_boxes": {
            "boxes": np.tile(np.array([[[1.0, 2.0, 3.0, 5.0]]], "float32"), (4, 1, 1)),
            "labels": np.ones((4, 1), "float32"),
        },
    }
    for layer in [
        L.RandomFlip("horizontal", seed=1, bounding_box_format="xyxy"),
        L.RandomZoom(0.2, seed=1, bounding_box_format="xyxy"),
        L.RandomShear(0.2, 0.2, seed=1, bounding_box_format="xyxy"),
        L.RandomPerspective(seed=1, bounding_box_format="xyxy"),
        L.MaxNumBoundingBoxes(3, bounding_box_format="xyxy"),
    ]:
        dataset = _batched(data).map(layer)
        out = next(iter(dataset))
        assert out["images"].shape == x.shape
        boxes = out["bounding_boxes"]["boxes"].numpy()
        assert np.all(boxes[..., 2] >= boxes[..., 0]), type(layer).__name__
    flip = L.RandomFlip("horizontal", seed=1, bounding_box_format="xyxy")
    out = next(iter(_batched(data).map(flip)))
    images, boxes = out["images"].numpy(), out["bounding_boxes"]["boxes"].numpy()
    for i in range(4):
        flipped = np.array_equal(images[i], x[i, :, ::-1])
        assert flipped or np.array_equal(images[i], x[i])
        expected = [5, 2, 7, 5] if flipped else [1, 2, 3, 5]
        np.testing.assert_allclose(boxes[i, 0], expected)


def test_single_images_mapped_before_batching():
    x = _images()
    layer = L.RandomRotation((0.25, 0.25), interpolation="nearest")
    dataset = tf.data.Dataset.from_tensor_slices(x).map(layer).batch(4)
    np.testing.assert_array_equal(next(iter(dataset)).numpy(), np.rot90(x, axes=(1, 2)))


def test_elastic_in_tf_data_stays_in_range():
    layer = L.RandomElasticTransform(seed=1, value_range=(0, 255))
    out = next(iter(_batched(_images()).map(layer)))
    assert out.shape == (4, 8, 8, 3)
    assert out.numpy().min() >= 0 and out.numpy().max() <= 255


@pytest.mark.skipif(
    keras.backend.backend() in FIT_GAPS, reason=FIT_GAPS.get(keras.backend.backend(), "")
)
def test_augmentation_inside_a_model_trains():
    inputs = keras.Input((8, 8, 3))
    x = L.Rescaling(1 / 255)(inputs)
    x = L.RandomFlip(seed=1)(x)
    x = L.RandomRotation(0.1, seed=1)(x)
    x = L.CenterCrop(6, 6)(x)
    outputs = L.Dense(1)(L.Flatten()(x))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="sgd", loss="mse")
    before = ops.convert_to_numpy(model.layers[-1].kernel).copy()
    history = model.fit(_images(), np.ones((4, 1), "float32"), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert not np.allclose(ops.convert_to_numpy(model.layers[-1].kernel), before)
    predicted = model.predict(_images(), verbose=0)
    assert predicted.shape == (4, 1)
