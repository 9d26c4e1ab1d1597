"""Public namespace `keras.dtype_policies`."""

from keras.dtype_policies.dtype_policy import DTypePolicy
from keras.dtype_policies.dtype_policy import FloatDTypePolicy
from keras.dtype_policies.dtype_policy import deserialize
from keras.dtype_policies.dtype_policy import get
from keras.dtype_policies.dtype_policy import serialize
from keras.dtype_policies.dtype_policy_map import DTypePolicyMap
from keras.dtype_policies.quantized_dtype_policy import AWQDTypePolicy
from keras.dtype_policies.quantized_dtype_policy import GPTQDTypePolicy
from keras.dtype_policies.quantized_dtype_policy import Int4DTypePolicy
from keras.dtype_policies.quantized_dtype_policy import QuantizedDTypePolicy
from keras.dtype_policies.quantized_dtype_policy import QuantizedFloat8DTypePolicy

__all__ = [
    "AWQDTypePolicy",
    "DTypePolicy",
    "DTypePolicyMap",
    "FloatDTypePolicy",
    "GPTQDTypePolicy",
    "Int4DTypePolicy",
    "QuantizedDTypePolicy",
    "QuantizedFloat8DTypePolicy",
    "deserialize",
    "get",
    "serialize",
]
