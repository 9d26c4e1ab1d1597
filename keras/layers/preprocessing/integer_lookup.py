"""IntegerLookup: integers to vocabulary indices (or back)."""

import numpy as np

from keras.layers.preprocessing.index_lookup import IndexLookup

_VOCABULARY_DTYPES = ("int32", "int64")


class IntegerLookup(IndexLookup):
    """Maps integers to integer indices of a vocabulary, or encodes them as vectors.

    Works as `StringLookup` with integer tokens: out-of-vocabulary values go to
    index `mask_offset + value mod num_oov_indices`; `oov_token` (-1) is the entry
    shown for OOV indices and `mask_token` (None) the padding value mapped to 0.
    Runs on TensorFlow, which must be installed whatever the backend.

    Args:
        max_tokens: the most indices (vocabulary plus mask and OOV slots), or None.
        num_oov_indices: how many indices OOV values share; 0 makes them an error.
        mask_token: the integer that marks padding (index 0), or None.
        oov_token: the vocabulary entry shown for OOV indices.
        vocabulary: tokens (list, array or file path) or None to `adapt` later.
        vocabulary_dtype: "int64" or "int32".
        idf_weights: with output_mode="tf_idf", one weight per vocabulary token.
        invert: map indices back to integers.
        output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
        sparse: return a `tf.SparseTensor` for vector modes on TensorFlow.
        pad_to_max_tokens: encode vectors of length `max_tokens`.

    Example:

    >>> layer = keras.layers.IntegerLookup(vocabulary=[12, 36, 1138])
    >>> layer(np.array([12, 1138, 7]))  # [1, 3, 0]
    """

    _key_dtype = "int64"

    def __init__(
        self,
        max_tokens=None,
        num_oov_indices=1,
        mask_token=None,
        oov_token=-1,
        vocabulary=None,
        vocabulary_dtype="int64",
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        name=None,
        **kwargs,
    ):
        if vocabulary_dtype not in _VOCABULARY_DTYPES:
            raise ValueError(
                f"IntegerLookup: `vocabulary_dtype` must be one of "
                f"{_VOCABULARY_DTYPES}. Received: vocabulary_dtype={vocabulary_dtype!r}"
            )
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
            vocabulary_dtype=vocabulary_dtype,
            name=name,
            **kwargs,
        )

    def _token(self, value):
        if isinstance(value, (bytes, str)):
            value = value.strip()
            try:
                return int(value)
            except ValueError:
                pass
        elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return int(value)
        raise TypeError(
            f"IntegerLookup: vocabulary and inputs must be integers. Received: "
            f"{value!r} of type {type(value).__name__}"
        )

    def _invert_dtype(self):
        return self.vocabulary_dtype

    def get_config(self):
        config = super().get_config()
        # Keras 3's key order: vocabulary_dtype comes before idf_weights.
        ordered = {}
        for key, value in config.items():
            if key == "idf_weights":
                ordered["vocabulary_dtype"] = self.vocabulary_dtype
            ordered[key] = value
        return ordered
