"""Public namespace `keras.dtype_policies`."""

from keras.dtype_policies.dtype_policy import DTypePolicy
from keras.dtype_policies.dtype_policy import FloatDTypePolicy
from keras.dtype_policies.dtype_policy import deserialize
from keras.dtype_policies.dtype_policy import get
from keras.dtype_policies.dtype_policy import serialize

__all__ = ["DTypePolicy", "FloatDTypePolicy", "deserialize", "get", "serialize"]
