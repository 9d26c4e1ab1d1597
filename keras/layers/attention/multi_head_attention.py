"""MultiHeadAttention: scaled dot-product attention over learned projections."""

import math
import string

from keras import constraints
from keras import initializers
from keras import ops
from keras import regularizers
from keras.backends.common.keras_tensor import KerasTensor
from keras.layers.activations.softmax import Softmax
from keras.layers.attention import attention_masks
from keras.layers.core.einsum_dense import EinsumDense
from keras.layers.layer import Layer
from keras.layers.regularization.dropout import Dropout
from keras.utils import argument_validation

_LETTERS = string.ascii_lowercase


def _check_optional_positive_int(value, name, layer):
    if value is None:
        return None
    return argument_validation.check_positive_int(value, name, layer)


def clone_initializer(initializer):
    """A fresh initializer of the same config: each sub-layer draws its own values."""
    return initializer.__class__.from_config(initializer.get_config())


def projection(rank, heads, size):
    """(equation, partial output shape) of a dense projection of rank-`rank` inputs
    onto (heads, size): (batch, ..., features) -> (batch, ..., heads, size)."""
    inputs = _LETTERS[:rank]
    new = _LETTERS[rank : rank + 2]
    equation = f"{inputs},{inputs[-1]}{new}->{inputs[:-1]}{new}"
    return equation, (None,) * (rank - 2) + (heads, size)


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017).

    The query, key and value are projected onto `num_heads` heads (of sizes
    `key_dim`, `key_dim` and `value_dim`); each head computes
    `softmax(query . key / sqrt(key_dim)) . value` over `attention_axes`, and the heads
    are projected back to `output_shape` (default: the query's last dimension).

    Args:
        num_heads: the number of attention heads.
        key_dim: the size of each head of the query and key.
        value_dim: the size of each head of the value (default `key_dim`).
        dropout: the dropout rate of the attention probabilities.
        use_bias: whether the projections have biases.
        output_shape: the trailing shape of the outputs (an int or a tuple);
            default: the last dimension of the query.
        attention_axes: the axes attention runs over (default: every axis
            between the batch and the features).
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

    Call arguments:
        query: (batch, T, dim) (or more axes).
        value: (batch, S, dim).
        key: (batch, S, dim), default `value`.
        query_mask, value_mask, key_mask: (batch, T) / (batch, S) padding masks,
            default the inputs' `_keras_mask`.
        attention_mask: (batch, T, S) boolean mask, True where a query may attend.
        return_attention_scores: also return the attention probabilities,
            (batch, num_heads, T, S).
        training: whether dropout is active.
        use_causal_mask: hide the keys after each query position.

    >>> layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    >>> layer(np.ones((2, 8, 16)), np.ones((2, 4, 16))).shape
    (2, 8, 16)
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
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
        self._num_heads = argument_validation.check_positive_int(
            num_heads, "num_heads", name
        )
        self._key_dim = argument_validation.check_positive_int(key_dim, "key_dim", name)
        value_dim = key_dim if value_dim is None else value_dim
        self._value_dim = argument_validation.check_positive_int(
            value_dim, "value_dim", name
        )
        self._dropout = argument_validation.check_fraction(dropout, "dropout", name)
        self._use_bias = argument_validation.check_bool(use_bias, "use_bias", name)
        self._use_gate = argument_validation.check_bool(use_gate, "use_gate", name)
        self._output_shape = _check_output_shape(output_shape, name)
        self._attention_axes = _check_axes(attention_axes, name)
        self._sliding_window = _check_optional_positive_int(
            sliding_window, "sliding_window", name
        )
        if flash_attention is not None:
            argument_validation.check_bool(flash_attention, "flash_attention", name)
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self.supports_masking = True

    # Read-only views, as Keras 3 has them (the saved weights sit under
    # query_dense/, key_dense/, value_dense/ and output_dense/).
    @property
    def num_heads(self):
        return self._num_heads

    @property
    def key_dim(self):
        return self._key_dim

    @property
    def value_dim(self):
        return self._value_dim

    @property
    def dropout(self):
        return self._dropout

    @property
    def use_bias(self):
        return self._use_bias

    @property
    def attention_axes(self):
        return self._attention_axes

    @property
    def query_dense(self):
        return self._query_dense

    @property
    def key_dense(self):
        return self._key_dense

    @property
    def value_dense(self):
        return self._value_dense

    @property
    def output_dense(self):
        return self._output_dense

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return EinsumDense(
            equation,
            output_shape=output_shape,
            activation=activation,
            bias_axes=bias_axes if self._use_bias else None,
            kernel_initializer=clone_initializer(self._kernel_initializer),
            bias_initializer=clone_initializer(self._bias_initializer),
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            dtype=self.dtype_policy,
            name=name,
        )

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        rank = len(query_shape)
        if rank < 3:
            raise ValueError(
                f"Layer '{self.name}': the query must have rank >= 3 (batch, "
                f"positions..., features); received query_shape={tuple(query_shape)}."
            )
        others = (("value_shape", value_shape), ("key_shape", key_shape))
        for shape_name, shape in others:
            if len(shape) != rank:
                raise ValueError(
                    f"Layer '{self.name}': the query, value and key must have the "
                    f"same rank; received query_shape={tuple(query_shape)}, "
                    f"{shape_name}={tuple(shape)}."
                )
        axes = self._resolve_axes(rank)
        self._attention_axes = axes
        self._einsum = _attention_equations(rank, axes)
        heads = self._num_heads
        equation, shape = projection(rank, heads, self._key_dim)
        bias = equation[-2:]
        self._query_dense = self._dense(equation, shape, bias, "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._dense(equation, shape, bias, "key")
        self._key_dense.build(key_shape)
        value_equation, value_out = projection(rank, heads, self._value_dim)
        if self._use_gate:
            self._gate_dense = self._dense(
                value_equation, value_out, bias, "gate", activation="sigmoid"
            )
            self._gate_dense.build(query_shape)
        self._value_dense = self._dense(value_equation, value_out, bias, "value")
        self._value_dense.build(value_shape)
        score_rank = rank - 1 - len(axes) + 1 + 2 * len(axes)
        self._softmax = Softmax(
            axis=tuple(range(score_rank - len(axes), score_rank)),
            dtype=self.dtype_policy,
        )
        self._dropout_layer = Dropout(
            rate=self._dropout, seed=self.seed, dtype=self.dtype_policy
        )
        out_dims = self._output_dims(query_shape)
        # (batch, ..., heads, value_dim) -> (batch, ..., *out_dims)
        inputs = _LETTERS[: rank + 1]
        outs = _LETTERS[rank + 1 : rank + 1 + len(out_dims)]
        self._output_dense = self._dense(
            f"{inputs},{inputs[-2:]}{outs}->{inputs[:-2]}{outs}",
            (None,) * (rank - 2) + out_dims,
            outs,
            "attention_output",
        )
        self._output_dense.build(tuple(query_shape[:-1]) + (heads, self._value_dim))
        self.built = True

    def _resolve_axes(self, rank):
        if self._attention_axes is None:
            return tuple(range(1, rank - 1))
        axes = tuple(a + rank if a < 0 else a for a in self._attention_axes)
        if any(not 1 <= a <= rank - 2 for a in axes) or len(set(axes)) != len(axes):
            raise ValueError(
                f"Layer '{self.name}': `attention_axes` must be distinct axes between "
                f"the batch axis and the feature axis (1 to {rank - 2}) of inputs of "
                f"rank {rank}; received attention_axes={self._attention_axes}."
            )
        return tuple(sorted(axes))

    def _output_dims(self, query_shape):
        if self._output_shape is None:
            return (query_shape[-1],)
        if isinstance(self._output_shape, int):
            return (self._output_shape,)
        return tuple(self._output_shape)

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
            attention_mask, use_causal_mask, self._sliding_window,
        )
        q = self._query_dense(query)  # (B, *T, N, key_dim)
        k = self._key_dense(key)  # (B, *S, N, key_dim)
        v = self._value_dense(value)  # (B, *S, N, value_dim)
        fused = (
            not return_attention_scores
            and self._dropout == 0
            and len(query.shape) == 3
        )
        if fused:
            if mask is not None:
                mask = ops.expand_dims(mask, 1)  # (B, 1, T, S): every head
            outputs = ops.dot_product_attention(
                q, k, v, mask=mask, scale=1.0 / math.sqrt(self._key_dim),
                flash_attention=self._flash_attention,
            )
            scores = None
        else:
            outputs, scores = self._attend(q, k, v, mask, training)
        if self._use_gate:
            outputs = ops.multiply(outputs, self._gate_dense(query))
        outputs = self._output_dense(outputs)
        if return_attention_scores:
            return outputs, scores
        return outputs

    def _attend(self, q, k, v, mask, training):
        """softmax(q . k / sqrt(key_dim)) . v over the attention axes, explicitly:
        (outputs, the probabilities before dropout)."""
        dot, combine = self._einsum
        q = ops.multiply(q, ops.cast(1.0 / math.sqrt(self._key_dim), q.dtype))
        logits = ops.einsum(dot, q, k)  # (B, other axes, N, T..., S...)
        if mask is not None:
            # The mask has no heads axis: it goes before the query axes.
            mask = ops.expand_dims(mask, -2 * len(self._attention_axes) - 1)
        scores = self._softmax(logits, mask=mask)
        dropped = self._dropout_layer(scores, training=training)
        return ops.einsum(combine, dropped, v), scores

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape[:-1]) + self._output_dims(query_shape)

    def compute_output_spec(
        self, query, value, key=None, return_attention_scores=False, **kwargs
    ):
        query_shape = tuple(query.shape)
        outputs = KerasTensor(
            self.compute_output_shape(query_shape), dtype=self.compute_dtype
        )
        if not return_attention_scores:
            return outputs
        key = value if key is None else key
        axes = self._resolve_axes(len(query_shape))
        others = [d for i, d in enumerate(query_shape[:-1]) if i not in axes]
        scores_shape = (
            tuple(others)
            + (self._num_heads,)
            + tuple(query_shape[a] for a in axes)
            + tuple(key.shape[a] for a in axes)
        )
        return outputs, KerasTensor(scores_shape, dtype=self.compute_dtype)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._output_shape,
                "attention_axes": self._attention_axes,
                "sliding_window": self._sliding_window,
                "kernel_initializer": initializers.serialize(self._kernel_initializer),
                "bias_initializer": initializers.serialize(self._bias_initializer),
                "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self._bias_regularizer),
                "activity_regularizer": regularizers.serialize(
                    self.activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(self._kernel_constraint),
                "bias_constraint": constraints.serialize(self._bias_constraint),
                "seed": self.seed,
            }
        )
        return config


