"""keras.ops.linalg: linear algebra (decompositions, solves, inverses, norms) and jvp.

This module is the public namespace keras.ops.linalg; its ops are in keras.ops too.
"""

from keras.backends import active
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = []
