"""HashedCrossing: hashes the cross of categorical features into a fixed number of
bins."""

from keras import ops
from keras.backends import tf_graph
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.preprocessing import hashing
from keras.layers.preprocessing import preprocessing_utils as utils
from keras.layers.preprocessing.tf_data_layer import TFDataLayer

_MODES = ("int", "one_hot")


class HashedCrossing(utils.NumPyInputs, TFDataLayer):
    """Crosses two or more categorical features (strings or ints of one shape) and
    hashes each combination to a bin in `[0, num_bins)`, with TensorFlow's
    `sparse.cross_hashed` (as Keras 3 does; needs TensorFlow installed).

    Args:
        num_bins: the number of bins.
        output_mode: "int" (bin indices) or "one_hot".
        sparse: must be False (dense outputs).
        **kwargs: base layer arguments; `dtype` defaults to "int64".

    >>> crossing = keras.layers.HashedCrossing(num_bins=7)
    >>> crossing((np.array([1, 2]), np.array(["a", "b"])))
    array([1, 3])
    """

    def __init__(
        self,
        num_bins,
        output_mode="int",
        sparse=False,
        name=None,
        dtype=None,
        **kwargs,
    ):
        utils.check_output_mode(output_mode, _MODES, "HashedCrossing")
        super().__init__(name=name, dtype=dtype or "int64", **kwargs)
        utils.check_positive_int(num_bins, "num_bins", "HashedCrossing")
        utils.check_sparse(sparse, "HashedCrossing")
        # Values are hashed as given: a float policy must not cast them.
        self.autocast = False
        self.num_bins = int(num_bins)
        self.output_mode = output_mode
        self.sparse = sparse

    def build(self, input_shape=None):
        self.built = True

    def _check_inputs(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError(
                "HashedCrossing: `inputs` must be a tuple of two or more tensors of "
                f"one shape; received {type(inputs).__name__} {inputs!r:.80}."
            )
        shapes = [tuple(x.shape) for x in inputs]
        if len(set(shapes)) != 1 or len(shapes[0]) not in (1, 2) or (
            len(shapes[0]) == 2 and shapes[0][1] != 1
        ):
            raise ValueError(
                "HashedCrossing: the inputs must share one shape, (batch,) or "
                f"(batch, 1); received shapes {shapes}."
            )

    def call(self, inputs):
        self._check_inputs(inputs)
        tf_ops = utils.tensorflow_for("HashedCrossing")
        if tf_graph.any_graph_tensor(inputs):
            # Traced: as in Hashing, the encoding runs as TensorFlow ops.
            bins = tf_ops.cross_hashed(inputs, self.num_bins)
        else:
            values = [hashing._to_numpy(x) for x in inputs]
            bins = tf_ops.cross_hashed(values, self.num_bins).numpy()
            bins = ops.convert_to_tensor(bins.astype(utils.index_dtype()))
        return utils.encode(bins, self.output_mode, self.num_bins)

    def compute_output_spec(self, inputs):
        self._check_inputs(inputs)
        shape = tuple(inputs[0].shape)
        if self.output_mode == "int":
            return KerasTensor(shape, dtype=utils.index_dtype())
        return KerasTensor(
            utils.encoded_shape(shape, "one_hot", self.num_bins), dtype="float32"
        )

    def get_config(self):
        # Keras 3's keys and order (no `trainable`; `dtype` by policy name).
        return {
            "num_bins": self.num_bins,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype_policy.name,
        }
