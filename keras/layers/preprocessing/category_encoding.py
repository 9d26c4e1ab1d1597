"""CategoryEncoding: one-hot, multi-hot or count encodings of integer ids."""

from keras import ops
from keras.layers.preprocessing import preprocessing_utils as utils
from keras.layers.preprocessing.tf_data_layer import TFDataLayer

_MODES = ("one_hot", "multi_hot", "count")


class CategoryEncoding(TFDataLayer):
    """Encodes integer ids in `[0, num_tokens)` as dense vectors of `num_tokens`.

    "one_hot" encodes each id (a last axis of size 1 is replaced by the encoding);
    "multi_hot" marks the ids present in each sample (the last axis; a rank-1 input is
    one sample); "count" counts them, or sums `count_weights` given to `call`.

    Args:
        num_tokens: the number of distinct ids.
        output_mode: "one_hot", "multi_hot" or "count".
        sparse: must be False (dense outputs).
        **kwargs: base layer arguments.

    >>> keras.layers.CategoryEncoding(num_tokens=4)(np.array([[0, 1], [3, 3]]))
    array([[1., 1., 0., 0.],
           [0., 0., 0., 1.]], dtype=float32)
    """

    def __init__(
        self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs
    ):
        super().__init__(**kwargs)
        if num_tokens is None:
            raise ValueError(
                "CategoryEncoding: `num_tokens` is needed (an int >= 1); received "
                "num_tokens=None. For an unknown vocabulary use IntegerLookup."
            )
        utils.check_positive_int(num_tokens, "num_tokens", "CategoryEncoding")
        utils.check_output_mode(output_mode, _MODES, "CategoryEncoding")
        utils.check_sparse(sparse, "CategoryEncoding")
        self.num_tokens = int(num_tokens)
        self.output_mode = output_mode
        self.sparse = sparse

    def build(self, input_shape=None):
        self.built = True

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != "count":
            raise ValueError(
                "CategoryEncoding: `count_weights` applies to output_mode='count' "
                f"only; received it with output_mode={self.output_mode!r}."
            )
        inputs = ops.cast(inputs, "int32")
        return utils.encode(
            inputs, self.output_mode, self.num_tokens, count_weights, self.compute_dtype
        )

    def compute_output_shape(self, input_shape):
        return utils.encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self):
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode})
        return config
