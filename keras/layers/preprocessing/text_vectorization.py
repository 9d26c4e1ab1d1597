"""TextVectorization: raw strings to token indices or bag-of-words vectors."""

import re
import string

from keras.backends.common import config as keras_config
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.layers.preprocessing import index_lookup
from keras.layers.preprocessing import tf_text
from keras.layers.preprocessing.string_lookup import StringLookup
from keras.saving import serialization_lib

_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_OUTPUT_MODES = ("int", "multi_hot", "count", "tf_idf")
# ASCII punctuation, as a character class for TensorFlow's RE2.
_PUNCTUATION = "[" + re.escape(string.punctuation) + "]"


class TextVectorization(Layer):
    """Turns raw strings into token indices (or multi_hot/count/tf_idf vectors).

    Each string is standardized (`standardize`), split into tokens (`split`),
    optionally expanded into n-grams (`ngrams`) and looked up in a vocabulary built
    by `adapt()` or given as `vocabulary`. In "int" mode index 0 is padding and 1 the
    out-of-vocabulary token; rows are padded with 0 to the longest row, or to
    `output_sequence_length`. Runs on TensorFlow, which must be installed whatever
    the backend; inside a `tf.data` map it returns TensorFlow tensors.

    Args:
        max_tokens: the most indices (vocabulary plus padding and OOV), or None.
        standardize: "lower_and_strip_punctuation", "lower", "strip_punctuation",
            None, or a callable on a `tf.Tensor` of strings.
        split: "whitespace", "character", None, or a callable returning tokens.
        ngrams: None, an integer n (all n-grams up to n) or a tuple of widths.
        output_mode: "int", "multi_hot", "count" or "tf_idf".
        output_sequence_length: pad or cut "int" rows to this length.
        pad_to_max_tokens: encode vectors of length `max_tokens`.
        vocabulary: tokens (list, array or text file path) or None.
        idf_weights: with output_mode="tf_idf", one weight per vocabulary token.
        sparse: return a `tf.SparseTensor` for vector modes on TensorFlow.
        ragged: return a `tf.RaggedTensor` in "int" mode (TensorFlow backend only).
        encoding: the text encoding ("utf-8").

    Example:

    >>> layer = keras.layers.TextVectorization(output_sequence_length=3)
    >>> layer.adapt(["the cat sat", "the dog"])
    >>> layer(np.array(["the dog sat"]))  # [[2, <dog>, <sat>]]
    """

    def __init__(
        self,
        max_tokens=None,
        standardize="lower_and_strip_punctuation",
        split="whitespace",
        ngrams=None,
        output_mode="int",
        output_sequence_length=None,
        pad_to_max_tokens=False,
        vocabulary=None,
        idf_weights=None,
        sparse=False,
        ragged=False,
        encoding="utf-8",
        name=None,
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        # Inputs are strings: never cast them to the compute dtype.
        self.autocast = False
        _choice("standardize", standardize, _STANDARDIZE)
        _choice("split", split, _SPLIT)
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                f"TextVectorization: `output_mode` must be one of {_OUTPUT_MODES}. "
                f"Received: output_mode={output_mode!r}"
            )
        if isinstance(ngrams, list):
            ngrams = tuple(ngrams)
        valid_ngrams = ngrams is None or (
            isinstance(ngrams, int) and ngrams > 0
        ) or (
            isinstance(ngrams, tuple)
            and ngrams
            and all(isinstance(n, int) and n > 0 for n in ngrams)
        )
        if not valid_ngrams:
            raise ValueError(
                "TextVectorization: `ngrams` must be None, a positive integer or a "
                f"tuple of positive integers. Received: ngrams={ngrams!r}"
            )
        if output_sequence_length is not None and output_mode != "int":
            raise ValueError(
                "TextVectorization: `output_sequence_length` may only be set with "
                f"output_mode='int'. Received: output_mode={output_mode!r}, "
                f"output_sequence_length={output_sequence_length!r}"
            )
        if output_sequence_length is not None and (
            not isinstance(output_sequence_length, int) or output_sequence_length < 1
        ):
            raise ValueError(
                "TextVectorization: `output_sequence_length` must be None or a "
                f"positive integer. Received: {output_sequence_length!r}"
            )
        if ragged and (output_mode != "int" or output_sequence_length is not None):
            raise ValueError(
                "TextVectorization: `ragged=True` needs output_mode='int' and no "
                f"output_sequence_length. Received: output_mode={output_mode!r}, "
                f"output_sequence_length={output_sequence_length!r}"
            )
        if ragged and keras_config.backend() != "tensorflow":
            raise ValueError(
                "TextVectorization: `ragged=True` needs the TensorFlow backend. "
                f"Received: backend={keras_config.backend()!r}"
            )
        self.max_tokens = max_tokens
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.output_mode = output_mode
        self.output_sequence_length = output_sequence_length
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.encoding = encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens,
            mask_token="",
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse,
            encoding=encoding,
            name=f"{self.name}_lookup",
        )

    # Vocabulary.
    def vocabulary_size(self):
        """The number of indices, padding and OOV included."""
        return self._lookup_layer.vocabulary_size()

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary in index order (padding "" and "[UNK]" first)."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replaces the vocabulary (and idf weights in tf_idf mode)."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def adapt(self, data, batch_size=None, steps=None):
        """Builds the vocabulary from strings (array, list or `tf.data.Dataset`),
        most frequent tokens first (ties: the larger token first)."""
        batches = (
            self._documents(batch)
            for batch in index_lookup._batches(data, batch_size, steps)
        )
        self._lookup_layer._adapt_token_batches(batches)

    def _documents(self, batch):
        """The tokens of a batch of strings, one row per document: a
        `tf.RaggedTensor` of shape (documents, None)."""
        tokens = self._tokenize(tf_text.to_tf(batch))
        tf = tf_text.tf()
        if not isinstance(tokens, tf.RaggedTensor):
            # split=None gives one token per document; a callable split may give
            # a dense (documents, tokens) tensor.
            if tokens.shape.rank is not None and tokens.shape.rank < 2:
                tokens = tf.reshape(tokens, (-1, 1))
            tokens = tf.RaggedTensor.from_tensor(tokens)
        if tokens.ragged_rank > 1:
            tokens = tokens.merge_dims(1, -1)
        return tokens

    # Calling.
    def _tokenize(self, x):
        """Standardize, split and n-gram a tensor of strings: (batch,) -> (batch,
        None) ragged tokens (or (batch,) strings when `split` is None)."""
        tf = tf_text.tf()
        if x.shape.rank is not None and x.shape.rank > 1 and x.shape[-1] == 1:
            x = tf.squeeze(x, -1)
        if self.standardize in ("lower", "lower_and_strip_punctuation"):
            x = tf.strings.lower(x)
        if self.standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            x = tf.strings.regex_replace(x, _PUNCTUATION, "")
        if callable(self.standardize):
            x = self.standardize(x)
        if self.split == "whitespace":
            x = tf.strings.split(x)
        elif self.split == "character":
            x = tf.strings.unicode_split(x, "UTF-8")
        elif callable(self.split):
            x = self.split(x)
        if self.ngrams is not None:
            widths = (
                tuple(range(1, self.ngrams + 1))
                if isinstance(self.ngrams, int)
                else self.ngrams
            )
            x = tf.strings.ngrams(x, ngram_width=widths, separator=" ")
        return x

    def _convert_input(self, x):
        # Inputs go to TensorFlow as they are: no backend holds string arrays.
        return x

    def build(self, input_shape=None):
        # The inner lookup is called through `_encode`, never built by a call; built
        # here so that its state is saved (as Keras 3 saves it).
        self._lookup_layer.built = True
        self.built = True

    def call(self, inputs):
        keep = tf_text.keep_tf(inputs)
        tf = tf_text.tf()
        ids = self._lookup_layer._encode(self._tokenize(tf_text.to_tf(inputs)))
        if self.output_mode == "int" and isinstance(ids, tf.RaggedTensor):
            if not self.ragged:
                length = self.output_sequence_length
                shape = None if length is None else [None, length]
                ids = ids.to_tensor(default_value=0, shape=shape)
        elif self.output_mode == "int" and self.output_sequence_length is not None:
            ids = _fit_length(ids, self.output_sequence_length)
        return tf_text.to_output(ids, keep)

    def compute_output_spec(self, inputs):
        shape = tuple(inputs.shape)
        if len(shape) > 1 and shape[-1] == 1:
            shape = shape[:-1]
        batch = shape[:1]
        if self.output_mode == "int":
            if self.split is None and self.ngrams is None:
                return KerasTensor(shape, dtype="int64")
            return KerasTensor(batch + (self.output_sequence_length,), dtype="int64")
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        dtype = "float32" if self.output_mode == "tf_idf" else "int64"
        return KerasTensor(batch + (depth,), dtype=dtype)

    # Configuration and saving.
    def get_config(self):
        lookup = self._lookup_layer.get_config()
        config = super().get_config()
        config.update(
            {
                "max_tokens": self.max_tokens,
                "standardize": _serialize(self.standardize),
                "split": _serialize(self.split),
                "ngrams": self.ngrams,
                "output_mode": self.output_mode,
                "output_sequence_length": self.output_sequence_length,
                "pad_to_max_tokens": self.pad_to_max_tokens,
                "sparse": self.sparse,
                "ragged": self.ragged,
                "vocabulary": lookup["vocabulary"],
                "idf_weights": lookup["idf_weights"],
                "encoding": self.encoding,
                "vocabulary_size": self.vocabulary_size(),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("vocabulary_size", None)
        for key in ("standardize", "split"):
            if isinstance(config.get(key), dict):
                config[key] = serialization_lib.deserialize_keras_object(config[key])
        return super().from_config(config)

    def save_own_variables(self, store):
        """The idf weights (tf_idf mode), stored here as well, as Keras 3 does."""
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        """Reads the idf weights `save_own_variables` stored."""
        self._lookup_layer.load_own_variables(store)

    def state_size_without_variables(self):
        """The most elements a saved state array may hold (the vocabulary size)."""
        return self._lookup_layer.state_size_without_variables()

    def save_assets(self, dir_path):
        """Writes `vocabulary.txt` as Keras 3 does (also beside the inner lookup)."""
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        """Reads the vocabulary `save_assets` wrote."""
        self._lookup_layer.load_assets(dir_path)


def _choice(name, value, allowed):
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(
        f"TextVectorization: `{name}` must be one of {allowed}, None or a callable. "
        f"Received: {name}={value!r}"
    )


def _serialize(value):
    if callable(value):
        return serialization_lib.serialize_keras_object(value)
    return value


def _fit_length(ids, length):
    """Pads with 0 or cuts the last axis of dense `ids` to `length`."""
    tf = tf_text.tf()
    ids = ids[..., :length]
    pad = length - tf.shape(ids)[-1]
    paddings = [[0, 0]] * (ids.shape.rank - 1) + [[0, pad]]
    return tf.pad(ids, paddings)
