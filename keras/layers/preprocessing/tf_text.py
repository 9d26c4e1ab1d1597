"""TensorFlow for the string layers (StringLookup, IntegerLookup, TextVectorization).

Strings have no tensor type in JAX, PyTorch, NumPy or OpenVINO, so these layers run
their lookups with TensorFlow, as Keras 3 does. This is the one module of
`keras/layers` that imports TensorFlow, and only when such a layer is used: importing
`keras` or building another layer never loads it.
"""

import importlib
import sys
import warnings

import numpy as np

from keras.backends.common import config
from keras import ops


def tf():
    """The `tensorflow` module, imported on first use."""
    try:
        return importlib.import_module("tensorflow")
    except ImportError as error:
        raise ImportError(
            "StringLookup, IntegerLookup and TextVectorization need TensorFlow "
            "(`pip install tensorflow`) whatever the backend, as in Keras 3."
        ) from error


def is_tf_value(x):
    """Whether `x` is a TensorFlow tensor (dense, ragged or sparse)."""
    return "tensorflow" in sys.modules and type(x).__module__.startswith("tensorflow")


def keep_tf(x):
    """Whether outputs stay TensorFlow tensors: on the TensorFlow backend, for
    TensorFlow inputs and inside a traced TensorFlow function (a `tf.data` map)."""
    if config.backend() == "tensorflow" or is_tf_value(x):
        return True
    return "tensorflow" in sys.modules and not tf().executing_eagerly()


def to_numpy(x):
    """A host copy of a backend tensor, array or nested list."""
    if hasattr(x, "detach"):  # torch: leave the autograd graph and the device
        x = x.detach().cpu()
    if hasattr(x, "numpy") and not isinstance(x, np.ndarray):
        return np.asarray(x.numpy())
    return np.asarray(x)


def to_tf(x):
    """`x` as a TensorFlow tensor (TensorFlow values pass through)."""
    if is_tf_value(x):
        return x
    array = to_numpy(x)
    if array.dtype.kind in "OSU":
        # Unicode arrays become UTF-8 bytes; object arrays may mix str and bytes.
        flat = [v.encode("utf-8") if isinstance(v, str) else v for v in array.ravel()]
        array = np.array(flat, dtype=object).reshape(array.shape)
    return tf().convert_to_tensor(array)


def to_output(t, keep):
    """A TensorFlow result as the caller expects it: unchanged when `keep`, else a
    tensor of the active backend (a NumPy array of bytes for strings, which no other
    backend can hold)."""
    if keep:
        return t
    if isinstance(t, tf().SparseTensor):
        t = tf().sparse.to_dense(t)
    array = t.numpy()
    if array.dtype == object:
        return array
    with warnings.catch_warnings():
        # JAX without x64 holds int64 indices as int32 (as in Keras 3); no warning.
        warnings.simplefilter("ignore", UserWarning)
        return ops.convert_to_tensor(array)
