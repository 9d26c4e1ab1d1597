"""keras.ops: element-wise ops on two (or three) tensors, with NumPy broadcasting.

Every op follows one pattern: a public function whose eager path is one isinstance check
and one backend call, and an Operation subclass used only for symbolic (KerasTensor)
inputs, whose `compute_output_spec` gives the broadcast shape and the promoted dtype.
"""

from keras.backends import active
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = [
    "add",
    "multiply",
    "subtract",
]


class Add(Operation):
    def call(self, x1, x2):
        return active.binary.add(x1, x2)

    def compute_output_spec(self, x1, x2):
        return symbolic.binary_spec(x1, x2)


def add(x1, x2):
    """Adds two tensors element-wise, with broadcasting.

    Args:
        x1: first tensor (or Python number).
        x2: second tensor (or Python number).

    Returns:
        `x1 + x2`, in the promoted dtype of the inputs.

    >>> keras.ops.add(keras.ops.array([1, 2]), 3)
    array([4, 5], dtype=int32)
    """
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Add().symbolic_call(x1, x2)
    return active.binary.add(x1, x2)


class Subtract(Operation):
    def call(self, x1, x2):
        return active.binary.subtract(x1, x2)

    def compute_output_spec(self, x1, x2):
        return symbolic.binary_spec(x1, x2)


def subtract(x1, x2):
    """Subtracts `x2` from `x1` element-wise, with broadcasting."""
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Subtract().symbolic_call(x1, x2)
    return active.binary.subtract(x1, x2)


class Multiply(Operation):
    def call(self, x1, x2):
        return active.binary.multiply(x1, x2)

    def compute_output_spec(self, x1, x2):
        return symbolic.binary_spec(x1, x2)


def multiply(x1, x2):
    """Multiplies two tensors element-wise, with broadcasting."""
    if isinstance(x1, KerasTensor) or isinstance(x2, KerasTensor):
        return Multiply().symbolic_call(x1, x2)
    return active.binary.multiply(x1, x2)
