"""TFDataLayer: one `call` that runs eagerly on the backend, in a model, and mapped over a
`tf.data.Dataset` (as TensorFlow graph ops) whatever the backend."""

import numpy as np
import pytest

import keras
from keras import ops
from keras.backends import active
from keras.layers.preprocessing.tf_data_layer import TFDataLayer

tf = pytest.importorskip("tensorflow")


class ScaleAndJitter(TFDataLayer):
    """x * w + (uniform noise when training): a variable, an op and a seed."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.generator = keras.random.SeedGenerator(3)

    def build(self, input_shape):
        self.w = self.add_weight(
            shape=(input_shape[-1],), initializer="ones", trainable=False
        )

    def call(self, x, training=True):
        y = x * ops.cast(self.w, x.dtype)
        if training:
            y = y + keras.random.uniform(ops.shape(y), seed=self.generator)
        return y


def _data():
    return np.arange(24, dtype="float32").reshape(6, 4)


def test_eager_and_tf_data_give_the_same_deterministic_part():
    layer = ScaleAndJitter()
    x = _data()
    layer.build(x.shape)
    layer.w.assign(np.array([1.0, 2.0, 3.0, 4.0], "float32"))
    eager = ops.convert_to_numpy(layer(x, training=False))
    np.testing.assert_allclose(eager, x * [1, 2, 3, 4])
    dataset = tf.data.Dataset.from_tensor_slices(x).batch(3)
    mapped = np.concatenate(
        [b.numpy() for b in dataset.map(lambda b: layer(b, training=False))]
    )
    np.testing.assert_allclose(mapped, eager)


def test_random_part_differs_per_batch_and_stays_in_range():
    layer = ScaleAndJitter()
    x = np.zeros((8, 4), "float32")
    batches = [b.numpy() for b in tf.data.Dataset.from_tensor_slices(x).batch(4).map(layer)]
    assert len(batches) == 2
    assert not np.allclose(batches[0], batches[1])
    assert all(((b >= 0) & (b < 1)).all() for b in batches)


def test_a_layer_first_built_in_tf_data_keeps_variables_of_the_backend():
    layer = ScaleAndJitter()
    list(tf.data.Dataset.from_tensor_slices(_data()).batch(3).map(layer))
    assert layer.built
    assert isinstance(layer.w, active.Variable)
    eager = layer(_data(), training=False)
    assert isinstance(eager, active.core.EAGER_TENSOR)
    np.testing.assert_allclose(ops.convert_to_numpy(eager), _data())


def test_inside_a_model():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, ScaleAndJitter()(inputs, training=False))
    np.testing.assert_allclose(
        ops.convert_to_numpy(model.predict(_data(), verbose=0)), _data()
    )
