"""keras.ops linalg ops against NumPy references: values, dtypes, symbolic specs."""

from keras import ops
from keras.ops import linalg


def test_every_op_is_in_keras_ops():
    for name in linalg.__all__:
        assert getattr(ops, name) is getattr(linalg, name)
