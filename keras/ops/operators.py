"""Routes KerasTensor operators (x + y, x < y, x[0], -x) to the ops."""

from keras.backends.common import keras_tensor
from keras.ops import numpy as numpy_ops


def _invert(x):
    if x.dtype == "bool":
        return numpy_ops.logical_not(x)
    return numpy_ops.bitwise_invert(x)


def _register():
    names = [
        "add",
        "subtract",
        "multiply",
        "true_divide",
        "floor_divide",
        "mod",
        "power",
        "matmul",
        "logical_and",
        "logical_or",
        "logical_xor",
        "less",
        "less_equal",
        "greater",
        "greater_equal",
        "equal",
        "not_equal",
        "negative",
        "absolute",
        "get_item",
    ]
    for name in names:
        if name in numpy_ops.__all__:
            keras_tensor.OPERATORS[name] = getattr(numpy_ops, name)
    keras_tensor.OPERATORS["invert"] = _invert


_register()
