"""TensorFlow backend: tensors are `tf.Tensor`s (eager or symbolic inside tf.function)."""

import numpy as np
import tensorflow as tf

from keras.backends.common import array_utils
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = True
SUPPORTS_RAGGED_TENSORS = True

# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = type(tf.constant(0.0))
IS_THREAD_SAFE = True


class Variable(variables.Variable):
    """A Variable whose value lives in a `tf.Variable`; tf functions accept it directly."""

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)

    def _initialize(self, value):
        self._value = tf.Variable(
            value, trainable=self._trainable, name=self._name.replace(":", "_")
        )

    def _direct_assign(self, value):
        self._value.assign(value)

    def _to_numpy(self, value):
        return convert_to_numpy(value)

    def _read(self):
        return self._value.value()

    @variables.Variable.trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)
        # tf.Variable has no public trainable setter; the flag lives on our side.


def _variable_to_tensor(value, dtype=None, name=None, as_ref=False):
    return tf.convert_to_tensor(value.value, dtype=dtype, name=name)


tf.register_tensor_conversion_function(Variable, _variable_to_tensor)


def _variable_value(x):
    """The value of a Variable for TensorFlow ops: a tf Variable's own value; another
    engine's Variable (met while `keras.backends.active.borrowed` runs TensorFlow ops
    in `tf.data` on another backend) as a NumPy copy made by its own engine, since
    TensorFlow cannot read a torch tensor that needs grad or lives on a GPU."""
    if isinstance(x, Variable):
        return x.value
    value = x.value
    if isinstance(value, (tf.Tensor, tf.Variable)):
        # Mapped to a TensorFlow value by a StatelessScope (keras.export traces a model
        # of another engine this way, its variables held by TensorFlow).
        return value
    return x.numpy()


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to a tf.Tensor of `dtype` (inferred as Keras 3 does when None)."""
    if isinstance(x, variables.Variable):
        x = _variable_value(x)
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    target = tf.as_dtype(dtypes.numpy_dtype(dtype)) if dtype != "string" else tf.string
    if isinstance(x, tf.SparseTensor):
        if sparse is False:
            x = tf.sparse.to_dense(x)
        return x if x.dtype == target else tf.cast(x, target)
    if isinstance(x, tf.RaggedTensor):
        if ragged is False:
            x = x.to_tensor()
        return x if x.dtype == target else tf.cast(x, target)
    if tf.is_tensor(x):
        return x if x.dtype == target else tf.cast(x, target)
    if isinstance(x, np.ndarray) and x.dtype != target.as_numpy_dtype:
        x = x.astype(target.as_numpy_dtype)
    try:
        return tf.convert_to_tensor(x, dtype=target)
    except (TypeError, ValueError):
        # TF refuses lossy conversions of Python values (3.5 -> int32); the other backends
        # truncate, so convert with the inferred dtype and then cast.
        if target == tf.string:
            raise
        return tf.cast(tf.convert_to_tensor(x), target)


def convert_to_numpy(x):
    """Returns `x` as a NumPy array."""
    if isinstance(x, variables.Variable):
        x = _variable_value(x)
    if isinstance(x, tf.SparseTensor):
        x = tf.sparse.to_dense(x)
    elif isinstance(x, tf.RaggedTensor):
        x = x.to_tensor()
    if tf.is_tensor(x):
        return np.asarray(x.numpy())
    return np.asarray(x)


def is_tensor(x):
    """True for tf tensors (dense, sparse and ragged)."""
    return tf.is_tensor(x)


def cast(x, dtype):
    """Casts `x` to `dtype`."""
    return tf.cast(convert_to_tensor(x), tf.as_dtype(dtypes.numpy_dtype(dtype)))


def shape(x):
    """The shape of `x`: a tuple of ints, with dynamic dims as scalar tensors in graphs."""
    if not tf.is_tensor(x):
        return x.shape if isinstance(x, variables.Variable) else np.shape(x)
    static = x.shape.as_list()
    if None not in static:
        return tuple(static)
    dynamic = tf.shape(x)
    return tuple(dynamic[i] if d is None else d for i, d in enumerate(static))


promote = array_utils.make_promote(convert_to_tensor)


def _tensor(x):
    """`x` itself when it is a tensor, else `convert_to_tensor(x)`: how the op
    modules take their inputs (tensors need no conversion)."""
    if tf.is_tensor(x):
        return x
    return convert_to_tensor(x)
