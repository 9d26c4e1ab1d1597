"""The deterministic initializers: Constant, Zeros, Ones and Identity."""

from keras import ops
from keras.backends.common import dtypes
from keras.backends.common import variables
from keras.initializers.base import Initializer
from keras.saving import serialization_lib


class Constant(Initializer):
    """Fills the tensor with `value`.

    Args:
        value: a Python number, or an array or tensor that broadcasts to the shape
            asked for.

    >>> keras.initializers.Constant(3.0)((2, 2))  # a (2, 2) tensor of 3.0
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        dtype = dtypes.standardize_dtype(dtype)
        value = ops.cast(ops.convert_to_tensor(self.value), dtype)
        return ops.broadcast_to(value, shape)

    def get_config(self):
        return {"value": serialization_lib.serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["value"] = serialization_lib.deserialize_keras_object(config["value"])
        return cls(**config)


class Zeros(Initializer):
    """Fills the tensor with 0.

    >>> keras.initializers.Zeros()((2, 3), dtype="int32")  # a (2, 3) int32 tensor of 0
    """

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        return ops.zeros(shape, dtypes.standardize_dtype(dtype))


class Ones(Initializer):
    """Fills the tensor with 1.

    >>> keras.initializers.Ones()((3,))  # [1.0, 1.0, 1.0]
    """

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        return ops.ones(shape, dtypes.standardize_dtype(dtype))


class Identity(Initializer):
    """The identity matrix (ones on the diagonal) times `gain`, for 2-D shapes.

    A non-square shape gets ones on the diagonal of its top-left square.

    Args:
        gain: the value on the diagonal.

    >>> keras.initializers.Identity(gain=2.0)((2, 3))
    # [[2, 0, 0],
    #  [0, 2, 0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = variables.standardize_shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "The Identity initializer only makes 2-D matrices; got "
                f"shape={shape} of rank {len(shape)}."
            )
        dtype = dtypes.standardize_dtype(dtype)
        return ops.multiply(ops.eye(*shape, dtype=dtype), ops.cast(self.gain, dtype))

    def get_config(self):
        return {"gain": self.gain}


IdentityInitializer = Identity
