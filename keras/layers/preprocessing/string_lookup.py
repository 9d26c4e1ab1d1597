"""StringLookup: strings to vocabulary indices (or back)."""

from keras.layers.preprocessing.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps strings to integer indices of a vocabulary, or encodes them as vectors.

    The vocabulary comes from `vocabulary` (a list, array or text file with one token
    a line) or from `adapt()`, which keeps the most frequent strings (ties: the larger
    string first). Index 0 is the mask token when `mask_token` is set; then come
    `num_oov_indices` indices for out-of-vocabulary strings (hashed among them), then
    the vocabulary. Runs on TensorFlow, which must be installed whatever the backend.

    Args:
        max_tokens: the most indices (vocabulary plus mask and OOV slots), or None.
        num_oov_indices: how many indices OOV strings share; 0 makes them an error.
        mask_token: the string that marks padding (index 0), or None.
        oov_token: the vocabulary entry shown for OOV indices.
        vocabulary: tokens (list, array or file path) or None to `adapt` later.
        idf_weights: with output_mode="tf_idf", one weight per vocabulary token.
        invert: map indices back to strings.
        output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
        pad_to_max_tokens: encode vectors of length `max_tokens`.
        sparse: return a `tf.SparseTensor` for vector modes on TensorFlow.
        encoding: the text encoding of the strings ("utf-8").

    Example:

    >>> layer = keras.layers.StringLookup(vocabulary=["a", "b", "c"])
    >>> layer(np.array([["a", "c"], ["d", "b"]]))  # [[1, 3], [0, 2]]
    """

    _key_dtype = "string"

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token="[UNK]",
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        pad_to_max_tokens=False,
        sparse=False,
        encoding="utf-8",
        name=None,
        **kwargs,
    ):
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens,
            encoding=encoding,
            name=name,
            **kwargs,
        )

    def _token(self, value):
        if isinstance(value, bytes):
            return value.decode(self.encoding)
        if not isinstance(value, str):
            raise TypeError(
                f"StringLookup: vocabulary and inputs must be strings. Received: "
                f"{value!r} of type {type(value).__name__}"
            )
        return str(value)  # plain str, also for NumPy's str_

    def get_config(self):
        config = super().get_config()
        config["encoding"] = self.encoding
        return config
