"""The backend base of keras.layers.Layer (nothing engine-specific is needed), remat
and keras.device on JAX."""

import contextlib

import jax

from keras.backends.common import backend_utils

BackendLayer = backend_utils.BackendLayer


def remat(f):
    """`f` under `jax.checkpoint`: its intermediate values are recomputed in the
    backward pass."""
    return jax.checkpoint(f)


@contextlib.contextmanager
def device_scope(kind, index):
    """Within the scope, new arrays and jitted computations go to the device."""
    try:
        devices = jax.devices(kind)
    except RuntimeError as error:
        raise RuntimeError(
            f'keras.device("{kind}:{index}"): JAX has no {kind} device here ({error}).'
        ) from None
    if index >= len(devices):
        raise RuntimeError(
            f'keras.device("{kind}:{index}"): JAX has {len(devices)} {kind} device(s), '
            f"indices 0 to {len(devices) - 1}."
        )
    with jax.default_device(devices[index]):
        yield
