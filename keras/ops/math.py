"""keras.ops: math ops beyond NumPy's (special functions, top-k, segment reductions,
logsumexp, distances, sequence framing, rearrange).
"""

from keras.backends import active
from keras.backends.common.keras_tensor import KerasTensor
from keras.ops import symbolic
from keras.ops.operation import Operation

__all__ = []
