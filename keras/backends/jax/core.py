"""JAX backend: tensors are `jax.Array`s (and tracers under jit).

As in Keras 3, 64-bit dtypes follow JAX's `jax_enable_x64` setting: off by default, so
int64/float64 values are stored as int32/float32 unless the user turns it on.
"""

import jax
import jax.numpy as jnp
import numpy as np

from keras.backends.common import array_utils
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False

# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`).
EAGER_TENSOR = type(jnp.zeros(()))
IS_THREAD_SAFE = True


class Variable(variables.Variable):
    """A Variable whose value is a `jax.Array` (replaced, not mutated, on assignment)."""

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` to a jax array of `dtype` (inferred as Keras 3 does when None)."""
    if sparse:
        raise ValueError("`sparse=True` is not supported by the jax backend.")
    if ragged:
        raise ValueError("`ragged=True` is not supported by the jax backend.")
    if isinstance(x, variables.Variable):
        x = x.value
    if dtype is None:
        dtype = dtypes.infer_dtype(x)
    target = dtypes.numpy_dtype(dtype)
    if isinstance(x, (jax.Array, jax.core.Tracer)):
        return x if x.dtype == target else x.astype(target)
    return jnp.asarray(x, dtype=target)


def convert_to_numpy(x):
    """Returns `x` as a NumPy array (copied from the device)."""
    if isinstance(x, variables.Variable):
        return x.numpy()
    return np.asarray(x)


def is_tensor(x):
    """True for jax arrays and tracers."""
    return isinstance(x, (jax.Array, jax.core.Tracer))


cast = array_utils.make_astype_cast(convert_to_tensor)


shape = array_utils.shape


promote = array_utils.make_promote(convert_to_tensor)


def _tensor(x):
    """`x` itself when it is an array or tracer, else `convert_to_tensor(x)`: how the
    op modules take their inputs (arrays need no conversion)."""
    if isinstance(x, (jax.Array, jax.core.Tracer)):
        return x
    return convert_to_tensor(x)
