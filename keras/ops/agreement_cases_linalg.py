"""Agreement cases (keras/ops/agreement.py) for the ops of this group."""

from keras.ops.agreement import Case
from keras.ops.agreement import T

CASES = {}

# op name -> {backend: reason} where that backend's symbolic and eager results differ.
EXCEPTIONS = {}
