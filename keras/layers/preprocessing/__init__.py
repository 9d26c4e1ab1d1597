"""Preprocessing layers, and the TFDataLayer base that lets them run inside tf.data.

Each layer lives in its own module; `keras.layers` loads them lazily by name, so this
package imports none of them (nor TensorFlow) by itself.
"""
