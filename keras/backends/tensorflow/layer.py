"""The backend base of keras.layers.Layer (nothing engine-specific is needed), remat
and keras.device on TensorFlow."""

import tensorflow as tf

from keras.backends.common import backend_utils

BackendLayer = backend_utils.BackendLayer


def remat(f):
    """`f` under `tf.recompute_grad`: its intermediate values are recomputed in the
    backward pass. Tensor positional arguments are the recomputed function's inputs;
    anything else (keyword arguments, None) is passed through as it is."""

    def call(*args, **kwargs):
        tensors = [i for i, a in enumerate(args) if isinstance(a, (tf.Tensor, tf.Variable))]
        if not tensors:
            return f(*args, **kwargs)

        def inner(*values):
            full = list(args)
            for i, value in zip(tensors, values):
                full[i] = value
            return f(*full, **kwargs)

        return tf.recompute_grad(inner)(*(args[i] for i in tensors))

    return call


def device_scope(kind, index):
    """`tf.device` for the device (TensorFlow falls back to the CPU when the device
    is absent, as it does for `tf.device` itself)."""
    return tf.device(f"/{kind.upper()}:{index}")
