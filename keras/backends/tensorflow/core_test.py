"""TensorFlow specifics of the backend contract: tf.Variable, tf.function, tensor types."""

import numpy as np
import tensorflow as tf

import keras
from keras.backends.tensorflow import core


def test_tf_functions_accept_variables_eagerly_and_in_graphs():
    v = core.Variable(np.array([1.5, -2.0], "float32"))
    np.testing.assert_allclose(tf.add(v, 1.0).numpy(), [2.5, -1.0])

    @tf.function
    def double(x):
        return 2.0 * tf.convert_to_tensor(x)

    np.testing.assert_allclose(double(v).numpy(), [3.0, -4.0])


def test_gradient_tape_sees_the_variable():
    v = core.Variable(np.array([3.0], "float32"))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(v.value))
    grad = tape.gradient(loss, v._value)
    np.testing.assert_allclose(grad.numpy(), [6.0])


def test_shape_has_dynamic_dims_in_graphs():
    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def dims(x):
        batch, width = core.shape(x)
        assert width == 3 and tf.is_tensor(batch)
        return batch

    assert int(dims(tf.zeros((5, 3)))) == 5


def test_sparse_and_ragged_inputs():
    sparse = tf.SparseTensor([[0, 1]], [2.0], [2, 2])
    assert isinstance(core.convert_to_tensor(sparse), tf.SparseTensor)
    dense = core.convert_to_tensor(sparse, sparse=False)
    np.testing.assert_array_equal(dense.numpy(), [[0.0, 2.0], [0.0, 0.0]])
    ragged = tf.ragged.constant([[1, 2], [3]])
    np.testing.assert_array_equal(core.convert_to_numpy(ragged), [[1, 2], [3, 0]])


def test_public_variable_is_the_tensorflow_one():
    assert keras.Variable is core.Variable
