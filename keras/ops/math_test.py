"""keras.ops math ops against NumPy references: values, dtypes, symbolic specs."""

from keras import ops
from keras.ops import math


def test_every_op_is_in_keras_ops():
    for name in math.__all__:
        assert getattr(ops, name) is getattr(math, name)
