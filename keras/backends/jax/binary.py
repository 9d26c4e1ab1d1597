"""jax backend: element-wise ops on two tensors (see keras/ops/binary.py)."""

import jax
import jax.numpy as jnp

from keras.backends.jax import core


def _pair(x1, x2):
    # Fast path: two arrays of one dtype need no promotion.
    if isinstance(x1, jax.Array) and isinstance(x2, jax.Array) and x1.dtype == x2.dtype:
        return x1, x2
    return core.promote(x1, x2)


def add(x1, x2):
    x1, x2 = _pair(x1, x2)
    return jnp.add(x1, x2)


def subtract(x1, x2):
    x1, x2 = _pair(x1, x2)
    return jnp.subtract(x1, x2)


def multiply(x1, x2):
    x1, x2 = _pair(x1, x2)
    return jnp.multiply(x1, x2)
