"""NumPy backend: tensors are `numpy.ndarray`s."""

import numpy as np

from keras.backends.common import array_utils
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False

# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = np.ndarray
IS_THREAD_SAFE = True


def _no_sparse(sparse, ragged):
    if sparse:
        raise ValueError("`sparse=True` is not supported by the numpy backend.")
    if ragged:
        raise ValueError("`ragged=True` is not supported by the numpy backend.")


class Variable(variables.Variable):
    """A Variable whose value is a `numpy.ndarray`."""

    def _convert(self, value):
        return np.array(convert_to_tensor(value, dtype=self._dtype))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to an ndarray of `dtype` (inferred as Keras 3 does when None)."""
    _no_sparse(sparse, ragged)
    if isinstance(x, variables.Variable):
        x = x.value
    target = dtypes.numpy_dtype(dtypes.infer_dtype(x) if dtype is None else dtype)
    if isinstance(x, np.ndarray) and x.dtype == target:
        return x
    return np.asarray(x, dtype=target)


def convert_to_numpy(x):
    """Returns `x` as a NumPy array."""
    if isinstance(x, variables.Variable):
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    """True for numpy arrays and numpy scalars."""
    return isinstance(x, (np.ndarray, np.generic))


cast = array_utils.make_astype_cast(convert_to_tensor)


def shape(x):
    """The static shape of `x` as a tuple of ints."""
    if isinstance(x, variables.Variable):
        return x.shape
    return tuple(np.shape(x))


promote = array_utils.make_promote(convert_to_tensor)


def _tensor(x):
    """`x` itself when it is an ndarray, else `convert_to_tensor(x)`: how the op
    modules take their inputs (arrays need no conversion)."""
    if type(x) is np.ndarray:
        return x
    return convert_to_tensor(x)
