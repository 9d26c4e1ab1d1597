"""JAX backend: tensors are `jax.Array`s (and tracers under jit).

As in Keras 3, 64-bit dtypes follow JAX's `jax_enable_x64` setting: off by default, so
int64/float64 values are stored as int32/float32 unless the user turns it on.
"""

import jax
import jax.numpy as jnp
import numpy as np

from keras.backends.common import array_utils
from keras.backends.common import distribution_state
from keras.backends.common import dtypes
from keras.backends.common import variables

SUPPORTS_SPARSE_TENSORS = False
SUPPORTS_RAGGED_TENSORS = False

# The type of plain eager tensors (fast paths test `type(x) is EAGER_TENSOR`), named
# without making an array: that would start JAX's devices at import, after which
# keras.distribution.initialize() can no longer join a multi-process job.
try:
    from jax._src.array import ArrayImpl as _ArrayImpl
except ImportError:  # a JAX that moved it: make one array after all
    _ArrayImpl = None
EAGER_TENSOR = _ArrayImpl if _ArrayImpl is not None else type(jnp.zeros(()))
IS_THREAD_SAFE = True


class Variable(variables.Variable):
    """A Variable whose value is a `jax.Array` (replaced, not mutated, on assignment).

    Created while a keras.distribution is in effect, it keeps the layout the
    distribution gives its path, and its values (the first and every assigned one) are
    placed on the devices as that layout says.
    """

    # The keras.distribution.TensorLayout of the value, or None (not distributed).
    _layout = None

    def _convert(self, value):
        return convert_to_tensor(value, dtype=self._dtype)

    def _initialize(self, value):
        distribution = distribution_state.current()
        if distribution is not None:
            self._layout = distribution.get_variable_layout(self)
            value = _place(value, self._layout.backend_layout)
        self._value = value

    def _direct_assign(self, value):
        if self._layout is not None:
            value = _place(value, self._layout.backend_layout)
        self._value = value

    def _relayout(self, layout):
        """Lays the value out as `layout` (a keras.distribution.TensorLayout) says,
        now and on every assignment."""
        self._layout = layout
        self._value = _place(self._value, layout.backend_layout)


def _place(value, sharding):
    """`value` (an array every process holds whole, or a global array) laid out as
    `sharding` says; a tracer or an array already laid out so is returned as it is."""
    if isinstance(value, jax.core.Tracer):
        return value
    if isinstance(value, jax.Array):
        if value.sharding.is_equivalent_to(sharding, value.ndim):
            return value
        if sharding.is_fully_addressable or not value.is_fully_addressable:
            return jax.device_put(value, sharding)
    elif sharding.is_fully_addressable:
        return jax.device_put(value, sharding)
    # A sharding over other processes' devices too: each process places the pieces
    # its own devices hold, cut from the whole value it has.
    whole = np.asarray(value)
    return jax.make_array_from_callback(whole.shape, sharding, lambda index: whole[index])


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
