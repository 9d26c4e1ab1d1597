"""Hashing: maps strings or numbers to a fixed number of bins by FarmHash64."""

import numpy as np

from keras import ops
from keras.backends import tf_graph
from keras.backends.common import config as backend_config
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.preprocessing import preprocessing_utils as utils
from keras.layers.preprocessing.tf_data_layer import TFDataLayer


class Hashing(utils.NumPyInputs, TFDataLayer):
    """Hashes each value to a bin in `[0, num_bins)`, as Keras 3 does: FarmHash64 of
    the value's text (numbers are hashed through their decimal text), or keyed SipHash
    when `salt` is given. Hashing runs TensorFlow's kernels on every backend, so it
    needs TensorFlow installed.

    Args:
        num_bins: the number of bins (the mask bin included, if any).
        mask_value: a value that maps to bin 0; the others then map to
            `[1, num_bins)`.
        salt: an int, or a pair of ints: the SipHash key (an int `s` means `[s, s]`).
        output_mode: "int" (bin indices), or "one_hot", "multi_hot", "count"
            encodings over the bins.
        sparse: must be False (dense outputs).
        **kwargs: base layer arguments; `dtype` defaults to "int64" for "int" outputs
            and to the float type otherwise.

    >>> keras.layers.Hashing(num_bins=3)(np.array([["a"], ["b"]]))
    array([[0],
           [1]])
    """

    def __init__(
        self,
        num_bins,
        mask_value=None,
        salt=None,
        output_mode="int",
        sparse=False,
        **kwargs,
    ):
        utils.check_output_mode(output_mode, utils.ENCODING_MODES, "Hashing")
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = (
                "int64" if output_mode == "int" else backend_config.floatx()
            )
        super().__init__(**kwargs)
        utils.check_positive_int(num_bins, "num_bins", "Hashing")
        utils.check_sparse(sparse, "Hashing")
        # Values are hashed as given: a float policy must not cast them.
        self.autocast = False
        self.num_bins = int(num_bins)
        self.mask_value = mask_value
        self.salt = _check_salt(salt)
        self.output_mode = output_mode
        self.sparse = sparse

    def build(self, input_shape=None):
        self.built = True

    def call(self, inputs):
        tf_ops = utils.tensorflow_for("Hashing")
        depth = self.num_bins
        dtype = _encoding_dtype(self.compute_dtype)
        if tf_graph.is_graph_tensor(inputs):
            # Traced (tf.data, tf.function): the bins stay graph tensors, and the
            # encoding below runs as TensorFlow ops (TFDataLayer borrows TensorFlow
            # on the other backends).
            bins = tf_ops.hash_values(
                inputs, self.num_bins, self.mask_value, self.salt
            )
        else:
            values = _to_numpy(inputs)
            bins = tf_ops.hash_values(values, self.num_bins, self.mask_value, self.salt)
            bins = ops.convert_to_tensor(bins.numpy().astype(utils.index_dtype()))
        return utils.encode(bins, self.output_mode, depth, dtype=dtype)

    def compute_output_spec(self, inputs):
        shape = tuple(inputs.shape)
        if self.output_mode == "int":
            return KerasTensor(shape, dtype=utils.index_dtype())
        return KerasTensor(
            utils.encoded_shape(shape, self.output_mode, self.num_bins),
            dtype=_encoding_dtype(self.compute_dtype),
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_bins": self.num_bins,
                "salt": self.salt,
                "mask_value": self.mask_value,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
            }
        )
        return config


def _check_salt(salt):
    if salt is None:
        return None
    if isinstance(salt, (int, np.integer)) and not isinstance(salt, bool):
        return [int(salt), int(salt)]
    if (
        isinstance(salt, (list, tuple))
        and len(salt) == 2
        and all(isinstance(s, (int, np.integer)) for s in salt)
    ):
        return [int(s) for s in salt]
    raise ValueError(
        "Hashing: `salt` must be an int or a pair of ints; received "
        f"salt={salt!r}."
    )


def _encoding_dtype(compute_dtype):
    return compute_dtype if "float" in str(compute_dtype) else "float32"


def _to_numpy(inputs):
    """Inputs as a NumPy array (strings stay strings; tensors are copied out)."""
    if isinstance(inputs, (np.ndarray, list, tuple, str, bytes, int, float)):
        return np.asarray(inputs)
    return np.asarray(ops.convert_to_numpy(inputs))
