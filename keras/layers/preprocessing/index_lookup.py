"""The vocabulary lookup shared by StringLookup and IntegerLookup.

Index space (output_mode="int"): `[mask] + [OOV] * num_oov_indices + tokens`, i.e. the
mask token (when set) is 0, OOV values take the next `num_oov_indices` indices and the
vocabulary follows. The other output modes encode into a vector over the same space
without the mask slot (mask values are dropped), as Keras 3 does.

The lookup runs on TensorFlow (see `tf_text`), so it also works inside a `tf.data` map.
"""

import collections
import math
import os

import numpy as np

from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.layer import Layer
from keras.layers.preprocessing import tf_text

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def _check(condition, message):
    if not condition:
        raise ValueError(message)


class IndexLookup(Layer):
    """Maps values to indices in a vocabulary (or back with `invert=True`).

    Subclasses set `_key_dtype` ("string" or "int64") and convert tokens with
    `_token`; see `StringLookup` and `IntegerLookup` for the public arguments.
    """

    _key_dtype = "string"

    def __init__(
        self,
        max_tokens,
        num_oov_indices,
        mask_token,
        oov_token,
        vocabulary=None,
        idf_weights=None,
        invert=False,
        output_mode="int",
        sparse=False,
        pad_to_max_tokens=False,
        encoding=None,
        vocabulary_dtype=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        # Inputs are strings or integers: never cast them to the compute dtype.
        self.autocast = False
        # Set first: converting the vocabulary below reads them.
        self.encoding = encoding
        self.vocabulary_dtype = vocabulary_dtype
        cls = type(self).__name__
        _check(
            max_tokens is None or (isinstance(max_tokens, int) and max_tokens > 1),
            f"{cls}: `max_tokens` must be None or an integer greater than 1. "
            f"Received: max_tokens={max_tokens!r}",
        )
        _check(
            isinstance(num_oov_indices, int) and num_oov_indices >= 0,
            f"{cls}: `num_oov_indices` must be an integer >= 0. "
            f"Received: num_oov_indices={num_oov_indices!r}",
        )
        _check(
            output_mode in OUTPUT_MODES,
            f"{cls}: `output_mode` must be one of {OUTPUT_MODES}. "
            f"Received: output_mode={output_mode!r}",
        )
        _check(
            not invert or output_mode == "int",
            f"{cls}: `output_mode` must be 'int' when `invert=True`. "
            f"Received: output_mode={output_mode!r}",
        )
        _check(
            not pad_to_max_tokens or max_tokens is not None,
            f"{cls}: `pad_to_max_tokens=True` needs `max_tokens` to be set. "
            "Received: max_tokens=None",
        )
        _check(
            idf_weights is None or output_mode == "tf_idf",
            f"{cls}: `idf_weights` may only be set with output_mode='tf_idf'. "
            f"Received: output_mode={output_mode!r}",
        )
        _check(
            vocabulary is None or output_mode != "tf_idf" or idf_weights is not None,
            f"{cls}: with output_mode='tf_idf' and a `vocabulary`, `idf_weights` "
            "must be given too. Received: idf_weights=None",
        )
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.invert = bool(invert)
        self.output_mode = output_mode
        self.sparse = bool(sparse)
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self._tokens = []
        self._idf = None
        self._table = None
        self._input_vocabulary = vocabulary
        self._input_idf_weights = idf_weights
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)

    # Index space.
    @property
    def _mask_offset(self):
        return int(self.mask_token is not None and self.output_mode == "int")

    @property
    def _token_start(self):
        return self._mask_offset + self.num_oov_indices

    def _token(self, value):
        """A vocabulary entry as a Python value (str or int)."""
        raise NotImplementedError

    def vocabulary_size(self):
        """The number of indices: tokens plus the OOV and (int mode) mask slots."""
        return self._token_start + len(self._tokens)

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary, index order; with the mask and OOV tokens unless
        `include_special_tokens=False`."""
        if not include_special_tokens:
            return list(self._tokens)
        special = [self.mask_token] if self._mask_offset else []
        return special + [self.oov_token] * self.num_oov_indices + list(self._tokens)

    @property
    def idf_weights(self):
        """The idf weight of every non-mask index (tf_idf mode), or None."""
        if self._idf is None:
            return None
        oov = np.full(self.num_oov_indices, self._oov_idf, "float32")
        return np.concatenate([oov, self._idf])

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replaces the vocabulary (a list, array or text-file path, one token a
        line) and, in tf_idf mode, the idf weights (one per token).

        Leading mask and OOV tokens, as `get_vocabulary()` returns them, are dropped.
        """
        cls = type(self).__name__
        if isinstance(vocabulary, (str, os.PathLike)):
            vocabulary = _read_lines(vocabulary)
        tokens = [self._token(v) for v in tf_text.to_numpy(vocabulary).ravel().tolist()]
        if idf_weights is not None:
            idf_weights = np.asarray(tf_text.to_numpy(idf_weights), "float32").ravel()
        # Special tokens as get_vocabulary() lists them (the mask only in int mode,
        # but accepted in any mode).
        if self.mask_token is not None and tokens[:1] == [self.mask_token]:
            tokens = tokens[1:]
        oov = [self.oov_token] * self.num_oov_indices
        if oov and tokens[: len(oov)] == oov:
            tokens = tokens[len(oov) :]
        if idf_weights is not None and len(idf_weights) > len(tokens):
            idf_weights = idf_weights[len(idf_weights) - len(tokens) :]
        repeated = [t for t, n in collections.Counter(tokens).items() if n > 1]
        _check(
            not repeated,
            f"{cls}: `vocabulary` has repeated tokens; each must appear once. "
            f"Received repeated: {repeated[:10]}",
        )
        if self.mask_token is not None:
            _check(
                self.mask_token not in tokens,
                f"{cls}: `vocabulary` holds the mask token {self.mask_token!r} after "
                "the leading special tokens; leave it out (index 0 is reserved).",
            )
        size = self._token_start + len(tokens)
        _check(
            self.max_tokens is None or size <= self.max_tokens,
            f"{cls}: the vocabulary needs {size} indices (tokens plus mask/OOV), more "
            f"than max_tokens={self.max_tokens}.",
        )
        if self.output_mode == "tf_idf":
            _check(
                idf_weights is not None and len(idf_weights) == len(tokens),
                f"{cls}: `idf_weights` must hold one weight per vocabulary token "
                f"({len(tokens)}). Received: "
                f"{None if idf_weights is None else len(idf_weights)} weights",
            )
            self._set_idf(idf_weights)
        self._tokens = tokens
        self._table = None

    def _set_idf(self, idf):
        self._idf = np.asarray(idf, "float32")
        # OOV values weigh the mean idf of the vocabulary (as Keras 3).
        self._oov_idf = float(self._idf.mean()) if len(self._idf) else 0.0

    # Adapting.
    def adapt(self, data, batch_size=None, steps=None):
        """Builds the vocabulary from `data` (array, list or `tf.data.Dataset`):
        tokens by descending frequency, ties by descending value, cut to fit
        `max_tokens`; in tf_idf mode also the idf weights."""
        rows = (
            row for batch in _batches(data, batch_size, steps)
            for row in self._adapt_rows(batch)
        )
        self._adapt_documents(rows)

    def _adapt_documents(self, rows):
        """Builds the vocabulary (and idf weights) from documents, each a list of
        values."""
        counts = collections.Counter()
        documents = collections.Counter()
        n_documents = 0
        for row in rows:
            values = [self._token(v) for v in row]
            values = [v for v in values if v != self.mask_token]
            counts.update(values)
            documents.update(set(values))
            n_documents += 1
        self._set_adapted(counts, documents, n_documents)

    def _adapt_token_batches(self, batches):
        """Builds the vocabulary (and idf weights) from batches of string tokens,
        counted by TensorFlow. Each batch is a `tf.RaggedTensor` of shape
        (documents, None); same result as `_adapt_documents` on its rows.

        Counting token by token in Python took 1.2 s of the 1.9 s of adapting
        TextVectorization on 100k short strings; `tf.unique_with_counts` leaves one
        Python step per distinct token and batch."""
        tf = tf_text.tf()
        counts = collections.Counter()
        documents = collections.Counter()
        n_documents = 0
        for tokens in batches:
            n_documents += int(tokens.nrows())
            unique, index, frequency = tf.unique_with_counts(tokens.flat_values)
            keys = [self._token(v) for v in unique.numpy().tolist()]
            if not keys:
                continue
            counts.update(dict(zip(keys, frequency.numpy().tolist())))
            if self.output_mode == "tf_idf":
                # A document counts once per token: the distinct (document, token)
                # pairs, counted per token.
                size = tf.cast(tf.size(unique), "int64")
                pairs, _ = tf.unique(
                    tokens.value_rowids() * size + tf.cast(index, "int64")
                )
                per_token = tf.math.bincount(
                    tf.cast(pairs % size, "int32"), minlength=len(keys)
                )
                documents.update(dict(zip(keys, per_token.numpy().tolist())))
        counts.pop(self.mask_token, None)
        documents.pop(self.mask_token, None)
        self._set_adapted(counts, documents, n_documents)

    def _set_adapted(self, counts, documents, n_documents):
        """The vocabulary (and idf weights) from token and document counts."""
        ordered = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        tokens = [t for t, _ in ordered if t != self.oov_token]
        if self.max_tokens is not None:
            tokens = tokens[: max(self.max_tokens - self._token_start, 0)]
        self._tokens = tokens
        self._table = None
        if self.output_mode == "tf_idf":
            self._set_idf(
                [math.log(1.0 + n_documents / (1.0 + documents[t])) for t in tokens]
            )

    def _adapt_rows(self, batch):
        """The documents of a batch of inputs (each a list of values)."""
        array = tf_text.to_numpy(batch)
        if array.ndim <= 1:
            return [[v] for v in array.reshape(-1)]
        return array.reshape(array.shape[0], -1).tolist()

    # Calling.
    def _lookup_table(self):
        if self._table is None:
            tf = tf_text.tf()
            # Made eagerly even when first needed inside a traced function (a
            # tf.data map): the table outlives that graph.
            with tf.init_scope():
                self._table = self._make_table(tf)
        return self._table

    def _make_table(self, tf):
        """token -> index (or index -> token when inverting); misses give -1 (or
        the OOV token)."""
        n = len(self._tokens)
        keys = tf_text.to_tf(np.array(self._tokens or [self._empty_key()]))[:n]
        if self._key_dtype != "string":
            keys = tf.cast(keys, "int64")
        indices = tf.range(self._token_start, self._token_start + n, dtype="int64")
        if self.invert:
            init = tf.lookup.KeyValueTensorInitializer(indices, keys)
            return tf.lookup.StaticHashTable(init, self._oov_key())
        init = tf.lookup.KeyValueTensorInitializer(keys, indices)
        return tf.lookup.StaticHashTable(init, -1)

    def _empty_key(self):
        return "" if self._key_dtype == "string" else 0

    def _oov_key(self):
        return self.oov_token

    def _convert_input(self, x):
        # Inputs go to TensorFlow as they are: no backend holds string arrays.
        return x

    def build(self, input_shape=None):
        self.built = True

    def call(self, inputs):
        keep = tf_text.keep_tf(inputs)
        outputs = self._encode(tf_text.to_tf(inputs))
        return tf_text.to_output(outputs, keep)

    def _encode(self, x):
        """The layer on a TensorFlow tensor of keys (or indices when inverting);
        ragged keys give ragged indices in int mode."""
        tf = tf_text.tf()
        if self.invert:
            if isinstance(x, tf.RaggedTensor):
                return x.with_flat_values(self._invert(tf.cast(x.flat_values, "int64")))
            return self._invert(tf.cast(x, "int64"))
        if isinstance(x, tf.RaggedTensor):
            ids = x.with_flat_values(self._ids(x.flat_values))
            if self.output_mode == "int":
                return ids
            ids = ids.to_tensor(default_value=-1)
        else:
            ids = self._ids(x)
            if self.output_mode == "int":
                return ids
        return self._to_vector(ids)

    def _ids(self, x):
        """Indices of the keys `x` (a dense tensor); -1 where a vector mode drops a
        mask value."""
        tf = tf_text.tf()
        if self._key_dtype != "string":
            x = tf.cast(x, "int64")
        ids = self._lookup_table().lookup(x)
        missing = tf.equal(ids, -1)
        if self.mask_token is not None:
            is_mask = tf.equal(x, self.mask_token)
            missing = tf.logical_and(missing, tf.logical_not(is_mask))
        if self.num_oov_indices == 0:
            tf.debugging.assert_equal(
                tf.reduce_any(missing),
                False,
                message=f"{type(self).__name__} with num_oov_indices=0 met a value "
                "outside its vocabulary.",
            )
        else:
            if self.num_oov_indices == 1:
                # One OOV index: no hash of every key to pick it.
                buckets = tf.constant(self._mask_offset, "int64")
            else:
                buckets = self._oov_buckets(x) + self._mask_offset
            ids = tf.where(missing, buckets, ids)
        if self.mask_token is not None:
            # int mode: the mask index; vector modes: -1, which encodes to nothing.
            dropped = tf.constant(0 if self._mask_offset else -1, "int64")
            ids = tf.where(is_mask, dropped, ids)
        return ids

    def _oov_buckets(self, x):
        tf = tf_text.tf()
        if self._key_dtype == "string":
            return tf.strings.to_hash_bucket_fast(x, self.num_oov_indices)
        return tf.math.floormod(x, self.num_oov_indices)

    def _invert(self, ids):
        tf = tf_text.tf()
        out = self._lookup_table().lookup(ids)
        if self.mask_token is not None:
            mask = tf.constant(self.mask_token, dtype=out.dtype)
            out = tf.where(tf.equal(ids, 0), mask, out)
        if self._key_dtype != "string":
            out = tf.cast(out, self.vocabulary_dtype)
        return out

    def _depth(self):
        if self.pad_to_max_tokens:
            return self.max_tokens
        return self.vocabulary_size()

    def _to_vector(self, ids):
        """one_hot / multi_hot / count / tf_idf over indices `ids` (-1: nothing)."""
        tf = tf_text.tf()
        depth = self._depth()
        if self.output_mode == "one_hot":
            if ids.shape.rank and ids.shape.rank > 1 and ids.shape[-1] == 1:
                ids = tf.squeeze(ids, -1)
            out = tf.one_hot(ids, depth, dtype="int64")
        else:
            # (..., tokens) -> (..., depth); a rank-1 input is one sample.
            hot = tf.one_hot(ids, depth, dtype="int64")
            axis = -2 if ids.shape.rank and ids.shape.rank > 1 else 0
            if self.output_mode == "multi_hot":
                out = tf.reduce_max(hot, axis=axis)
            else:
                out = tf.reduce_sum(hot, axis=axis)
            if self.output_mode == "tf_idf":
                weights = np.zeros(depth, "float32")
                idf = self.idf_weights
                weights[: len(idf)] = idf
                out = tf.cast(out, "float32") * weights
        if self.sparse and tf_text.keep_tf(ids):
            out = tf.sparse.from_dense(out)
        return out

    def compute_output_spec(self, inputs):
        shape = tuple(inputs.shape)
        if self.output_mode == "int":
            dtype = self._invert_dtype() if self.invert else "int64"
            return KerasTensor(shape, dtype=dtype)
        dtype = "float32" if self.output_mode == "tf_idf" else "int64"
        depth = self._depth()
        if self.output_mode == "one_hot":
            if len(shape) > 1 and shape[-1] == 1:
                shape = shape[:-1]
            return KerasTensor(shape + (depth,), dtype=dtype)
        lead = shape[:-1] if len(shape) > 1 else ()
        return KerasTensor(lead + (depth,), dtype=dtype)

    def _invert_dtype(self):
        return "string"

    # Configuration and saving.
    def get_config(self):
        vocabulary = self._input_vocabulary
        if vocabulary is not None and not isinstance(vocabulary, (str, os.PathLike)):
            values = tf_text.to_numpy(vocabulary).ravel().tolist()
            vocabulary = [self._token(v) for v in values]
        elif isinstance(vocabulary, os.PathLike):
            vocabulary = os.fspath(vocabulary)
        idf = self._input_idf_weights
        if idf is not None:
            idf = [float(w) for w in tf_text.to_numpy(idf).ravel()]
        config = super().get_config()
        config.update(
            {
                "invert": self.invert,
                "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices,
                "oov_token": self.oov_token,
                "mask_token": self.mask_token,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
                "pad_to_max_tokens": self.pad_to_max_tokens,
                "idf_weights": idf,
                "vocabulary": vocabulary,
                "vocabulary_size": self.vocabulary_size(),
                "oov_method": "floormod",
                "salt": None,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        # Derived or fixed by Keras 3 (the only OOV method it writes is floormod).
        config.pop("vocabulary_size", None)
        config.pop("oov_method", None)
        config.pop("salt", None)
        return super().from_config(config)

    def save_own_variables(self, store):
        """Stores the idf weights (tf_idf mode) as Keras 3 does: `idf_weights`, one
        per non-mask index."""
        if self.output_mode == "tf_idf" and self._idf is not None:
            store["idf_weights"] = self.idf_weights

    def load_own_variables(self, store):
        """Reads the idf weights `save_own_variables` stored."""
        if self.output_mode != "tf_idf" or "idf_weights" not in store:
            return
        weights = np.asarray(store["idf_weights"], "float32").ravel()
        n_oov = self.num_oov_indices
        if len(weights) != n_oov + len(self._tokens):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the stored `idf_weights` hold "
                f"{len(weights)} weights; expected {n_oov + len(self._tokens)} (OOV "
                "indices plus vocabulary tokens)."
            )
        self._idf = weights[n_oov:]
        self._oov_idf = float(weights[0]) if n_oov else float(self._idf.mean())

    def state_size_without_variables(self):
        """The most elements an array of this layer's saved state may hold (its
        state lives outside Keras variables)."""
        return max(self.vocabulary_size(), 1)

    def save_assets(self, dir_path):
        """Writes the vocabulary to `dir_path/vocabulary.txt` (the `.keras` assets
        layout of Keras 3: one entry a line, special tokens first). A vocabulary
        given to the constructor is in the config instead, as in Keras 3."""
        if self._input_vocabulary is not None:
            return
        lines = ["" if v is None else str(v) for v in self.get_vocabulary()]
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))

    def load_assets(self, dir_path):
        """Reads the vocabulary `save_assets` wrote; idf weights come from the
        weights file (`load_own_variables`)."""
        path = os.path.join(dir_path, "vocabulary.txt")
        if not os.path.exists(path):
            return
        tokens = _read_lines(path)
        idf = None
        if self.output_mode == "tf_idf":
            # Placeholders: the weights file brings the idf weights next.
            idf = np.zeros(max(len(tokens) - self._token_start, 0), "float32")
        self.set_vocabulary(tokens, idf)


def _read_lines(path):
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise ValueError(
            f"`vocabulary` names the file '{path}', which does not exist; expected a "
            "text file with one token a line."
        )
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return text.split("\n") if text else []


def _batches(data, batch_size, steps):
    """The batches of `data`: a `tf.data.Dataset` batch by batch, anything else as
    one batch (or split by `batch_size`)."""
    if tf_text.is_tf_value(data) and hasattr(data, "as_numpy_iterator"):
        for i, batch in enumerate(data):
            if steps is not None and i >= steps:
                return
            yield batch
        return
    if isinstance(data, (list, tuple)):
        strings = not data or isinstance(data[0], (str, bytes))
        data = np.array(data, dtype=object if strings else None)
    array = tf_text.to_numpy(data)
    if batch_size is None or array.ndim == 0:
        yield array
        return
    for i, start in enumerate(range(0, len(array), batch_size)):
        if steps is not None and i >= steps:
            return
        yield array[start : start + batch_size]
