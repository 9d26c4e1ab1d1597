"""The TensorFlow backend: tf.function graphs, tf.data, XLA."""
