"""tensorflow backend: element-wise ops on two tensors (see keras/ops/binary.py)."""

import tensorflow as tf

from keras.backends.tensorflow import core


def _pair(x1, x2):
    # Fast path: two tensors of one dtype need no promotion.
    if tf.is_tensor(x1) and tf.is_tensor(x2) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def add(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_or(x1, x2)
    return tf.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_xor(x1, x2)
    return tf.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    if x1.dtype == tf.bool:
        return tf.logical_and(x1, x2)
    return tf.multiply(x1, x2)
