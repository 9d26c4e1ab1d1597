"""keras.ops spectral ops against NumPy references: values, dtypes, symbolic specs."""

from keras import ops
from keras.ops import spectral


def test_every_op_is_in_keras_ops():
    for name in spectral.__all__:
        assert getattr(ops, name) is getattr(spectral, name)