def _attention_equations(rank, axes):
    """(logits equation, combine equation) of rank-`rank` inputs attending over `axes`.

    The projections are (batch, positions..., heads, dim); the logits are (the
    non-attention axes, heads, the query's attention axes, the key's attention axes).
    """
    positions = _LETTERS[: rank - 1]  # batch and position axes of the query
    heads, dim = _LETTERS[rank - 1], _LETTERS[rank]
    key_letters = dict(zip(axes, _LETTERS[rank + 1 :]))
    key_positions = "".join(key_letters.get(i, c) for i, c in enumerate(positions))
    others = "".join(c for i, c in enumerate(positions) if i not in key_letters)
    logits = (
        others
        + heads
        + "".join(positions[a] for a in axes)
        + "".join(key_letters[a] for a in axes)
    )
    query = positions + heads + dim
    key = key_positions + heads + dim
    dot = f"{query},{key}->{logits}"
    combine = f"{logits},{key}->{query}"
    return dot, combine


def _check_output_shape(output_shape, layer):
    if output_shape is None:
        return None
    if argument_validation.is_int(output_shape):
        return argument_validation.check_positive_int(
            output_shape, "output_shape", layer
        )
    if isinstance(output_shape, (list, tuple)) and all(
        argument_validation.is_int(d) and d > 0 for d in output_shape
    ):
        return tuple(int(d) for d in output_shape)
    raise ValueError(
        f"{layer}: `output_shape` must be None, a positive int or a tuple of positive "
        f"ints; got output_shape={output_shape!r}."
    )


def _check_axes(attention_axes, layer):
    if attention_axes is None:
        return None
    if argument_validation.is_int(attention_axes):
        return (int(attention_axes),)
    if isinstance(attention_axes, (list, tuple)) and attention_axes and all(
        argument_validation.is_int(a) for a in attention_axes
    ):
        return tuple(int(a) for a in attention_axes)
    raise ValueError(
        f"{layer}: `attention_axes` must be None, an int or a non-empty tuple of "
        f"ints; got attention_axes={attention_axes!r}."
    )
