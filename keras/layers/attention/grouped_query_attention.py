"""GroupedQueryAttention: groups of query heads share a key/value head."""

import math

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.activations.softmax import Softmax
from keras.layers.attention import attention_masks
from keras.layers.attention.multi_head_attention import clone_initializer
from keras.layers.core.einsum_dense import EinsumDense
from keras.layers.layer import Layer
from keras.layers.regularization.dropout import Dropout
from keras.utils import argument_validation


class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023).

    The query is projected onto `num_query_heads` heads and the key and value onto
    `num_key_value_heads` heads, all of size `head_dim`; each key/value head serves
    `num_query_heads // num_key_value_heads` consecutive query heads. With as many
    key/value heads as query heads this is multi-head attention; with one, multi-query
    attention. Exported as `keras.layers.GroupQueryAttention`.

    Args:
        head_dim: the size of each head.
        num_query_heads: the number of query heads.
        num_key_value_heads: the number of key and value heads; must divide
            `num_query_heads`.
        dropout: the dropout rate of the attention probabilities.
        use_bias: whether the projections have biases.
        sliding_window: if set, a query attends only to keys less than this many
            positions away.
        flash_attention: passed on to `keras.ops.dot_product_attention`.
        kernel_initializer, bias_initializer: initializers of the projections.
        kernel_regularizer, bias_regularizer: regularizers of the projections.
        activity_regularizer: regularizer of the outputs.
        kernel_constraint, bias_constraint: constraints of the projections.
        use_gate: if True, a sigmoid gate projected from the query multiplies each
            head's output.
        seed: the seed of the dropout.
        **kwargs: base layer arguments (`name`, `dtype`...).

    Call arguments: as `MultiHeadAttention` (rank-3 inputs); the scores are
    (batch, num_query_heads, T, S).

    >>> layer = keras.layers.GroupQueryAttention(8, num_query_heads=4,
    ...                                          num_key_value_heads=2)
    >>> layer(np.ones((2, 5, 16)), np.ones((2, 7, 16))).shape
    (2, 5, 16)
    """

    # Public (and written in files) as keras.layers.GroupQueryAttention, as in Keras 3.
    _keras3_class_name = "GroupQueryAttention"
    _keras3_serialized_as = ("keras.layers", None)

    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        name = type(self).__name__
        check_int = argument_validation.check_positive_int
        self.head_dim = check_int(head_dim, "head_dim", name)
        self.num_query_heads = check_int(num_query_heads, "num_query_heads", name)
        self.num_key_value_heads = check_int(
            num_key_value_heads, "num_key_value_heads", name
        )
        if self.num_query_heads % self.num_key_value_heads:
            raise ValueError(
                f"{name}: `num_query_heads` must be a multiple of "
                f"`num_key_value_heads`; got num_query_heads={num_query_heads}, "
                f"num_key_value_heads={num_key_value_heads}."
            )
        self.num_repeats = self.num_query_heads // self.num_key_value_heads
        self.dropout = argument_validation.check_fraction(dropout, "dropout", name)
        self.use_bias = argument_validation.check_bool(use_bias, "use_bias", name)
        self.use_gate = argument_validation.check_bool(use_gate, "use_gate", name)
        if sliding_window is not None:
            argument_validation.check_positive_int(
                sliding_window, "sliding_window", name
            )
        self.sliding_window = sliding_window
        if flash_attention is not None:
            argument_validation.check_bool(flash_attention, "flash_attention", name)
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self.supports_masking = True

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return EinsumDense(
            equation,
            output_shape=output_shape,
            activation=activation,
            bias_axes=bias_axes if self.use_bias else None,
            kernel_initializer=clone_initializer(self.kernel_initializer),
            bias_initializer=clone_initializer(self.bias_initializer),
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy,
            name=name,
        )

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        for shape_name, shape in (
            ("query_shape", query_shape),
            ("value_shape", value_shape),
            ("key_shape", key_shape),
        ):
            if len(shape) != 3:
                raise ValueError(
                    f"Layer '{self.name}': the inputs must be (batch, length, "
                    f"features); received {shape_name}={tuple(shape)}."
                )
        heads, kv_heads = self.num_query_heads, self.num_key_value_heads
        size = self.head_dim
        self._query_dense = self._dense(
            "bqm,muh->bquh", (None, heads, size), "uh", "query"
        )
        self._query_dense.build(query_shape)
        self._key_dense = self._dense(
            "bkm,mvh->bkvh", (None, kv_heads, size), "vh", "key"
        )
        self._key_dense.build(key_shape)
        if self.use_gate:
            self._gate_dense = self._dense(
                "bqm,muh->bquh", (None, heads, size), "uh", "gate", activation="sigmoid"
            )
            self._gate_dense.build(query_shape)
        self._value_dense = self._dense(
            "bkm,mvh->bkvh", (None, kv_heads, size), "vh", "value"
        )
        self._value_dense.build(value_shape)
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(
            rate=self.dropout, seed=self.seed, dtype=self.dtype_policy
        )
        self._output_dense = self._dense(
            "bquh,uhm->bqm", (None, query_shape[-1]), "m", "attention_output"
        )
        self._output_dense.build((query_shape[0], query_shape[1], heads, size))
        self.built = True

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        key = value if key is None else key
        mask = attention_masks.combined_mask(
            self.name, query, value, key, query_mask, value_mask, key_mask,
            attention_mask, use_causal_mask, self.sliding_window,
        )
        if mask is not None:
            mask = ops.expand_dims(mask, 1)  # (B, 1, T, S): every head
        q = self._query_dense(query)  # (B, T, heads, head_dim)
        k = self._key_dense(key)  # (B, S, kv_heads, head_dim)
        v = self._value_dense(value)
        scale = 1.0 / math.sqrt(self.head_dim)
        if not return_attention_scores and self.dropout == 0:
            outputs = ops.dot_product_attention(
                q, k, v, mask=mask, scale=scale, flash_attention=self._flash_attention
            )
            scores = None
        else:
            # Query head i reads key/value head i // num_repeats.
            k = ops.repeat(k, self.num_repeats, axis=2)
            v = ops.repeat(v, self.num_repeats, axis=2)
            q = ops.multiply(q, ops.cast(scale, q.dtype))
            logits = ops.einsum("btnh,bsnh->bnts", q, k)
            scores = self._softmax(logits, mask=mask)
            dropped = self._dropout_layer(scores, training=training)
            outputs = ops.einsum("bnts,bsnh->btnh", dropped, v)
        if self.use_gate:
            outputs = ops.multiply(outputs, self._gate_dense(query))
        outputs = self._output_dense(outputs)
        if return_attention_scores:
            return outputs, scores
        return outputs

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape)

    def compute_output_spec(
        self, query, value, key=None, return_attention_scores=False, **kwargs
    ):
        outputs = KerasTensor(tuple(query.shape), dtype=self.compute_dtype)
        if not return_attention_scores:
            return outputs
        key = value if key is None else key
        shape = (query.shape[0], self.num_query_heads, query.shape[1], key.shape[1])
        return outputs, KerasTensor(shape, dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "head_dim": self.head_dim,
                "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads,
                "use_bias": self.use_bias,
                "use_gate": self.use_gate,
                "sliding_window": self.sliding_window,
                "dropout": self.dropout,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "seed": self.seed,
            }
        )
        return config
