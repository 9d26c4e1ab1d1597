"""What the preprocessing layers share: argument checks and dense category encodings
(written once against keras.ops, so they also run as TensorFlow ops in `tf.data`)."""

import functools
import warnings

import numpy as np

from keras import ops
from keras.backends import active

ENCODING_MODES = ("int", "one_hot", "multi_hot", "count")


def check_output_mode(output_mode, allowed, layer_name):
    """Raises a ValueError naming `output_mode` unless it is one of `allowed`."""
    if output_mode not in allowed:
        raise ValueError(
            f"{layer_name}: `output_mode` must be one of {allowed}; received "
            f"output_mode={output_mode!r}."
        )


def check_sparse(sparse, layer_name):
    """Dense outputs only: `sparse=True` is refused with a ValueError."""
    if sparse:
        raise ValueError(
            f"{layer_name}: `sparse` must be False (outputs are dense); received "
            f"sparse={sparse!r}."
        )


def check_positive_int(value, argument, layer_name):
    """Raises a ValueError naming `argument` unless `value` is an int >= 1."""
    if (
        not isinstance(value, (int, np.integer))
        or isinstance(value, bool)
        or value < 1
    ):
        raise ValueError(
            f"{layer_name}: `{argument}` must be an int >= 1; received "
            f"{argument}={value!r}."
        )


def index_dtype():
    """int64, or int32 where the engine running the ops stores no 64-bit ints (JAX
    without x64, as in Keras 3): the dtype of integer outputs and of Normalization's
    `count`. Inside `tf.data` (TensorFlow borrowed) that is TensorFlow's int64."""
    return _index_dtype(active.name)


@functools.cache
def _index_dtype(engine):
    with warnings.catch_warnings():
        # JAX warns that it truncates; the truncation is the answer sought.
        warnings.simplefilter("ignore")
        return ops.dtype(ops.convert_to_tensor(np.zeros((), "int64")))


class NumPyInputs:
    """Mixin for the hashing layers: NumPy arrays reach `call` as they are (backend
    tensors hold no strings, and JAX would truncate int64 values to int32)."""

    def _convert_input(self, x):
        if isinstance(x, np.ndarray):
            return x
        return super()._convert_input(x)


def tensorflow_for(layer_name):
    """The TensorFlow helpers module; an ImportError that says why when TensorFlow is
    not installed."""
    try:
        from keras.layers.preprocessing import tf_graph
    except ImportError as error:
        raise ImportError(
            f"{layer_name} hashes with TensorFlow's FarmHash64 (as Keras does), on "
            "every backend: install TensorFlow (`pip install tensorflow-cpu`) to use "
            "it."
        ) from error
    return tf_graph


def encode(inputs, output_mode, depth, count_weights=None, dtype="float32"):
    """Dense encoding of integer ids in [0, depth) (ids outside are dropped).

    "one_hot": a last axis of size 1 is replaced by `depth` (else one is added);
    "multi_hot"/"count": the last axis is reduced to `depth` (a rank-1 input is one
    sample); "count" sums `count_weights` (of the shape of `inputs`) when given.
    """
    if output_mode == "int":
        return inputs
    shape = tuple(inputs.shape)
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            inputs = ops.squeeze(inputs, axis=-1)
        return ops.one_hot(inputs, depth, dtype=dtype)
    hot = ops.one_hot(inputs, depth, dtype=dtype)  # (..., n, depth)
    if output_mode == "multi_hot":
        return ops.max(hot, axis=-2)
    if count_weights is not None:
        hot = hot * ops.expand_dims(ops.cast(count_weights, dtype), -1)
    return ops.sum(hot, axis=-2)


def encoded_shape(shape, output_mode, depth):
    """The output shape of `encode` for inputs of `shape`."""
    shape = tuple(shape)
    if output_mode == "int":
        return shape
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            shape = shape[:-1]
        return shape + (depth,)
    return shape[:-1] + (depth,)
