"""The warping layers mapped over a `tf.data.Dataset` whose batches have no static size
(the last one is short): traced with a None batch dimension, each batch equals the
layer's eager result on the same images."""

import numpy as np
import pytest

import keras
from keras import ops

tf = pytest.importorskip("tensorflow")
L = keras.layers


@pytest.mark.parametrize(
    "layer",
    [
        L.RandomRotation((0.05, 0.05)),
        L.RandomRotation((-0.1, -0.1), fill_mode="constant", fill_value=0.5),
        L.RandomZoom((-0.2, -0.2), fill_mode="nearest"),
        L.RandomTranslation((0.3, 0.3), (-0.2, -0.2), fill_mode="wrap"),
    ],
    ids=lambda layer: f"{type(layer).__name__}-{layer.fill_mode}",
)
def test_layers_with_an_unknown_batch_size_in_tf_data(layer):
    x = np.random.default_rng(0).uniform(0, 1, (5, 12, 10, 3)).astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(3)
    assert dataset.element_spec.shape[0] is None
    mapped = [batch.numpy() for batch in dataset.map(lambda d: layer(d, training=True))]
    assert [len(batch) for batch in mapped] == [3, 2]
    eager = ops.convert_to_numpy(layer(x, training=True))
    np.testing.assert_allclose(np.concatenate(mapped), eager, rtol=1e-5, atol=1e-5)
